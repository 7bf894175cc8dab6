import type { IConstruct } from 'constructs';
import type { SuppressionRecord } from './engine';
import { knownRules } from './rule-pack';
import { propError } from '../private/errors';

/** Options of a suppression. */
export interface SuppressionOptions {
  /**
   * When the suppression stops applying: an ISO date (`2026-06-30`, through
   * the end of that day, UTC) or timestamp (`2026-06-30T12:00:00Z`). After it,
   * the rule applies again, a warning says the suppression expired and the
   * report lists it as expired.
   * @default - never expires
   */
  readonly expires?: string;
}

/** The shortest reason accepted, as in cdk-nag: a reason a reviewer can judge. */
export const MIN_REASON_LENGTH = 10;

const REGISTRY = Symbol.for('cdktf-golden-paths.GuardrailSuppressions');
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The moment an expiry ends (a date ends at the end of that day, UTC), or undefined when it is not an ISO date or timestamp. */
export function parseExpiry(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const day = DATE.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = new Date(Date.UTC(y, m - 1, d));
    if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return undefined;
    return new Date(start.getTime() + 24 * 60 * 60 * 1000);
  }
  if (!TIMESTAMP.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Records a suppression on `scope` (and its children), after checking the rule id, reason and expiry. */
export function addSuppression(scope: IConstruct, ruleId: string, reason: string, options: SuppressionOptions = {}): SuppressionRecord {
  const known = knownRules(scope);
  if (!known.has(ruleId)) {
    const near = [...known.values()].filter((r) => r.id.toUpperCase() === String(ruleId).toUpperCase().trim() || r.name === ruleId).map((r) => r.id);
    throw propError(scope, {
      prop: 'ruleId',
      value: ruleId,
      problem: 'is not a guardrail rule id',
      fix: near.length > 0 ? `use "${near[0]}"` : 'use an id from the Guardrails table of the README (e.g. "GP-K8S-001"), or add the custom pack that holds the rule (Guardrails.addPack) before suppressing it',
    });
  }
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < MIN_REASON_LENGTH) {
    throw propError(scope, {
      prop: 'reason',
      value: reason,
      problem: `is ${text.length} characters long; a suppression of ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters that a reviewer can judge`,
      fix: 'say in a sentence why the rule does not apply here, e.g. "Public documentation site: holds no code or secrets"',
    });
  }
  let expiresAt: Date | undefined;
  let expires: string | undefined;
  if (options.expires !== undefined) {
    expiresAt = parseExpiry(options.expires);
    if (expiresAt === undefined) {
      throw propError(scope, {
        prop: 'options.expires',
        value: options.expires,
        problem: 'is not an ISO date or timestamp',
        fix: 'write a date such as "2026-06-30" (the suppression ends when that day ends, UTC) or a timestamp such as "2026-06-30T12:00:00Z"',
      });
    }
    expires = (options.expires as unknown) instanceof Date ? (options.expires as unknown as Date).toISOString() : options.expires;
  }
  const record: SuppressionRecord = { ruleId, reason: text, scope: scope.node.path, ...(expires ? { expires, expiresAt } : {}) };
  const registry = registryOf(scope);
  const same = registry.findIndex((s) => s.ruleId === ruleId && s.scope === record.scope);
  if (same >= 0) registry.splice(same, 1);
  registry.push(record);
  return record;
}

/** The suppressions recorded anywhere in the construct tree of `scope`. */
export function suppressionsOf(scope: IConstruct): SuppressionRecord[] {
  return [...registryOf(scope)];
}

function registryOf(scope: IConstruct): SuppressionRecord[] {
  const root = scope.node.root as any;
  if (!root[REGISTRY]) Object.defineProperty(root, REGISTRY, { value: [] });
  return root[REGISTRY];
}
