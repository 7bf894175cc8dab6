import { Token } from '../private/cdk';

/**
 * Input checks shared by the scaffold generators. Every message names the
 * owner and the prop, shows the value received and says how to fix it.
 */

/** RFC 1035 label: what Kubernetes requires of Service and namespace names. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RULE = 'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters';

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Throws the standard validation error. */
export function invalid(owner: string, prop: string, value: unknown, rule: string, fix: string): never {
  throw new Error(`${owner}: ${prop} ${rule}; received ${show(value)}. Fix: ${fix}`);
}

/** The scaffold writes values into files, so they must be known at synth time. */
export function requireLiteral(owner: string, prop: string, value: unknown): void {
  if (Token.isUnresolved(value)) {
    invalid(owner, prop, value, 'must be a literal value, not an unresolved token (it is written into repository files)',
      'pass the literal value instead of a reference to another resource attribute.');
  }
}

export function requireDnsLabel(owner: string, prop: string, value: string, example: string): string {
  requireLiteral(owner, prop, value);
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    invalid(owner, prop, value, DNS_LABEL_RULE, `use a name such as "${example}".`);
  }
  return value;
}

export function requireIntegerInRange(owner: string, prop: string, value: number, min: number, max: number, fix: string): number {
  requireLiteral(owner, prop, value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(owner, prop, value, `must be an integer between ${min} and ${max}`, fix);
  }
  return value;
}

export function requireNumberInRange(owner: string, prop: string, value: number, min: number, max: number, fix: string): number {
  requireLiteral(owner, prop, value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    invalid(owner, prop, value, `must be a number between ${min} and ${max}`, fix);
  }
  return value;
}

export function requireMatch(owner: string, prop: string, value: string, pattern: RegExp, rule: string, fix: string): string {
  requireLiteral(owner, prop, value);
  if (typeof value !== 'string' || !pattern.test(value)) {
    invalid(owner, prop, value, rule, fix);
  }
  return value;
}
