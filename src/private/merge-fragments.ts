/**
 * The merge of a stack's resolved fragments into its configuration, for the
 * fast synth engine (`fast-synth.ts`): what cdktf 0.21.0's
 * `for (const fragment of fragments) deepMerge(target, fragment)` makes,
 * without copying what it need not.
 *
 * cdktf's `deepMerge` copies every object of a fragment, key by key, into a new
 * one in the target (arrays it takes as they are), so a stack's configuration
 * is copied once more after being resolved. When the target and every
 * fragment are trees of plain objects (what `resolve()` makes: no resolvable,
 * no Date, no undefined value, which `deepMerge` would drop),
 * {@link mergeFragments} takes each object of a fragment into the target as it
 * is, where `deepMerge` would have copied it into an empty object, and copies
 * one (shallowly, keys in order) only when a later fragment merges into it:
 * the fragments are never changed, and the result is the same tree, key for
 * key. Otherwise, and for an object merged into an array or null, it runs
 * cdktf's `deepMerge`.
 */

type DeepMerge = (target: any, ...sources: any[]) => any;

function isPlainObject(value: any): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a tree of plain objects with no undefined value (arrays, and what they hold, aside). Exported for tests. */
export function plainTree(value: any): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype || typeof value.resolve === 'function') return false;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || (isPlainObject(item) && !plainTree(item))) return false;
  }
  return true;
}

/**
 * `for (const f of fragments) deepMerge(target, f)` of cdktf 0.21.0 (its own
 * `deepMerge` is passed in), leaving the fragments unchanged when they are
 * plain trees (see the module's comment). `knownPlain` vouches for fragments
 * that are plain trees by construction (the fast resolver's results), which
 * are then not walked to check it.
 */
export function mergeFragments(
  target: Record<string, any>, fragments: readonly unknown[], deepMerge: DeepMerge, knownPlain: (fragment: object) => boolean = () => false,
): Record<string, any> {
  if (!isPlainObject(target) || !plainTree(target) || !fragments.every((f) => isPlainObject(f) && (knownPlain(f as object) || plainTree(f)))) {
    for (const fragment of fragments) deepMerge(target, fragment);
    return target;
  }
  /** Objects of the fragments the target holds as they are: copied before anything is merged into them. */
  const borrowed = new Set<object>();
  const owned = (parent: any, key: string): any => {
    const current = parent[key];
    if (!borrowed.has(current)) return current;
    const copy = { ...current };
    for (const child of Object.values(copy)) if (isPlainObject(child)) borrowed.add(child as object);
    parent[key] = copy;
    return copy;
  };
  const merge = (into: any, source: any): void => {
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (!isPlainObject(value)) {
        if (value === undefined) delete into[key];
        else if (Array.isArray(value) && Array.isArray(into[key])) into[key] = [...into[key], ...value];
        else into[key] = value;
        continue;
      }
      const current = into[key];
      if (typeof current !== 'object') {
        into[key] = value;
        borrowed.add(value);
      } else if (current === null || Array.isArray(current)) {
        deepMerge(current, value);
      } else {
        merge(owned(into, key), value);
      }
    }
  };
  for (const fragment of fragments) merge(target, fragment);
  return target;
}
