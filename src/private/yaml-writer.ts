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
  const contents = node(document);
  if (header.length > 0) contents.commentBefore = header.map((line) => ` ${line}`).join('\n');
  const doc = new Document();
  doc.contents = contents;
  // No folding: a long `run:` line or expression stays one line, as it was written.
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
