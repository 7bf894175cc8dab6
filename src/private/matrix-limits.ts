/**
 * The limits the platform workflow (`PlatformWorkflow`) and the command that
 * fills its matrices (`golden-paths affected --matrix`) share.
 */

/**
 * The most entries GitHub Actions runs in one matrix job
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow).
 */
export const GITHUB_MATRIX_LIMIT = 256;

/** The fewest entries a matrix job may be given: one per stack owner (foundation, onboarding, teams). */
export const MIN_MATRIX_ENTRIES = 3;

/** The apply wave jobs the workflow renders by default, and `--max-waves`' default. */
export const DEFAULT_MAX_WAVES = 8;
