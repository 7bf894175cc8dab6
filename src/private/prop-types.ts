import { Annotations } from './cdk';
import { pathOf, propError, showValue, throwIfProblems, type ErrorScope, type PropProblem } from './errors';
import { enumProblem, unresolved } from './validation';

/**
 * Runtime type checks of props, for callers the TypeScript compiler does not
 * see: JavaScript, the jsii languages, JSON settings, casts. Each props
 * interface has a small schema ({@link PropTypes}) next to it; the entry
 * construct checks its props against it first, before reading any of them,
 * so a string where a list belongs (`maintainers: 'alice'`) or a string where
 * a boolean belongs (`production: 'false'`) fails with the prop, the value and
 * the fix instead of being iterated letter by letter or read as truthy.
 *
 * Tokens (values known only at apply time) are refused by default: the
 * library's values name resources, are compared and are written into
 * repository files, so they must be known at synth. The few props that may be
 * tokens are marked with {@link tokenAllowed}: their checks are skipped, and
 * a warning says so.
 */
export interface PropType {
  /** The expected type, as a phrase (`a list of strings`). */
  readonly expected: string;
  /** Whether the prop may be left out. */
  readonly optional: boolean;
  /** Whether a token is accepted (its checks are then skipped, with a warning). */
  readonly tokens?: boolean;
  /** The problems of a defined value. */
  check(prop: string, value: unknown): PropProblem[];
}

/** A schema that names every prop of `P`: a required prop needs a required type, an optional prop an {@link optional} one. */
export type PropTypes<P> = {
  readonly [K in keyof P]-?: undefined extends P[K] ? PropType & { readonly optional: true } : PropType & { readonly optional: false };
};

/** What a value is, as a phrase for an error message. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** "a string", "an EnvironmentConfig". */
function a(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function simple(expected: string, test: (v: unknown) => boolean, fix: (v: unknown) => string): PropType & { readonly optional: false } {
  return {
    expected,
    optional: false,
    check: (prop, value) => {
      if (!test(value)) return [{ prop, value, problem: `is ${kindOf(value)}, not ${expected}`, fix: fix(value) }];
      return unresolved(value) ? [tokenProblem(prop, value)] : [];
    },
  };
}

/** A token where the value must be known at synth. */
function tokenProblem(prop: string, value: unknown): PropProblem {
  return {
    prop,
    value: typeof value === 'number' ? '<number token>' : value,
    problem: 'is an unresolved token, but it is written into repository files or names or sizes resources, so its value is needed at synth',
    fix: 'pass the literal value instead of a reference to another resource attribute or a variable',
  };
}

/** The same type, accepting tokens too: the checks that need the value are skipped, with a warning. */
export function tokenAllowed<T extends PropType>(type: T): T {
  return {
    ...type,
    tokens: true,
    check: (prop: string, value: unknown) => (unresolved(value) ? [] : type.check(prop, value)),
  };
}

/** A string (a string token passes). */
export const STRING = simple('a string', (v) => typeof v === 'string', (v) => (typeof v === 'number' || typeof v === 'boolean' ? `write it as a string: "${v}"` : 'pass a string'));

/** A finite number (a number token passes). */
export const NUMBER = simple('a number', (v) => typeof v === 'number' && !Number.isNaN(v), (v) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? `pass the number ${n}, not the string ${showValue(v)}` : 'pass a number';
});

/** A boolean: the strings "false" and "no" are refused, since they would read as true. */
export const BOOLEAN = simple('a boolean', (v) => typeof v === 'boolean', (v) => {
  const text = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  if (text === 'false' || text === 'no' || text === '0') return `pass the boolean false, not the string ${showValue(v)} (a non-empty string reads as true)`;
  if (text === 'true' || text === 'yes' || text === '1') return `pass the boolean true, not the string ${showValue(v)}`;
  return 'pass true or false';
});

/** An object whose exact class the library checks elsewhere (a GoldenPath, a provider, a team). */
export function instanceOf(name: string, test: (v: unknown) => boolean = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)): PropType & { readonly optional: false } {
  return simple(a(name), test, () => `pass ${a(name)}`);
}

/** A member of a string enum (from jsii callers, any string may come): refused with the list of valid values. */
export function enumOf(enumObject: Record<string, string>, enumName: string): PropType & { readonly optional: false } {
  return {
    expected: a(enumName),
    optional: false,
    check: (prop, value) => {
      const found = enumProblem(prop, value, enumObject, enumName);
      return found ? [found] : [];
    },
  };
}

/** A list whose entries are each of `item`'s type (no null entries). */
export function listOf(item: PropType): PropType & { readonly optional: false } {
  return {
    expected: `a list of ${item.expected.replace(/^an? /, '')}s`,
    optional: false,
    check: (prop, value) => {
      if (!Array.isArray(value)) {
        const single = value !== null && value !== undefined && item.check(prop, value).length === 0;
        return [{
          prop,
          value,
          problem: `is ${kindOf(value)}, not a list of ${item.expected.replace(/^an? /, '')}s`,
          fix: single ? `wrap it in a list: [${showValue(value)}]` : 'pass a list, e.g. []',
        }];
      }
      return value.flatMap((entry, i) => entryProblems(`${prop}[${i}]`, entry, item));
    },
  };
}

/** An object keyed by name (environment, variable), each value of `item`'s type (no null values). */
export function keyedBy(item: PropType, keyExample = 'dev'): PropType & { readonly optional: false } {
  return {
    expected: `an object of ${item.expected.replace(/^an? /, '')}s keyed by name`,
    optional: false,
    check: (prop, value) => {
      if (!isPlainObject(value)) {
        return [{ prop, value, problem: `is ${kindOf(value)}, not an object keyed by name`, fix: `pass an object such as { "${keyExample}": ... }` }];
      }
      return Object.entries(value).flatMap(([key, entry]) => entryProblems(`${prop}.${key}`, entry, item));
    },
  };
}

/** A nested struct, checked against its own schema. */
export function struct<P>(name: string, types: PropTypes<P>): PropType & { readonly optional: false } {
  return {
    expected: a(name),
    optional: false,
    check: (prop, value) => {
      if (!isPlainObject(value)) {
        return [{ prop, value, problem: `is ${kindOf(value)}, not ${a(name)} object`, fix: `pass an object with the keys of ${name} (${Object.keys(types).join(', ')})` }];
      }
      // A key the struct does not have is a typo or a setting in the wrong place: JavaScript and JSON files
      // send them, and leaving one out silently would keep the default the user meant to change.
      const unknown = Object.keys(value).filter((key) => !Object.prototype.hasOwnProperty.call(types, key)).map((key): PropProblem => {
        const near = Object.keys(types).find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
        return { prop: `${prop}.${key}`, value: value[key], problem: `is not a setting of ${name}`, fix: near ? `write "${near}"` : `use one of ${Object.keys(types).join(', ')}` };
      });
      return [...unknown, ...propTypeProblems(`${prop}.`, value, types)];
    },
  };
}

/** The number of single-character edits between two short strings (Levenshtein), for "did you mean". */
function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, j) => j);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (from[i - 1] === to[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[to.length];
}

/** The same type, but the prop may be left out (null is refused: leave the prop out instead). */
export function optional(type: PropType): PropType & { readonly optional: true } {
  return { ...type, optional: true };
}

function entryProblems(prop: string, entry: unknown, item: PropType): PropProblem[] {
  if (entry === null || entry === undefined) {
    return [{ prop, value: entry, problem: `is ${kindOf(entry)}, not ${item.expected}`, fix: 'remove the empty entry' }];
  }
  return item.check(prop, entry);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type problems of `props` against `types`, each prop prefixed with `prefix`. */
export function propTypeProblems(prefix: string, props: Record<string, unknown>, types: Record<string, PropType>): PropProblem[] {
  return Object.entries(types).flatMap(([key, type]) => {
    const value = props[key];
    const prop = `${prefix}${key}`;
    if (value === undefined) {
      return type.optional ? [] : [{ prop, value, problem: `is missing (${type.expected} is required)`, fix: `set ${key}` }];
    }
    if (value === null) {
      return [{ prop, value, problem: `is null, not ${type.expected}`, fix: type.optional ? `leave ${key} out for its default` : `set ${key} to ${type.expected}` }];
    }
    return type.check(prop, value);
  });
}

/**
 * Checks a construct's props object against its schema, all problems at once,
 * before the construct reads any of them. `example` shows a minimal props
 * object for when the whole object is missing.
 */
export function checkPropTypes<P>(scope: ErrorScope, props: P, types: PropTypes<P>, example: string): void {
  if (!isPlainObject(props)) {
    throw propError(scope, { prop: 'props', value: props, problem: `is ${kindOf(props)}, not a props object`, fix: `pass the props object, e.g. ${example}` });
  }
  throwIfProblems(scope, propTypeProblems('', props, types as Record<string, PropType>));
  if (typeof scope === 'string') return;
  for (const [key, type] of Object.entries(types as Record<string, PropType>)) {
    if (type.tokens && unresolved(props[key])) {
      Annotations.of(scope).addWarning(`[${pathOf(scope)}] ${key} is a token: the checks that need its value (format, uniqueness) are skipped at synth and happen at apply.`);
    }
  }
}
