import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gp } from './run-cli';
import { buildPlatformApp } from '../../examples/platform/main';
import { type AffectedMatrix, pack, StackOwner } from '../../src/cli/affected-matrix';

/**
 * `golden-paths affected --matrix`: the touched stacks packed for the
 * platform workflow's matrix jobs (at most 256 entries each), waves split so
 * that production stacks have waves of their own.
 */

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const platformOut = (() => {
  const app = buildPlatformApp(tmpdir('affected-matrix-platform-'));
  app.synth();
  return app.outdir;
})();
const emptyBase = (() => {
  const dir = tmpdir('affected-matrix-empty-');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{"stacks":{}}');
  return dir;
})();

/** A copy of the platform's synth output with an output added to each stack in `stacks`, and `settings` changed in its platform.json. */
function changed(stacks: string[], settings: (json: any) => void = () => undefined): string {
  const dir = tmpdir('affected-matrix-head-');
  fs.cpSync(platformOut, dir, { recursive: true });
  for (const stack of stacks) {
    const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.output = { ...(json.output ?? {}), changed: { value: 'yes' } };
    fs.writeFileSync(file, JSON.stringify(json));
  }
  const platformJson = JSON.parse(fs.readFileSync(path.join(dir, 'platform.json'), 'utf8'));
  settings(platformJson);
  fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify(platformJson));
  return dir;
}

async function matrix(base: string, head: string, ...options: string[]): Promise<AffectedMatrix> {
  const run = await gp(os.tmpdir(), 'affected', '--base', base, '--head', head, '--matrix', ...options);
  expect(run).toMatchObject({ code: 0, err: '' });
  return JSON.parse(run.out);
}

const stacksOf = (job: { include: Array<{ stacks: string }> }) => job.include.map((e) => e.stacks);

describe('golden-paths affected --matrix', () => {
  test('nothing changed: no plan entries and eight empty waves', async () => {
    const result = await matrix(platformOut, changed([]));
    expect(result).toEqual({
      total: 13,
      affected: 0,
      foundation: 'foundation',
      plan: { count: 0, production: false, include: [] },
      waves: Array(8).fill({ count: 0, production: false, include: [] }),
      removed: [],
    });
  });

  test('a change to one team\'s onboarding: its stacks, one entry each, production last and marked', async () => {
    const result = await matrix(platformOut, changed(['onboarding-search', 'onboarding-search-dev', 'onboarding-search-prod']));
    expect(result.plan).toEqual({
      count: 3,
      production: false,
      include: [
        { id: 'ONBOARDING-1', owner: StackOwner.ONBOARDING, production: false, stacks: 'onboarding-search' },
        { id: 'ONBOARDING-2', owner: StackOwner.ONBOARDING, production: false, stacks: 'onboarding-search-dev' },
        { id: 'ONBOARDING-3', owner: StackOwner.ONBOARDING, production: false, stacks: 'onboarding-search-prod' },
      ],
    });
    expect(result.waves.slice(0, 4).map((w) => [w.production, stacksOf(w)])).toEqual([
      [false, ['onboarding-search']], [false, ['onboarding-search-dev']], [true, ['onboarding-search-prod']], [false, []],
    ]);
  });

  test('a wave that mixes production and other stacks is split in two, the others first', async () => {
    // Without staging's dependency on dev, payments-prod comes in the same dependency wave as the dev stacks.
    const head = changed(['onboarding-payments-dev', 'onboarding-search-dev', 'onboarding-payments-prod']);
    const manifest = JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8'));
    manifest.stacks['onboarding-payments-prod'].dependencies = ['onboarding-payments'];
    fs.writeFileSync(path.join(head, 'manifest.json'), JSON.stringify(manifest));
    const result = await matrix(platformOut, head);
    expect(result.waves.slice(0, 3).map((w) => [w.production, stacksOf(w)])).toEqual([
      [false, ['onboarding-payments-dev', 'onboarding-search-dev']], [true, ['onboarding-payments-prod']], [false, []],
    ]);
  });

  test('production environments come from platform.json, or from --production', async () => {
    const allOff = (settings: any) => { settings.environments = settings.environments.map((e: any) => ({ ...e, production: false })); };
    const noProduction = await matrix(emptyBase, changed([], allOff));
    expect(noProduction.waves.map((w) => w.production)).toEqual(Array(8).fill(false));
    expect(noProduction.waves.filter((w) => w.count > 0)).toHaveLength(5);
    const stagingToo = await matrix(emptyBase, platformOut, '--production', 'staging,prod');
    expect(stagingToo.waves.filter((w) => w.production).map(stacksOf)).toEqual([
      ['onboarding-payments-staging', 'onboarding-search-staging', 'platform-staging'],
      ['onboarding-payments-prod', 'onboarding-search-prod', 'platform-prod'],
    ]);
  });

  test('--max-entries packs several stacks per entry, each entry one owner\'s', async () => {
    const result = await matrix(emptyBase, platformOut, '--max-entries', '3');
    expect(result.plan.count).toBe(3);
    expect(result.plan.include.map((e) => [e.owner, e.stacks.split(' ').length])).toEqual([
      [StackOwner.FOUNDATION, 1], [StackOwner.ONBOARDING, 8], [StackOwner.TEAMS, 4],
    ]);
    for (const wave of result.waves) expect(wave.count).toBeLessThanOrEqual(3);
  });

  test('more waves than --max-waves: exit 1, before anything runs, saying how many the workflow needs', async () => {
    const run = await gp(os.tmpdir(), 'affected', '--base', emptyBase, '--head', platformOut, '--matrix', '--max-waves', '4');
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain('[affected] the change needs 5 waves (production stacks in waves of their own), more than the 4 wave jobs of --max-waves 4. Fix: render the platform workflow with maxWaves: 5 or more');
  });

  test('bad numbers: exit 2 with the option, the value and the fix', async () => {
    const over = await gp(os.tmpdir(), 'affected', '--base', emptyBase, '--head', platformOut, '--matrix', '--max-entries', '257');
    expect(over.code).toBe(2);
    expect(over.err).toContain('[affected] invalid max-entries "257": is not a whole number from 3 to 256');
    const none = await gp(os.tmpdir(), 'affected', '--base', emptyBase, '--head', platformOut, '--matrix', '--max-waves', '0');
    expect(none.code).toBe(2);
    expect(none.err).toContain('invalid max-waves "0"');
  });
});

describe('pack', () => {
  const stacks = Array.from({ length: 1000 }, (_, i) => `onboarding-t${i}-prod`);

  test.each([256, 100, 7, 3])('1,000 stacks into at most %i entries, the fewest stacks per entry that fit', (max) => {
    const job = pack(stacks, true, max);
    expect(job.count).toBeLessThanOrEqual(max);
    expect(job.count).toBe(job.include.length);
    expect(job.include.flatMap((e) => e.stacks.split(' '))).toEqual(stacks);
    const size = Math.ceil(1000 / max);
    expect(Math.max(...job.include.map((e) => e.stacks.split(' ').length))).toBe(size);
    expect(job.include.every((e) => e.production)).toBe(true);
  });

  test('three owners in three entries at least, never one entry with two owners', () => {
    const job = pack(['foundation', 'platform', 'onboarding-a', 'platform-dev'], false, 3, 'foundation');
    expect(job.include).toEqual([
      { id: 'FOUNDATION-1', owner: StackOwner.FOUNDATION, production: false, stacks: 'foundation' },
      { id: 'TEAMS-1', owner: StackOwner.TEAMS, production: false, stacks: 'platform platform-dev' },
      { id: 'ONBOARDING-1', owner: StackOwner.ONBOARDING, production: false, stacks: 'onboarding-a' },
    ]);
  });
});
