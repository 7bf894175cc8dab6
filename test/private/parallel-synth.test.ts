import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import * as lib from '../../src';
import { catalogRecordsOf } from '../../src/catalog/catalog-parts';
import { type Io } from '../../src/cli/cli';
import { cdktfProject, synthProject } from '../../src/cli/synth';
import { onboardedTeams } from '../../src/platform/onboarded-team';
import { PART_FILE, PART_SUMMARY_FILE, PartsReader, publishedPath, readPart, readPartSummary, SYNTH_BATCH_ENV, SYNTH_OUTDIR_ENV, SYNTH_PART_ENV, SYNTH_PARTS_ENV } from '../../src/private/synth-parts';
import { buildParallelPlatform } from '../fixtures/parallel-platform/main';
import { compiledApp } from '../setup/compiled-js';
import { treeHashes } from '../tree-hashes';

/**
 * `golden-paths synth --jobs N`: the teams declared with TeamEnvironment.define
 * are shared out to N processes, and the merged cdktf.out is the same, byte
 * for byte, as one process's `app.synth()`.
 */

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'parallel-platform');
/** A Platform at App scope for the tests that build their own teams. */
const ACME: lib.PlatformProps = { githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', gcpProjectNumber: '123456789012', oidcBridge: true };
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

const io: Io = { out: () => undefined, err: () => undefined, colour: false, cwd: FIXTURE };
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-synth-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  delete process.env[SYNTH_PART_ENV];
  delete process.env[SYNTH_PARTS_ENV];
  delete process.env[SYNTH_BATCH_ENV];
});

/**
 * Every synth writes to the same directory, `<tmp>/cdktf.out`, from the
 * project's directory: the SARIF reports name their cdk.tf.json by its path
 * from the working directory.
 */
function outdirOf(): string {
  const outdir = path.join(tmp, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  return outdir;
}

/**
 * Synthesizes the project at `root` with `jobs` processes into `<tmp>/cdktf.out`;
 * returns its tree's hashes and the run. Its processes run `main.ts` transpiled
 * (test/setup/compiled-js.ts) instead of cdktf.json's ts-node app, in the project's directory.
 */
async function synthJobs(root: string, jobs: number, env?: NodeJS.ProcessEnv) {
  const outdir = outdirOf();
  const project = { ...cdktfProject(root), app: compiledApp(path.join(root, 'main.ts')) };
  const result = await synthProject(project, io, { jobs, fastSynth: true, outdir, env });
  return { tree: treeHashes(outdir), result };
}

/**
 * One process, the plain way: `app.synth()` (normal path, no fast synth), in
 * the project's directory as cdktf runs it (the local backend's state path is
 * relative to it).
 */
function synthInProcess(root: string, build: (outdir: string) => App): Record<string, string> {
  const outdir = outdirOf();
  const cwd = process.cwd();
  process.chdir(root);
  try {
    build(outdir).synth();
  } finally {
    process.chdir(cwd);
  }
  const tree = treeHashes(outdir);
  fs.renameSync(outdir, path.join(tmp, 'app-synth'));
  return tree;
}

// The fixture's teams have 2 services each (a postgres and a redis one): what is shared out and merged is teams.
describe('a platform of 5 teams (10 services), with a catalog repository', () => {
  // --jobs 1 (one process running the app) is the team repository's path: test/cli/end-to-end.e2e.ts
  // checks that golden-paths synth writes what cdktf synth writes there.
  test('--jobs 2 and 3 write the same cdktf.out as app.synth(), byte for byte', async () => {
    const expected = synthInProcess(FIXTURE, (outdir) => buildParallelPlatform(outdir, 10, true));
    // What the comparison covers: the manifest, 21 stacks with their guardrail reports, the app-wide catalog, platform.json.
    expect(Object.keys(expected).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(21);
    expect(Object.keys(expected)).toEqual(expect.arrayContaining([
      'manifest.json', 'catalog-info.yaml', 'catalog-info.json', 'platform.json',
      'stacks/foundation/cdk.tf.json', 'stacks/team-0003-prod/guardrails-report.json', 'stacks/team-0005/guardrails-report.sarif',
    ]));
    const foundation = JSON.parse(fs.readFileSync(path.join(tmp, 'app-synth', 'stacks', 'foundation', 'cdk.tf.json'), 'utf8'));
    // The catalog the foundation commits lists every team's services, whichever process built them.
    const catalogFiles = (Object.values(foundation.resource.github_repository_file) as Array<{ repository: string; file: string; content: string }>)
      .filter((f) => f.repository === 'platform-catalog');
    // The catalog file, and beside it the skeletons of the portal's quick actions.
    expect(catalogFiles.map((f) => f.file).sort()).toEqual(['catalog-info.yaml', 'golden-paths/database.json.njk', 'golden-paths/service.json.njk', 'golden-paths/team.json.njk']);
    expect(catalogFiles.find((f) => f.file === 'catalog-info.yaml')!.content.match(/kind: Component/g)).toHaveLength(10);

    // Parts build their teams at synth in batches: of 10 teams by default (two parts), and of 1 team (three parts,
    // so that a part with two teams drops its first batch before it builds the second).
    for (const [jobs, batch] of [[2, ''], [3, '1']] as const) {
      const { tree, result } = await synthJobs(FIXTURE, jobs, { [SYNTH_BATCH_ENV]: batch });
      expect({ jobs, batch, tree }).toEqual({ jobs, batch, tree: expected });
      // One process per part, and the rest; nothing of the parts' working files is left.
      expect(result.processes).toHaveLength(jobs + 1);
      expect(fs.readdirSync(tmp).sort()).toEqual(['app-synth', 'cdktf.out']);
    }
  }, 600_000);

  test('teams made with new TeamEnvironment: the first part synthesizes the whole app, the same output', async () => {
    const expected = synthInProcess(FIXTURE, (outdir) => buildParallelPlatform(outdir, 4, false));
    const { tree, result } = await synthJobs(FIXTURE, 2, { PARALLEL_SERVICES: '4', PARALLEL_DEFINE: 'false' });
    expect(tree).toEqual(expected);
    expect(result.processes.map((p) => p.role)).toEqual(['part 1/2', 'part 2/2', 'rest']);
  }, 300_000);
});

describe('the examples', () => {
  test.each([
    ['platform', buildPlatformApp],
    ['team-payments', buildPaymentsApp],
  ])('examples/%s: --jobs 2 writes what app.synth() writes', async (name, build) => {
    const expected = synthInProcess(path.join(EXAMPLES, name), build);
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    const { tree } = await synthJobs(path.join(EXAMPLES, name), 2);
    expect(tree).toEqual(expected);
  }, 300_000);
});

describe('a part builds only its share of the teams', () => {
  function countTeams(app: App): string[] {
    return app.node.findAll().filter(lib.TeamEnvironment.isTeamEnvironment).map((t) => (t as lib.TeamEnvironment).name);
  }

  test('part 2 of 3 constructs teams 2 and 5 (by declaration order), synthesizes only their stacks and hands back their catalog', () => {
    process.env[SYNTH_PART_ENV] = '1/3';
    const outdir = path.join(tmp, 'part');
    const app = buildParallelPlatform(outdir, 10, true);
    expect(countTeams(app)).toEqual(['team-0002', 'team-0005']);
    // The others are not built: an empty stand-in keeps each one's place.
    expect(app.node.tryFindChild('team-0001')?.node.children).toEqual([]);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual([
      'team-0002', 'team-0002-dev', 'team-0002-prod', 'team-0002-staging',
      'team-0005', 'team-0005-dev', 'team-0005-prod', 'team-0005-staging',
    ]);
    const part = readPart(outdir);
    expect(part.declared).toBe(5);
    expect(part.teams.map((t) => t.index)).toEqual([1, 4]);
    expect(catalogRecordsOf(part.teams[0]).filter((r) => r.kind === 'service')).toHaveLength(2);
    expect(part.stats.maxRssMiB).toBeGreaterThan(0);
    // What golden-paths synth reads of it, without the teams' records.
    expect(readPartSummary(outdir)).toEqual({ whole: false, stats: part.stats });
  }, 120_000);

  test('onboarded teams are shared out too: part 2 of 2 builds, of teams/ (a, b onboarded, c declared here, d onboarded), b and d alone, and hands back what platform.json lists of them', () => {
    const teams = path.join(tmp, 'teams');
    fs.mkdirSync(teams);
    for (const [name, kind] of [['a', 'onboarding'], ['b', 'onboarding'], ['c', 'team'], ['d', 'onboarding']]) {
      fs.writeFileSync(path.join(teams, `${name}.json`), JSON.stringify({ kind, name, maintainers: ['alice'], ...(kind === 'onboarding' ? { serviceRepositories: [`${name}-api`] } : {}) }));
    }
    process.env[SYNTH_PART_ENV] = '1/2';
    const outdir = path.join(tmp, 'part');
    const app = new App({ outdir });
    const platform = lib.Platform.fromFile(app, 'acme', path.join(EXAMPLES, 'platform', 'platform-settings.json'));
    new lib.PlatformFoundation(platform, 'foundation');
    const declared = lib.PlatformTeams.fromDirectory(platform, teams);
    expect(declared.names).toEqual(['a', 'b', 'c', 'd']);
    expect(declared.onboardings.map((o) => o.name)).toEqual(['b', 'd']);
    expect(declared.teams).toEqual([]);
    // The others are not built: an empty stand-in keeps each one's place.
    expect(app.node.tryFindChild('onboarding-a')?.node.children).toEqual([]);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['b', 'd'].flatMap((t) => ['', '-dev', '-prod', '-staging'].map((s) => `onboarding-${t}${s}`)));
    const part = readPart(outdir);
    expect(part.declared).toBe(4);
    expect(part.teams.map((t) => t.index)).toEqual([1, 3]);
    expect(part.teams.map((t) => (t.carried.onboarding as any)?.infrastructureRepository)).toEqual(['b-infra', 'd-infra']);
  }, 120_000);

  test('with fast synth, a part onboards its teams a batch at a time and lets go of each, keeping what platform.json lists of them', () => {
    process.env[SYNTH_PART_ENV] = '0/1';
    process.env[SYNTH_BATCH_ENV] = '1';
    const outdir = path.join(tmp, 'batches');
    const app = new App({ outdir, context: { [lib.FastSynth.CONTEXT_KEY]: true } });
    const platform = lib.Platform.fromFile(app, 'acme', path.join(EXAMPLES, 'platform', 'platform-settings.json'));
    new lib.PlatformFoundation(platform, 'foundation');
    for (const name of ['a', 'b', 'c']) expect(lib.TeamOnboarding.define(platform, name, { name, maintainers: ['alice'] })).toBeUndefined();
    app.synth();
    expect(app.node.findAll().filter((c) => c instanceof lib.TeamOnboarding)).toEqual([]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks)).toHaveLength(12);
    // What the foundation's platform.json would list, in declaration order, from records alone.
    expect(onboardedTeams(platform).map((t) => [t.name, t.infrastructureRepository])).toEqual([['a', 'a-infra'], ['b', 'b-infra'], ['c', 'c-infra']]);
  }, 120_000);

  test('in one process, define builds the team at once, as new TeamEnvironment and the body would', () => {
    const app = new App({ outdir: path.join(tmp, 'one') });
    const platform = new lib.Platform(app, 'acme', ACME);
    const seen: lib.TeamEnvironment[] = [];
    const team = lib.TeamEnvironment.define(platform, 'payments', { name: 'payments', maintainers: ['alice'] }, { define: (t) => seen.push(t) });
    expect(team).toBeDefined();
    expect(seen).toEqual([team]);
    expect(team!.node.path).toBe('payments/payments');
    expect(platform.tryFindStack('payments')).toBe(team!.stack);
  });

  test('a name claimed by teams built in different parts fails in the rest, with the construct path and the fix', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      const platform = new lib.Platform(app, 'acme', ACME);
      for (const name of ['payments', 'orders']) {
        lib.TeamEnvironment.define(platform, name, { name, maintainers: ['alice'] }, {
          define: (team) => new lib.GoMicroservice(team, 'api', { name: 'api', description: 'The API', system: name }),
        });
      }
      return app;
    };
    // One process refuses the second "api".
    expect(() => build(path.join(tmp, 'one'))).toThrow(/^\[orders\/orders\/api\] invalid name "api": .*already used by payments\/payments\/api/);
    const parts = [0, 1].map((i) => {
      process.env[SYNTH_PART_ENV] = `${i}/2`;
      const outdir = path.join(tmp, `part-${i}`);
      build(outdir).synth();
      expect(fs.existsSync(path.join(outdir, PART_FILE))).toBe(true);
      return outdir;
    });
    process.env[SYNTH_PART_ENV] = 'rest';
    process.env[SYNTH_PARTS_ENV] = parts.join(path.delimiter);
    expect(() => build(path.join(tmp, 'rest')).synth()).toThrow(/^\[orders\/orders\/api\] invalid name "api": .*already used by payments\/payments\/api.*Fix: /);
  });

  test.each([
    ['one process', undefined, undefined],
    ['part 1 of 2', '0/2', undefined],
    ['part 2 of 2', '1/2', undefined],
    ['the rest', 'rest', undefined],
    ['one part building a team at a time', '0/1', '1'],
  ])('a team name declared twice fails the same way in %s: the construct path, the stack, its first owner and the fix', (_where, part, batch) => {
    if (part !== undefined) process.env[SYNTH_PART_ENV] = part;
    if (batch !== undefined) process.env[SYNTH_BATCH_ENV] = batch;
    const app = new App({ outdir: path.join(tmp, 'twice'), context: { [lib.FastSynth.CONTEXT_KEY]: true } });
    const platform = new lib.Platform(app, 'acme', ACME);
    const declare = (id: string) => lib.TeamEnvironment.define(platform, id, { name: 'payments', maintainers: ['alice'] }, {
      define: (team) => new lib.GoMicroservice(team, 'api', { name: `${id}-api`, description: 'The API', system: 'payments' }),
    });
    declare('payments');
    // Before, a part holding a stand-in for one of them failed with constructs' "There is already a Construct with name 'payments' in App".
    expect(() => declare('payments-again')).toThrow(new Error(
      '[acme/payments-again] invalid stack id "payments": the stack "payments" already belongs to acme/payments, and two owners cannot share a stack (nor its state). Fix: give the team another name, or rename the environment.',
    ));
  });

  test('a team built in another part is still a dependency of the stacks that name it as reviewer', () => {
    const build = (outdir: string, fast = false) => {
      const app = new App({ outdir, context: fast ? { [lib.FastSynth.CONTEXT_KEY]: true } : {} });
      const platform = new lib.Platform(app, 'acme', {
        ...ACME,
        environments: [{ name: 'dev' }, { name: 'prod', production: true, reviewers: ['acme/sre'] }],
      });
      for (const name of ['sre', 'payments']) {
        lib.TeamEnvironment.define(platform, name, { name, maintainers: ['alice'] }, {
          define: (team) => new lib.GoMicroservice(team, 'api', { name: `${name}-api`, description: 'The API', system: name }),
        });
      }
      return app;
    };
    const dependencies = (outdir: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks.payments.dependencies;
    build(path.join(tmp, 'one')).synth();
    expect(dependencies(path.join(tmp, 'one'))).toEqual(['sre']);
    process.env[SYNTH_PART_ENV] = '1/2';
    build(path.join(tmp, 'part')).synth();
    expect(dependencies(path.join(tmp, 'part'))).toEqual(['sre']);
    // One part building both, a team at a time: "sre" is synthesized and dropped before "payments" is built.
    process.env[SYNTH_PART_ENV] = '0/1';
    process.env[SYNTH_BATCH_ENV] = '1';
    const app = build(path.join(tmp, 'batches'), true);
    expect(lib.FastSynth.isEnabled(app)).toBe(true);
    app.synth();
    expect(dependencies(path.join(tmp, 'batches'))).toEqual(['sre']);
  });

  test('with fast synth, a part builds its teams at synth, a batch at a time, and drops each batch', () => {
    process.env[SYNTH_PART_ENV] = '0/2';
    process.env[SYNTH_BATCH_ENV] = '2';
    const outdir = path.join(tmp, 'batches');
    const app = new App({ outdir, context: { [lib.FastSynth.CONTEXT_KEY]: true } });
    const platform = new lib.Platform(app, 'acme', ACME);
    const built: string[][] = [];
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const name of names) {
      const team = lib.TeamEnvironment.define(platform, name, { name, maintainers: ['alice'] }, {
        define: (t) => {
          // Which teams of the part exist in the tree while this one is built.
          built.push(t.node.root.node.findAll().filter(lib.TeamEnvironment.isTeamEnvironment).map((x) => (x as lib.TeamEnvironment).name));
          new lib.GoMicroservice(t, 'api', { name: `${name}-api`, description: 'The API', system: name });
        },
      });
      expect(team).toBeUndefined();
    }
    expect(built).toEqual([]);
    app.synth();
    // Teams a, c, e, g (declaration numbers 0, 2, 4, 6), two at a time.
    expect(built).toEqual([['a'], ['a', 'c'], ['e'], ['e', 'g']]);
    expect(app.node.findAll().filter(lib.TeamEnvironment.isTeamEnvironment)).toEqual([]);
    expect(platform.stacks).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['a', 'a-dev', 'a-prod', 'a-staging', 'c', 'c-dev', 'c-prod', 'c-staging', 'e', 'e-dev', 'e-prod', 'e-staging', 'g', 'g-dev', 'g-prod', 'g-staging']);
    expect(readPart(outdir).teams.map((t) => [t.index, catalogRecordsOf(t).filter((r) => r.kind === 'service').length])).toEqual([[0, 1], [2, 1], [4, 1], [6, 1]]);
  });

  test('a part hands back its teams a batch at a time, and the rest takes each in before the part is done', () => {
    process.env[SYNTH_PART_ENV] = '0/2';
    process.env[SYNTH_BATCH_ENV] = '1';
    const outdir = path.join(tmp, 'part');
    const app = new App({ outdir, context: { [lib.FastSynth.CONTEXT_KEY]: true } });
    const platform = new lib.Platform(app, 'acme', ACME);
    for (const name of ['a', 'b', 'c', 'd']) {
      lib.TeamEnvironment.define(platform, name, { name, maintainers: ['alice'] }, {
        define: (t) => new lib.GoMicroservice(t, 'api', { name: `${name}-api`, description: 'The API', system: name }),
      });
    }
    app.synth();
    // Teams a and c (declaration numbers 0 and 2), a file each, before the part file.
    expect(fs.readdirSync(outdir).filter((f) => f.startsWith('golden-paths')).sort()).toEqual(['golden-paths-part-summary.json', 'golden-paths-part.json', 'golden-paths-teams-0.json', 'golden-paths-teams-1.json']);
    expect(PART_SUMMARY_FILE).toBe('golden-paths-part-summary.json');
    const whole = readPart(outdir);
    expect(whole.teams.map((t) => t.index)).toEqual([0, 2]);
    // The part still at work: its part file not written yet.
    fs.renameSync(path.join(outdir, PART_FILE), path.join(tmp, PART_FILE));
    const reader = new PartsReader([outdir]);
    expect(reader.team(0)).toEqual(whole.teams[0]);
    // This part's next team is 2: it does not build 1, and the rest need not wait for it to know.
    expect(reader.team(1)).toBeUndefined();
    expect(reader.team(2)).toEqual(whole.teams[1]);
    fs.renameSync(path.join(tmp, PART_FILE), path.join(outdir, PART_FILE));
    const { teams: _teams, ...record } = whole;
    expect(reader.finish()).toEqual([{ ...record, teamFiles: 2 }]);
    expect(reader.team(4)).toBeUndefined();
  });

  test('a part\'s SARIF reports name the cdk.tf.json of the merged output, whose path they record', () => {
    const file = path.join('/w', '.cdktf.out-parts-x', 'part-1', 'stacks', 'payments', 'cdk.tf.json');
    const partEnv = { [SYNTH_PART_ENV]: '1/2', [SYNTH_OUTDIR_ENV]: path.join('/w', 'cdktf.out') };
    expect(publishedPath(file, path.join('/w', '.cdktf.out-parts-x', 'part-1'), partEnv)).toBe(path.join('/w', 'cdktf.out', 'stacks', 'payments', 'cdk.tf.json'));
    // The rest and a whole synth write where the output stays.
    expect(publishedPath(file, '/w', { ...partEnv, [SYNTH_PART_ENV]: 'rest' })).toBe(file);
    expect(publishedPath(file, '/w', {})).toBe(file);
  });
});
