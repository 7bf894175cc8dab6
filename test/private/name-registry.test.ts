import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import * as lib from '../../src';
import { GoldenPathsValidationError } from '../../src/errors/golden-paths-validation-error';
import { NameKind, NameRegistry, type NameClaim } from '../../src/private/name-registry';
import { SYNTH_BATCH_ENV, SYNTH_PART_ENV } from '../../src/private/synth-parts';
import { errorOf } from '../util';

/**
 * One NameRegistry per app: every name the library keeps apart (teams, their
 * namespaces, databases, repositories, accounts, instances) is claimed there
 * by kind, in its platform or in the real world, and a parallel synth's
 * dropped teams keep their names through its one release hook.
 */

const PROBLEM = { prop: 'name', value: 'payments', problem: 'names a thing another construct has', fix: 'choose another name' };

/** A name in the world only, as Platform._claimName claims it. */
function inWorld(kind: NameKind, key: string): NameClaim {
  return { kind, inWorld: { key, problem: PROBLEM } };
}

/** A name in `platform` only, whose error names the holder and its label. */
function inPlatform(kind: NameKind, platform: Construct, key: string, label?: string): NameClaim {
  return {
    kind,
    label,
    inPlatform: { platform, key, conflict: (holder) => ({ ...PROBLEM, problem: `is ${holder.label ?? 'unlabelled'}'s, at ${holder.path}` }) },
  };
}

describe('NameRegistry', () => {
  let app: App;
  let registry: NameRegistry;
  let p1: Construct;
  let p2: Construct;
  beforeEach(() => {
    app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'name-registry-')) });
    registry = NameRegistry.of(app);
    p1 = new Construct(app, 'p1');
    p2 = new Construct(app, 'p2');
  });
  afterEach(() => fs.rmSync(app.outdir, { recursive: true, force: true }));

  test('is one per app, whichever construct of it asks', () => {
    expect(NameRegistry.of(p1)).toBe(registry);
    expect(NameRegistry.of(new Construct(p2, 'deep'))).toBe(registry);
    expect(NameRegistry.of(new App())).not.toBe(registry);
  });

  test('a name collides only with a name of its own kind', () => {
    const a = new Construct(p1, 'a');
    const b = new Construct(p1, 'b');
    registry.claim(a, [inWorld(NameKind.GITHUB_REPOSITORY, 'acme/payments'), inPlatform(NameKind.TEAM, p1, 'payments')]);
    expect(() => registry.claim(b, [
      inWorld(NameKind.TEAM, 'acme/payments'),
      inWorld(NameKind.CATALOG_COMPONENT, 'acme/payments'),
      inPlatform(NameKind.DATABASE, p1, 'payments'),
      inPlatform(NameKind.NAMESPACE, p1, 'payments'),
    ])).not.toThrow();
    // Claiming a name again for its holder is fine.
    expect(() => registry.claim(a, [inWorld(NameKind.GITHUB_REPOSITORY, 'acme/payments')])).not.toThrow();
  });

  test('a name in the world is one across the app\'s platforms; its error is the problem and who has it', () => {
    registry.claim(new Construct(p1, 'a'), [inWorld(NameKind.GITHUB_REPOSITORY, 'acme/payments')]);
    const error = (() => {
      try {
        registry.claim(new Construct(p2, 'b'), [inWorld(NameKind.GITHUB_REPOSITORY, 'acme/payments')]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(GoldenPathsValidationError.isGoldenPathsValidationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      '[p2/b] invalid name "payments": names a thing another construct has (it is already used by p1/a). Fix: choose another name.');
  });

  test('a name in a platform is one in that platform only, and its holder is found by it', () => {
    const a = new Construct(p1, 'a');
    registry.claim(a, [inPlatform(NameKind.TEAM, p1, 'payments', 'the first')]);
    const b = new Construct(p2, 'b');
    expect(() => registry.claim(b, [inPlatform(NameKind.TEAM, p2, 'payments')])).not.toThrow();
    expect(errorOf(() => registry.claim(new Construct(p1, 'c'), [inPlatform(NameKind.TEAM, p1, 'payments')]))).toBe(
      '[p1/c] invalid name "payments": is the first\'s, at p1/a. Fix: choose another name.');
    expect(registry.lookup(p1, NameKind.TEAM, 'payments')).toBe(a);
    expect(registry.lookup(p2, NameKind.TEAM, 'payments')).toBe(b);
    expect(registry.lookup(p1, NameKind.DATABASE, 'payments')).toBeUndefined();
    expect(registry.lookup(p1, NameKind.TEAM, 'orders')).toBeUndefined();
  });

  test('every name in the platform is checked before any in the world, and none is taken by a claim that fails there', () => {
    const a = new Construct(p1, 'a');
    registry.claim(a, [inWorld(NameKind.TEAM, 'acme/payments'), inPlatform(NameKind.NAMESPACE, p1, 'payments-dev', 'payments')]);
    const b = new Construct(p1, 'b');
    // The world's name comes first in the list, the platform's error first in the checks.
    expect(errorOf(() => registry.claim(b, [
      { ...inWorld(NameKind.TEAM, 'acme/payments'), ...inPlatform(NameKind.TEAM, p1, 'orders') },
      inPlatform(NameKind.NAMESPACE, p1, 'payments-dev'),
    ]))).toBe('[p1/b] invalid name "payments": is payments\'s, at p1/a. Fix: choose another name.');
    expect(registry.lookup(p1, NameKind.TEAM, 'orders')).toBeUndefined();
  });

  test('a reserved name stays its holder\'s: the holder\'s claim passes, another\'s fails naming the holder', () => {
    const first = new Construct(p1, 'first');
    const second = new Construct(p1, 'second');
    registry.reserve(first, p1, NameKind.DATABASE, 'orders-db');
    // Reserving never fails, and never takes a name from its holder.
    expect(() => registry.reserve(second, p1, NameKind.DATABASE, 'orders-db')).not.toThrow();
    expect(() => registry.claim(first, [inPlatform(NameKind.DATABASE, p1, 'orders-db')])).not.toThrow();
    expect(errorOf(() => registry.claim(second, [inPlatform(NameKind.DATABASE, p1, 'orders-db')])))
      .toBe('[p1/second] invalid name "payments": is unlabelled\'s, at p1/first. Fix: choose another name.');
  });
});

describe('the names of teams a parallel synth has dropped stay taken, as in one process', () => {
  const ACME: lib.PlatformProps = {
    githubOrganization: 'acme',
    gcpProject: 'acme-prod',
    region: 'europe-west1',
    gcpProjectNumber: '123456789012',
    oidcBridge: true,
    network: 'projects/acme-net/global/networks/shared',
  };
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'name-registry-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    delete process.env[SYNTH_PART_ENV];
    delete process.env[SYNTH_BATCH_ENV];
  });

  /**
   * Defines `first` then `second` (each with what `declare` makes in it) and
   * returns the error the app fails with: in one process, or in one part
   * building a team at a time, where `first` is synthesized and dropped
   * before `second` is built. `found` says whether the registry still finds
   * `first` by name when `second` has failed.
   */
  function failure(first: string, second: string, declare: (team: lib.TeamEnvironment) => void, batched: boolean) {
    if (batched) {
      process.env[SYNTH_PART_ENV] = '0/1';
      process.env[SYNTH_BATCH_ENV] = '1';
    }
    const app = new App({ outdir: path.join(tmp, batched ? 'part' : 'one'), context: { [lib.FastSynth.CONTEXT_KEY]: true } });
    const platform = new lib.Platform(app, 'acme', ACME);
    lib.TeamEnvironment.define(platform, first, { name: first, maintainers: ['alice'] }, { define: declare });
    const error = errorOf(() => {
      lib.TeamEnvironment.define(platform, second, { name: second, maintainers: ['alice'] }, { define: declare });
      app.synth();
    });
    return { error, found: NameRegistry.of(app).lookup(platform, NameKind.TEAM, first) !== undefined };
  }

  test.each([
    ['a team\'s namespace, whose holder is named by its team name', 'pay', 'pay-grants', () => undefined,
      '[pay-grants/pay-grants] invalid name "pay-grants": would make the namespace "pay-grants-dev", which the team "pay" at pay/pay already has. '
        + 'Fix: choose a team name that is not another team\'s name plus "-grants": "<team>-grants-<environment>" is where that team\'s database grant Jobs run.'],
    ['a database\'s name in the platform', 'a', 'b', (team: lib.TeamEnvironment) => {
      new lib.ManagedDatabase(team, 'shared-db', { name: 'shared-db', engine: lib.DatabaseEngine.POSTGRES, size: lib.DatabaseSize.SMALL });
    }, '[b/b/shared-db] invalid name "shared-db": is already used by the database at a/a/shared-db, and instance names must be unique in the project. '
      + 'Fix: give each database a distinct name, e.g. prefixed with the team name.'],
    ['a service\'s name in the world (its catalog Component)', 'a', 'b', (team: lib.TeamEnvironment) => {
      new lib.GoMicroservice(team, 'api', { name: 'api', description: 'The API', system: team.name });
    }, /^\[b\/b\/api\] invalid name "api": .* \(it is already used by a\/a\/api\)\. Fix: /],
  ])('%s', (_what, first, second, declare, expected) => {
    const one = failure(first, second, declare, false);
    const part = failure(first, second, declare, true);
    // In one process the first team is there to find; in the part it was dropped, and its names kept, with the same error.
    expect([one.found, part.found]).toEqual([true, false]);
    expect(one.error).toMatch(expected);
    expect(part.error).toBe(one.error);
  });
});
