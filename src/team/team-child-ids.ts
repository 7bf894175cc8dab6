import type { IConstruct } from 'constructs';
import { TEAM_SYMBOL, type ITeamEnvironment } from './team-interfaces';
import { propError } from '../private/errors';
import { prototypeNameProblem } from '../private/validation';

/** The ids that services and databases took, per team: a second one is a duplicate, not a reserved id. */
const TAKEN = new WeakMap<IConstruct, Set<string>>();

/**
 * Checks the id of a service or database (`what`) created directly in a team,
 * before the construct takes it, and returns it. Construct ids of released
 * constructs are Terraform addresses, so the library's own children keep
 * theirs: an id that one of them has (in the team, or with a Platform at App
 * scope in every environment's stack) is refused with the list of such ids,
 * and an id that another service or database has is refused as a duplicate,
 * both in the house format instead of constructs' "There is already a
 * Construct with name". Any other scope is left to the construct's own
 * placement check.
 */
export function teamChildId(scope: IConstruct, id: string, what: string): string {
  if (typeof id !== 'string' || !(TEAM_SYMBOL in scope)) return id;
  const team = scope as unknown as ITeamEnvironment;
  const path = `${team.node.path}/${id}`;
  const prototypeName = prototypeNameProblem('id', id);
  if (prototypeName) throw propError(path, prototypeName);
  const taken = TAKEN.get(team) ?? new Set<string>();
  TAKEN.set(team, taken);
  if (taken.has(id)) {
    throw propError(path, {
      prop: 'id',
      value: id,
      problem: `is the id of another service or database of the team ${team.name}`,
      fix: `give each ${what} its own id and name`,
    });
  }
  // The library's own children: with a Platform at App scope, those of every environment's stack; inside a stack, the team's.
  const { ids: reserved, where } = team.platform._layout.reservedChildIds(team, taken);
  if (reserved.includes(id)) {
    throw propError(path, {
      prop: 'id',
      value: id,
      problem: `is reserved: the library's own constructs ${where} have that id, and theirs never change (they are Terraform addresses). Reserved: ${reserved.map((r) => `"${r}"`).join(', ')}`,
      fix: `give the ${what} another id and name, e.g. "${id}-${what === 'database' ? 'db' : 'service'}"`,
    });
  }
  taken.add(id);
  return id;
}
