import { pinned } from './action-pins';
import type { DeployEnvironment } from './deploy-environment';
import { deployGateOf, INFRASTRUCTURE_VARIABLES } from './infrastructure-variables';
import { STACK_RULES_JQ, StackCommand, stackScript } from './stack-vetting';
import { CHECKOUT, expr, RUNNER, script, SETUP_NODE, SETUP_TERRAFORM, STACKS_ARTIFACT } from './workflow-steps';
import { DEFAULT_BRANCH } from '../private/constants';
import { throwIfProblems } from '../private/errors';
import { dnsLabelProblem, problems } from '../private/validation';
import { Commented, toYaml, YamlMap } from '../private/yaml-writer';

/** Options for `InfrastructureWorkflow`. */
export interface InfrastructureWorkflowOptions {
  /** The team's name: its stacks are `<team>` and `<team>-<environment>`. */
  readonly teamName: string;
  /** The GitHub organization (the GitHub App tokens are minted for its installation). */
  readonly githubOrganization: string;
  /** The environments, in promotion order. */
  readonly environments: DeployEnvironment[];
  /**
   * The branch whose pushes deploy.
   * @default 'main'
   */
  readonly defaultBranch?: string;
}

const OWNER = 'InfrastructureWorkflow';
const CHECK_JOB = 'check';
const DIFF_JOB = 'diff';
const SARIF_FILE = 'golden-paths.sarif';
const V = INFRASTRUCTURE_VARIABLES;

/**
 * Code scanning takes SARIF from public repositories, and from private ones
 * only where the organization has GitHub Code Security (Advanced Security):
 * elsewhere the upload fails, and must not fail the job the deploys need.
 */
const CODE_SCANNING_AVAILABILITY = 'https://docs.github.com/en/code-security/how-tos/find-and-fix-code-vulnerabilities/integrate-with-existing-tools/uploading-a-sarif-file-to-github';

/** Who a job is, to Google Cloud and to GitHub: Actions variable and secret names, never values. */
interface JobIdentity {
  /** The variable holding the service account email. */
  readonly serviceAccountVariable: string;
  /** The variable holding the GitHub App's id. */
  readonly appIdVariable: string;
  /** The secret holding that App's private key. */
  readonly appKeySecret: string;
  /** What the App token is for, in the step's name. */
  readonly app: string;
  /**
   * The permissions the token asks for (`permission-<name>` of create-github-app-token): what the
   * stacks' GitHub resources need on the team's repositories, and no organization permission
   * beyond reading teams (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps).
   */
  readonly permissions: { readonly [permission: string]: 'read' | 'write' };
}

/** Pull requests: the read-only identities, which can neither apply, nor lock state, nor write to GitHub. */
const PLAN_IDENTITY: JobIdentity = {
  serviceAccountVariable: V.PLAN_SERVICE_ACCOUNT,
  appIdVariable: V.READER_APP_ID,
  appKeySecret: V.READER_APP_PRIVATE_KEY,
  app: 'the read-only GitHub App',
  permissions: { administration: 'read', contents: 'read', environments: 'read', variables: 'read', members: 'read' },
};

/** A deploy gate: its GitHub environment holds the apply identity of its stack and the writing App's key. */
const APPLY_IDENTITY: JobIdentity = {
  serviceAccountVariable: V.APPLY_SERVICE_ACCOUNT,
  appIdVariable: V.APP_ID,
  appKeySecret: V.APP_PRIVATE_KEY,
  app: 'the GitHub App',
  // Repository settings, rulesets, environments and team access (administration); the scaffold's
  // files (contents), ci.yml among them (workflows); Actions variables (variables, environments);
  // the owning and reviewing teams' ids (members: read).
  permissions: { administration: 'write', contents: 'write', workflows: 'write', environments: 'write', variables: 'write', members: 'read' },
};

/**
 * An installation token is limited to the repositories it is asked for, and cannot reach a
 * repository outside them (GitHub, "Generating an installation access token for a GitHub App").
 */
const TOKEN_SCOPE = 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app';

/**
 * The CI workflow of a team's infrastructure repository
 * (`.github/workflows/infrastructure.yml`), written by `golden-paths init`
 * from the same YAML model and action pins as the service CI (`CiWorkflow`).
 *
 * - `check` (pull requests and pushes): `npm test` and `golden-paths check`,
 *   its SARIF uploaded to code scanning; it synthesizes the stacks and passes
 *   their Terraform JSON on as an artifact. No cloud credentials, no App key:
 *   it is the only job that runs the team's code.
 * - `diff` (pull requests): `terraform plan` of every stack, without the state
 *   lock, as the read-only plan identity and the read-only GitHub App.
 * - `deploy-<stack>` (pushes to the default branch): `terraform apply` stack by
 *   stack in promotion order, `<team>` then `<team>-<environment>`, each in the
 *   GitHub environment named after its stack (the deploy gate, whose reviewers
 *   gate the team stack and production), as that gate's apply identity.
 *
 * The jobs that hold credentials run no code of the team's: they take each
 * stack's `cdk.tf.json` from the artifact and refuse it if it could run a
 * command (`stack-vetting`). Their GitHub App tokens reach only the team's
 * service repositories (`GOLDEN_PATHS_GITHUB_REPOSITORIES`), with only the
 * permissions the stacks need.
 *
 * Every identity is an Actions variable or secret that the platform
 * repository's `TeamOnboarding` sets (`INFRASTRUCTURE_VARIABLES`): the file
 * names none, so it never changes when the platform changes an identity.
 * Google Cloud is reached through Workload Identity Federation, GitHub through
 * GitHub App installation tokens.
 */
export class InfrastructureWorkflow {
  /** Where the workflow lives in the team repository. */
  public static readonly PATH = '.github/workflows/infrastructure.yml';
  /** The Actions variable holding the id of the GitHub App the deploy jobs write with. */
  public static readonly APP_ID_VARIABLE = V.APP_ID;
  /** The Actions secret (of each deploy gate) holding that App's private key. */
  public static readonly APP_KEY_SECRET = V.APP_PRIVATE_KEY;

  /** The team's stacks, in the order the workflow deploys them. */
  public readonly stacks: string[];
  /** The job ids, in workflow order. */
  public readonly jobIds: string[];

  private readonly options: InfrastructureWorkflowOptions;
  private readonly defaultBranch: string;
  private readonly jobs: Record<string, YamlMap> = {};

  constructor(options: InfrastructureWorkflowOptions) {
    throwIfProblems(OWNER, problems(
      dnsLabelProblem('teamName', options.teamName, 40),
      options.environments.length > 0 ? undefined : { prop: 'environments', value: options.environments, problem: 'is empty', fix: 'list the platform\'s environments' },
      ...options.environments.map((e, i) => dnsLabelProblem(`environments[${i}].name`, e.name)),
    ));
    const team = options.teamName;
    this.options = options;
    this.defaultBranch = options.defaultBranch ?? DEFAULT_BRANCH;
    this.stacks = [team, ...options.environments.map((e) => `${team}-${e.name}`)];

    this.jobs[CHECK_JOB] = this.checkJob();
    this.jobs[DIFF_JOB] = this.diffJob();
    let previous = CHECK_JOB;
    for (const stack of this.stacks) {
      const id = `deploy-${stack}`;
      this.jobs[id] = this.deployJob(stack, previous);
      previous = id;
    }
    this.jobIds = Object.keys(this.jobs);
  }

  /** The workflow as YAML. */
  public render(): string {
    return toYaml({
      name: 'infrastructure',
      on: { push: { branches: [this.defaultBranch] }, pull_request: {} },
      permissions: { contents: 'read' },
      defaults: { run: { shell: 'bash' } },
      // What the jobs with credentials refuse in a stack's JSON (stack-vetting): once, for every job.
      env: { STACK_RULES: STACK_RULES_JQ },
      jobs: this.jobs,
    }, [
      `Written by golden-paths init: the team's stacks are checked on pull requests and deployed in promotion order from ${this.defaultBranch}.`,
      'Every identity below is an Actions variable or secret that the platform repository\'s TeamOnboarding sets; this file holds none.',
      '',
      `${CHECK_JOB} (pull requests and pushes): no cloud credentials and no GitHub App; the only job that runs the repository's code.`,
      '  It synthesizes the stacks and hands their Terraform JSON to the jobs below; the SARIF goes to code scanning with the job\'s own token.',
      `${DIFF_JOB} (pull requests): Google Cloud as vars.${V.PLAN_SERVICE_ACCOUNT} (read-only) through vars.${V.WORKLOAD_IDENTITY_PROVIDER};`,
      `  GitHub as the read-only App vars.${V.READER_APP_ID}, key secrets.${V.READER_APP_PRIVATE_KEY} (a repository secret); plans without the state lock.`,
      `deploy-<stack> (pushes to ${this.defaultBranch}, in order ${this.stacks.join(', ')}): in the GitHub environment named after the stack;`,
      `  Google Cloud as that environment's vars.${V.APPLY_SERVICE_ACCOUNT} through vars.${V.WORKLOAD_IDENTITY_PROVIDER};`,
      `  deploy-${this.options.teamName} alone reaches GitHub, as the App vars.${V.APP_ID}, key secrets.${V.APP_PRIVATE_KEY} (a secret of its environment only).`,
      `Jobs with credentials run only Terraform on the stacks' JSON, refused if it could run a command; their App tokens reach vars.${V.GITHUB_REPOSITORIES} alone.`,
    ]);
  }

  private checkSetup(): YamlMap[] {
    return [
      CHECKOUT,
      SETUP_NODE,
      { name: 'Install dependencies', run: 'npm ci --no-audit --no-fund' },
    ];
  }

  /**
   * The synthesized stacks, Terraform, Google credentials (keyless) and, for
   * a job that reaches GitHub, a GitHub App token for the team's repositories
   * alone, as `identity`: what `terraform plan|apply` needs, and no checkout.
   */
  private credentials(identity: JobIdentity, github = true): YamlMap[] {
    const repositories = `vars.${V.GITHUB_REPOSITORIES}`;
    return [
      { name: 'Download the synthesized stacks', uses: pinned('downloadArtifact'), with: { name: STACKS_ARTIFACT.name, path: STACKS_ARTIFACT.name } },
      SETUP_TERRAFORM,
      {
        name: 'Authenticate to Google Cloud (Workload Identity Federation)',
        uses: pinned('googleAuth'),
        with: {
          workload_identity_provider: expr(`vars.${V.WORKLOAD_IDENTITY_PROVIDER}`),
          service_account: expr(`vars.${identity.serviceAccountVariable}`),
        },
      },
      ...(github ? [{
        id: 'github-app',
        name: `Get a token of ${identity.app} for the team's repositories`,
        // Without repositories the action would mint a token for the whole installation: no token at all then.
        if: `${repositories} != ''`,
        uses: pinned('githubAppToken'),
        with: {
          'app-id': expr(`vars.${identity.appIdVariable}`),
          'private-key': expr(`secrets.${identity.appKeySecret}`),
          'owner': this.options.githubOrganization,
          'repositories': new Commented(expr(repositories), TOKEN_SCOPE),
          ...Object.fromEntries(Object.entries(identity.permissions).map(([name, level]) => [`permission-${name}`, level])),
        },
      }] : []),
    ];
  }

  private checkJob(): YamlMap {
    return {
      'runs-on': RUNNER,
      'timeout-minutes': 15,
      'permissions': { 'contents': 'read', 'security-events': 'write' },
      'steps': [
        ...this.checkSetup(),
        { name: 'Type-check and test', run: 'npm test' },
        { name: 'Synthesize, run the guardrails and validate the catalog', run: `npx golden-paths check --sarif ${SARIF_FILE}` },
        {
          'name': 'Upload the guardrail findings to code scanning',
          'if': `always() && hashFiles('${SARIF_FILE}') != ''`,
          // A private repository without code scanning refuses the upload: the findings are in the log,
          // and the deploy jobs, which need this job, must still run.
          'continue-on-error': new Commented(true, CODE_SCANNING_AVAILABILITY),
          'uses': pinned('uploadSarif'),
          'with': { sarif_file: SARIF_FILE, category: 'golden-paths' },
        },
        {
          name: 'Hand the stacks\' Terraform JSON to the plan and deploy jobs',
          uses: pinned('uploadArtifact'),
          with: {
            'name': STACKS_ARTIFACT.name,
            'path': 'cdktf.out/stacks/*/cdk.tf.json',
            'if-no-files-found': 'error',
            'retention-days': STACKS_ARTIFACT.retentionDays,
          },
        },
      ],
    };
  }

  private diffJob(): YamlMap {
    return {
      'needs': [CHECK_JOB],
      'if': "github.event_name == 'pull_request'",
      'runs-on': RUNNER,
      'timeout-minutes': 30,
      // No environment: the OIDC subject stays repo:<org>/<repository>:pull_request, the only one the plan identity trusts.
      'permissions': { 'id-token': 'write' },
      'steps': [
        ...this.credentials(PLAN_IDENTITY),
        {
          name: 'Plan every stack (without the state lock)',
          env: { GITHUB_TOKEN: expr('steps.github-app.outputs.token'), STACKS: this.stacks.join(' ') },
          run: script(stackScript(STACKS_ARTIFACT.name, StackCommand.PLAN)),
        },
      ],
    };
  }

  private deployJob(stack: string, previous: string): YamlMap {
    // Only the team stack holds GitHub resources: the environment stacks' gates never hold the writing App's key.
    const github = stack === this.options.teamName;
    return {
      'needs': [previous],
      'if': `github.event_name == 'push' && github.ref == 'refs/heads/${this.defaultBranch}'`,
      'runs-on': RUNNER,
      'timeout-minutes': 60,
      // The deploy gate: its reviewers, its apply identity (the OIDC subject names it) and the App's key.
      'environment': deployGateOf(stack),
      // One apply per stack at a time; a newer run waits rather than cancelling one mid-apply.
      'concurrency': { 'group': `terraform-${stack}`, 'cancel-in-progress': false },
      'permissions': { 'id-token': 'write' },
      'steps': [
        ...this.credentials(APPLY_IDENTITY, github),
        {
          name: `Deploy ${stack}`,
          env: { ...(github ? { GITHUB_TOKEN: expr('steps.github-app.outputs.token') } : {}), STACKS: stack },
          run: script(stackScript(STACKS_ARTIFACT.name, StackCommand.APPLY)),
        },
      ],
    };
  }
}
