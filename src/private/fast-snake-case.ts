/**
 * cdktf 0.21.0's `keysToSnakeCase` (lib/util) with its `snakeCase` remembered,
 * for the fast synth engine (`fast-synth.ts`, which loads cdktf's internals
 * and hands them here). Every resource's meta-arguments (`dependsOn`, `count`,
 * `provider`, `lifecycle`, `forEach`, `connection`) and every provider's
 * attributes go through it at each synth, and `snakeCase` runs four regular
 * expressions per key over the same few hundred names. `snakeCase` is a
 * function of its argument alone, so a string's snake case is remembered; the
 * walk is cdktf's, step for step.
 */

/** What the fast path takes from cdktf: `snakeCase` and `Tokenization.isResolvable`. */
export interface CdktfSnakeCaseInternals {
  readonly snakeCase: (str: string) => string;
  readonly isResolvable: (obj: unknown) => boolean;
}

const CACHE_SIZE = 10_000;

/** `keysToSnakeCase(object)` of cdktf 0.21.0, with `snakeCase` remembered by string. */
export function rememberingKeysToSnakeCase(cdktf: CdktfSnakeCaseInternals): (object: any) => any {
  const known = new Map<unknown, string>();
  const snakeCase = (str: any): string => {
    if (typeof str !== 'string') return cdktf.snakeCase(str);
    let snake = known.get(str);
    if (snake === undefined) {
      snake = cdktf.snakeCase(str);
      if (known.size >= CACHE_SIZE) known.clear();
      known.set(str, snake);
    }
    return snake;
  };
  const keysToSnakeCase = (object: any): any => {
    if (cdktf.isResolvable(object)) return object;
    if (Array.isArray(object)) return object.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
    const keys = Object.keys(object);
    return keys.reduce((newObject: any, key) => {
      if (key === 'tags' || key === 'environment') {
        newObject[key] = object[key];
        return newObject;
      }
      let value = object[key];
      if (typeof value === 'object') value = keysToSnakeCase(value);
      if (Array.isArray(value)) value = value.map((e: unknown) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
      newObject[snakeCase(key)] = value;
      return newObject;
    }, {});
  };
  return keysToSnakeCase;
}
