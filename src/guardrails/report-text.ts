/**
 * The text of a report as `JSON.stringify(value, null, 2)` writes it, with the
 * parts every stack's report repeats (the rules of a configuration, the same
 * for the stacks of a synthesis) serialized once and their text reused.
 *
 * A value marked as reused ({@link reused}) is written once (per level of
 * nesting) and its text kept; the objects and arrays on the way to it are
 * marked as frames ({@link frame}). The rest is written by one
 * `JSON.stringify`, with a marker in the place of each reused value. The text
 * is that of `JSON.stringify(value, null, 2)` whatever the marks.
 */

/** The objects and arrays that hold reused values: copied with markers in their place. */
const FRAMES = new WeakSet<object>();
/** The text of reused values, by the level they were written at. */
const TEXTS = new WeakMap<object, Map<number, string>>();

/** Marks a new object or array, made for a report, as one that holds a reused value (or holds one that does). */
export function frame<T extends object>(value: T): T {
  FRAMES.add(value);
  return value;
}

/**
 * Marks a value as reused: the same object in the report of every stack,
 * written once (per level) and never changed after it is first written.
 */
export function reused<T extends object>(value: T): T {
  if (!TEXTS.has(value)) TEXTS.set(value, new Map());
  return value;
}

const INDENT = '  ';

/**
 * A copy of the frames of a value, with each reused value inside them
 * replaced by a marker string (its place in `found`); anything else is the
 * same object, not copied.
 */
function withMarkers(value: unknown, found: object[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (TEXTS.has(value)) {
    found.push(value);
    return `${MARKER}${found.length - 1}${MARKER}`;
  }
  if (!FRAMES.has(value)) return value;
  if (Array.isArray(value)) return value.map((item) => withMarkers(item, found));
  // Without a prototype, a key such as __proto__ is a key like any other, as in the value.
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) copy[key] = withMarkers((value as Record<string, unknown>)[key], found);
  return copy;
}
/** What a marker starts and ends with: a character JSON writes escaped, so its text is `"\u0001<n>\u0001"`. */
const MARKER = '\u0001';

/** The text of a reused value written `level` levels deep, written once per level. */
function reusedText(value: object, level: number): string {
  const texts = TEXTS.get(value)!;
  let text = texts.get(level);
  if (text === undefined) {
    text = JSON.stringify(value, null, 2);
    // A string never holds a raw line break: the value's lines after its first take the indentation of its level.
    if (level > 0) text = text.replace(/\n/g, `\n${INDENT.repeat(level)}`);
    texts.set(level, text);
  }
  return text;
}

/**
 * `JSON.stringify(value, null, 2)`, with the text of reused values written
 * once: the value is written by one JSON.stringify with a marker in place of
 * each reused value, and each marker's text replaced by the reused value's.
 * Should the text hold a marker's text more than once (a string of the value
 * that is one), the value is written whole instead.
 */
export function reportText(value: unknown): string {
  const found: object[] = [];
  const marked = withMarkers(value, found);
  const text = JSON.stringify(marked, null, 2) as string | undefined;
  if (found.length === 0 || text === undefined) return text ?? 'undefined';
  let result = '';
  let from = 0;
  for (let i = 0; i < found.length; i++) {
    const marker = JSON.stringify(`${MARKER}${i}${MARKER}`);
    const at = text.indexOf(marker, from);
    if (at === -1 || text.indexOf(marker, at + marker.length) !== -1 || text.indexOf(marker) !== at) return JSON.stringify(value, null, 2);
    // The marker's line starts with the indentation of the level it is written at.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let spaces = 0;
    while (text.charCodeAt(lineStart + spaces) === 0x20) spaces++;
    result += text.slice(from, at) + reusedText(found[i], spaces / 2);
    from = at + marker.length;
  }
  return result + text.slice(from);
}
