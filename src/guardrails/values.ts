/**
 * Reading resolved Terraform JSON. cdktf writes a nested block of at most one
 * item as an object, other tools as a one-item array; both are accepted.
 * Literals wrapped in an interpolation (`"${true}"`) are evaluated before any
 * rule runs (see {@link evaluateLiterals}); a value still holding a Terraform
 * expression (`${var.x}`) is unknown until apply, and a rule that judges the
 * attribute reports it as a finding (see {@link unresolved}).
 */

/** The items of a block, whether written as an object, an array or not at all. */
export function list(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first item of a block, or `undefined`. */
export function block(value: unknown): any {
  return Array.isArray(value) ? value[0] : value ?? undefined;
}

/** Follows a path of blocks (`settings`, `ip_configuration`, ...), taking the first item of each. */
export function dig(value: unknown, ...keys: string[]): any {
  let current: any = value;
  for (const key of keys) {
    current = block(current);
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    current = current[key];
  }
  return block(current);
}

/** Whether a value is, or contains, a Terraform expression (`${...}`), known only at apply time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/**
 * The boolean Terraform uses: `true`, `"true"` and `"1"` are true; `false`,
 * `"false"` and `"0"` are false (Terraform's string-to-bool conversion, cty's
 * convert package); undefined otherwise (unset, an expression, or a value
 * Terraform refuses for a bool).
 */
export function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  return undefined;
}

/** A number from a number or a numeric string; undefined when unset or an expression. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !isExpression(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A literal string (not an expression), or undefined. */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !isExpression(value) ? value : undefined;
}

/** Whether a string is unset or empty. */
export function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A map attribute (labels, match_labels) as a plain object. */
export function map(value: unknown): Record<string, unknown> {
  const b = block(value);
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? b : {};
}

/** Quotes a name for a message. */
export function quote(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** What a Terraform template evaluates to when every interpolation in it is a literal. */
type Evaluated = { readonly ok: true; readonly value: string | number | boolean } | { readonly ok: false };
const UNKNOWN: Evaluated = { ok: false };
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * The value of a Terraform JSON string whose interpolations are all literals:
 * `"${true}"` is `true`, `"${0}"` is `0`, `"${"nginx:latest"}"` and
 * `"nginx:${"latest"}"` are `"nginx:latest"`. Anything else (a reference, a
 * function call, a directive, an escaped `$${`) is returned as written, an
 * expression known only at apply. Without the evaluation a literal wrapped in
 * `${...}` would pass every rule that does not judge expressions.
 */
export function evaluateLiteral(value: string): unknown {
  if (!value.includes('${') && !value.includes('%{')) return value;
  const result = template(value, 0);
  return result.ok ? result.value : value;
}

function template(text: string, depth: number): Evaluated {
  if (depth > 8 || text.includes('%{') || text.includes('$${')) return UNKNOWN;
  const parts: Array<string | number | boolean> = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start === -1) {
      parts.push(text.slice(i));
      break;
    }
    if (start > i) parts.push(text.slice(i, start));
    const end = closingBrace(text, start + 2);
    if (end === -1) return UNKNOWN;
    const inner = expression(text.slice(start + 2, end), depth);
    if (!inner.ok) return inner;
    parts.push(inner.value);
    i = end + 1;
  }
  if (parts.length === 1) return { ok: true, value: parts[0] };
  return { ok: true, value: parts.map(String).join('') };
}

/** The index of the `}` that closes an interpolation opened before `from`, skipping quoted strings and nested braces. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function expression(source: string, depth: number): Evaluated {
  let e = source.trim();
  while (e.startsWith('(') && e.endsWith(')')) e = e.slice(1, -1).trim();
  if (e === 'true') return { ok: true, value: true };
  if (e === 'false') return { ok: true, value: false };
  if (NUMBER.test(e)) return { ok: true, value: Number(e) };
  if (e.length >= 2 && e.startsWith('"') && e.endsWith('"')) {
    const body = unquote(e.slice(1, -1));
    if (body === undefined) return UNKNOWN;
    const inner = template(body, depth + 1);
    return inner.ok ? { ok: true, value: String(inner.value) } : UNKNOWN;
  }
  return UNKNOWN;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', 'n': '\n', 'r': '\r', 't': '\t' };

/** The text of one HCL quoted string's body, or undefined when it is not one (an inner quote, an unknown escape). */
function unquote(body: string): string | undefined {
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return undefined;
    if (c !== '\\') {
      text += c;
      continue;
    }
    const escaped = ESCAPES[body[++i]];
    if (escaped === undefined) return undefined;
    text += escaped;
  }
  return text;
}

/**
 * A configuration with every string whose interpolations are all literals
 * replaced by its value (see {@link evaluateLiteral}). Objects and arrays that
 * hold none are returned as they are, so the copy costs only what changes.
 * Fails past `maxDepth` levels of nesting, which no real configuration reaches.
 */
export function evaluateLiterals<T>(value: T, maxDepth = MAX_NESTING): T {
  return walkLiterals(value, 0, maxDepth) as T;
}

/** The deepest nesting of objects and arrays a configuration may have. */
export const MAX_NESTING = 200;

function walkLiterals(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value === 'string') return value.includes('${') ? evaluateLiteral(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) throw new NestingError(maxDepth);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const next = walkLiterals(v, depth + 1, maxDepth);
      if (next !== v) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === '//') continue;
    const next = walkLiterals(v, depth + 1, maxDepth);
    if (next !== v) (copy ??= { ...value as Record<string, unknown> })[k] = next;
  }
  return copy ?? value;
}

/** A configuration nested deeper than any real one: judging it would exhaust the stack. */
export class NestingError extends Error {
  public constructor(public readonly maxDepth: number) {
    super(`the configuration is nested more than ${maxDepth} levels deep, which no Terraform configuration needs`);
  }
}

/**
 * The detail of a finding for a judged attribute that holds an expression
 * known only at apply: the rule cannot tell whether it is safe, so it is not.
 */
export function unresolved(attribute: string, value: unknown): string {
  const text = String(value);
  return `${attribute} is the expression ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}, known only at apply, so it cannot be judged`;
}
