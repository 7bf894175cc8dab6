/**
 * Reading resolved Terraform JSON. cdktf writes a nested block of at most one
 * item as an object, other tools as a one-item array; both are accepted. A
 * value holding a Terraform expression (`${var.x}`) is unknown until apply and
 * is never judged: rules treat it as neither good nor bad.
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

/** true for `true` / `"true"`, false for `false` / `"false"`, undefined otherwise (unset or an expression). */
export function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
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
