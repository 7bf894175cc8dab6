import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { EXAMPLE_PLATFORM, gp } from './run-cli';
import { buildLibraryApp, type BenchChange } from '../../bench/library-app';
import { benchPlatform } from '../../bench/spec';
import { buildPlatformApp } from '../../examples/platform/main';
import * as lib from '../../src';
import { GoMicroservice, Guardrails, Platform, TeamEnvironment, TeamOnboarding } from '../../src';
import { type Affected, readSynthOutput, terraformFingerprint } from '../../src/cli/affected';

/**
 * `golden-paths affected`: which stacks a change touches, compared synth
 * output to synth output, in waves a CI matrix can run one after the other.
 */

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const platformOut = (() => {
  const app = buildPlatformApp(tmpdir('affected-platform-'));
  app.synth();
  return app.outdir;
})();
const manifest = JSON.parse(fs.readFileSync(path.join(platformOut, 'manifest.json'), 'utf8'));
const ALL = Object.keys(manifest.stacks);

/** A copy of the platform's synth output with `change` applied to the JSON of each stack in `stacks`. */
function changed(stacks: string[], change: (json: any) => void = (j) => { j.output = { ...(j.output ?? {}), changed: { value: 'yes' } }; }): string {
  const dir = tmpdir('affected-head-');
  fs.cpSync(platformOut, dir, { recursive: true });
  for (const stack of stacks) {
    const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(json);
    fs.writeFileSync(file, JSON.stringify(json, undefined, 2));
  }
  return dir;
}

/** A copy of the platform's synth output with the text of each stack's cdk.tf.json in `stacks` edited, byte for byte elsewhere. */
function edited(stacks: string[], edit: (text: string) => string): string {
  const dir = tmpdir('affected-edited-');
  fs.cpSync(platformOut, dir, { recursive: true });
  for (const stack of stacks) {
    const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
    const text = fs.readFileSync(file, 'utf8');
    const changedText = edit(text);
    expect({ stack, edited: changedText !== text }).toEqual({ stack, edited: true });
    fs.writeFileSync(file, changedText);
  }
  return dir;
}

/** The files of `stacks` whose bytes differ between two synth outputs (cdk.tf.json and the JSON report: SARIF names the output's path). */
function changedFiles(base: string, head: string, stacks: readonly string[]): string[] {
  return stacks.flatMap((stack) => ['cdk.tf.json', 'guardrails-report.json'].map((f) => path.join('stacks', stack, f)))
    .filter((f) => !fs.readFileSync(path.join(base, f)).equals(fs.readFileSync(path.join(head, f))));
}

async function affectedJson(base: string, head: string): Promise<Affected> {
  const run = await gp(os.tmpdir(), 'affected', '--base', base, '--head', head, '--json');
  expect(run).toMatchObject({ code: 0, err: '' });
  return JSON.parse(run.out);
}

/**
 * Every dependency of a stack in `result` (those of `stacks`, a manifest's, and the foundation for everyone
 * else) comes in an earlier wave: the pairs where one does not, each with both waves; `[]` when all do.
 * One assertion over them: an expect per pair cost about 0.25 CPU-s a thousand pairs (401 stacks have some 900).
 */
function outOfOrder(result: Affected, stacks: Record<string, { dependencies: string[] }>, all = false) {
  const waveOf = new Map(result.stacks.map((s) => [s.name, s.wave]));
  return result.stacks.flatMap((s) => [...stacks[s.name].dependencies, ...(s.name === 'foundation' ? [] : ['foundation'])]
    .filter((d) => all || waveOf.has(d))
    .filter((d) => !(waveOf.get(d)! < s.wave))
    .map((d) => ({ stack: s.name, wave: s.wave, dependency: d, dependencyWave: waveOf.get(d) })));
}

describe('golden-paths affected', () => {
  test('nothing changed: nothing to plan', async () => {
    const result = await affectedJson(platformOut, changed([]));
    expect(result).toEqual({ total: ALL.length, waves: [], stacks: [], removed: [] });
    const text = await gp(os.tmpdir(), 'affected', '--base', platformOut, '--head', changed([]));
    expect(text.out).toBe(`0 of ${ALL.length} stacks to plan or apply.`);
  });

  test('one environment of one team: that stack alone', async () => {
    const result = await affectedJson(platformOut, changed(['onboarding-search-prod']));
    expect(result.stacks).toEqual([{ name: 'onboarding-search-prod', reason: 'changed', wave: 1 }]);
    expect(result.waves).toEqual([['onboarding-search-prod']]);
  });

  test('a change to every stack: all of them, the foundation first, each environment after the one before', async () => {
    const result = await affectedJson(platformOut, changed(ALL));
    expect(result.stacks.map((s) => s.name).sort()).toEqual([...ALL].sort());
    expect(result.waves[0]).toEqual(['foundation']);
    expect(outOfOrder(result, manifest.stacks)).toEqual([]);
    const wave = (name: string) => result.stacks.find((s) => s.name === name)!.wave;
    expect(wave('onboarding-payments')).toBeLessThan(wave('onboarding-payments-dev'));
    expect(wave('onboarding-payments-dev')).toBeLessThan(wave('onboarding-payments-staging'));
    expect(wave('onboarding-payments-staging')).toBeLessThan(wave('onboarding-payments-prod'));
    const text = await gp(os.tmpdir(), 'affected', '--base', platformOut, '--head', changed(ALL));
    expect(text.out.split('\n')[0]).toBe(`${ALL.length} of ${ALL.length} stacks to plan or apply, in ${result.waves.length} waves:`);
    expect(text.out.split('\n')[1]).toBe('  wave 1: foundation');
  });

  test('what Terraform ignores touches no stack: the root "//" property (cdktf\'s metadata, the guardrails\' record)', async () => {
    // "This special property name can also be used at the root of a JSON-based configuration file":
    // https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties
    const record = await affectedJson(platformOut, edited(ALL, (text) => text
      .replace(/"settingsSha256": "[0-9a-f]{64}"/, `"settingsSha256": "${'0'.repeat(64)}"`)
      .replace('"version": "0.21.0"', '"version": "0.21.1 \\"}]{,"')));
    expect(record.stacks).toEqual([]);
    // What follows it counts: the provider block right after it.
    const provider = await affectedJson(platformOut, edited(['foundation'], (text) => text.replace(/("\/\/": \{[^]*?\n {2}\},\n {2}"provider": \{\n {4}"github": \[\n {6}\{\n {8}"owner": )"acme"/, '$1"globex"')));
    expect(provider.stacks).toEqual([{ name: 'foundation', reason: 'changed', wave: 1 }]);
  });

  test('a team onboarded in the platform repository: its four stacks, and no other; every other stack\'s files stay byte for byte', async () => {
    const app = buildPlatformApp(tmpdir('affected-onboarded-'));
    const platform = app.node.children.find((c) => Platform.isPlatform(c)) as Platform;
    // With a service repository: the onboarding suppresses rules on it, as the others do.
    new TeamOnboarding(platform, 'ledger', { name: 'ledger', maintainers: ['heidi'], serviceRepositories: ['ledger-api'] });
    app.synth();
    const result = await affectedJson(platformOut, app.outdir);
    expect(result.stacks).toEqual([
      { name: 'onboarding-ledger', reason: 'new', wave: 1 },
      { name: 'onboarding-ledger-dev', reason: 'new', wave: 2 },
      { name: 'onboarding-ledger-staging', reason: 'new', wave: 3 },
      { name: 'onboarding-ledger-prod', reason: 'new', wave: 4 },
    ]);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'onboarding-ledger', 'guardrails-report.json'), 'utf8'));
    expect(report.suppressions.map((s: any) => s.scope)).toEqual(expect.arrayContaining(['onboarding-ledger/ledger/service-repositories']));
    // The guardrails' record in cdk.tf.json and the report hold what concerns their stack: the new team's suppressions are in neither.
    expect(changedFiles(platformOut, app.outdir, ALL)).toEqual([]);
  }, 60_000);

  test('new, removed and re-wired stacks', async () => {
    const head = changed([]);
    fs.rmSync(path.join(head, 'stacks', 'onboarding-search-dev'), { recursive: true });
    const headManifest = JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8'));
    delete headManifest.stacks['onboarding-search-dev'];
    headManifest.stacks['onboarding-search-staging'].dependencies = ['onboarding-search'];
    headManifest.stacks['onboarding-ledger'] = { ...headManifest.stacks['onboarding-search'], name: 'onboarding-ledger', synthesizedStackPath: 'stacks/onboarding-search/cdk.tf.json' };
    fs.writeFileSync(path.join(head, 'manifest.json'), JSON.stringify(headManifest));
    const result = await affectedJson(platformOut, head);
    expect(result.removed).toEqual(['onboarding-search-dev']);
    expect(result.stacks).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'onboarding-ledger', reason: 'new' }),
      expect.objectContaining({ name: 'onboarding-search-staging', reason: 'dependencies changed' }),
    ]));
    expect(result.stacks).toHaveLength(2);
    const text = await gp(os.tmpdir(), 'affected', '--base', platformOut, '--head', head);
    expect(text.out).toContain('removed (destroy them yourself, or keep them): onboarding-search-dev');
  });

  test('a real change in a team repository: one service\'s production replicas touch the production stack alone', async () => {
    const synth = (prodReplicas: number) => {
      const app = new App({ outdir: tmpdir('affected-team-') });
      const team = new TeamEnvironment(Platform.fromFile(app, 'acme', EXAMPLE_PLATFORM), 'payments', { name: 'payments', maintainers: ['alice'] });
      new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', environments: { prod: { replicas: prodReplicas, autoscaling: { enabled: false } } } });
      app.synth();
      return app.outdir;
    };
    const result = await affectedJson(synth(3), synth(4));
    expect(result).toEqual({ total: 4, waves: [['payments-prod']], stacks: [{ name: 'payments-prod', reason: 'changed', wave: 1 }], removed: [] });
  });

  test('bad input: exit 2 with the option, the value and the fix', async () => {
    const missing = await gp(os.tmpdir(), 'affected');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('[affected] invalid --base undefined: is missing. Fix: pass the synth output of the base, e.g. --base base/cdktf.out.');
    const file = path.join(tmpdir('affected-file-'), 'cdktf.out');
    fs.writeFileSync(file, '');
    const notFolder = await gp(os.tmpdir(), 'affected', '--base', file, '--head', platformOut);
    expect(notFolder.code).toBe(2);
    expect(notFolder.err).toContain(`invalid --base "${file}": is a file, not a synth output folder. Fix: pass a cdktf.out folder that golden-paths synth or cdktf synth wrote.`);
    const empty = await gp(os.tmpdir(), 'affected', '--base', platformOut, '--head', tmpdir('affected-empty-'));
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/invalid --head "[^"]+": holds no manifest\.json, so it is no synth output/);
  });
});

describe('a platform of 100 teams (401 stacks)', () => {
  /** The benchmark platform with one service (and its database) per team, as it is or changed, synthesized with fast synth. */
  const synth = (change?: BenchChange, more?: (app: App) => void) => {
    const app = buildLibraryApp(lib, benchPlatform(100, 1), tmpdir(`affected-100-${change ?? 'base'}-`), { layout: 'stacks', fastSynth: true, change });
    more?.(app);
    // Each production stack warns that its alert policies notify no channel: 100 warnings a synth, which jest
    // would record with a source-mapped stack each and print (about 1.5 CPU-s a synth). Not what is tested here.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      app.synth();
    } finally {
      warn.mockRestore();
    }
    return app.outdir;
  };
  let base: string;
  beforeAll(() => {
    base = synth();
  }, 300_000);

  test('one service of one team asks for more memory and suppresses a rule: that team\'s three environment stacks, in promotion order; the other 398 stay byte for byte', async () => {
    const head = synth('service', (app) => {
      const service = app.node.findChild('team-0001').node.findAll().find((c): c is GoMicroservice => c instanceof GoMicroservice)!;
      Guardrails.suppress(service.workload('dev'), 'GP-K8S-007', 'The probes of this service are being rewritten for the new health endpoint');
    });
    const result = await affectedJson(base, head);
    expect(result.total).toBe(401);
    expect(result.stacks).toEqual([
      { name: 'team-0001-dev', reason: 'changed', wave: 1 },
      { name: 'team-0001-staging', reason: 'changed', wave: 2 },
      { name: 'team-0001-prod', reason: 'changed', wave: 3 },
    ]);
    // Nothing else changed either, not even what Terraform ignores: the suppression is recorded in its own stack alone.
    const stacks = Object.keys(JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8')).stacks);
    // (The reports of staging and prod judge the same findings: the memory is no finding.)
    expect(changedFiles(base, head, stacks)).toEqual([
      'stacks/team-0001-dev/cdk.tf.json', 'stacks/team-0001-dev/guardrails-report.json', 'stacks/team-0001-prod/cdk.tf.json', 'stacks/team-0001-staging/cdk.tf.json',
    ]);
  }, 300_000);

  test('the region every stack reads moves: all 401, the foundation, the team stacks, then each environment, each stack after its dependencies', async () => {
    const head = synth('settings');
    const result = await affectedJson(base, head);
    expect(result.stacks).toHaveLength(401);
    const teams = benchPlatform(100, 1).teams.map((t) => t.name);
    expect(result.waves).toEqual([['foundation'], teams, ...['dev', 'staging', 'prod'].map((env) => teams.map((t) => `${t}-${env}`))]);
    const headManifest = JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8'));
    // Every dependency: all 401 stacks are in the result, so a dependency without a wave is out of order too.
    expect(outOfOrder(result, headManifest.stacks, true)).toEqual([]);
  }, 300_000);
});

describe('terraformFingerprint', () => {
  const fp = (json: string) => terraformFingerprint(Buffer.from(json));

  test('the root "//" first, as cdktf writes it: skipped where it stands, whatever its value holds', () => {
    const base = fp('{\n  "//": {\n    "a": "x"\n  },\n  "resource": {\n  }\n}');
    expect(fp('{\n  "//": {\n    "a": "y \\" } ] , {",\n    "b": [1, {"c": null}]\n  },\n  "resource": {\n  }\n}')).toBe(base);
    expect(fp('{\n  "//": "a string",\n  "resource": {\n  }\n}')).toBe(base);
    expect(fp('{\n  "//": 42,\n  "resource": {\n  }\n}')).toBe(base);
    expect(fp('{\n  "//": {},\n  "resource": {\n    "x": 1\n  }\n}')).not.toBe(base);
    expect(fp('{"//": {"a": 1}}')).toBe(fp('{"//": {"a": 2}}'));
  });

  test('the root "//" elsewhere: the file is read as JSON and hashed without it', () => {
    expect(fp('{"resource": {"x": 1}, "//": {"a": 1}}')).toBe(fp('{"resource": {"x": 1}, "//": {"a": 2}}'));
    expect(fp('{"resource": {"x": 1}, "//": {"a": 1}}')).not.toBe(fp('{"resource": {"x": 2}, "//": {"a": 1}}'));
    // Inside a block it is left alone (in an expression it is an attribute).
    expect(fp('{"resource": {"x": {"//": 1}}}')).not.toBe(fp('{"resource": {"x": {"//": 2}}}'));
  });

  test('what is not JSON is hashed as it is', () => {
    expect(fp('{"//": ')).not.toBe(fp('{"//": 1'));
    expect(fp('not json')).not.toBe(fp('not json either'));
  });
});

describe('readSynthOutput reads each cdk.tf.json a chunk (1 MiB) at a time', () => {
  // Each file's fingerprint must be terraformFingerprint of its whole bytes, wherever the
  // root "//" ends relative to the chunk, and however large the file or its "//" is.
  const MIB = 1024 * 1024;
  const cases: Record<string, string> = {
    'small, "//" first': '{\n  "//": {\n    "a": "x"\n  },\n  "resource": {\n  }\n}',
    'over a chunk, "//" first': `{\n  "//": {"a": 1},\n  "resource": {"x": "${'r'.repeat(3 * MIB)}"}\n}`,
    // The comma after "//"'s value ends the first chunk; the space that follows it is in the next.
    'the space after "//" runs past the chunk': (() => {
      const head = '{\n  "//": "';
      const value = 'v'.repeat(MIB - head.length - 2);
      return `${head}${value}", ${' '.repeat(10)}"resource": {"x": 1}\n}`;
    })(),
    '"//" longer than a chunk': `{"//": "${'c'.repeat(2 * MIB)}", "resource": {"x": 1}}`,
    '"//" not first': `{"resource": {"x": "${'r'.repeat(MIB)}"}, "//": {"a": 1}}`,
    'not JSON': `not json ${'n'.repeat(MIB)}`,
    'empty': '',
  };
  test.each(Object.keys(cases))('%s', (name) => {
    const dir = tmpdir('affected-chunks-');
    fs.mkdirSync(path.join(dir, 'stacks', 's'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }));
    const bytes = Buffer.from(cases[name]);
    fs.writeFileSync(path.join(dir, 'stacks', 's', 'cdk.tf.json'), bytes);
    expect(readSynthOutput(dir, '--head').stacks.get('s')!.fingerprint).toBe(terraformFingerprint(bytes));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the boundary case is what it says: the first chunk ends right after the comma', () => {
    const bytes = Buffer.from(cases['the space after "//" runs past the chunk']);
    expect(bytes.toString('utf8', MIB - 2, MIB)).toBe('",');
    expect(bytes.toString('utf8', MIB, MIB + 10)).toBe(' '.repeat(10));
  });
});
