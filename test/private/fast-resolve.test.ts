import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { buildPlatformApp } from '../../examples/platform/main';
import * as lib from '../../src';
import { NO_TOKEN_ABOVE } from '../../src/private/fast-resolve';
import { PLAIN_RESOLVE_ENV, plainResolve } from '../../src/private/fast-synth';
import { plainTree } from '../../src/private/merge-fragments';
import { treeHashes } from '../tree-hashes';

/**
 * Fast synth resolves plain values in front of cdktf's resolve()
 * (src/private/fast-resolve.ts): what it gives must be what cdktf gives,
 * value for value, and the output the same, byte for byte.
 */

const stack = new TerraformStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'fast-resolve-')) }), 'values');
const options = () => ({ scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
const cdktf = (value: unknown) => Tokenization.resolve(value, options());
const fast = plainResolve();
const fastResolve = (value: unknown) => fast(value, options());

/** What a resolution gives or throws, as text: the same structure, key order and error message. */
function outcome(resolve: (value: unknown) => unknown, value: unknown): string {
  try {
    const resolved = resolve(value);
    return `value ${JSON.stringify(resolved, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `number ${v}` : v === undefined ? 'undefined' : v))} ${Object.is(resolved, -0) ? '-0' : ''}`;
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
}

/** Plain numbers around NO_TOKEN_ABOVE, down to the largest negative ones, and NaN (every one a number a token could not be taken for). */
const plainNumbersNearTheBound = [
  0, -0, 1e300, Number.MAX_VALUE, Infinity, NaN,
  NO_TOKEN_ABOVE, NO_TOKEN_ABOVE * 1.0000001, -1e288, -(2 ** 959), -1e300, -Number.MAX_VALUE, -Infinity,
];

describe('the same values as cdktf\'s resolve()', () => {
  const lazyString = Lazy.stringValue({ produce: () => 'produced' });
  const nested: any = {};
  let deep = nested;
  for (let i = 0; i < 205; i++) deep = deep.next = {};
  class Holder {
    public readonly kept = 'own property';
    public readonly left = undefined;
  }
  const cases: Array<[string, unknown]> = [
    ['plain scalars', { s: 'text', n: 42, f: 1.5, z: -0, nan: NaN, big: 1e21, t: true, f2: false, nil: null }],
    ['undefined values and array entries are left out; empty objects and arrays stay', { a: undefined, b: [1, undefined, 2], c: {}, d: [], e: { f: undefined } }],
    ['key order, unicode and odd keys', { 'z': 1, 'a': 2, '10': 3, '9': 4, 'ü': 5, '': 6, 'with space': 7 }],
    ['strings that look like escapes or numbers (cdktf\'s number pattern)', ['${var.x}', '$${literal}', 'type-e2e', '1e10', '-e-1', 'e2e', 'node-e-1', '{}', '}']],
    ['a string token and one inside a string', { whole: lazyString, inside: `prefix-${lazyString}-suffix`, twice: `${lazyString}/${lazyString}` }],
    ['a number token, alone and inside a string', { n: Token.asNumber(Lazy.numberValue({ produce: () => 7 })), s: `port ${Token.asNumber(Lazy.numberValue({ produce: () => 8 }))}` }],
    ['a list token in an array', { list: Token.asList(Lazy.listValue({ produce: () => ['a', 'b'] })) }],
    ['a number list token in an array', { list: Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })) }],
    ['a resolvable object producing plain and token values', { x: Lazy.anyValue({ produce: () => ({ plain: 'p', token: lazyString, more: [{ deep: 1 }] }) }) }],
    ['a token in a key', { [lazyString]: 'value', plain: 'next' }],
    ['a map token', { m: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: 'v' }) })) }],
    ['a Terraform function', { joined: Fn.join(',', ['a', lazyString]) }],
    ['a Date and a class instance', { date: new Date(0), holder: new Holder() }],
    ['nested deeper than cdktf\'s limit of 200 keys', nested],
    ['a function', { fn: () => 1 }],
    ['a construct', { c: new Construct(stack, 'a-construct') }],
    ['cdktf\'s map token values in a string and a number context', [{ s: Token.STRING_MAP_TOKEN_VALUE }, { n: Token.NUMBER_MAP_TOKEN_VALUE }, { a: Token.ANY_MAP_TOKEN_VALUE }]],
    ['numbers on both sides of the bound below which token numbers lie', { values: plainNumbersNearTheBound, list: plainNumbersNearTheBound }],
    ['a number token and a number list token next to plain numbers in an array', [1, Token.asNumber(Lazy.numberValue({ produce: () => 7 })), -1e300, Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] }))]],
    ['an own "__proto__" key (the assignment sets the prototype of the copy)', { nested: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') }],
  ];
  test.each(cases)('%s', (_name, value) => {
    const expected = outcome(cdktf, value);
    expect(outcome(fastResolve, value)).toBe(expected);
  });

  test.each(cases)('a result is recorded as a plain tree only when it is one: %s', (_name, value) => {
    const plainTrees = new WeakSet<object>();
    const resolve = plainResolve(plainTrees);
    let resolved: unknown;
    try {
      resolved = resolve({ value }, options());
    } catch {
      return;
    }
    if (plainTrees.has(resolved as object)) expect(plainTree(resolved)).toBe(true);
  });

  test('plain values and tokens that resolve to text make a plain tree; a token resolving to an object and a "__proto__" key do not', () => {
    const plainTrees = new WeakSet<object>();
    const resolve = plainResolve(plainTrees);
    const recorded = (value: unknown) => plainTrees.has(resolve(value, options()) as object);
    expect(recorded({ s: 'text', n: [1, { deep: { er: true } }], e: {}, u: undefined })).toBe(true);
    expect(recorded({ whole: lazyString, inside: `x-${lazyString}`, n: Token.asNumber(Lazy.numberValue({ produce: () => 7 })) })).toBe(true);
    expect(recorded({ x: Lazy.anyValue({ produce: () => ({ plain: 'p' }) }) })).toBe(false);
    expect(recorded({ list: Token.asList(Lazy.listValue({ produce: () => ['a'] })) })).toBe(false);
    expect(recorded({ nested: JSON.parse('{"__proto__": {"x": 1}}') })).toBe(false);
    expect(recorded(['an', 'array'])).toBe(false);
  });

  test('every number cdktf encodes a token in lies below NO_TOKEN_ABOVE (the plain resolver answers the numbers above it itself)', () => {
    // cdktf sets the top 16 bits of a token number to 0xFDFF (string) or 0xFBFF (list): at least 2^960 in magnitude, negative.
    const tokens: number[] = [];
    for (let i = 0; i < 50; i++) {
      tokens.push(Token.asNumber(Lazy.numberValue({ produce: () => i })));
      tokens.push(...Token.asNumberList(Lazy.anyValue({ produce: () => [i] })));
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { extractTokenDouble } = require('cdktf/lib/tokens/private/encoding');
    const smallest = -(2 ** 960);
    expect(NO_TOKEN_ABOVE).toBeGreaterThan(smallest);
    for (const n of tokens) {
      expect(extractTokenDouble(n, false) ?? extractTokenDouble(n, true)).toBeDefined();
      expect(n).toBeLessThanOrEqual(smallest);
    }
  });

  test('the deep value, the function and the construct are refused as cdktf refuses them', () => {
    expect(outcome(fastResolve, nested)).toMatch(/^throws .*circular/i);
    expect(outcome(fastResolve, { fn: () => 1 })).toMatch(/^throws /);
    expect(outcome(fastResolve, { c: new Construct(stack, 'another') })).toMatch(/^throws /);
  });
});

describe('in fast synth', () => {
  /** The example platform (foundation, onboarded teams, a team declared there), synthesized; its output folder. */
  function synthInto(fastSynth: boolean, plain: boolean): string {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fast-resolve-synth-')), 'cdktf.out');
    if (!plain) process.env[PLAIN_RESOLVE_ENV] = 'off';
    try {
      const app = buildPlatformApp(outdir);
      if (fastSynth) expect(lib.FastSynth.enable(app)).toBe(true);
      app.synth();
    } finally {
      delete process.env[PLAIN_RESOLVE_ENV];
    }
    return outdir;
  }

  /** The hashes of the files of a synth of the example platform in `outdir`. */
  function hashes(outdir: string): Record<string, string> {
    // The SARIF reports name cdk.tf.json by its path: the same folder name in every run, under different parents.
    return Object.fromEntries(Object.entries(treeHashes(outdir)).filter(([f]) => !f.endsWith('.sarif')));
  }

  /** The hashes of the files of a synth of the example platform. */
  function synth(fastSynth: boolean, plain: boolean): Record<string, string> {
    return hashes(synthInto(fastSynth, plain));
  }

  /** The synth with fast synth and plain resolve, as a user's runs (both tests read it), and how many strings cdktf tested for tokens in it. */
  let outdir: string;
  let tested: number;
  beforeAll(() => {
    // cdktf's own test for tokens in a string (tokens/private/encoding), which its resolve() makes for every string and key.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TokenString } = require('cdktf/lib/tokens/private/encoding');
    const spy = jest.spyOn(TokenString, 'forString');
    try {
      outdir = synthInto(true, true);
      tested = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }, 120_000);

  test('cdktf looks for tokens in a small share of the strings of the output: those that are or may be tokens', () => {
    // The strings and keys of every stack's configuration.
    let strings = 0;
    const count = (v: unknown): void => {
      if (typeof v === 'string') {strings++;} else if (Array.isArray(v)) {v.forEach(count);} else if (v !== null && typeof v === 'object') {
        strings += Object.keys(v).length;
        Object.values(v).forEach(count);
      }
    };
    for (const f of Object.keys(treeHashes(outdir)).filter((x) => x.endsWith('cdk.tf.json'))) count(JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
    expect(strings).toBeGreaterThan(10_000);
    // cdktf's resolve() alone tests each of them at least once (every one of them went through it).
    expect(tested).toBeLessThan(strings / 5);
  });

  test('examples/platform: the same files as cdktf\'s resolve() gives, with fast synth and with the normal path', () => {
    const normal = synth(false, false);
    expect(Object.keys(normal).filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThan(10);
    expect(hashes(outdir)).toEqual(normal);
    expect(synth(true, false)).toEqual(normal);
  }, 120_000);
});
