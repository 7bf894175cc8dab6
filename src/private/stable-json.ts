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
 * When the text holds the marker more often than the copy put it there (a
 * value of the configuration holds the marker itself), it is written again
 * without markers and its empty containers are found in the text.
 */
export function stableJson(value: unknown): string | undefined {
  const parts = stableJsonParts(value);
  return parts === undefined ? undefined : parts.join('');
}

/**
 * Writes {@link stableJson}'s text of `value` to `file` as `fs.writeFileSync`
 * would, piece by piece: the text is never joined into one string (joining,
 * or writing a joined string, copies the whole text once more).
 */
export function writeStableJson(file: string, value: unknown): void {
  const parts = stableJsonParts(value);
  if (parts === undefined) throw new TypeError(`nothing to write to ${file}: the value gives no JSON`);
  const fd = fs.openSync(file, 'w');
  try {
    for (const part of parts) {
      const bytes = Buffer.from(part, 'utf8');
      for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of {@link stableJson} in pieces, in order; undefined when the value gives no JSON. */
function stableJsonParts(value: unknown): string[] | undefined {
  const copy = new SortedCopy(EMPTY);
  const text = JSON.stringify(copy.of(value), null, 2);
  if (text === undefined) return undefined;
  if (copy.empties === 0) return [text];
  const spread = spreadMarked(text, copy.empties);
  if (spread !== undefined) return spread;
  const plain = new SortedCopy(undefined);
  return [spreadEmpties(JSON.stringify(plain.of(value), null, 2))];
}

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
 * The pieces of `text` with each of its `count` markers (`"<EMPTY>{"` or
 * `"<EMPTY>["`, quotes included) replaced by its empty container over two
 * lines, the closing bracket indented like the line it is on. Undefined when
 * the text holds the marker anywhere else.
 */
function spreadMarked(text: string, count: number): string[] | undefined {
  const needle = `"${EMPTY}`;
  const parts: string[] = [];
  let done = 0;
  let found = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    const open = text.charCodeAt(at + needle.length);
    if (++found > count || (open !== 123 && open !== 91) || text.charCodeAt(at + needle.length + 1) !== 34) return undefined;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let spaces = lineStart;
    while (text.charCodeAt(spaces) === 32) spaces++;
    parts.push(text.slice(done, at), open === 123 ? '{\n' : '[\n', text.slice(lineStart, spaces), open === 123 ? '}' : ']');
    done = at + needle.length + 2;
  }
  if (found !== count) return undefined;
  parts.push(text.slice(done));
  return parts;
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
