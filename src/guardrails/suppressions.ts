import type { IConstruct } from 'constructs';
import { concernsStack, sortSuppressions, type SuppressionRecord } from './engine';
import { knownRules } from './rule-pack';
import { DEFAULT_MAX_SUPPRESSION_DAYS, expiryProblem, parseExpiry, reasonProblem, scopeProblem } from './suppression-policy';

export { parseExpiry };
import { TerraformStack } from '../private/cdk';
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
  /**
   * Whether the suppression may cover a whole stack or the whole app. Such a
   * suppression silences the rule for every resource anyone adds later, so it
   * must be asked for; prefer the construct that needs the exception.
   * @default false
   */
  readonly wholeStack?: boolean;
}

const MAX_DAYS = Symbol.for('cdktf-golden-paths.GuardrailMaxSuppressionDays');

/** Sets how far ahead suppressions in the app of `scope` may expire; the strictest setting of the app wins. */
export function setMaxSuppressionDays(scope: IConstruct, days: number): void {
  const root = scope.node.root as any;
  if (root[MAX_DAYS] === undefined) Object.defineProperty(root, MAX_DAYS, { value: days, writable: true });
  else root[MAX_DAYS] = Math.min(root[MAX_DAYS], days);
}

/** How far ahead suppressions in the app of `scope` may expire, in days. */
export function maxSuppressionDaysOf(scope: IConstruct): number {
  return (scope.node.root as any)[MAX_DAYS] ?? DEFAULT_MAX_SUPPRESSION_DAYS;
}

const REGISTRY = Symbol.for('cdktf-golden-paths.GuardrailSuppressions');

/** Records a suppression on `scope` (and its children), after checking the rule id, reason and expiry. */
export function addSuppression(scope: IConstruct, ruleId: string, reason: string, options: SuppressionOptions = {}): SuppressionRecord {
  const known = knownRules(scope);
  if (!known.has(ruleId)) {
    const near = [...known.values()].filter((r) => r.id.toUpperCase() === String(ruleId).toUpperCase().trim() || r.name === ruleId).map((r) => r.id);
    throw propError(scope, {
      prop: 'ruleId',
      value: ruleId,
      problem: 'is not a guardrail rule id',
      fix: near.length > 0 ? `use "${near[0]}"` : 'use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001"), or add the custom pack that holds the rule (Guardrails.addPack) before suppressing it',
    });
  }
  const text = typeof reason === 'string' ? reason.trim() : '';
  const badReason = reasonProblem(reason, ruleId);
  if (badReason !== undefined) {
    throw propError(scope, {
      prop: 'reason',
      value: reason,
      problem: badReason,
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
    const maxDays = maxSuppressionDaysOf(scope);
    const tooFar = expiryProblem(expiresAt, new Date(), maxDays);
    if (tooFar !== undefined) {
      throw propError(scope, {
        prop: 'options.expires',
        value: options.expires,
        problem: tooFar,
        fix: `choose a date at most ${maxDays} days ahead and renew it when it expires, or fix the finding`,
      });
    }
  }
  const stack = scope.node.scopes.slice().reverse().find((c) => TerraformStack.isStack(c));
  const wideScope = scopeProblem(scope.node.path, stack === scope ? scope.node.path : undefined, options.wholeStack);
  if (wideScope !== undefined) {
    throw propError(scope, {
      prop: 'scope',
      value: scope.node.path || '<app>',
      problem: wideScope,
      fix: `suppress ${ruleId} on the construct that needs the exception, or pass { wholeStack: true } if the whole ${scope.node.path ? 'stack' : 'app'} truly does`,
    });
  }
  const record: SuppressionRecord = {
    ruleId, reason: text, scope: scope.node.path, ...(expires ? { expires, expiresAt } : {}), ...(options.wholeStack ? { wholeStack: true } : {}),
  };
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

/**
 * The suppressions of the app of `scope` that can apply to the stack at
 * `stackPath` (see `concernsStack`), sorted (see `sortSuppressions`): what the
 * stack's record and report hold, so that a suppression made for another
 * stack (another team's, a new team's) changes nothing in this stack's files.
 */
export function suppressionsConcerning(scope: IConstruct, stackPath: string): SuppressionRecord[] {
  return sortSuppressions(registryOf(scope).filter((s) => concernsStack(s, stackPath)));
}

function registryOf(scope: IConstruct): SuppressionRecord[] {
  const root = scope.node.root as any;
  if (!root[REGISTRY]) Object.defineProperty(root, REGISTRY, { value: [] });
  return root[REGISTRY];
}
