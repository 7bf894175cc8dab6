/**
 * What makes a suppression acceptable, judged the same at synth and by the
 * cdktf-guardrails command on a report: a reason that says something, an
 * expiry in ISO form and not too far ahead, and a scope narrower than a whole
 * stack unless asked for.
 */

/** The shortest reason accepted, as in cdk-nag: a reason a reviewer can judge. */
export const MIN_REASON_LENGTH = 10;
/** The fewest different letters a reason has: `aaaaaaaaaa` or `asdf asdf asdf` says nothing. */
export const MIN_REASON_LETTERS = 5;
/** How far ahead a suppression may expire unless the platform says otherwise. */
export const DEFAULT_MAX_SUPPRESSION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What is wrong with a suppression's reason, if anything: too short, too few letters, one word repeated. */
export function reasonProblem(reason: unknown, ruleId: string): string | undefined {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < MIN_REASON_LENGTH) {
    return `is ${text.length} characters long; a suppression of ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters that a reviewer can judge`;
  }
  const letters = new Set(text.toLowerCase().replace(/[^\p{L}]/gu, ''));
  if (letters.size < MIN_REASON_LETTERS) return `says nothing a reviewer can judge (${letters.size} different letters)`;
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length > 1 && new Set(words).size === 1) return 'says nothing a reviewer can judge (one word repeated)';
  return undefined;
}

/** What is wrong with an expiry's distance, if anything: further ahead than `maxDays` from `now` (a date's own day is allowed). */
export function expiryProblem(expiresAt: Date | undefined, now: Date, maxDays: number): string | undefined {
  if (expiresAt === undefined) return undefined;
  const limit = now.getTime() + maxDays * DAY_MS;
  return expiresAt.getTime() > limit + DAY_MS
    ? `is more than ${maxDays} days ahead (the latest is ${new Date(limit).toISOString().slice(0, 10)}): an exception is reviewed again before then`
    : undefined;
}

/** What is wrong with a suppression's scope, if anything: the whole app or a whole stack without the opt-in. */
export function scopeProblem(scope: string, stackPath: string | undefined, wholeStack: boolean | undefined): string | undefined {
  if (wholeStack === true) return undefined;
  if (scope === '') return 'is the whole app, which silences the rule for everything anyone adds';
  if (stackPath !== undefined && scope === stackPath) return 'is a whole stack, which silences the rule for everything anyone adds to it';
  return undefined;
}

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

