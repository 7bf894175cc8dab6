/**
 * The names a team's infrastructure repository shares with the platform that
 * onboarded it: the Actions variables and secrets `TeamOnboarding` sets on the
 * repository and on its GitHub environments, which the `infrastructure.yml`
 * workflow of `golden-paths init` reads. One module, so that the two sides
 * cannot drift apart.
 *
 * The deploy gates are GitHub environments named after the stacks they apply
 * (`<team>`, `<team>-<env>`): each has its own apply identity and holds the
 * GitHub App's private key; pull requests plan with the read-only identity and
 * the read-only GitHub App, whose key is the repository's only secret.
 */
export const INFRASTRUCTURE_VARIABLES = {
  /** Repository variable: the full name of the platform's Workload Identity provider. */
  WORKLOAD_IDENTITY_PROVIDER: 'GCP_WORKLOAD_IDENTITY_PROVIDER',
  /** Repository variable: the read-only plan identity (pull requests only). */
  PLAN_SERVICE_ACCOUNT: 'GCP_PLAN_SERVICE_ACCOUNT',
  /** Environment variable of each deploy gate: the apply identity of that gate's stack. */
  APPLY_SERVICE_ACCOUNT: 'GCP_APPLY_SERVICE_ACCOUNT',
  /** Repository variable: the team's state bucket. */
  STATE_BUCKET: 'TERRAFORM_STATE_BUCKET',
  /** Repository variable: the id of the GitHub App Terraform writes with (deploy gates). */
  APP_ID: 'GOLDEN_PATHS_APP_ID',
  /** Environment secret of each deploy gate: that App's private key. */
  APP_PRIVATE_KEY: 'GOLDEN_PATHS_APP_PRIVATE_KEY',
  /** Repository variable: the id of the read-only GitHub App pull requests plan with. */
  READER_APP_ID: 'GOLDEN_PATHS_READER_APP_ID',
  /**
   * Repository variable: the team's service repositories, comma-separated, which
   * the platform created for it: the only repositories the workflow's GitHub App
   * tokens reach. Unset while the team has none (then no job mints a token).
   */
  GITHUB_REPOSITORIES: 'GOLDEN_PATHS_GITHUB_REPOSITORIES',
  /** Repository secret: the read-only App's private key (it can read, never write). */
  READER_APP_PRIVATE_KEY: 'GOLDEN_PATHS_READER_APP_PRIVATE_KEY',
} as const;

/** The GitHub environment (deploy gate) that applies `stack`: named after it. */
export function deployGateOf(stack: string): string {
  return stack;
}
