/** A problem at a JSON pointer of a settings or declaration file. */
export interface FileProblem {
  readonly pointer: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
