import { Token } from './cdk';
import type { PropProblem } from './errors';

/**
 * Kubernetes resource quantities (`500m`, `512Mi`, `1.5`, `2e3`), validated the
 * way the API server reads them and converted to numbers for arithmetic such as
 * quota checks.
 */

const QUANTITY = /^([+-]?)((?:\d+(?:\.\d*)?)|(?:\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/**
 * The value of a quantity in base units (cores for cpu, bytes for memory), or
 * `undefined` when Kubernetes would reject the text.
 */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const magnitude = Number(digits);
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  const value = magnitude * factor;
  return sign === '-' ? -value : value;
}

/** Why a cpu quantity is unusable as a request or limit, or `undefined` when it is fine. */
export function cpuProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const cores = parseQuantity(value);
  if (cores === undefined) {
    return { prop, value, problem: 'is not a Kubernetes quantity', fix: 'write cores as a number ("1", "0.5") or millicores with "m" ("500m")' };
  }
  if (cores < 0.001) {
    return { prop, value, problem: 'is below the 1m (one millicore) that Kubernetes can schedule', fix: 'use at least "1m"; golden services use "500m"' };
  }
  return undefined;
}

/** Why a memory quantity is unusable as a request or limit, or `undefined` when it is fine. */
export function memoryProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const amount = parseQuantity(value);
  if (amount === undefined) {
    return { prop, value, problem: 'is not a Kubernetes quantity', fix: 'write memory with a binary suffix such as "512Mi" or "1Gi"' };
  }
  if (/\dm$/.test(value)) {
    return { prop, value, problem: 'uses "m", which means thousandths of a byte for memory', fix: `write mebibytes as "${value.slice(0, -1)}Mi"` };
  }
  if (amount < 2 ** 20) {
    return { prop, value, problem: 'is below 1Mi, too little for any container', fix: 'use at least "64Mi"; golden services use "512Mi"' };
  }
  return undefined;
}

/** Millicores of a cpu quantity already validated by {@link cpuProblem}. */
export function millicores(value: string): number {
  return Math.round((parseQuantity(value) ?? 0) * 1000);
}

/** Bytes of a memory quantity already validated by {@link memoryProblem}. */
export function bytes(value: string): number {
  return Math.round(parseQuantity(value) ?? 0);
}

/** A cpu amount written the way people read it: whole cores when exact, millicores otherwise. */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000}` : `${milli}m`;
}

/** A memory amount in the largest binary unit that keeps it whole (`1536Mi`, `2Gi`). */
export function formatMemory(amount: number): string {
  for (const [suffix, factor] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (amount >= factor && amount % factor === 0) return `${amount / factor}${suffix}`;
  }
  return `${Math.ceil(amount / 2 ** 20)}Mi`;
}
