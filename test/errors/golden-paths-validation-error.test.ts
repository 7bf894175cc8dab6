import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { types } from 'util';
import { App, Testing, TerraformStack } from 'cdktf';
import * as ts from 'typescript';
import {
  DatabaseEngine, GoldenPathsValidationError, GoMicroservice, ManagedDatabase, Platform, PlatformFoundation, PlatformTeams, TeamEnvironment,
  TeamOnboarding, TeamServices, type DatabaseSize, type ValidationProblem,
} from '../../src';
import { readPlatformGuardrails } from '../../src/cli/platform-guardrails';
import { APP_PLATFORM_PROPS, platformFixture } from '../util';

/**
 * Every error of the input is a GoldenPathsValidationError carrying its
 * problems (construct path or file, prop, value as shown, problem, fix), with
 * the message users have always read; a defect is not one.
 */

/** What `fn` threw (fails when it threw nothing). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, none was thrown');
}

/** `fn`'s error, asserted to be an input error whose message lists exactly `problems`. */
function inputErrorOf(fn: () => unknown, problems: ValidationProblem[]): GoldenPathsValidationError {
  const e = thrownBy(fn);
  expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
  const error = e as GoldenPathsValidationError;
  expect(error.problems).toEqual(problems);
  // The message names every problem, in the house format.
  for (const p of problems) {
    expect(error.message).toContain(p.prop === undefined ? `${p.problem}. Fix: ${p.fix}.` : `invalid ${p.prop} ${p.value}: ${p.problem}. Fix: ${p.fix}.`);
  }
  return error;
}

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('each construct\'s input errors are GoldenPathsValidationErrors with their problems', () => {
  test('Platform: a region that is none', () => {
    const e = inputErrorOf(() => platformFixture({ region: 'mars' }), [{
      path: 'test/platform', prop: 'region', value: '"mars"', problem: 'is not a Google Cloud region', fix: 'use a region id such as "europe-west1" or "us-central1"',
    }]);
    // The message is the one users read before the type existed.
    expect(e.message).toBe('[test/platform] invalid region "mars": is not a Google Cloud region. Fix: use a region id such as "europe-west1" or "us-central1".');
  });

  test('TeamEnvironment: two problems, both carried, in the message\'s order', () => {
    const { platform } = platformFixture();
    const e = inputErrorOf(() => new TeamEnvironment(platform, 'Payments', { name: 'Payments', maintainers: [] }), [
      {
        path: 'test/platform/Payments',
        prop: 'name',
        value: '"Payments"',
        problem: 'is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)',
        fix: 'use a name such as "payments"',
      },
      { path: 'test/platform/Payments', prop: 'maintainers', value: '[]', problem: 'is empty, so nobody could manage the team', fix: 'name at least one GitHub user, e.g. maintainers: ["alice"]' },
    ]);
    expect(e.message).toMatch(/^\[test\/platform\/Payments\] 2 invalid props:\n {2}- invalid name "Payments": /);
  });

  test('ManagedDatabase: a size that is no DatabaseSize', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    inputErrorOf(() => new ManagedDatabase(team, 'orders', { name: 'orders', engine: DatabaseEngine.POSTGRES, size: 'huge' as DatabaseSize }), [{
      path: 'test/platform/payments/orders',
      prop: 'size',
      value: '"huge"',
      problem: 'is not a DatabaseSize (the values are "small", "medium", "large")',
      fix: 'use one of DatabaseSize.SMALL, DatabaseSize.MEDIUM, DatabaseSize.LARGE',
    }]);
  });

  test('GoMicroservice: replicas outside the autoscaling range, once per environment', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const problem = (env: string): ValidationProblem => ({
      path: 'test/platform/payments/api',
      prop: `environments.${env}.replicas`,
      value: '0',
      problem: 'is outside the autoscaling range 2 to 10, so the autoscaler would change it at once',
      fix: 'set replicas between 2 and 10, or change the autoscaling range',
    });
    inputErrorOf(() => new GoMicroservice(team, 'api', { name: 'api', description: 'API', replicas: 0 }), [problem('dev'), problem('staging'), problem('prod')]);
  });

  test('TeamOnboarding: a repository name GitHub refuses', () => {
    const platform = new Platform(new App({ outdir: tmp('validation-error-onboarding-') }), 'acme', {
      ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2,
    });
    new PlatformFoundation(platform, 'foundation');
    inputErrorOf(() => new TeamOnboarding(platform, 'search', { name: 'search', maintainers: ['dave'], serviceRepositories: ['bad name'] }), [{
      path: 'onboarding-search/search',
      prop: 'serviceRepositories[0]',
      value: '"bad name"',
      problem: 'is not a GitHub repository name (1 to 100 letters, digits, ".", "_" and "-", not "." or "..", not ending in ".git")',
      fix: 'use "bad-name"',
    }]);
  });

  test('guardrail settings: a rule id that is none', () => {
    inputErrorOf(() => platformFixture({ guardrails: { disabledRules: ['GP-K8S-99'] } }), [{
      path: 'test/guardrails',
      prop: 'disabledRules[0]',
      value: '"GP-K8S-99"',
      problem: 'is not a guardrail rule id',
      fix: 'use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001") or of a custom pack added before',
    }]);
  });

  test('a construct placed where it cannot find its team: a problem of no prop', () => {
    inputErrorOf(() => TeamEnvironment.of(new TerraformStack(Testing.app(), 'alone')), [{
      path: 'alone',
      problem: 'is not inside a TeamEnvironment',
      fix: 'create services and databases inside their team: new GoMicroservice(team, ...), new ManagedDatabase(team, ...)',
    }]);
  });

  test('settings files: every problem of platform.json, with its JSON pointer as the prop', () => {
    const file = path.join(tmp('validation-error-settings-'), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ githubOrganization: 'acme', gcpProject: 'acme-prod', region: 7, replicas: 3 }));
    const e = thrownBy(() => Platform.fromFile(new App({ outdir: tmp('validation-error-app-') }), 'acme', file)) as GoldenPathsValidationError;
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect(e.message).toMatch(new RegExp(`^\\[${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] 2 invalid settings:\n`));
    expect(e.problems.map((p) => [p.path, p.prop, p.value])).toEqual([[file, '/region', '7'], [file, '/replicas', '3']]);
  });

  test('the guardrails of platform settings, as cdktf-guardrails --platform reads them: every problem, with its JSON pointer', () => {
    const file = path.join(tmp('validation-error-platform-guardrails-'), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', guardrails: { packs: ['nope'], maxSuppressionDays: 0 } }));
    const e = thrownBy(() => readPlatformGuardrails(file)) as GoldenPathsValidationError;
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect(e.message).toMatch(/\] 2 invalid settings:\n {2}- invalid \/guardrails\/packs\/0 "nope": is not a guardrail pack\./);
    expect(e.problems.map((p) => [p.path, p.prop, p.value])).toEqual([[file, '/guardrails/packs/0', '"nope"'], [file, '/guardrails/maxSuppressionDays', '0']]);
  });

  test('a declaration folder: one error for every wrong file, its problems those of each file in turn', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const dir = tmp('validation-error-services-');
    fs.writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ kind: 'service', name: 'api', description: 'API', replicas: 'two' }));
    fs.writeFileSync(path.join(dir, 'web.json'), '{ not json');
    const e = thrownBy(() => TeamServices.fromDirectory(team, dir)) as GoldenPathsValidationError;
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^\[.+\] 2 declarations are wrong:\n/);
    expect(e.problems.map((p) => [path.basename(p.path), p.prop])).toEqual([['api.json', '/replicas'], ['web.json', undefined]]);
    expect(e.problems[1].problem).toMatch(/^is not JSON: /);
  });

  test('a platform\'s team files: one error for every wrong file and folder, its problems those of each in turn', () => {
    const platform = new Platform(new App({ outdir: tmp('validation-error-teams-app-') }), 'acme', {
      ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2,
    });
    new PlatformFoundation(platform, 'foundation');
    const dir = tmp('validation-error-teams-');
    fs.writeFileSync(path.join(dir, 'a.json'), '{ "kind": ');
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ kind: 'squad', name: 'b', maintainers: ['x'] }));
    fs.mkdirSync(path.join(dir, 'c'));
    const e = thrownBy(() => PlatformTeams.fromDirectory(platform, dir)) as GoldenPathsValidationError;
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^\[.+\] 3 team files are wrong:\n/);
    expect(e.problems.map((p) => [path.relative(dir, p.path), p.prop, p.value])).toEqual([['a.json', undefined, undefined], ['b.json', '/kind', '"squad"'], ['c', undefined, undefined]]);
    expect(e.problems[0].problem).toMatch(/^is not JSON: /);
    expect(e.problems[2]).toEqual({
      path: path.join(dir, 'c'),
      problem: 'holds declarations of no team of this repository: there is no c.json',
      fix: 'add the team (golden-paths add team c --declare-here --maintainers <logins>), or remove the folder',
    });
  });

  test('one wrong team file: its own error, as it is', () => {
    const platform = new Platform(new App({ outdir: tmp('validation-error-team-app-') }), 'acme', {
      ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2,
    });
    const dir = tmp('validation-error-team-');
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ kind: 'onboarding', name: 'bee', maintainers: ['x'], maintainer: ['y'] }));
    const e = thrownBy(() => PlatformTeams.fromDirectory(platform, dir)) as GoldenPathsValidationError;
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^\[.+b\.json\] 2 invalid settings:\n/);
    expect(e.problems.map((p) => p.prop)).toEqual(['/maintainer', '/name']);
  });

  test('a definition whose body throws: an input error that keeps the body\'s error as its cause', () => {
    const { platform } = platformFixture();
    const bug = new TypeError('Cannot read properties of undefined (reading \'name\')');
    const e = thrownBy(() => TeamEnvironment.define(platform, 'payments', { name: 'payments', maintainers: ['alice'] }, { define: () => { throw bug; } }));
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
    expect((e as Error).cause).toBe(bug);
    expect((e as GoldenPathsValidationError).problems).toEqual([{
      path: 'test/platform/payments',
      problem: 'the team\'s definition threw as it ran: TypeError: Cannot read properties of undefined (reading \'name\')',
      fix: 'correct define(team) of the team payments (the cause below shows the line)',
    }]);
  });

  test('a definition that throws the library\'s own input error passes it on as it is', () => {
    const { platform } = platformFixture();
    const e = thrownBy(() => TeamEnvironment.define(platform, 'payments', { name: 'payments', maintainers: ['alice'] }, {
      define: (team) => { new GoMicroservice(team, 'api', { name: 'api', description: 'API', replicas: 0 }); },
    })) as GoldenPathsValidationError;
    expect(e.message).toMatch(/^\[test\/platform\/payments\/api\] 3 invalid props:/);
    expect(e.problems).toHaveLength(3);
  });
});

describe('what is not an input error is not a GoldenPathsValidationError', () => {
  test('a defect met while reading the props (a getter that throws a TypeError) comes out as it is', () => {
    const { platform } = platformFixture();
    const bug = new TypeError('boom');
    const props = { maintainers: ['alice'], get name(): string { throw bug; } };
    const e = thrownBy(() => new TeamEnvironment(platform, 'payments', props));
    expect(e).toBe(bug);
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(false);
  });

  test.each([
    ['a TypeError', new TypeError('x is not a function')],
    ['a plain Error in the house format', new Error('[test/platform] invalid region "mars": is not a Google Cloud region. Fix: use "europe-west1".')],
    ['an object with the same fields', { name: 'GoldenPathsValidationError', message: '[a] b. Fix: c.', problems: [] }],
    ['a string', '[a] b. Fix: c.'],
    ['undefined', undefined],
    ['null', null],
  ])('%s', (_what, value) => {
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(value)).toBe(false);
  });
});

describe('the error itself', () => {
  test('is an Error at run time: instanceof, a native error, named in its stack trace, which starts where it was thrown', () => {
    const e = thrownBy(() => platformFixture({ region: 'mars' })) as GoldenPathsValidationError & Error;
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(GoldenPathsValidationError);
    expect(types.isNativeError(e)).toBe(true);
    expect(e.name).toBe('GoldenPathsValidationError');
    expect(String(e)).toBe(`GoldenPathsValidationError: ${e.message}`);
    expect(e.stack!.split('\n')[0]).toBe(`GoldenPathsValidationError: ${e.message.split('\n')[0]}`);
    expect(e.stack!.split('\n')[1]).not.toMatch(/GoldenPathsValidationError/);
    expect(() => platformFixture({ region: 'mars' })).toThrow(GoldenPathsValidationError);
  });

  test('a user can throw one, and its problems cannot be changed afterwards', () => {
    const problems: ValidationProblem[] = [{ path: 'app/svc', prop: 'port', value: '0', problem: 'is not a port', fix: 'use 8080' }];
    const e = new GoldenPathsValidationError('[app/svc] invalid port 0: is not a port. Fix: use 8080.', problems);
    problems.push({ path: 'x', problem: 'y', fix: 'z' });
    expect(e.message).toBe('[app/svc] invalid port 0: is not a port. Fix: use 8080.');
    expect(e.problems).toEqual([{ path: 'app/svc', prop: 'port', value: '0', problem: 'is not a port', fix: 'use 8080' }]);
    expect(Object.isFrozen(e.problems)).toBe(true);
    expect(Object.isFrozen(e.problems[0])).toBe(true);
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
  });

  test('the problems are not printed twice: not enumerable, so Node shows the message and the stack, not a field list', () => {
    const e = thrownBy(() => platformFixture({ region: 'mars' })) as object;
    expect(Object.keys(e)).toEqual([]);
  });

  test('the guard knows an error of another copy of the library, where instanceof does not', () => {
    let Other: typeof GoldenPathsValidationError | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Other = require('../../src/errors/golden-paths-validation-error').GoldenPathsValidationError;
    });
    expect(Other).not.toBe(GoldenPathsValidationError);
    const e = new Other!('[a] b. Fix: c.', [{ path: 'a', problem: 'b', fix: 'c' }]);
    expect(e).not.toBeInstanceOf(GoldenPathsValidationError);
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(e)).toBe(true);
  });
});

describe('docs/errors.md', () => {
  const root = path.join(__dirname, '..', '..');
  const doc = fs.readFileSync(path.join(root, 'docs', 'errors.md'), 'utf8');
  // The ```ts blocks, which test/docs/snippets.test.ts type-checks against the library in the README's rosetta fixture.
  const snippets = [...doc.matchAll(/^```ts\n([^]*?)\n```$/gm)].map((m) => ({ code: m[1] }));

  test('its first example is the class\'s @example, which jsii-rosetta compiles (rosetta:extract, strict) for every language', () => {
    const source = fs.readFileSync(path.join(root, 'src', 'errors', 'golden-paths-validation-error.ts'), 'utf8');
    const example = /\* @example\n((?: \*(?: [^\n]*)?\n)+?) \*\//.exec(source)![1].split('\n').filter((l) => l !== '').map((l) => l.replace(/^ \* ?/, '')).join('\n');
    expect(snippets.map((s) => s.code)[0]).toBe(example);
  });

  test('its example of catching the error does what the page says: one line per environment, the defect passed on', () => {
    const [, catching] = snippets;
    expect(catching.code).toContain('catch (e)');
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    // The snippet as the docs show it (TypeScript, type-checked by the snippets test), run as JavaScript.
    const js = ts.transpileModule(catching.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
    const run = new Function('team', 'GoMicroservice', 'GoldenPathsValidationError', `${js}\nreturn shown;`);
    expect(run(team, GoMicroservice, GoldenPathsValidationError)).toEqual(['dev', 'staging', 'prod'].map((env) =>
      `test/platform/payments/api: environments.${env}.replicas 0 is outside the autoscaling range 2 to 10, so the autoscaler would change it at once; fix: set replicas between 2 and 10, or change the autoscaling range`));
    const defect = new TypeError('a defect');
    expect(() => run(team, function Broken() { throw defect; }, GoldenPathsValidationError)).toThrow(defect);
  });
});
