import type { IConstruct } from 'constructs';
import { addOnboardedElsewhere, type OnboardedTeam, restoreOnboardedTeam } from '../platform/onboarded-team';
import { carryAcrossParts, defineTeam, type PartCarrier } from '../private/parallel-synth';

/**
 * Onboardings across a parallel synth (see `private/parallel-synth.ts`): a
 * team onboarded with `TeamOnboarding.define` is built by the one process
 * whose share it is, which hands back what `platform.json` lists of it; the
 * rest, which writes `platform.json` with the foundation, lists it in its
 * place of the declaration order.
 */

/** What `platform.json` lists of each onboarding this process built, by the onboarding. */
const PUBLISHED = new WeakMap<IConstruct, () => OnboardedTeam>();

const ONBOARDING_CARRIER: PartCarrier = {
  key: 'onboarding',
  teamRecord: (team: IConstruct) => PUBLISHED.get(team)?.() ?? null,
  partRecord: () => null,
  restoreTeam: (standIn: IConstruct, record: unknown) => {
    if (record !== null && typeof record === 'object') restoreOnboardedTeam(standIn, record as OnboardedTeam);
  },
  finishRest: () => undefined,
};

/**
 * Declares the onboarding of team `name` (its stack `stackId`, its construct
 * path `owner`), built by `build` where `defineTeam` says: at once in one
 * process, in the part whose share it is, nowhere else.
 */
export function defineOnboarding<T extends IConstruct & { _published(): OnboardedTeam }>(
  platform: IConstruct, stackId: string, name: string, owner: string, build: () => T,
): T | undefined {
  carryAcrossParts(platform, ONBOARDING_CARRIER);
  const built = defineTeam(platform, stackId, owner, () => {
    const team = build();
    PUBLISHED.set(team, () => team._published());
    return team;
  });
  // Built elsewhere, or later here (a batch at a time): platform.json keeps its place among the teams.
  if (built === undefined) addOnboardedElsewhere(platform, name);
  return built;
}
