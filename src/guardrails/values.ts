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

/** A step from a value to one inside it: a key, an index, or the JSON document a string holds ({@link JSON_DOCUMENT}). */
export type PathStep = string | number | typeof JSON_DOCUMENT;
/** The step into the JSON document a string holds. */
export const JSON_DOCUMENT: unique symbol = Symbol('json');

/**
 * Where a value is, as a rule's detail names it (`a.b[0]<json>.c`), from the
 * steps to it: a rule walking a configuration keeps one list of steps, changed
 * in place as it goes, and makes the text only for a finding.
 */
export function pathText(steps: readonly PathStep[]): string {
  let text = '';
  for (const step of steps) {
    if (typeof step === 'string') text = text ? `${text}.${step}` : step;
    else text = `${text}${step === JSON_DOCUMENT ? '<json>' : `[${step}]`}`;
  }
  return text;
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
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const next = walkLiterals(v, depth + 1, maxDepth);
      if (next !== v) (copy ??= [...value])[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (k === '//') continue;
    const v = obj[k];
    const next = walkLiterals(v, depth + 1, maxDepth);
    if (next !== v) (copy ??= { ...obj })[k] = next;
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

/**
 * Terraform's functions that read the machine running Terraform (its files,
 * its clock, randomness): a call to one is not a value written in the
 * configuration (https://developer.hashicorp.com/terraform/language/functions).
 */
const IMPURE_FUNCTIONS = new Set([
  'file', 'filebase64', 'filebase64sha256', 'filebase64sha512', 'fileexists', 'filemd5', 'fileset', 'filesha1', 'filesha256', 'filesha512',
  'templatefile', 'abspath', 'pathexpand', 'timestamp', 'plantimestamp', 'uuid',
]);
/** Words of the expression language that name no object (https://developer.hashicorp.com/terraform/language/expressions). */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/** One token of an HCL expression, as far as telling references from literals needs. */
interface Token {
  readonly kind: 'string' | 'number' | 'name' | 'symbol';
  readonly text: string;
}

/**
 * The tokens of the expressions in a template (`${...}` and `%{...}`), with
 * the literal text between them as strings. Quoted strings inside an
 * expression are read as templates in turn. Undefined when the text is not
 * well formed.
 */
function templateTokens(text: string, depth: number): Token[] | undefined {
  if (depth > 8) return undefined;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.slice(i).search(/(?<!\$)\$\{|(?<!%)%\{/);
    if (start === -1) {
      tokens.push({ kind: 'string', text: text.slice(i) });
      break;
    }
    if (start > 0) tokens.push({ kind: 'string', text: text.slice(i, i + start) });
    const open = i + start;
    const end = closingBrace(text, open + 2);
    if (end === -1) return undefined;
    const inner = expressionTokens(text.slice(open + 2, end), depth);
    if (inner === undefined) return undefined;
    tokens.push(...inner);
    i = end + 1;
  }
  return tokens;
}

function expressionTokens(source: string, depth: number): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let body = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') {
          const escaped = ESCAPES[source[j + 1]];
          if (escaped === undefined) return undefined;
          body += escaped;
          j += 2;
        } else {
          body += source[j++];
        }
      }
      if (j >= source.length) return undefined;
      const inner = body.includes('${') || body.includes('%{') ? templateTokens(body, depth + 1) : [{ kind: 'string' as const, text: body }];
      if (inner === undefined) return undefined;
      tokens.push(...inner);
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*(::[A-Za-z_][A-Za-z0-9_-]*)*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    } else if (c === '<' && source.startsWith('<<', i)) {
      return undefined; // a heredoc: not read
    } else {
      const symbol = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...'].find((s) => source.startsWith(s, i)) ?? c;
      tokens.push({ kind: 'symbol', text: symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

/**
 * Whether a template names anything outside itself: a variable, a local, a
 * resource, `each`, `count`, `self`, `path`, a `for` expression's own
 * iterator, or a function that reads the machine running Terraform. Object
 * keys (`{ password = ... }`) and attributes after a dot name nothing.
 */
function referencesSomething(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => {
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) return false;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (before?.kind === 'symbol' && before.text === '.') return false;
    if (after?.kind === 'symbol' && after.text === '(') return IMPURE_FUNCTIONS.has(t.text.replace(/^provider::[^:]+::/, ''));
    const isKey = after?.kind === 'symbol' && (after.text === '=' || (after.text === ':' && (before === undefined || before.text === '{' || before.text === ',')));
    return !isKey;
  });
}

/**
 * Whether a string is an expression that Terraform computes from literals
 * alone: function calls over literal arguments (`${sensitive("hunter2")}`,
 * `${base64decode("aHVudGVyMg==")}`, `${jsonencode({ password = "x" })}`,
 * `${tostring(1234)}`). Its value is written in the configuration as surely
 * as a literal is, so the rules that judge literals judge it too. A string
 * that names a variable, a resource, `each` or a file is not one.
 */
export function isConstantExpression(value: unknown): boolean {
  return constantTokens(value) !== undefined;
}

/** The tokens of a constant expression (see {@link isConstantExpression}), read once; undefined for any other value. */
function constantTokens(value: unknown): Token[] | undefined {
  if (typeof value !== 'string' || !isExpression(value) || onlyReferences(value)) return undefined;
  return tokensIfConstant(value);
}

/** The tokens of an expression when they make it a constant one (see {@link isConstantExpression}, the short cut for references aside); undefined otherwise. */
function tokensIfConstant(value: string): Token[] | undefined {
  const tokens = templateTokens(value, 0);
  if (tokens === undefined || referencesSomething(tokens)) return undefined;
  return tokens.some((t) => (t.kind === 'string' && t.text.trim() !== '') || t.kind === 'number') ? tokens : undefined;
}

/** {@link isConstantExpression} of an expression, told from all of its tokens (the short cut for references aside). */
export function constantByTokens(value: string): boolean {
  return tokensIfConstant(value) !== undefined;
}

/**
 * The `key = "literal"` and `"key": "literal"` pairs written inside a
 * constant expression's object constructors (`${jsonencode({ db_password = "x" })}`),
 * as key and whether the value is a non-empty literal.
 */
export function constantPairs(value: string): Array<{ key: string; literal: boolean }> {
  return pairsOf(templateTokens(value, 0) ?? []);
}

/**
 * The pairs of {@link constantPairs} when a value is a constant expression
 * (see {@link isConstantExpression}), undefined otherwise: both told from one
 * reading of its tokens.
 */
export function constantExpressionPairs(value: unknown): Array<{ key: string; literal: boolean }> | undefined {
  const tokens = constantTokens(value);
  return tokens === undefined ? undefined : pairsOf(tokens);
}

function pairsOf(tokens: readonly Token[]): Array<{ key: string; literal: boolean }> {
  const pairs: Array<{ key: string; literal: boolean }> = [];
  tokens.forEach((t, i) => {
    const sep = tokens[i + 1];
    const v = tokens[i + 2];
    if ((t.kind !== 'name' && t.kind !== 'string') || sep?.kind !== 'symbol' || (sep.text !== '=' && sep.text !== ':')) return;
    if (t.kind === 'string' && !(tokens[i - 1]?.text === '{' || tokens[i - 1]?.text === ',')) return;
    pairs.push({ key: t.text, literal: v !== undefined && ((v.kind === 'string' && v.text.trim() !== '') || v.kind === 'number') });
  });
  return pairs;
}

/** A traversal from a name: `google_sql_database_instance.db.connection_name`, `var.names[0]`, `local.x`. */
const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+|\[[0-9]+\])*$/;

/**
 * Whether every interpolation of a string is a plain traversal from a name
 * that is not a keyword (`${google_service_account.api.email}`,
 * `serviceAccount:${var.x}`), with no quote, directive or escape anywhere:
 * the string names something outside itself, so it is no constant
 * expression. What the tokens would tell, told without them (most strings of
 * a configuration that hold an expression are such references).
 */
function onlyReferences(value: string): boolean {
  if (value.includes('"') || value.includes('%{') || value.includes('$${')) return false;
  let start = value.indexOf('${');
  if (start === -1) return false;
  while (start !== -1) {
    const end = value.indexOf('}', start + 2);
    if (end === -1) return false;
    const body = value.slice(start + 2, end);
    if (!TRAVERSAL.test(body) || KEYWORDS.has(/^[A-Za-z_][A-Za-z0-9_-]*/.exec(body)![0])) return false;
    start = value.indexOf('${', end + 1);
  }
  return true;
}
