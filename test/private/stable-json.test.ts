import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EMPTY, stableJson, writeStableJson } from '../../src/private/stable-json';

/** The `json-stable-stringify` cdktf 0.21 writes `cdk.tf.json` with (its own dependency). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonStableStringify: (value: unknown, options: { space: number }) => string | undefined = require(
  require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf/package.json'))] }),
);

function cdktfWrites(value: unknown): string | undefined {
  return jsonStableStringify(value, { space: 2 });
}

function withOwnKey(key: string, value: unknown, rest: object = {}): object {
  const o: any = { ...rest };
  Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
  return o;
}

const tricky: Array<[string, unknown]> = [
  ['nested arrays', [[1, [2, [3, []]]], [], [[]], [{}]]],
  ['empty object', {}],
  ['empty array', []],
  ['empty containers as values, nested', { a: {}, b: [], c: { d: {}, e: [[], {}] }, f: [{ g: {} }] }],
  ['objects whose values all drop', { a: { x: undefined, y: () => 1, z: Symbol('s') }, b: [{ x: undefined }] }],
  ['unicode keys', { 'é': 1, '中': 2, '😀': 3, 'Z': 4, 'a': 5, '\u00e9\u0301': 6, '\ud800': 7, 'ﬀ': 8 }],
  ['a "__proto__" own key (JSON.parse makes one)', JSON.parse('{"b": 1, "__proto__": {"x": [1, {}]}, "a": 2}')],
  ['a "__proto__" own key, nested', { outer: withOwnKey('__proto__', { y: 1 }, { z: 2 }) }],
  ['numbers', { big: 1e21, small: 5e-7, negZero: -0, nan: NaN, inf: Infinity, negInf: -Infinity, max: Number.MAX_SAFE_INTEGER, frac: 0.1 + 0.2, list: [1e21, -0, NaN] }],
  ['undefined, functions and symbols in arrays and objects', { a: undefined, b: [undefined, () => 1, Symbol('s'), null], c: null, d: () => 2 }],
  ['array holes', [, 1, , 2]], // eslint-disable-line no-sparse-arrays
  ['toJSON: Date, custom objects, undefined, nested', {
    when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    custom: { toJSON: () => ({ z: 1, a: [new Date(0)], e: {} }) },
    gone: { toJSON: () => undefined },
    inArray: [{ toJSON: () => undefined }, { toJSON: () => 'text' }],
    withKey: { toJSON: (key?: string) => `called with ${key === undefined ? 'no key' : key}` },
    twice: { toJSON: () => ({ toJSON: () => 'not called again' }) },
  }],
  ['strings needing escapes', { q: '"quoted"', b: 'back\\slash', n: 'line\nbreak', t: 'tab\t', nul: '\u0000', ls: '\u2028\u2029', lone: '\ud800x', emoji: '😀', ctrl: '\u001f' }],
  ['strings that look like empty containers', { 'a': '{}', 'b': '[]', 'c': '{},\n[]', 'd': ['{}', '[]'], 'e': '{}\n', '{}': '[]', '[]': {} }],
  ['key order with digits and case', { '10': 1, '9': 2, '1': 3, '01': 4, 'a': 5, 'B': 6, '_': 7, '-': 8, '': 9, 'a10': 10, 'a2': 11, 'A': 12, '4294967295': 13, '1.5': 14 }],
  ['integer keys, nested and empty', { 2: { 10: {}, 1: [] }, 1: { 0: { 3: 'x', 20: 'y' } } }],
  ['boxed primitives', { s: new String('ab'), n: new Number(3), b: new Boolean(false) }], // eslint-disable-line no-new-wrappers
  ['a boxed string whose prototype is a plain object\'s', { s: Object.setPrototypeOf(new String('ab'), Object.prototype) }], // eslint-disable-line no-new-wrappers
  ['a Proxy and a class instance with sorted keys', { p: new Proxy({ a: 1, b: 2 }, {}), c: new (class { public a = 1; public b = [2]; })() }],
  ['arrays: unchanged, holey, with a change after unchanged items, a Proxy, a subclass', {
    same: [1, 'a', [2, [3]], { a: 1 }],
    holes: [, 1, , { b: {}, a: 2 }], // eslint-disable-line no-sparse-arrays
    later: [1, 2, { z: 1, a: 2 }, undefined, () => 1],
    proxy: new Proxy([1, { b: 2, a: 1 }], {}),
    subclass: (() => { class List extends Array<number> {} const l = new List(); l.push(3, 1); return l; })(),
  }],
  ['objects whose keys are in order already, nested, with and without values that change', {
    a: { b: { c: 1, d: [1, { e: 2 }] }, f: 'x' },
    g: { h: 1, i: undefined, j: { k: 2 } },
    l: { m: { toJSON: () => 'n' }, o: 1 },
    p: { q: 1, r: () => 1 },
  }],
  ['a repeated, not circular, object', (() => { const shared = { x: 1 }; return { a: shared, b: [shared, shared] }; })()],
  ['an object with inherited, non-enumerable and symbol keys', (() => {
    const o: any = Object.create({ inherited: 1 });
    o.own = 2;
    Object.defineProperty(o, 'hidden', { value: 3, enumerable: false });
    o[Symbol('s')] = 4;
    return o;
  })()],
  ['a string', 'just "text"'],
  ['a number', 1e21],
  ['null', null],
  ['true', true],
];

describe('stableJson writes what json-stable-stringify with { space: 2 } writes', () => {
  test.each(tricky)('%s', (_name, value) => {
    const expected = cdktfWrites(value);
    expect(typeof expected).toBe('string');
    expect(stableJson(value)).toBe(expected);
  });

  test('integer-like keys are sorted as strings, not first as a plain object lists them', () => {
    expect(stableJson({ b: 1, 10: 2, 9: 3 })).toBe('{\n  "10": 2,\n  "9": 3,\n  "b": 1\n}');
  });

  test('an empty object or array spans two lines, its bracket indented to its level', () => {
    expect(stableJson({ a: { b: {} }, c: [] })).toBe('{\n  "a": {\n    "b": {\n    }\n  },\n  "c": [\n  ]\n}');
    expect(stableJson([])).toBe('[\n]');
  });

  test('nothing to write: undefined, a function, a toJSON giving undefined', () => {
    for (const value of [undefined, () => 1, { toJSON: () => undefined }]) {
      expect(stableJson(value)).toBe(cdktfWrites(value));
      expect(stableJson(value)).toBeUndefined();
    }
  });

  test('a circular object throws the same TypeError', () => {
    const cyclic: any = { a: { b: {} } };
    cyclic.a.b.back = cyclic;
    expect(() => cdktfWrites(cyclic)).toThrow(new TypeError('Converting circular structure to JSON'));
    expect(() => stableJson(cyclic)).toThrow(new TypeError('Converting circular structure to JSON'));
  });

  test('a value that holds the marker of an empty container is still written as there', () => {
    // The copy marks each empty container with a random text; a value holding that text (never, in practice) must not be taken for one.
    const values: unknown[] = [
      { a: `${EMPTY}{`, b: {} },
      { a: [], [`${EMPTY}[`]: 1 },
      { a: `"${EMPTY}{"`, b: [{}, [], `x"${EMPTY}[`] },
      { nested: { deeper: { e: {} } }, text: `${EMPTY}{` },
      [`${EMPTY}`, []],
    ];
    for (const value of values) expect(stableJson(value)).toBe(cdktfWrites(value));
  });

  test('many empty containers at every depth and position', () => {
    const value = {
      top: [[], {}, [[]], [{}], { a: {}, b: [] }],
      deep: { a: { b: { c: { d: { e: [] } } } } },
      last: {},
    };
    expect(stableJson(value)).toBe(cdktfWrites(value));
    expect(stableJson([{}])).toBe(cdktfWrites([{}]));
    expect(stableJson({ a: [] })).toBe(cdktfWrites({ a: [] }));
  });

  test('writeStableJson writes the same bytes, in pieces, over a file that was there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stable-json-'));
    const file = path.join(dir, 'cdk.tf.json');
    fs.writeFileSync(file, 'x'.repeat(100_000));
    const values: unknown[] = [
      { a: {}, b: [[], { c: [] }], text: 'é 😀 \u2028 "quoted" \ud800', [`${EMPTY}{`]: 'the marker as a key' },
      { a: {}, text: `${EMPTY}[` },
      { no: { empty: ['containers'] } },
      { big: Array.from({ length: 2_000 }, (_, i) => ({ i, e: i % 3 === 0 ? {} : [], s: 'ü'.repeat(i % 7) })) },
    ];
    for (const value of values) {
      writeStableJson(file, value);
      expect(fs.readFileSync(file, 'utf8')).toBe(cdktfWrites(value));
    }
    expect(() => writeStableJson(file, undefined)).toThrow(TypeError);
    fs.rmSync(dir, { recursive: true });
  });

  test('a configuration shaped as cdk.tf.json, written member by member in its first levels and gathered in a buffer, is the same bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stable-json-'));
    const file = path.join(dir, 'cdk.tf.json');
    const resource = (i: number) => ({
      name: `r-${i}`,
      count: i,
      labels: i % 4 === 0 ? {} : { b: 'x', a: 'ü'.repeat(i % 5) },
      list: i % 3 === 0 ? [] : [{}, { z: 1, a: [] }],
      // Long texts with characters of two, three and four UTF-8 bytes: some pieces fill the buffer, some are written alone.
      content: i % 50 === 7 ? 'é中😀'.repeat(30_000 + i) : `line ${i}\nnext "quoted"`,
    });
    const values: unknown[] = [
      {
        '//': { metadata: { version: '0.21.0', stackName: 's' }, outputs: {} },
        'resource': Object.fromEntries(['b_type', 'a_type', '10_type', '9_type'].map((type, t) => [type, Object.fromEntries(
          Array.from({ length: 120 }, (_, i) => [`${type}_${(i * 7) % 120}`, resource(t * 120 + i)]))])),
        'data': { empty_type: {}, one: withOwnKey('__proto__', { a: 1 }, { 10: {}, 9: [] }) },
        'provider': { google: [{ project: 'p', region: 'r' }] },
        'terraform': { backend: { local: { path: 'x' } }, required_providers: { google: { source: 'hashicorp/google', version: '6.0' } } },
        'locals': {},
        [`${EMPTY}{`]: { 'the marker as a key': [] },
        'x': `"${EMPTY}["`,
      },
      { a: { b: {} } },
      { a: { b: { c: {} } }, d: [] },
      { a: 'only strings', b: { c: 'd' } },
    ];
    for (const value of values) {
      writeStableJson(file, value);
      expect(fs.readFileSync(file, 'utf8')).toBe(cdktfWrites(value));
      expect(stableJson(value)).toBe(cdktfWrites(value));
    }
    fs.rmSync(dir, { recursive: true });
  });

  test('a toJSON on the prototype of strings, numbers or booleans is called as there', () => {
    const value = { s: 'text', n: 2, b: true, list: ['x', 1, false], o: { a: 'y' } };
    for (const type of [String, Number, Boolean, Object] as Array<{ prototype: object }>) {
      Object.defineProperty(type.prototype, 'toJSON', { value: function (this: unknown) { return `${typeof this} ${String(this)}`; }, configurable: true, writable: true });
      try {
        expect(stableJson(value)).toBe(cdktfWrites(value));
      } finally {
        delete (type.prototype as any).toJSON;
      }
    }
    expect(stableJson(value)).toBe(cdktfWrites(value));
  });

  test('a BigInt throws, as there', () => {
    expect(() => cdktfWrites({ a: BigInt(1) })).toThrow(TypeError);
    expect(() => stableJson({ a: BigInt(1) })).toThrow(TypeError);
  });

  test('300 random nested values (seeded)', () => {
    let seed = 18;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const keys = ['a', 'B', 'b', '10', '9', '0', '', '__proto__', 'é', '😀', 'key with "quote"', 'line\nbreak', '{}', '[]', 'Z1', 'z'];
    const leaves = [0, -0, 1e21, 1.5, NaN, -7, '', 'x', '{}', '[]\n', '"', '\ud800', true, false, null, undefined];
    const make = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.35) return pick(leaves);
      if (r < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
      const o: any = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) {
        Object.defineProperty(o, pick(keys), { value: make(depth + 1), enumerable: true, configurable: true, writable: true });
      }
      return o;
    };
    for (let i = 0; i < 300; i++) {
      const value = { root: make(0) };
      expect(stableJson(value)).toBe(cdktfWrites(value));
    }
  });
});
