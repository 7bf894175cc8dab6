/**
 * Who owns a file of a scaffolded service repository once the repository exists.
 */
export enum FileOwnership {
  /**
   * Written once, when the repository is created; from then on the team owns it
   * and the platform never overwrites it (service code, tests, docs, Makefile).
   */
  TEAM = 'TEAM',
  /**
   * Kept in sync by the platform on every deploy: edits made in the repository
   * are overwritten (the CI workflow, CODEOWNERS, catalog-info.yaml).
   */
  PLATFORM = 'PLATFORM',
}
