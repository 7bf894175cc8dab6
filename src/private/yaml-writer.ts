/**
 * The YAML the scaffold writes (workflows, catalog entities), through the
 * `yaml` package. What this module adds is a policy, not an emitter: keys keep
 * insertion order; a string stays plain only when no YAML reader (1.2, or a
 * 1.1 reader such as the one that turns `on` or `y` into a boolean) could
 * read it as anything else, and is single-quoted otherwise; multi-line
 * strings are literal blocks; trailing comments follow their scalar. The
 * output is deterministic, so a file only changes when what it says does.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** A scalar followed by a trailing comment, e.g. a pinned action and its version. */
export class Commented {
  constructor(public readonly value: string | number | boolean, public readonly comment: string) {}
}

export type YamlValue = string | number | boolean | Commented | YamlValue[] | YamlMap;

export interface YamlMap {
  readonly [key: string]: YamlValue | undefined;
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMERIC = /^[-+]?(\.?\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;
/** Keys the workflows and entities use (`on`, `runs-on`, `backstage.io/owner`): plain, as every reader reads them. */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;

/** Whether a string reads back as the same string, plain, in YAML 1.2 and 1.1 alike. */
function plainSafe(value: string): boolean {
  return value !== ''
    && value.trim() === value
    && !/[\n\r\t]/.test(value)
    && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)
    && !/: |:$| #/.test(value)
    && !RESERVED.test(value)
    && !NUMERIC.test(value);
}

function text(value: string, key = false): Scalar {
  const scalar = new Scalar(value);
  if (value.includes('\n') && !key) scalar.type = Scalar.BLOCK_LITERAL;
  else scalar.type = (key && PLAIN_KEY.test(value)) || plainSafe(value) ? Scalar.PLAIN : Scalar.QUOTE_SINGLE;
  return scalar;
}

function node(value: YamlValue): Scalar | YAMLMap | YAMLSeq {
  if (value instanceof Commented) {
    const scalar = node(value.value) as Scalar;
    scalar.comment = ` ${value.comment}`;
    return scalar;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`[toYaml] cannot write ${value} as YAML. Fix: pass finite numbers, strings, booleans, lists and maps.`);
    }
    return new Scalar(value);
  }
  if (typeof value === 'boolean') return new Scalar(value);
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.items = value.map(node);
    return seq;
  }
  const map = new YAMLMap();
  for (const [name, item] of Object.entries(value)) {
    if (item !== undefined) map.items.push(new Pair(text(name, true), node(item)));
  }
  return map;
}

/** Renders a document; `header` lines become leading comments (an empty line, a bare `#`). */
export function toYaml(document: YamlMap, header: string[] = []): string {
  return writeYaml(document, header) ?? toYamlDocument(document, header);
}

/** {@link toYaml} through the `yaml` package's `Document`. */
export function toYamlDocument(document: YamlMap, header: string[] = []): string {
  const contents = node(document);
  if (header.length > 0) contents.commentBefore = header.map((line) => ` ${line}`).join('\n');
  const doc = new Document();
  doc.contents = contents;
  // No folding: a long `run:` line or expression stays one line, as it was written.
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

/*
 * The same text as toYamlDocument, written directly: the `yaml` package builds
 * a node per value and runs every scalar through its general stringifier,
 * most of the time a service's construction spends on its CI workflow. This
 * writer covers what the platform's documents are made of and gives up
 * (undefined: toYamlDocument writes the document) on anything else, so it
 * only has to match the package where it writes at all:
 * - strings the policy above leaves plain, when the package would too (its
 *   test for plain scalars it quotes, document markers, and every type of its
 *   core schema); single-quoted strings without a line break; multi-line
 *   strings as literal blocks that end with no newline (`|-`) or one (`|`),
 *   start with no space and hold no line ending in spaces;
 * - no control character (the package double-quotes those), no key over
 *   1,000 characters (it may write an explicit key) or with a line break;
 * - safe integers other than -0, booleans, trailing comments on one line;
 * - non-empty maps, lists of scalars or maps, empty maps and lists inline
 *   (`{}`, `[]`), no list directly in a list.
 * test/scaffold/yaml-writer.test.ts compares the two on the platform's
 * documents and on random ones.
 */

class Unwritten extends Error {}
/** Thrown inside writeYaml for what it leaves to the yaml package. */
const UNWRITTEN = new Unwritten('left to the yaml package');

/** A plain scalar the yaml package would quote (its plainString test). */
const PACKAGE_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters the yaml package double-quotes a string for. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const MAX_KEY = 1000;

let coreTypes: RegExp[] | undefined;
/** Whether the package's schema reads a plain `value` as something other than a string (null, a boolean, a number). */
function readsAsOtherType(value: string): boolean {
  coreTypes ??= new Document().schema.tags
    .filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str')
    .flatMap((tag) => ((tag as { test?: RegExp }).test ? [(tag as { test: RegExp }).test] : []));
  return coreTypes.some((type) => type.test(value));
}

/** One-line scalars as written, by text (keys apart): most strings of a workflow recur in every service's. */
const oneLine = new Map<string, string>();
const keys = new Map<string, string>();
const CACHE_SIZE = 20_000;
/**
 * Literal blocks as written, by the indent of their lines, then by text: a
 * workflow's scripts recur in every service's workflow, at the same indent.
 * Fewer kept than one-line scalars, as a block may be long.
 */
const blocks = new Map<string, Map<string, string>>();
const BLOCK_CACHE_SIZE = 2_000;

function remember(cache: Map<string, string>, value: string, written: string, size = CACHE_SIZE): string {
  if (cache.size >= size) cache.clear();
  cache.set(value, written);
  return written;
}

function oneLineText(value: string, key: boolean): string {
  if (value.includes('\n') || value.includes('\r') || CONTROL.test(value)) throw UNWRITTEN;
  if ((key && PLAIN_KEY.test(value)) || plainSafe(value)) {
    if (PACKAGE_QUOTES.test(value) || DOCUMENT_MARKER.test(value) || readsAsOtherType(value)) throw UNWRITTEN;
    return value;
  }
  return `'${value.replace(/'/g, "''")}'`;
}

function keyText(key: string): string {
  const known = keys.get(key);
  if (known !== undefined) return known;
  if (key.length > MAX_KEY) throw UNWRITTEN;
  return remember(keys, key, oneLineText(key, true));
}

/** A scalar value: its text on the key's or dash's line, and the lines of a literal block under it at `indent`. */
function scalarText(value: string | number | boolean, indent: string): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw UNWRITTEN;
    return String(value);
  }
  const known = oneLine.get(value);
  if (known !== undefined) return known;
  if (!value.includes('\n')) return remember(oneLine, value, oneLineText(value, false));
  let atIndent = blocks.get(indent);
  if (atIndent === undefined) blocks.set(indent, (atIndent = new Map()));
  const knownBlock = atIndent.get(value);
  if (knownBlock !== undefined) return knownBlock;
  // A literal block: no control character, no space, tab or newline first, no line ending in a space or tab,
  // and at most one newline at the end (`|`), or none (`|-`).
  if (CONTROL.test(value) || DOCUMENT_MARKER.test(value) || /^[ \t\n]|[ \t]\n|[ \t]$|\n\n$/.test(value)) throw UNWRITTEN;
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  return remember(atIndent, value, `|${body === value ? '-' : ''}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`, BLOCK_CACHE_SIZE);
}

function commentText(comment: string): string {
  if (/[\r\n]/.test(comment)) throw UNWRITTEN;
  return comment === '' ? ' #' : ` # ${comment}`;
}

function entries(map: YamlMap): Array<[string, YamlValue]> {
  const out: Array<[string, YamlValue]> = [];
  for (const key of Object.keys(map)) {
    const item = map[key];
    if (item !== undefined) out.push([key, item]);
  }
  return out;
}

function isMap(value: unknown): value is YamlMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Commented) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` after `prefix` (`key:` or `-` at `indent`), its nested lines at `indent` + 2. */
function writeValue(lines: string[], indent: string, prefix: string, value: YamlValue): void {
  const inner = `${indent}  `;
  if (value instanceof Commented) {
    if (typeof value.value === 'string' && value.value.includes('\n')) throw UNWRITTEN;
    lines.push(`${prefix} ${scalarText(value.value, inner)}${commentText(value.comment)}`);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    lines.push(`${prefix} ${scalarText(value, inner)}`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${prefix} []`);
      return;
    }
    lines.push(prefix);
    for (const item of value) {
      if (Array.isArray(item)) throw UNWRITTEN;
      if (isMap(item) && entries(item).length > 0) {
        const first = lines.length;
        writeMap(lines, `${inner}  `, item);
        lines[first] = `${inner}- ${lines[first].slice(inner.length + 2)}`;
      } else {
        writeValue(lines, inner, `${inner}-`, item);
      }
    }
  } else if (isMap(value)) {
    const pairs = entries(value);
    if (pairs.length === 0) {
      lines.push(`${prefix} {}`);
      return;
    }
    lines.push(prefix);
    writeMap(lines, inner, value);
  } else {
    throw UNWRITTEN;
  }
}

function writeMap(lines: string[], indent: string, map: YamlMap): void {
  for (const [key, item] of entries(map)) writeValue(lines, indent, `${indent}${keyText(key)}:`, item);
}

/** The document as toYamlDocument writes it, or undefined where this writer gives up (see above). */
export function writeYaml(document: YamlMap, header: string[] = []): string | undefined {
  try {
    if (!isMap(document) || entries(document).length === 0) return undefined;
    const lines = header.map((line) => (line === '' ? '#' : commentText(line).slice(1)));
    writeMap(lines, '', document);
    lines.push('');
    return lines.join('\n');
  } catch (e) {
    if (e === UNWRITTEN) return undefined;
    throw e;
  }
}
