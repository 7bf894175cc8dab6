import type { ITeamEnvironment } from './team-interfaces';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import { inputError, propError } from '../private/errors';

/**
 * A definition must be an object with a synchronous `define(team)`: the
 * library runs it once and does not wait, so an async body would declare,
 * after its first await, what no process synthesizes.
 */
export function checkDefinition(path: string, definition: unknown): void {
  const example = 'pass an object with a define method: { define: (team) => { new GoMicroservice(team, ...); } }, or an instance of a class that implements ITeamDefinition';
  const fail = (problem: string, fix = example) => {
    throw propError(path, { prop: 'definition', value: definition, problem, fix });
  };
  if (definition === null || definition === undefined) fail('is missing');
  if (typeof definition === 'function') fail('is a function, not an object with a define method', 'wrap it: { define: <the function> }');
  if (typeof definition !== 'object') fail('is not an object with a define method');
  const define = (definition as { define?: unknown }).define;
  if (define === undefined) fail('has no define method (an empty definition declares nothing)');
  if (typeof define !== 'function') fail(`has a define that is ${define === null ? 'null' : `a ${typeof define}`}, not a method`);
  if ((define as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction') {
    fail('has an async define: the library runs it once without waiting, so what it declares after an await is never synthesized',
      'make define synchronous: declare the team\'s services and databases directly in it');
  }
}

/** Runs the body; an error it throws names the team's construct path (unless it names its own). */
export function runDefinition<T extends ITeamEnvironment>(team: T, definition: { define(team: T): void }): void {
  let result: unknown;
  try {
    result = definition.define(team);
  } catch (e) {
    // The library's own errors of the input already name the construct, the prop and the fix.
    if (GoldenPathsValidationError.isGoldenPathsValidationError(e)) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const name = e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : '';
    throw inputError(team, `the team's definition threw as it ran: ${name}${showMessage(message)}`, `correct define(team) of the team ${team.name} (the cause below shows the line)`, e);
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    // Whatever it does later is not synthesized; keep its rejection from crashing the process unheard.
    (result as Promise<unknown>).then(undefined, () => undefined);
    throw propError(team, {
      prop: 'definition',
      value: definition,
      problem: 'has a define that returned a promise: the library does not wait, so what it declares after an await is never synthesized',
      fix: 'make define synchronous: declare the team\'s services and databases directly in it',
    });
  }
}

function showMessage(message: string): string {
  const line = message.split('\n')[0].replace(/[.:]\s*$/, '');
  return line.length > 300 ? `${line.slice(0, 300)}... (cut)` : line;
}
