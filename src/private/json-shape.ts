import { problemsError } from './errors';
import type { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';

/** A problem at a JSON pointer of a settings or declaration file. */
export interface FileProblem {
  readonly pointer: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/**
 * The error for problems found in a settings or declaration file: the one
 * problem, or a list headed `<count> invalid settings:`; each names its JSON
 * pointer where a prop error names the prop.
 */
export function fileProblemsError(file: string, found: readonly FileProblem[]): GoldenPathsValidationError {
  return problemsError(file, found.map(({ pointer, value, problem, fix }) => ({ prop: pointer, value, problem, fix })), 'settings');
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The deepest nesting a file the user edits may have. No setting or
 * declaration comes near it; deeper input is refused before anything walks
 * it, so a file nested thousands of levels deep gets an error, not a stack
 * overflow (RangeError) in whatever reads it next.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The first place where `json` nests deeper than {@link MAX_JSON_DEPTH} lists
 * and objects, as a problem at its JSON pointer; undefined when it does not.
 * Walks without recursion.
 */
export function nestingProblem(json: unknown, maxDepth = MAX_JSON_DEPTH): FileProblem | undefined {
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: json, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      return {
        pointer: pointer.length > 60 ? `${pointer.slice(0, 60)}...` : pointer,
        value,
        problem: `is nested more than ${maxDepth} lists and objects deep`,
        fix: 'write the value the setting takes; no setting nests this deep',
      };
    }
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth: depth + 1 });
    }
  }
  return undefined;
}

