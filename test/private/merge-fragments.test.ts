import { mergeFragments } from '../../src/private/merge-fragments';

/** cdktf 0.21.0's deepMerge, which the fast synth engine assembles a stack's configuration with. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require('cdktf/lib/util') as { deepMerge: (target: any, ...sources: any[]) => any };

/** What cdktf does with a stack's resolved fragments. */
function cdktfMerge(target: any, fragments: unknown[]): any {
  for (const fragment of fragments) deepMerge(target, fragment);
  return target;
}

/** The text of a value with its keys in order, and where each object's prototype is not Object's. */
function shape(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return { '<proto>': String(Object.getPrototypeOf(v)?.constructor?.name), ...v };
    return v === undefined ? '<undefined>' : v;
  });
}

/** Merges copies of the same target and fragments both ways: the results, and what is left of the fragments, must be the same. */
function expectSameMerge(make: () => { target: any; fragments: unknown[] }): void {
  const ours = make();
  const theirs = make();
  let ourError: unknown;
  let theirError: unknown;
  let ourResult: unknown;
  let theirResult: unknown;
  try { ourResult = mergeFragments(ours.target, ours.fragments, deepMerge); } catch (e) { ourError = e; }
  try { theirResult = cdktfMerge(theirs.target, theirs.fragments); } catch (e) { theirError = e; }
  expect(String(ourError)).toBe(String(theirError));
  if (theirError) return;
  expect(shape(ourResult)).toBe(shape(theirResult));
  expect(shape(ours.fragments)).toBe(shape(theirs.fragments));
}

describe('mergeFragments makes what cdktf\'s deepMerge makes', () => {
  test('resources of one type from several fragments, providers concatenated, metadata kept', () => {
    expectSameMerge(() => ({
      target: { '//': { metadata: { version: '0.21.0' }, outputs: {} } },
      fragments: [
        { provider: { google: [{ project: 'p' }] } },
        { provider: { google: [{ alias: 'b', project: 'q' }] } },
        { resource: { google_project: { a: { name: 'a', labels: { x: '1' } } } } },
        { resource: { google_project: { b: { name: 'b' } }, github_repository: { r: { name: 'r', topics: ['x'] } } } },
        { resource: { google_project: { a: { labels: { y: '2' }, depends_on: ['x.y'] } } } },
        { terraform: { required_providers: { google: { source: 'hashicorp/google' } } } },
        { terraform: { backend: { local: { path: 'x' } }, required_providers: { github: { source: 'integrations/github' } } } },
        { '//': { metadata: { backend: 'local' } } },
      ],
    }));
  });

  test('integer-like keys, nulls, scalars over objects and objects over scalars', () => {
    expectSameMerge(() => ({
      target: { a: 1, n: null, s: 'x' },
      fragments: [{ 10: { b: 1 }, 9: { c: 2 }, a: { x: 1 } }, { a: 'scalar again', s: { now: 'object' } }, { 10: { a: 0 } }],
    }));
  });

  test('an object merged into null fails as there; into an array, sets keys on it as there', () => {
    expectSameMerge(() => ({ target: { n: null }, fragments: [{ n: { x: 1 } }] }));
    expectSameMerge(() => ({ target: {}, fragments: [{ l: [1, 2] }, { l: { 0: 'zero', k: { deep: true } } }] }));
  });

  test('what is not a plain tree is merged by deepMerge: a Date, an undefined value, a resolvable, a class instance', () => {
    class Thing { public readonly x = 1; }
    expectSameMerge(() => ({ target: {}, fragments: [{ a: { when: new Date(0) } }, { a: { more: 1 } }] }));
    expectSameMerge(() => ({ target: {}, fragments: [{ a: { gone: undefined, kept: 1 } }, { a: { b: 2 } }] }));
    expectSameMerge(() => ({ target: {}, fragments: [{ a: { resolve: () => 'x', y: 1 } }, { a: { z: 1 } }] }));
    expectSameMerge(() => ({ target: {}, fragments: [{ a: new Thing() }, { a: { z: 1 } }] }));
    expectSameMerge(() => ({ target: {}, fragments: [null] }));
  });

  test('leaves the fragments as they were, also when a later fragment merges into what an earlier one brought', () => {
    const fragments = [{ resource: { t: { a: { x: { y: 1 } } } } }, { resource: { t: { a: { x: { z: 2 } }, b: {} } } }];
    const before = JSON.stringify(fragments);
    const result = mergeFragments({}, fragments, deepMerge);
    expect(JSON.stringify(fragments)).toBe(before);
    expect(result).toEqual({ resource: { t: { a: { x: { y: 1, z: 2 } }, b: {} } } });
  });

  test('500 random sets of fragments (seeded)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const keys = ['resource', 'data', 'provider', 'a', 'b', '1', '20', 'labels', 'x'];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.35) return pick<unknown>(['s', 1, 0, true, false, null, '']);
      if (r < 0.5) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) o[pick(keys)] = value(depth + 1);
      return o;
    };
    for (let i = 0; i < 500; i++) {
      const start = seed;
      const make = () => {
        seed = start;
        const fragments = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
          const f: Record<string, unknown> = {};
          for (let k = 1 + Math.floor(random() * 3); k > 0; k--) f[pick(keys)] = value(0);
          return f;
        });
        return { target: { '//': { metadata: {} } }, fragments };
      };
      expectSameMerge(make);
    }
  });
});
