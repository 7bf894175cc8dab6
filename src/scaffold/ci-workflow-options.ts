import { DeployEnvironment } from './deploy-environment';
import { RequiredCheck } from './required-check';
import { DEFAULT_BRANCH, DEFAULT_ENVIRONMENTS, GOLDEN_PATH_DEFAULTS } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { coverageThresholdProblem, dnsLabelProblem, literalProblem, problems, requiredChecksProblems } from '../private/validation';

/**
 * Options for `CiWorkflow`.
 */
export interface CiWorkflowOptions {
  /**
   * The service name: the image name, the Kubernetes Deployment and its container.
   */
  readonly serviceName: string;

  /**
   * The owning team's slug; deploy jobs target the namespace `<teamSlug>-<environment>`.
   * `<team>` renders a template's workflow, which names no team yet.
   */
  readonly teamSlug: string;

  /**
   * The quality gates, by job id (see `RequiredCheck`). Each becomes a job,
   * the image build waits for all of them, and `requiredChecks` returns them
   * for branch protection.
   *
   * @default RequiredCheck.all()
   */
  readonly requiredChecks?: string[];

  /**
   * The environments to deploy to after a push to the default branch, in order.
   *
   * @default - dev, staging, then prod (production)
   */
  readonly environments?: DeployEnvironment[];

  /**
   * Minimum total test coverage, in percent, for the `coverage` check to pass.
   *
   * @default 80
   */
  readonly coverageThreshold?: number;

  /**
   * The branch whose pushes build an image and deploy.
   *
   * @default 'main'
   */
  readonly defaultBranch?: string;
}

const BRANCH_NAME = /^[A-Za-z0-9._/-]+$/;

/**
 * The team slug a template is rendered with where a service names its team
 * (the platform's service template repository: its README, CODEOWNERS and
 * the namespaces its workflow deploys to), for the team to fill in.
 */
export const TEMPLATE_TEAM_SLUG = '<team>';

/** What is wrong with a team slug: a DNS label, or the template's {@link TEMPLATE_TEAM_SLUG}. */
export function teamSlugProblem(prop: string, value: string): PropProblem | undefined {
  if (value === TEMPLATE_TEAM_SLUG) return undefined;
  return literalProblem(prop, value) ?? dnsLabelProblem(prop, value);
}

/** The default environments, as copies: dev, staging, then prod (production). */
export function defaultDeployEnvironments(): DeployEnvironment[] {
  return DEFAULT_ENVIRONMENTS.map(environment => ({ ...environment }));
}

/**
 * What is wrong with the options of the workflow's gates and deploys:
 * required checks, coverage threshold, default branch and environments. The
 * scaffold judges these as its own props too.
 */
export function ciGateProblems(o: Omit<CiWorkflowOptions, 'serviceName'>): PropProblem[] {
  const coverage = o.coverageThreshold ?? GOLDEN_PATH_DEFAULTS.coverageThreshold;
  const branch = o.defaultBranch ?? DEFAULT_BRANCH;
  const environments = o.environments ?? defaultDeployEnvironments();
  return [
    ...requiredChecksProblems('requiredChecks', o.requiredChecks ?? RequiredCheck.all()),
    ...problems(
      coverageThresholdProblem('coverageThreshold', coverage),
      literalProblem('defaultBranch', branch) ?? (typeof branch === 'string' && BRANCH_NAME.test(branch) ? undefined : {
        prop: 'defaultBranch', value: branch, problem: 'is not a branch name (letters, digits, ".", "_", "/" and "-")', fix: 'use the repository\'s default branch, such as "main"',
      }),
    ),
    ...environments.flatMap((environment, i) => {
      const prop = `environments[${i}].name`;
      const name = environment.name;
      const label = literalProblem(prop, name) ?? dnsLabelProblem(prop, name);
      if (label) return [label];
      if (environments.slice(0, i).some(e => e.name === name)) {
        return [{ prop, value: name, problem: 'repeats an earlier environment', fix: 'list each environment once' }];
      }
      if (environment.useDnsBasedEndpoint && environment.useConnectGateway) {
        return [{
          prop: `environments[${i}].useConnectGateway`,
          value: true,
          problem: 'is set together with useDnsBasedEndpoint, and a deploy job reaches its cluster one way',
          fix: 'choose the DNS-based endpoint or the Connect Gateway',
        }];
      }
      const namespace = `${o.teamSlug}-${name}`;
      return namespace.length > 63
        ? [{ prop, value: name, problem: `makes the namespace "${namespace}" longer than 63 characters`, fix: 'shorten the environment name or the team slug' }]
        : [];
    }),
  ];
}

/** What is wrong with workflow options given directly (the scaffold hands down options it has judged). */
export function ciWorkflowProblems(o: CiWorkflowOptions): PropProblem[] {
  return [
    ...problems(
      literalProblem('serviceName', o.serviceName) ?? dnsLabelProblem('serviceName', o.serviceName),
      teamSlugProblem('teamSlug', o.teamSlug),
    ),
    ...ciGateProblems(o),
  ];
}
