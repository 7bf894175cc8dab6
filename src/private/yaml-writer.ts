/**
 * A small, deterministic YAML emitter for the files the scaffold writes. Keys
 * keep insertion order; strings are quoted only when plain YAML would change
 * their meaning; multi-line strings become literal blocks.
 */

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

/** Renders a string as a YAML double-quoted scalar (JSON strings are valid YAML). */
export function quoteYaml(value: string): string {
  return JSON.stringify(value);
}

function plainSafe(value: string): boolean {
  return value !== ''
    && value.trim() === value
    && !/[\n\r\t]/.test(value)
    && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)
    && !/: |:$| #/.test(value)
    && !RESERVED.test(value)
    && !NUMERIC.test(value);
}

function scalar(value: string | number | boolean | Commented): string {
  if (value instanceof Commented) {
    return `${scalar(value.value)} # ${value.comment}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`[toYaml] cannot write ${value} as YAML. Fix: pass finite numbers, strings, booleans, lists and maps.`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  return plainSafe(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

function key(name: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(name) ? name : scalar(name);
}

function isMap(value: YamlValue): value is YamlMap {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Commented);
}

function entries(map: YamlMap): Array<[string, YamlValue]> {
  return Object.entries(map).filter((entry): entry is [string, YamlValue] => entry[1] !== undefined);
}

function block(text: string, indent: string): string {
  const chomp = text.endsWith('\n') ? '' : '-';
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n').map(line => (line === '' ? '' : indent + line));
  return `|${chomp}\n${lines.join('\n')}\n`;
}

/** The text after `key:` or `- `, including its line break and any nested lines. */
function after(value: YamlValue, indent: number): string {
  const pad = ' '.repeat(indent);
  if (typeof value === 'string' && value.includes('\n')) {
    return ` ${block(value, pad + '  ')}`;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? ' []\n' : `\n${sequence(value, indent + 2)}`;
  }
  if (isMap(value)) {
    return entries(value).length === 0 ? ' {}\n' : `\n${mapping(value, indent + 2)}`;
  }
  return ` ${scalar(value)}\n`;
}

function mapping(value: YamlMap, indent: number): string {
  const pad = ' '.repeat(indent);
  return entries(value).map(([name, item]) => `${pad}${key(name)}:${after(item, indent)}`).join('');
}

function sequence(items: YamlValue[], indent: number): string {
  const pad = ' '.repeat(indent);
  return items.map(item => {
    if (Array.isArray(item)) {
      throw new Error('[toYaml] nested YAML lists are not supported. Fix: wrap the inner list in a map.');
    }
    if (isMap(item) && entries(item).length > 0) {
      // The first entry shares the dash's line; the rest align under it.
      const nested = mapping(item, indent + 2);
      return `${pad}- ${nested.slice(indent + 2)}`;
    }
    return `${pad}-${after(item, indent)}`;
  }).join('');
}

/** Renders a document; `header` lines become leading comments. */
export function toYaml(document: YamlMap, header: string[] = []): string {
  const comments = header.map(line => (line === '' ? '#\n' : `# ${line}\n`)).join('');
  return comments + mapping(document, 0);
}
