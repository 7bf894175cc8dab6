import { DEFAULT_BRANCH } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { DEFAULT_MAX_WAVES, GITHUB_MATRIX_LIMIT, MIN_MATRIX_ENTRIES } from '../private/matrix-limits';
import { dnsLabelProblem, githubNameProblem, integerProblem, problems } from '../private/validation';

/** Options for `PlatformWorkflow`. */
export interface PlatformWorkflowOptions {
  /** The GitHub organization: the GitHub App tokens are minted for its installation. */
  readonly githubOrganization: string;
  /**
   * The branch whose pushes apply.
   * @default 'main'
   */
  readonly defaultBranch?: string;
  /**
   * Processes `golden-paths synth --jobs` runs (GitHub's standard Linux runner has 4 cores in public
   * repositories and 2 in private ones).
   * @default 2
   */
  readonly synthJobs?: number;
  /**
   * How many apply wave jobs the workflow has. `golden-paths affected` fails, before anything is
   * applied, when a change needs more waves (production stacks take waves of their own): a platform
   * with the default three environments needs 5 (foundation, team stacks, dev, staging, production).
   * @default 8
   */
  readonly maxWaves?: number;
  /**
   * Matrix entries per job, at most GitHub's 256: the stacks of a bigger wave are packed several to
   * an entry, applied one after the other.
   * @default 256
   */
  readonly maxEntriesPerJob?: number;
  /**
   * How many entries of one matrix job run at once (`strategy.max-parallel`): keep it within the
   * organization's concurrent job limit and the APIs' rate limits.
   * @default 20
   */
  readonly maxParallel?: number;
  /**
   * The GitHub environment the waves without production stacks apply in: its variables name their
   * apply identity, its secret holds the writing GitHub App's key.
   * @default 'platform'
   */
  readonly applyEnvironment?: string;
  /**
   * The GitHub environment the production waves apply in (required reviewers).
   * @default 'platform-production'
   */
  readonly productionEnvironment?: string;
}

/** GitHub's limit on the entries of one matrix job, where it is documented. */
export const MATRIX_LIMIT_DOC = 'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow';

/** The options with their defaults applied, as the workflow holds them. */
export type EffectivePlatformWorkflowOptions = Required<PlatformWorkflowOptions>;

/** Applies the defaults of the options, once. */
export function platformWorkflowDefaults(options: PlatformWorkflowOptions): EffectivePlatformWorkflowOptions {
  return {
    githubOrganization: options.githubOrganization,
    defaultBranch: options.defaultBranch ?? DEFAULT_BRANCH,
    synthJobs: options.synthJobs ?? 2,
    maxWaves: options.maxWaves ?? DEFAULT_MAX_WAVES,
    maxEntriesPerJob: options.maxEntriesPerJob ?? GITHUB_MATRIX_LIMIT,
    maxParallel: options.maxParallel ?? 20,
    applyEnvironment: options.applyEnvironment ?? 'platform',
    productionEnvironment: options.productionEnvironment ?? 'platform-production',
  };
}

/** What is wrong with the options, their defaults applied. */
export function platformWorkflowProblems(o: EffectivePlatformWorkflowOptions): PropProblem[] {
  return problems(
    githubNameProblem('githubOrganization', o.githubOrganization, 'GitHub organization'),
    /^[A-Za-z0-9._/-]+$/.test(o.defaultBranch) ? undefined : { prop: 'defaultBranch', value: o.defaultBranch, problem: 'is not a branch name', fix: 'use letters, digits, ".", "_", "/" and "-"' },
    integerProblem('synthJobs', o.synthJobs, 1, 64),
    integerProblem('maxWaves', o.maxWaves, 1, 100, 'set at least the number of waves golden-paths affected prints for a change to every stack'),
    integerProblem('maxEntriesPerJob', o.maxEntriesPerJob, MIN_MATRIX_ENTRIES, GITHUB_MATRIX_LIMIT, `set ${MIN_MATRIX_ENTRIES} to ${GITHUB_MATRIX_LIMIT} (GitHub's limit: ${MATRIX_LIMIT_DOC})`),
    integerProblem('maxParallel', o.maxParallel, 1, GITHUB_MATRIX_LIMIT),
    dnsLabelProblem('applyEnvironment', o.applyEnvironment),
    dnsLabelProblem('productionEnvironment', o.productionEnvironment),
    o.applyEnvironment !== o.productionEnvironment ? undefined
      : { prop: 'productionEnvironment', value: o.productionEnvironment, problem: 'is also the applyEnvironment, so production would wait for no reviewer of its own', fix: 'name two GitHub environments' },
  );
}
