/**
 * Settings the entry construct has already judged. GoMicroservice validates
 * its props once, with the Platform's and the team's, and hands the results
 * down; the generators it drives (the scaffold, the CI workflow) take marked
 * settings as they are instead of judging the same values again under another
 * name. Settings passed by a user directly are not marked and are judged.
 */
const judged = new WeakSet<object>();

/** Marks settings as judged and returns them. */
export function validated<T extends object>(settings: T): T {
  judged.add(settings);
  return settings;
}

/** Whether settings were marked by {@link validated}. */
export function isValidated(settings: object): boolean {
  return judged.has(settings);
}
