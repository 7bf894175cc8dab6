import { rememberingKeysToSnakeCase } from '../../src/private/fast-snake-case';

/* eslint-disable @typescript-eslint/no-require-imports */
/** cdktf 0.21.0's own, which fast synth puts the remembering one in place of while it synthesizes. */
const util = require('cdktf/lib/util') as { keysToSnakeCase: (o: any) => any; snakeCase: (s: string) => string };
const { Tokenization } = require('cdktf/lib/tokens/token') as { Tokenization: { isResolvable: (o: unknown) => boolean } };
/* eslint-enable @typescript-eslint/no-require-imports */

const remembering = rememberingKeysToSnakeCase({ snakeCase: util.snakeCase, isResolvable: Tokenization.isResolvable });

/** The outcome as text: the value with its keys in order, or the error. */
function outcome(fn: () => unknown): string {
  try {
    return JSON.stringify(fn(), (_k, v) => (v === undefined ? '<undefined>' : typeof v === 'function' ? '<function>' : v));
  } catch (e) {
    return `threw ${String(e)}`;
  }
}

describe('keysToSnakeCase with snakeCase remembered gives what cdktf\'s gives', () => {
  const resolvable = { resolve: () => 'x', toString: () => 'token' };
  const cases: Array<[string, unknown]> = [
    ['meta-arguments', { dependsOn: ['a.b'], count: undefined, provider: 'google.x', lifecycle: { ignoreChanges: ['template'], createBeforeDestroy: true }, forEach: undefined, connection: undefined }],
    ['names of every shape', { 'camelCase': 1, 'PascalCase': 2, 'snake_case': 3, 'kebab-case': 4, 'ABCName': 5, 'a1B2c3': 6, '_lead': 7, 'trail_': 8, '': 9, 'x--y__z': 10, 'dotted.name': 11, 'é': 12 }],
    ['tags and environment kept as they are', { tags: { someKey: 'v' }, environment: { FOO_BAR: 'x', camelCase: 'y' }, nested: { tags: { innerKey: 1 } } }],
    ['arrays of objects, arrays of arrays, scalars', { items: [{ itemName: 'a' }, 'plain', 3, [{ deepName: 1 }], null], list: [[{ aB: 1 }]] }],
    ['a resolvable is kept whole', { someToken: resolvable, list: [resolvable] }],
    ['a top-level array', [{ fooBar: 1 }, { bazQux: { innerKey: true } }]],
    ['a null value throws as there', { fooBar: null }],
    ['integer-like keys', { 10: { aB: 1 }, 2: 'x', camelCase: 'y' }],
  ];
  test.each(cases)('%s', (_name, value) => {
    // Twice: the second time from what it remembers.
    expect(outcome(() => remembering(value))).toBe(outcome(() => util.keysToSnakeCase(value)));
    expect(outcome(() => remembering(value))).toBe(outcome(() => util.keysToSnakeCase(value)));
  });

  test('keeps resolvables by reference, as there', () => {
    expect(remembering({ someToken: resolvable }).some_token).toBe(resolvable);
  });
});
