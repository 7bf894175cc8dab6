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
 * `resolve(obj, options)` of cdktf with plain values handled here (see the
 * module's comment).
 */
export function plainResolver(cdktf: CdktfResolveInternals): (obj: unknown, options: ResolveOptions) => unknown {
  const { resolve, extractTokenDouble, stringMapTokenValue, anyMapTokenValue, numberMapTokenValue } = cdktf;
  const plainString = (s: string) => !s.includes(TOKEN_MARKER) && !NUMBER_TOKEN.test(s) && s !== stringMapTokenValue && s !== anyMapTokenValue;
  const plainNumber = (n: number) =>
    n !== numberMapTokenValue && extractTokenDouble(n, false) === undefined && extractTokenDouble(n, true) === undefined;

  return function fastResolve(obj: unknown, options: ResolveOptions): unknown {
    const prefix = options.prefix ?? [];
    const path: string[] = [];
    const toCdktf = (value: unknown) => resolve(value, path.length === 0 ? options : { ...options, prefix: prefix.concat(path) });

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
          if ((typeof x === 'string' && x.includes(`#{${TOKEN_MARKER}`)) || (typeof x === 'number' && extractTokenDouble(x, true) !== undefined)) return toCdktf(value);
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
        path.push(key);
        const resolved = walk(record[key]);
        path.pop();
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    };
    return walk(obj);
  };
}
