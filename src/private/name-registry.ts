import type { IConstruct } from 'constructs';
import { propError, type PropProblem } from './errors';
import { noteClaim } from './parallel-synth';

/**
 * The real-world names claimed in an app, by the app's root: each name's
 * owner, or the owner's path once a parallel synth dropped it. Names are kept
 * per app, whichever Platform of the app they were claimed through.
 */
const CLAIMED_NAMES = new WeakMap<IConstruct, Map<string, IConstruct | string>>();

/**
 * Claims `key`, a name of the kind `what` that must be unique in the real
 * world, for `owner` in the app whose root is `root`; fails with the construct
 * paths of both owners and `problem` (the prop, the value and the fix) when
 * another owner has it. Claiming a name again for the same owner is fine.
 */
export function claimName(root: IConstruct, owner: IConstruct, what: string, key: string, problem: PropProblem): void {
  let names = CLAIMED_NAMES.get(root);
  if (!names) CLAIMED_NAMES.set(root, names = new Map());
  const id = `${what}\u0000${key}`;
  const first = names.get(id);
  if (first !== undefined && first !== owner) {
    throw propError(owner, { ...problem, problem: `${problem.problem} (it is already used by ${typeof first === 'string' ? first : first.node.path})` });
  }
  names.set(id, owner);
  noteClaim(owner, id, problem);
}

/**
 * Lets go of the owners a parallel synth has synthesized and dropped (those
 * `released` says yes to): their names stay claimed, by path.
 */
export function releaseNames(root: IConstruct, released: (c: IConstruct) => boolean): void {
  const names = CLAIMED_NAMES.get(root);
  for (const [id, owner] of names ?? []) {
    if (typeof owner !== 'string' && released(owner)) names!.set(id, owner.node.path);
  }
}
