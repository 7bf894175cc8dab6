import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { type App, Lazy, Token } from 'cdktf';
import { buildLibraryApp } from '../../bench/library-app';
import { benchPlatform } from '../../bench/spec';
import { buildPlatformApp } from '../../examples/platform/main';
import * as lib from '../../src';
import { onePassSplit, type StringFragments, type TokenStringFields } from '../../src/private/fast-split';

/* eslint-disable @typescript-eslint/no-require-imports */
const { TokenString } = require('cdktf/lib/tokens/private/encoding');
const { TokenMap } = require('cdktf/lib/tokens/private/token-map');
const { TokenizedStringFragments } = require('cdktf/lib/tokens/string-fragments');
/* eslint-enable @typescript-eslint/no-require-imports */

type Split = (this: TokenStringFields, lookup: (key: string) => unknown) => StringFragments;
const cdktfSplit: Split = TokenString.prototype.split;
const fastSplit = onePassSplit({ split: cdktfSplit, stringTokenRegex: TokenString.forString('').re, fragments: () => new TokenizedStringFragments() });

/** The fragments of a split, with each token named by its place in `tokens` (the same object, not an equal one). */
function fragmentsOf(fragments: StringFragments, tokens: unknown[]): unknown[] {
  return (fragments as any).fragments.map((f: any) => (f.type === 'token' ? { type: 'token', token: tokens.indexOf(f.token) } : f));
}

/** cdktf's split and the one-pass split of the same TokenString, with the keys each looked up. */
function bothSplits(tokenString: TokenStringFields, lookup: (key: string) => unknown, tokens: unknown[]) {
  const run = (split: Split) => {
    const looked: string[] = [];
    const fragments = split.call(tokenString, (key) => {
      looked.push(key);
      return lookup(key);
    });
    return { fragments: fragmentsOf(fragments, tokens), looked };
  };
  return { cdktf: run(cdktfSplit), fast: run(fastSplit) };
}

describe('the same fragments as cdktf\'s TokenString.split', () => {
  const tokens = [{ resolve: () => 'one' }, { resolve: () => 'two' }];
  const lookup = (key: string) => (key === 'TOKEN.1' ? tokens[0] : key === 'TOKEN.2' ? tokens[1] : undefined);
  const t1 = '${TfToken[TOKEN.1]}';
  const t2 = '${TfToken[TOKEN.2]}';

  const cases: string[] = [
    '', 'plain', t1, `${t1}${t2}`, `a${t1}b${t2}c`, `}${t1}`, `${t1}}`, `\${x}${t1}`, `${t1}\${x}`,
    // cdktf adds an empty literal when a `}` is right where it stands and a `${` further on: kept
    `a}\${b${t1}`, `}}\${\${${t1}}}`, '$${}', '${', '}', '${}', '$}{', '{{}}',
    // a token whose key is unknown stays a literal; a marker with characters a key cannot have is not a token
    '${TfToken[UNKNOWN]}', `\${TfToken[bad key]}${t1}`, `\${TfToken[${t1}`, `\${TfToken[]}${t2}`,
    // GitHub expressions and JSON around tokens, as a workflow or dashboard holds them
    `run: echo "\${{ secrets.TOKEN }}" ${t1}\n{"a": {"b": "${t2}"}}`,
    '${TfToken[TOKEN.1]', `${t1}${t1}${t1}`, 'x'.repeat(50) + t1 + '}'.repeat(30) + '${'.repeat(5),
  ];
  test.each(cases)('%j', (str) => {
    for (const escapes of [true, false]) {
      const { cdktf, fast } = bothSplits(TokenString.forString(str, escapes), lookup, tokens);
      expect(fast).toEqual(cdktf);
    }
  });

  test('5,000 random strings of tokens, escapes, braces and text (seeded)', () => {
    let seed = 24;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['${', '}', '{', '$', 'TfToken[', ']', 'a', ' ', '\n', t1, t2, '${TfToken[UNKNOWN]}', '${TfToken[a b]}', 'TOKEN.1', ']}'];
    // One assertion over the strings whose splits differ, compared strictly (prototypes and undefined properties
    // count): a toEqual per string was four fifths of the test's time.
    const differing: unknown[] = [];
    for (let i = 0; i < 5_000; i++) {
      let str = '';
      for (let n = Math.floor(random() * 25); n > 0; n--) str += pieces[Math.floor(random() * pieces.length)];
      const escapes = random() < 0.8;
      const { cdktf, fast } = bothSplits(TokenString.forString(str, escapes), lookup, tokens);
      if (!isDeepStrictEqual(fast, cdktf)) differing.push({ str, escapes, fast, cdktf });
    }
    expect(differing).toEqual([]);
  });

  test('lists, maps and numbers, and a string asked to warn about escapes, go to cdktf\'s split', () => {
    const calls: unknown[] = [];
    const split = onePassSplit({
      split(this: TokenStringFields) {
        calls.push(this.str);
        return new TokenizedStringFragments();
      },
      stringTokenRegex: TokenString.forString('').re,
      fragments: () => new TokenizedStringFragments(),
    });
    const list = Token.asList(Lazy.listValue({ produce: () => ['a'] }))[0];
    for (const tokenString of [TokenString.forListToken(list), TokenString.forNumbers('1'), TokenString.forMapToken('x'), TokenString.forString('${x}', true, true)]) {
      split.call(tokenString, () => undefined);
    }
    expect(calls).toEqual([list, '1', 'x', '${x}']);
  });
});

describe('every string cdktf splits in a synth', () => {
  /** The TokenStrings made while `build()`'s app synthesizes with fast synth, each split both ways with the real token map. */
  function splitsOf(build: (outdir: string) => App): { strings: number; withTokens: number; differing: unknown[] } {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fast-split-')), 'cdktf.out');
    const spy = jest.spyOn(TokenString, 'forString');
    let made: TokenStringFields[];
    try {
      build(outdir).synth();
      made = spy.mock.results.map((r) => r.value as TokenStringFields);
    } finally {
      spy.mockRestore();
    }
    const map = TokenMap.instance();
    const lookup = (key: string) => map.lookupToken(key);
    const differing: unknown[] = [];
    let withTokens = 0;
    for (const tokenString of made) {
      const tokens: unknown[] = [];
      const cdktf = fragmentsOf(cdktfSplit.call(tokenString, lookup), tokens);
      if (cdktf.some((f: any) => f.type === 'token')) withTokens++;
      const { cdktf: a, fast: b } = bothSplits(tokenString, lookup, tokens);
      if (JSON.stringify(a) !== JSON.stringify(b) || a.fragments.length !== cdktf.length) differing.push(tokenString.str);
    }
    return { strings: made.length, withTokens, differing };
  }

  test('examples/platform', () => {
    const { strings, withTokens, differing } = splitsOf((outdir) => {
      const app = buildPlatformApp(outdir);
      expect(lib.FastSynth.enable(app)).toBe(true);
      return app;
    });
    expect(withTokens).toBeGreaterThan(500);
    expect(strings).toBeGreaterThan(withTokens);
    expect(differing).toEqual([]);
  }, 120_000);

  test('the benchmark platform (20 services, at App scope)', () => {
    const { withTokens, differing } = splitsOf((outdir) => buildLibraryApp(lib, benchPlatform(20), outdir, { fastSynth: true, layout: 'stacks' }));
    expect(withTokens).toBeGreaterThan(1_000);
    expect(differing).toEqual([]);
  }, 120_000);
});
