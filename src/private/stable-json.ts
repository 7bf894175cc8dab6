import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { types } from 'util';

/**
 * The text `json-stable-stringify` 1.3 gives for `stringify(value, { space: 2 })`
 * (what cdktf 0.21 writes `cdk.tf.json` with), byte for byte, in about three
 * quarters of the time: a copy of the value with its keys sorted, written by one native
 * `JSON.stringify(copy, null, 2)`, then its empty objects and arrays spread
 * over two lines as `json-stable-stringify` writes them.
 *
 * Its rules, kept here (they differ from `JSON.stringify(value, null, 2)`):
 * - an object's own enumerable keys are sorted by UTF-16 code units (`"10"`
 *   before `"9"`, `"B"` before `"a"`), integer keys included, where a plain
 *   object would list them first: an object with a key that starts with a
 *   digit is copied behind a Proxy that lists its keys in sorted order (an
 *   object whose keys are in that order already, with no value that changes
 *   or drops, is written as it is, not copied);
 * - an empty object or array spans two lines (`{` and an indented `}`);
 * - `toJSON()` is called with no argument, once, on any value that has one
 *   (twice in the fallback below);
 * - in objects, values that give no JSON (`undefined`, functions, symbols) drop
 *   the key; in arrays they become `null`;
 * - an object that contains itself throws a `TypeError` (an array that
 *   contains itself overflows the stack, as there);
 * - primitives are written by `JSON.stringify` (`NaN` → `null`, `-0` → `0`,
 *   `1e21` → `1e+21`, lone surrogates escaped).
 *
 * The copy holds each empty object and array as a marker string, a random
 * text made once per process; the native `indexOf` then finds the markers
 * (a long needle, found without reading most of the text), and the text is
 * written in pieces with each empty container spread over two lines in its
 * place ({@link writeStableJson}; {@link stableJson} joins them).
 *
 * The text itself is made in pieces too ({@link textPieces}): the first two
 * levels of objects member by member, each member below them (a resource of
 * `cdk.tf.json`) by its own `JSON.stringify`, each piece written out (its
 * markers spread) before the next is made. One text of a whole stack (up to
 * megabytes) is a string V8 makes in its large-object space and must then copy
 * flat before anything can read it, which costs more than writing it; the
 * pieces are small strings that die young.
 * When the text holds the marker more often than the copy put it there (a
 * value of the configuration holds the marker itself), it is written again
 * without markers and its empty containers are found in the text.
 */
export function stableJson(value: unknown): string | undefined {
  const parts: string[] = [];
  const written = writePieces(value, (part) => parts.push(part));
  if (written === WRITTEN) return parts.join('');
  return written === NO_JSON ? undefined : unmarkedText(value);
}

/**
 * Writes {@link stableJson}'s text of `value` to `file` as `fs.writeFileSync`
 * would, piece by piece as the pieces are made, through one buffer: the text
 * is never one string, and each piece is garbage by the time the next is made.
 */
export function writeStableJson(file: string, value: unknown): void {
  const copy = new SortedCopy(EMPTY);
  const sorted = copy.of(value);
  if (givesNoJson(sorted)) throw new TypeError(`nothing to write to ${file}: the value gives no JSON`);
  const fd = fs.openSync(file, 'w');
  let written: Written;
  try {
    const out = new BufferedWrite(fd);
    written = writeCopy(copy, sorted, (part) => out.write(part));
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
  if (written !== WRITTEN) fs.writeFileSync(file, unmarkedText(value)!);
}

/** What {@link writePieces} did: wrote the text, found that the value gives no JSON, or wrote text whose markers did not add up (to be written again). */
type Written = typeof WRITTEN | typeof NO_JSON | typeof MARKERS_AMISS;
const WRITTEN = 0;
const NO_JSON = 1;
const MARKERS_AMISS = 2;

function givesNoJson(copy: unknown): boolean {
  return copy === undefined || typeof copy === 'function' || typeof copy === 'symbol';
}

/** Hands the pieces of {@link stableJson}'s text of `value` to `emit`, in order. */
function writePieces(value: unknown, emit: (part: string) => void): Written {
  const copy = new SortedCopy(EMPTY);
  const sorted = copy.of(value);
  return givesNoJson(sorted) ? NO_JSON : writeCopy(copy, sorted, emit);
}

function writeCopy(copy: SortedCopy, sorted: unknown, emit: (part: string) => void): Written {
  if (copy.empties === 0) {
    textPieces(sorted, emit);
    return WRITTEN;
  }
  let found = 0;
  textPieces(sorted, (text) => {
    if (found >= 0) found = spreadMarked(text, found, copy.empties, emit);
  });
  return found === copy.empties ? WRITTEN : MARKERS_AMISS;
}

/** The text written again without markers, its empty containers found in the text: for a value that holds the marker itself. */
function unmarkedText(value: unknown): string | undefined {
  const text = JSON.stringify(new SortedCopy(undefined).of(value), null, 2) as string | undefined;
  return text === undefined ? undefined : spreadEmpties(text);
}

/**
 * Writes pieces of text to a file through one buffer, written when full; a
 * piece too long for it is written alone. The buffer is the process's one
 * (a write runs to its end before another starts), not one per file.
 */
class BufferedWrite {
  private static shared: Buffer | undefined;
  private readonly buffer = (BufferedWrite.shared ??= Buffer.allocUnsafe(WRITE_BUFFER_BYTES));
  private used = 0;

  public constructor(private readonly fd: number) {}

  public write(part: string): void {
    // At most three bytes of UTF-8 per UTF-16 code unit.
    if (this.used + part.length * 3 > this.buffer.length) this.flush();
    if (part.length * 3 > this.buffer.length) writeAll(this.fd, Buffer.from(part, 'utf8'));
    else this.used += this.buffer.write(part, this.used, 'utf8');
  }

  public flush(): void {
    writeAll(this.fd, this.buffer, this.used);
    this.used = 0;
  }
}

const WRITE_BUFFER_BYTES = 256 * 1024;

function writeAll(fd: number, bytes: Buffer, length: number = bytes.length): void {
  for (let written = 0; written < length;) written += fs.writeSync(fd, bytes, written, length - written);
}

/** How many levels of objects {@link textPieces} writes member by member. */
const MEMBER_LEVELS = 2;

/**
 * Hands the text of `JSON.stringify(copy, null, 2)` to `emit` in pieces, for
 * a copy made by {@link SortedCopy} that gives JSON (plain objects, or Proxies
 * of them that list their keys, with no `toJSON`): objects in the first
 * {@link MEMBER_LEVELS} levels are written member by member, any other member
 * by a `JSON.stringify` of its own, inside objects that put it at its level
 * (so that its lines carry their indentation), and cut out of that text.
 * Every piece that holds a value starts with the line break before its
 * member, so a marker's line start is in its piece.
 */
function textPieces(copy: unknown, emit: (part: string) => void): void {
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) emit(JSON.stringify(copy, null, 2));
  else objectPieces(copy, 0, emit);
}

function objectPieces(object: object, level: number, emit: (part: string) => void): void {
  const keys = Object.keys(object);
  let members = 0;
  for (const key of keys) {
    const value = (object as any)[key];
    const type = typeof value;
    // What JSON.stringify leaves out of an object (a copy has none of them).
    if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
    emit(members++ === 0 ? '{' : ',');
    if (level + 1 < MEMBER_LEVELS && type === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
      emit(`\n${INDENTS[level + 1]}${JSON.stringify(key)}: `);
      objectPieces(value, level + 1, emit);
    } else {
      emit(memberText(key, value, level + 1));
    }
  }
  emit(members === 0 ? '{}' : `\n${INDENTS[level]}}`);
}

const INDENTS = Array.from({ length: MEMBER_LEVELS + 1 }, (_, level) => '  '.repeat(level));

/**
 * `"\n<indent>"key": <value>"`, the member written at `level` as
 * `JSON.stringify(..., null, 2)` writes it there: the member alone in an
 * object, inside `level - 1` objects of one member each, cut out of their text.
 */
function memberText(key: string, value: unknown, level: number): string {
  let holder: object = { [key]: value };
  for (let i = 1; i < level; i++) holder = { m: holder };
  const text = JSON.stringify(holder, null, 2);
  const cut = MEMBER_CUTS[level];
  return text.slice(cut.before, text.length - cut.after);
}

/** By level: how many characters the holders of {@link memberText} write before the member's line break, and after its value. */
const MEMBER_CUTS = INDENTS.map((_, level) => {
  if (level === 0) return { before: 0, after: 0 };
  let holder: object = { k: 0 };
  for (let i = 1; i < level; i++) holder = { m: holder };
  const text = JSON.stringify(holder, null, 2);
  return { before: text.indexOf(`\n${INDENTS[level]}"k"`), after: text.length - text.indexOf('0') - 1 };
});

/** The marker of an empty container: `<EMPTY>{` or `<EMPTY>[`, written by `JSON.stringify` as is (no character it escapes). Exported for tests. */
export const EMPTY = `gp-empty-${randomBytes(16).toString('hex')}-`;

class SortedCopy {
  /** How many empty objects and arrays (or objects whose values all drop) the copy has. */
  public empties = 0;
  private readonly ancestors: object[] = [];

  /** Whether a string, number, boolean, bigint, symbol or function has a toJSON (through its prototype: nearly never). */
  private readonly primitivesHaveToJSON = [String, Number, Boolean, BigInt, Symbol, Function].some((type) => 'toJSON' in type.prototype);

  /** @param marker what to put in place of an empty container (followed by its opening bracket), or nothing to keep it */
  public constructor(private readonly marker: string | undefined) {}

  public of(node: any): any {
    if (typeof node !== 'object' || node === null) {
      // A primitive (or function) has a toJSON only through its prototype, which nearly never has one.
      if (!this.primitivesHaveToJSON || !node || typeof node.toJSON !== 'function') return node;
      node = node.toJSON();
      if (typeof node !== 'object' || node === null) return node;
    } else if (typeof node.toJSON === 'function') {
      node = node.toJSON();
      if (typeof node !== 'object' || node === null) return node;
    }
    if (Array.isArray(node)) return this.ofArray(node);
    if (this.ancestors.includes(node)) throw new TypeError('Converting circular structure to JSON');
    this.ancestors.push(node);
    const keys = Object.keys(node);
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
    if (!sorted) keys.sort();
    // Made at the first key whose value changes or drops (at once when the keys were not in order).
    let copy: any;
    let digitKey = false;
    let written = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const raw = node[key];
      const value = this.of(raw);
      const type = typeof value;
      // Values that give no JSON stay out of the copy (a function under "toJSON" would be called).
      const drops = type === 'undefined' || type === 'function' || type === 'symbol';
      if (copy === undefined && (!sorted || drops || value !== raw || key === '__proto__')) {
        copy = {};
        // The keys before, in order, with their values as they are (none of them is "__proto__").
        for (let j = 0; j < i; j++) copy[keys[j]] = node[keys[j]];
      }
      if (drops) continue;
      written++;
      const first = key.charCodeAt(0);
      if (first >= 48 && first <= 57) digitKey = true;
      if (copy === undefined) continue;
      if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      else copy[key] = value;
    }
    this.ancestors.pop();
    if (written === 0) return this.empty('{', copy ?? {});
    // Keys in order and every value as it was: JSON.stringify writes a plain object itself as it would write a copy.
    if (copy === undefined && plainObject(node)) return node;
    if (copy === undefined) copy = Object.fromEntries(keys.map((key) => [key, node[key]]));
    return digitKey ? new Proxy(copy, { ownKeys: () => keys }) : copy;
  }

  /** An array as json-stable-stringify writes it: the array itself when no item changes (holes and undefined are both `null`). */
  private ofArray(node: any[]): unknown {
    if (node.length === 0) return this.empty('[', []);
    // Made at the first item that changes, with the items before as they are.
    let items: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const raw = node[i];
      const item = this.of(raw);
      if (items === undefined && item !== raw) {
        items = [];
        for (let j = 0; j < i; j++) items.push(node[j]);
      }
      if (items !== undefined) items.push(item);
    }
    if (items !== undefined) return items;
    return types.isProxy(node) ? Array.from(node) : node;
  }

  private empty(bracket: '{' | '[', container: object): unknown {
    this.empties++;
    return this.marker === undefined ? container : this.marker + bracket;
  }
}

/** An object JSON.stringify writes by its own enumerable keys, as a copy of them: not a boxed primitive, not a Proxy. */
function plainObject(node: object): boolean {
  const proto = Object.getPrototypeOf(node);
  return (proto === Object.prototype || proto === null) && !types.isProxy(node) && !types.isBoxedPrimitive(node);
}

/**
 * Hands `text` (holding the line start of any marker in it) to `emit` in
 * pieces, with each of its markers (`"<EMPTY>{"` or `"<EMPTY>["`, quotes
 * included) replaced by its empty container over two lines, the closing
 * bracket indented like the line it is on. Returns `found` plus the markers
 * in it, or -1 when the texts so far hold the marker anywhere else (more
 * often than `count`, or not as a whole string).
 */
function spreadMarked(text: string, found: number, count: number, emit: (part: string) => void): number {
  const needle = `"${EMPTY}`;
  let at = text.indexOf(needle);
  if (at === -1) {
    emit(text);
    return found;
  }
  let done = 0;
  for (; at !== -1; at = text.indexOf(needle, at + needle.length)) {
    const open = text.charCodeAt(at + needle.length);
    if (++found > count || (open !== 123 && open !== 91) || text.charCodeAt(at + needle.length + 1) !== 34) return -1;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let spaces = lineStart;
    while (text.charCodeAt(spaces) === 32) spaces++;
    emit(text.slice(done, at));
    emit(open === 123 ? '{\n' : '[\n');
    emit(text.slice(lineStart, spaces));
    emit(open === 123 ? '}' : ']');
    done = at + needle.length + 2;
  }
  emit(text.slice(done));
  return found;
}

/**
 * Rewrites each `{}` and `[]` of `JSON.stringify` output as `{` newline indent `}`.
 * One is never inside a string when followed by a newline, a comma and a
 * newline, or the end: a string escapes its newlines and ends with a quote.
 * Its closing bracket is indented like the line it is on (its own level).
 */
function spreadEmpties(text: string): string {
  let out = '';
  let done = 0;
  let object = text.indexOf('{}');
  let array = text.indexOf('[]');
  while (object !== -1 || array !== -1) {
    const at = array === -1 || (object !== -1 && object < array) ? object : array;
    const after = text.charCodeAt(at + 2);
    if (at + 2 === text.length || after === 10 || (after === 44 && text.charCodeAt(at + 3) === 10)) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      let spaces = lineStart;
      while (text.charCodeAt(spaces) === 32) spaces++;
      out += `${text.slice(done, at + 1)}\n${text.slice(lineStart, spaces)}`;
      done = at + 1;
    }
    if (at === object) object = text.indexOf('{}', at + 2);
    else array = text.indexOf('[]', at + 2);
  }
  return out + text.slice(done);
}
