/**
 * The text of a report as `JSON.stringify(value, null, 2)` writes it, with the
 * parts every stack's report repeats (the rules of a configuration, the same
 * for the stacks of a synthesis) serialized once and their text reused.
 *
 * A value marked as a frame ({@link frame}) is written here, member by member;
 * a value marked as reused ({@link reused}) is written once and its text kept;
 * any other value is written by `JSON.stringify`. The text is that of
 * `JSON.stringify(value, null, 2)` whatever the marks: a string never holds a
 * raw line break (JSON escapes it), so a value's text at a deeper level is its
 * text with every line break followed by the indentation of that level.
 */

/** Values written member by member, because a reused value lies inside them. */
const FRAMES = new WeakSet<object>();
/** The text of reused values, by the level they were written at. */
const TEXTS = new WeakMap<object, Map<number, string>>();

/** Marks a new object or array, made for a report, as one written member by member (it holds a reused value). */
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

/** `JSON.stringify(value, null, 2)` of a value written `level` levels deep in another (its inner lines indented as they are there). */
function textAt(value: unknown, level: number): string | undefined {
  if (value !== null && typeof value === 'object') {
    const texts = TEXTS.get(value);
    if (texts !== undefined) {
      let text = texts.get(level);
      if (text === undefined) texts.set(level, text = deeper(JSON.stringify(value, null, 2), level));
      return text;
    }
    if (FRAMES.has(value)) return frameText(value, level);
  }
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined ? undefined : deeper(text, level);
}

function deeper(text: string, level: number): string {
  return level === 0 || !text.includes('\n') ? text : text.replace(/\n/g, `\n${INDENT.repeat(level)}`);
}

function frameText(value: object, level: number): string {
  const inner = INDENT.repeat(level + 1);
  const parts: string[] = [];
  if (Array.isArray(value)) {
    // As JSON.stringify writes an array: what has no JSON text (undefined, a function) is null.
    for (const item of value) parts.push(`${inner}${textAt(item, level + 1) ?? 'null'}`);
    return parts.length === 0 ? '[]' : `[\n${parts.join(',\n')}\n${INDENT.repeat(level)}]`;
  }
  const obj = value as Record<string, unknown>;
  // As JSON.stringify writes an object: its own enumerable string keys in order, without those whose value has no JSON text.
  for (const key of Object.keys(obj)) {
    const text = textAt(obj[key], level + 1);
    if (text !== undefined) parts.push(`${inner}${JSON.stringify(key)}: ${text}`);
  }
  return parts.length === 0 ? '{}' : `{\n${parts.join(',\n')}\n${INDENT.repeat(level)}}`;
}

/** `JSON.stringify(value, null, 2)`, with the text of reused values written once (see the module's documentation). */
export function reportText(value: unknown): string {
  return textAt(value, 0) ?? 'undefined';
}
