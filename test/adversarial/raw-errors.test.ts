import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { DATABASE, PLATFORM, SERVICE, stackWithProviders, synth, TEAM } from './harness';
import {
  GoMicroservice, ManagedDatabase, Platform, TeamEnvironment, TeamServices, type ITeamDefinition,
} from '../../src';
import { ENVIRONMENT_STACK_CHILD_IDS } from '../../src/platform/stack-layout';
import { describeProblem, MAX_SHOWN_LENGTH, showValue } from '../../src/private/errors';
import { MAX_JSON_DEPTH } from '../../src/private/json-shape';
import { errorOf } from '../util';

/**
 * Errors that were raw or wrong (issue 26): a construct id the library's
 * own constructs have, a TeamEnvironment.define body that is no body, long
 * and deeply nested values echoed into messages. Each case asserts the
 * construct path or file, the prop or pointer, the value and the fix.
 */

/** The example platform, where the platform also created the repositories this file's services use. */
const EXAMPLE_PLATFORM = (() => {
  const published = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8'));
  published.teams.payments.serviceRepositories.push('api', 'dev');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-platform-')), 'platform.json');
  fs.writeFileSync(file, JSON.stringify(published));
  return file;
})();

/** The error `fn` throws, or 'no error'. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return (e as Error).message;
  }
}

function outdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-'));
}

describe('a service or database id the library\'s own constructs have is refused up front, with the list', () => {
  /** Inside a stack: the team's own children (GitHub team, memberships, registry, one per environment) are made with it. */
  function inStack(kind: 'service' | 'database', id: string): string {
    return outcome(() => {
      const stack = stackWithProviders();
      const platform = new Platform(stack, 'platform', PLATFORM);
      const team = new TeamEnvironment(platform, 'payments', { ...TEAM, members: ['bob'] });
      if (kind === 'service') new GoMicroservice(team, id, { ...SERVICE, name: id });
      else new ManagedDatabase(team, id, { ...DATABASE, name: id });
      synth(stack);
    });
  }

  /** At App scope: every environment's stack holds the providers, the backend and the guardrails. */
  function atAppScope(kind: 'service' | 'database', id: string): string {
    return outcome(() => {
      const app = new App({ outdir: outdir() });
      const platform = Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM);
      const team = new TeamEnvironment(platform, 'payments', TEAM);
      if (kind === 'service') new GoMicroservice(team, id, { ...SERVICE, name: id });
      else new ManagedDatabase(team, id, { ...DATABASE, name: id });
      app.synth();
    });
  }

  test.each([
    ['service', 'registry'], ['service', 'github-team'], ['service', 'dev'], ['service', 'prod'], ['service', 'maintainer-alice'],
    ['database', 'registry'], ['database', 'member-bob'], ['database', 'staging'],
  ] as const)('inside a stack: a %s with the id %s', (kind, id) => {
    const message = inStack(kind, id);
    expect(message).not.toMatch(/There is already a Construct/);
    expect(message).toContain(`[test/platform/payments/${id}] invalid id "${id}": is reserved:`);
    expect(message).toContain('Reserved: "alerting-dev", "alerting-prod", "alerting-staging", "dashboards-dev", "dashboards-prod", "dashboards-staging", "dev", "github-team", "maintainer-alice", "member-bob", "prod", "registry", "staging".');
    expect(message).toContain(`Fix: give the ${kind} another id and name, e.g. "${id}-${kind === 'database' ? 'db' : 'service'}".`);
  });

  test.each([
    ['service', 'guardrails'], ['service', 'google'], ['service', 'backend'], ['service', 'kubernetes'],
    ['database', 'guardrails'], ['database', 'cluster'], ['database', 'google-client'],
  ] as const)('at App scope: a %s with the id %s', (kind, id) => {
    const message = atAppScope(kind, id);
    expect(message).not.toMatch(/There is already a Construct/);
    expect(message).toContain(`[payments/payments/${id}] invalid id "${id}": is reserved: the library's own constructs in every environment's stack have that id`);
    expect(message).toContain(`Reserved: ${ENVIRONMENT_STACK_CHILD_IDS.map((i) => `"${i}"`).join(', ')}.`);
  });

  test('names that collide nowhere stay valid: no id that synthesized before is refused now', () => {
    // A budget is made only with monthlyBudget; the environments' names are free at App scope.
    expect(inStack('service', 'budget')).toBe('no error');
    expect(atAppScope('service', 'dev')).toBe('no error');
    expect(atAppScope('database', 'registry')).toBe('no error');
  });

  test('two services of one team with one id: the house error, not constructs\' own', () => {
    const message = errorOf(() => {
      const stack = stackWithProviders();
      const team = new TeamEnvironment(new Platform(stack, 'platform', PLATFORM), 'payments', TEAM);
      new GoMicroservice(team, 'api', SERVICE);
      new ManagedDatabase(team, 'api', DATABASE);
    });
    expect(message).toBe('[test/platform/payments/api] invalid id "api": is the id of another service or database of the team payments. Fix: give each database its own id and name.');
  });

  test('the reserved list is what every environment stack holds besides the team\'s services and databases', () => {
    const app = new App({ outdir: outdir() });
    const platform = Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM);
    const team = new TeamEnvironment(platform, 'payments', TEAM);
    const db = new ManagedDatabase(team, 'orders', DATABASE);
    new GoMicroservice(team, 'api', { ...SERVICE, databases: [db] });
    app.synth();
    const ids = new Set(app.node.children.filter((s) => s.node.id.startsWith('payments-')).flatMap((s) => s.node.children.map((c) => c.node.id)));
    ids.delete('orders');
    ids.delete('api');
    expect([...ids].sort()).toEqual([...ENVIRONMENT_STACK_CHILD_IDS].filter((i) => i !== 'github'));
  });

  test('a services/ file named after a reserved id says which file and why', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-services-'));
    fs.writeFileSync(path.join(dir, 'guardrails.json'), JSON.stringify({ kind: 'service', name: 'guardrails', description: 'Rails' }));
    const message = errorOf(() => {
      const app = new App({ outdir: outdir() });
      TeamServices.fromDirectory(new TeamEnvironment(Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM), 'payments', TEAM), dir);
      app.synth();
    });
    expect(message).toMatch(/^\[payments\/payments\/guardrails\] invalid id "guardrails": is reserved: .*Fix: give the service another id and name, e\.g\. "guardrails-service"\.$/);
  });
});

describe('names that are properties of every JavaScript object never read as taken construct ids', () => {
  const expected = (where: string, prop: string) => `[${where}] invalid ${prop} "constructor": is the name of a property every JavaScript object has, and the construct library reads such an id as taken. Fix: choose another name, e.g. "constructor-1".`;

  test.each(['service', 'database'] as const)('a %s called constructor', (kind) => {
    const message = errorOf(() => {
      const stack = stackWithProviders();
      const team = new TeamEnvironment(new Platform(stack, 'platform', PLATFORM), 'payments', TEAM);
      if (kind === 'service') new GoMicroservice(team, 'constructor', { ...SERVICE, name: 'constructor' });
      else new ManagedDatabase(team, 'constructor', { ...DATABASE, name: 'constructor' });
    });
    expect(message).toBe(expected('test/platform/payments/constructor', 'id'));
  });

  test('an environment called constructor', () => {
    const message = errorOf(() => new Platform(stackWithProviders(), 'platform', { ...PLATFORM, environments: [{ name: 'dev' }, { name: 'constructor', production: true }] }));
    expect(message).toContain(expected('test/platform', 'environments[1].name').slice('[test/platform] '.length));
    expect(message).toMatch(/^\[test\/platform\] /);
  });

  test('a team called constructor, whose stacks the App would hold', () => {
    const message = errorOf(() => new TeamEnvironment(Platform.fromFile(new App({ outdir: outdir() }), 'acme', EXAMPLE_PLATFORM), 'constructor', { name: 'constructor', maintainers: ['alice'] }));
    expect(message).toBe(expected('acme/constructor', 'name'));
  });
});

describe('TeamEnvironment.define: a definition that is no body, and a body that throws', () => {
  function define(definition: unknown, id = 'payments'): string {
    return errorOf(() => {
      const app = new App({ outdir: outdir() });
      TeamEnvironment.define(Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM), id, TEAM, definition as ITeamDefinition);
      app.synth();
    });
  }

  test.each([
    ['null', null, 'invalid definition null: is missing.'],
    ['undefined', undefined, 'invalid definition undefined: is missing.'],
    ['an empty object', {}, 'invalid definition {}: has no define method (an empty definition declares nothing).'],
    ['a string', 'payments', 'invalid definition "payments": is not an object with a define method.'],
    ['a define that is not a function', { define: 'build' }, 'invalid definition {"define":"build"}: has a define that is a string, not a method.'],
    ['a define that is null', { define: null }, 'invalid definition {"define":null}: has a define that is null, not a method.'],
    ['a bare function', (team: TeamEnvironment) => team, 'invalid definition [function]: is a function, not an object with a define method. Fix: wrap it: { define: <the function> }.'],
    ['an async define', { define: async () => undefined }, 'invalid definition {"define":"[function]"}: has an async define: the library runs it once without waiting'],
  ])('%s', (_name, definition, message) => {
    const error = define(definition);
    expect(error).toContain(`[acme/payments] ${message}`);
    expect(error).toContain('Fix: ');
  });

  test('a define that returns a promise (a then-able, not an async function) is refused as it returns', () => {
    const error = define({ define: () => Promise.resolve() });
    expect(error).toContain('[payments/payments] invalid definition {"define":"[function]"}: has a define that returned a promise');
    expect(error).toContain('Fix: make define synchronous');
  });

  test('a body that throws names the team\'s construct path, the error and the fix; the cause keeps the line', () => {
    let caught: unknown;
    try {
      const app = new App({ outdir: outdir() });
      TeamEnvironment.define(Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM), 'payments', TEAM, {
        define: () => {
          throw new TypeError('Cannot read properties of undefined (reading \'name\')');
        },
      });
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).message).toBe('[payments/payments] the team\'s definition threw as it ran: TypeError: Cannot read properties of undefined (reading \'name\'). Fix: correct define(team) of the team payments (the cause below shows the line).');
    expect(((caught as Error).cause as Error).stack).toContain('raw-errors.test.ts');
  });

  test('an error of the library inside a body already names its construct, and passes unchanged', () => {
    const error = define({ define: (team: TeamEnvironment) => new GoMicroservice(team, 'api', { ...SERVICE, name: 'Not_A_Name' }) });
    expect(error).toMatch(/^\[payments\/payments\/api\] invalid name "Not_A_Name": /);
  });

  test('a database of another team\'s body: one text, which a worker of golden-paths synth --jobs gives too', () => {
    const text = (databases: (shared: ManagedDatabase | undefined) => unknown[]) => errorOf(() => {
      const platform = Platform.fromFile(new App({ outdir: outdir() }), 'acme', EXAMPLE_PLATFORM);
      let shared: ManagedDatabase | undefined;
      TeamEnvironment.define(platform, 'payments', TEAM, { define: (team) => { shared = new ManagedDatabase(team, 'shared', DATABASE); } });
      TeamEnvironment.define(platform, 'search', { name: 'search', maintainers: ['alice'] }, {
        define: (team) => new GoMicroservice(team, 'api', { ...SERVICE, databases: databases(shared) as ManagedDatabase[] }),
      });
    });
    const expected = 'invalid databases[0]: is not a database this team\'s definition declares (a database of another team declared with TeamEnvironment.define, or undefined: golden-paths synth --jobs builds each such team in one process, where the other team\'s body never runs). Fix: declare the database in this team\'s define';
    // In one process the other team's database; in a worker that does not build that team, undefined.
    expect(text((shared) => [shared])).toContain(`[search/search/api] ${expected}`);
    expect(text(() => [undefined])).toContain(`[search/search/api] ${expected}`);
  });
});

describe('values in messages: cut when long, bounded when deep, never a function\'s source', () => {
  test('a 5 MB value is cut, and the cut is marked with the full length', () => {
    const message = describeProblem({ prop: 'description', value: 'x'.repeat(5_000_000), problem: 'is too long', fix: 'shorten it' });
    expect(message.length).toBeLessThan(MAX_SHOWN_LENGTH + 200);
    expect(message).toBe(`invalid description "${'x'.repeat(MAX_SHOWN_LENGTH - 1)}..." (cut: 5000002 characters in all): is too long. Fix: shorten it.`);
  });

  test('a long list is cut too; a short value is shown whole', () => {
    expect(showValue(Array.from({ length: 10_000 }, (_, i) => i))).toMatch(/^\[0,1,2,.*\.\.\. \(cut: 48891 characters in all\)$/);
    expect(showValue({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });

  test('a value nested 100 000 levels deep shows its first levels, without RangeError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(showValue(deep)).toBe('[[[[[[[["..."]]]]]]]]');
  });

  test('a function shows as [function], never its source (Object\'s constructor is no fix)', () => {
    expect(showValue(Object)).toBe('[function]');
    expect(showValue({ toString: Object.prototype.toString })).toBe('{"toString":"[function]"}');
  });

  test('a prop nested 100 000 levels deep gets the house error, not RangeError', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const message = errorOf(() => {
      const stack = stackWithProviders();
      const team = new TeamEnvironment(new Platform(stack, 'platform', PLATFORM), 'payments', TEAM);
      new GoMicroservice(team, 'api', { ...SERVICE, tags: deep as string[] });
    });
    expect(message).not.toMatch(/RangeError|call stack/);
    expect(message).toMatch(/^\[test\/platform\/payments\/api\] invalid tags\[0\] \[\[\[\[\[\[\[\["\.\.\."\]\]\]\]\]\]\]\]: .*Fix: /);
  });
});

describe('declaration and settings files: long values cut, deep nesting refused before anything walks it', () => {
  function declare(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-services-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return errorOf(() => {
      const app = new App({ outdir: outdir() });
      TeamServices.fromDirectory(new TeamEnvironment(Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM), 'payments', TEAM), dir);
      app.synth();
    }).split(dir).join('<dir>');
  }

  test('several wrong files: every file\'s problems, read and built before failing; a wrong database is not reported again by its users', () => {
    const message = declare({
      'api.json': JSON.stringify({ kind: 'service', name: 'api', description: 'API', replicas: 'two', port: 'x' }),
      'orders.json': JSON.stringify({ kind: 'database', name: 'orders', engine: 'postgres', size: 'huge' }),
      'web.json': JSON.stringify({ kind: 'service', name: 'web', description: 'Web', databases: ['orders'] }),
      'worker.json': JSON.stringify({ kind: 'service', name: 'Worker_1', description: 'Worker' }),
      'ledger.json': JSON.stringify({ kind: 'service', name: 'ledger', description: 'Ledger', databases: ['accounts'] }),
    });
    const lines = message.split('\n');
    expect(lines).toEqual([
      '[<dir>] 4 declarations are wrong:',
      '[<dir>/api.json] 2 invalid settings:',
      '  - invalid /replicas "two": is not a number. Fix: write a number there.',
      '  - invalid /port "x": is not a number. Fix: write a number there.',
      expect.stringMatching(/^\[<dir>\/worker\.json\] invalid \/name "Worker_1": differs from the file name worker\.json\. Fix: /),
      expect.stringMatching(/^\[payments\/payments\/orders\] invalid size "huge": .*Fix: /),
      expect.stringMatching(/^\[<dir>\/ledger\.json\] invalid \/databases\/0 "accounts": names no database of this directory\. Fix: /),
    ]);
  });

  test('a 5 MB value under an unknown key is cut', () => {
    const message = declare({ 'api.json': JSON.stringify({ kind: 'service', name: 'api', description: 'API', notes: 'n'.repeat(5_000_000) }) });
    expect(message.length).toBeLessThan(2000);
    expect(message).toContain(`[<dir>/api.json] invalid /notes "${'n'.repeat(MAX_SHOWN_LENGTH - 1)}..." (cut: 5000002 characters in all): is not a setting. Fix: use one of "kind"`);
  });

  test.each([
    ['a list', (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`, '/tags'],
    ['an object', (d: number) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`, '/environments'],
  ])('%s nested 100 000 levels deep', (_name, nest, pointer) => {
    const message = declare({ 'api.json': `{"kind":"service","name":"api","description":"API","${pointer.slice(1)}":${nest(100_000)}}` });
    expect(message).not.toMatch(/RangeError|call stack/);
    expect(message).toMatch(new RegExp(`^\\[<dir>/api\\.json\\] invalid ${pointer}/\\S+ .*: is nested more than ${MAX_JSON_DEPTH} lists and objects deep\\. Fix: `));
  });

  test('a platform.json nested 100 000 levels deep', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-platform-')), 'platform.json');
    fs.writeFileSync(file, `{"githubOrganization":"acme","gcpProject":"acme-prod","region":"europe-west1","environments":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const message = errorOf(() => Platform.fromFile(Testing.app(), 'acme', file)).replace(file, '<file>');
    expect(message).not.toMatch(/RangeError|call stack/);
    expect(message).toMatch(/^\[<file>\] invalid \/environments\/0\/0\/\S* \[\[\[.*: is nested more than 64 lists and objects deep\. Fix: /);
  });

  test('services/ that is a file: the house error, naming the prop and the fix', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'raw-errors-services-')), 'services');
    fs.writeFileSync(file, '');
    const message = errorOf(() => TeamServices.fromDirectory(new TeamEnvironment(Platform.fromFile(new App({ outdir: outdir() }), 'acme', EXAMPLE_PLATFORM), 'payments', TEAM), file));
    expect(message).toBe(`[payments/payments] invalid directory ${JSON.stringify(file)}: is a file, not a folder. Fix: give the folder of the declaration files (a team repository's services/), or move the file away.`);
  });
});

