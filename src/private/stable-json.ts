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
 *   digit is copied behind a Proxy that lists its keys in sorted order;
 * - an empty object or array spans two lines (`{` and an indented `}`);
 * - `toJSON()` is called with no argument, once, on any value that has one;
 * - in objects, values that give no JSON (`undefined`, functions, symbols) drop
 *   the key; in arrays they become `null`;
 * - an object that contains itself throws a `TypeError` (an array that
 *   contains itself overflows the stack, as there);
 * - primitives are written by `JSON.stringify` (`NaN` → `null`, `-0` → `0`,
 *   `1e21` → `1e+21`, lone surrogates escaped).
 */
export function stableJson(value: unknown): string | undefined {
  const copy = new SortedCopy();
  const text = JSON.stringify(copy.of(value), null, 2);
  return text === undefined || !copy.hasEmpty ? text : spreadEmpties(text);
}

class SortedCopy {
  /** Whether the copy has an empty object or array (or one whose values all drop). */
  public hasEmpty = false;
  private readonly ancestors: object[] = [];

  public of(node: any): any {
    if (node && typeof node.toJSON === 'function') node = node.toJSON();
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) {
      const items = new Array(node.length);
      for (let i = 0; i < node.length; i++) items[i] = this.of(node[i]);
      if (items.length === 0) this.hasEmpty = true;
      return items;
    }
    if (this.ancestors.includes(node)) throw new TypeError('Converting circular structure to JSON');
    this.ancestors.push(node);
    const keys = Object.keys(node).sort();
    const copy: any = {};
    let digitKey = false;
    let written = 0;
    for (const key of keys) {
      const value = this.of(node[key]);
      const type = typeof value;
      // Values that give no JSON stay out of the copy (a function under "toJSON" would be called).
      if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
      if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      else copy[key] = value;
      written++;
      const first = key.charCodeAt(0);
      if (first >= 48 && first <= 57) digitKey = true;
    }
    this.ancestors.pop();
    if (written === 0) this.hasEmpty = true;
    return digitKey ? new Proxy(copy, { ownKeys: () => keys }) : copy;
  }
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
