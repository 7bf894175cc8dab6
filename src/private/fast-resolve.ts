/**
 * A fast path for plain values in front of cdktf 0.21.0's `resolve()`, for
 * the fast synth engine (`fast-synth.ts`, which loads cdktf's internals and
 * hands them here). cdktf resolves a configuration value by value: for every
 * key of every object it makes two resolution contexts (closures and a copy
 * of the key path) and tests every string against its token patterns, which
 * is most of the time a synth spends resolving, although nearly every value
 * is a plain string, number, boolean, array or object.
 *
 * {@link plainResolver} walks plain arrays and objects and copies plain
 * scalars itself, building the same new objects cdktf builds (undefined
 * values left out, keys in the same order); anything that is or may be a
 * token goes to cdktf's own `resolve()`, with the key path and options cdktf
 * would have passed it there:
 *
 * - a string holding `TfToken[` (string, list and map tokens), a string a
 *   number token may be encoded in (cdktf's number pattern), and the values
 *   cdktf refuses in a string context (its map token values);
 * - a number that is an encoded token (string or list), and cdktf's map
 *   token number;
 * - an array holding a list token (cdktf resolves it whole);
 * - an object that is resolvable (has `resolve`), a construct, a Date, one
 *   with a key that is not a plain string (map tokens, tokens in keys);
 * - a function (cdktf refuses it), and any value deeper than cdktf's limit of
 *   200 keys (cdktf refuses it as a circular reference).
 *
 * The objects it builds are `{}` literals holding no undefined value: when
 * cdktf's resolve() gave back no object or function anywhere in a result and
 * no key was `__proto__`, the result is a tree of plain objects (what
 * `merge-fragments.ts` checks its fragments for before it takes them as they
 * are), and {@link plainResolver} records it in `plainTrees` if given.
 *
 * Nothing else differs: the flags cdktf hands down from context to context
 * (suppressBraces, ignoreEscapes, warnEscapes, iteratorContext) do not change
 * across plain objects and arrays, so a value handed to cdktf deep inside
 * them is resolved as cdktf would have resolved it there.
 */

/** What cdktf's `resolve(obj, options)` takes (tokens/private/resolve). */
export interface ResolveOptions {
  readonly prefix?: string[];
  readonly [key: string]: unknown;
}

/** cdktf 0.21.0's resolve and what tells a token from a plain value. */
export interface CdktfResolveInternals {
  /** `tokens/private/resolve`: `resolve(obj, options)`. */
  readonly resolve: (obj: unknown, options: ResolveOptions) => unknown;
  /** `tokens/private/encoding`: `extractTokenDouble(x, list)`. */
  readonly extractTokenDouble: (x: number, list: boolean) => number | undefined;
  /** `Token.STRING_MAP_TOKEN_VALUE`, `Token.ANY_MAP_TOKEN_VALUE`, `Token.NUMBER_MAP_TOKEN_VALUE`. */
  readonly stringMapTokenValue: string;
  readonly anyMapTokenValue: string;
  readonly numberMapTokenValue: number;
}

/** cdktf's NUMBER_TOKEN_REGEX (tokens/private/encoding), without its global flag. */
const NUMBER_TOKEN = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** What cdktf's string, list and map token markers share. */
const TOKEN_MARKER = 'TfToken[';
/** cdktf refuses a key path longer than this (a circular reference). */
const MAX_DEPTH = 200;
/**
 * No number above this is an encoded token. cdktf encodes a token in a
 * double whose top 16 bits are 0xFDFF (string tokens) or 0xFBFF (list
 * tokens): the sign bit set and a biased exponent of 0x7DF or 0x7BF, that is
 * a negative number of magnitude at least 2^(0x7BF - 1023) = 2^960 (about
 * -9.7e288). A number above this bound is answered here without
 * `extractTokenDouble`, which makes an ArrayBuffer and two typed arrays for
 * every number it looks at (NaN and numbers below go the long way, as
 * before). Exported for tests.
 */
const NO_TOKEN_ABOVE = -1e200;
export { NO_TOKEN_ABOVE };


/**
 * `resolve(obj, options)` of cdktf with plain values handled here (see the
 * module's comment); each result that is a tree of plain objects by
 * construction is added to `plainTrees`.
 */
export function plainResolver(cdktf: CdktfResolveInternals, plainTrees?: WeakSet<object>): (obj: unknown, options: ResolveOptions) => unknown {
  const { resolve, extractTokenDouble, stringMapTokenValue, anyMapTokenValue, numberMapTokenValue } = cdktf;
  const plainString = (s: string) => !s.includes(TOKEN_MARKER) && !NUMBER_TOKEN.test(s) && s !== stringMapTokenValue && s !== anyMapTokenValue;
  const plainNumber = (n: number) =>
    n !== numberMapTokenValue && (n > NO_TOKEN_ABOVE || (extractTokenDouble(n, false) === undefined && extractTokenDouble(n, true) === undefined));
  const listToken = (n: number) => !(n > NO_TOKEN_ABOVE) && extractTokenDouble(n, true) !== undefined;

  return function fastResolve(obj: unknown, options: ResolveOptions): unknown {
    const prefix = options.prefix ?? [];
    const path: string[] = [];
    /** Objects and functions cdktf's resolve() gave back, and `__proto__` keys met: what may make the result other than a plain tree. */
    let notPlain = 0;
    const toCdktf = (value: unknown) => {
      const resolved = resolve(value, path.length === 0 ? options : { ...options, prefix: prefix.concat(path) });
      if ((typeof resolved === 'object' && resolved !== null) || typeof resolved === 'function') notPlain++;
      return resolved;
    };

    const walk = (value: unknown): unknown => {
      if (prefix.length + path.length > MAX_DEPTH) return toCdktf(value);
      switch (typeof value) {
        case 'undefined': return undefined;
        case 'string': return plainString(value) ? value : toCdktf(value);
        case 'number': return plainNumber(value) ? value : toCdktf(value);
        case 'boolean': case 'bigint': case 'symbol': return value;
        case 'object': break;
        default: return toCdktf(value);
      }
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (const x of value) {
          if ((typeof x === 'string' && x.includes(`#{${TOKEN_MARKER}`)) || (typeof x === 'number' && listToken(x))) return toCdktf(value);
        }
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          path.push(`${i}`);
          const resolved = walk(value[i]);
          path.pop();
          if (resolved !== undefined) out.push(resolved);
        }
        return out;
      }
      const record = value as Record<string, unknown>;
      if (value instanceof Date || typeof record.resolve === 'function' || (record._children !== undefined && record._metadata !== undefined)) return toCdktf(value);
      const keys = Object.keys(record);
      for (const key of keys) if (!plainString(key)) return toCdktf(value);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        // `out.__proto__ = x` sets the prototype, as cdktf's `newObj[key] = x` does.
        if (key === '__proto__') notPlain++;
        path.push(key);
        const resolved = walk(record[key]);
        path.pop();
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    };
    const result = walk(obj);
    if (plainTrees !== undefined && notPlain === 0 && typeof result === 'object' && result !== null && !Array.isArray(result)) plainTrees.add(result);
    return result;
  };
}
