import { pinned } from './action-pins';
import { CHECKOUT, expr, RUNNER, script } from './ci-workflow';
import type { DeployEnvironment } from './deploy-environment';
import { DEFAULT_BRANCH } from '../private/constants';
import { throwIfProblems } from '../private/errors';
import { dnsLabelProblem, problems } from '../private/validation';
import { toYaml, YamlMap } from '../private/yaml-writer';

/** Options for `InfrastructureWorkflow`. */
export interface InfrastructureWorkflowOptions {
  /** The team's name: its stacks are `<team>` and `<team>-<environment>`. */
  readonly teamName: string;
  /** The GitHub organization (the GitHub App token is minted for its installation). */
  readonly githubOrganization: string;
  /** The environments, in promotion order. */
  readonly environments: DeployEnvironment[];
  /**
   * The full resource name of the Workload Identity provider,
   * `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`.
   */
  readonly workloadIdentityProvider: string;
  /** The email of the team's infrastructure service account that Terraform runs as. */
  readonly serviceAccount: string;
  /**
   * The branch whose pushes deploy.
   * @default 'main'
   */
  readonly defaultBranch?: string;
}

const OWNER = 'InfrastructureWorkflow';
const WORKLOAD_IDENTITY_PROVIDER = /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+\/providers\/[a-z0-9-]+$/;
const SERVICE_ACCOUNT_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;
const CHECK_JOB = 'check';
const DIFF_JOB = 'diff';
const NODE_VERSION = '22';
const TERRAFORM_VERSION = '1.11.*';
/** The GitHub App that Terraform's GitHub provider acts as: its id is a variable, its key a secret. */
const APP_ID_VARIABLE = 'GOLDEN_PATHS_APP_ID';
const APP_KEY_SECRET = 'GOLDEN_PATHS_APP_PRIVATE_KEY';
const SARIF_FILE = 'golden-paths.sarif';

/**
 * The CI workflow of a team's infrastructure repository
 * (`.github/workflows/infrastructure.yml`), written by `golden-paths init`
 * from the same YAML model and action pins as the service CI (`CiWorkflow`).
 * On pull requests: synth, `golden-paths check` with its SARIF uploaded to
 * code scanning, and `cdktf diff` of every stack with the plans in the job
 * summary. On pushes to the default branch: `cdktf deploy` stack by stack in
 * promotion order, `<team>` then `<team>-<environment>`, each environment's
 * job in its GitHub environment (whose reviewers gate production).
 * Google Cloud is reached through Workload Identity Federation as the team's
 * infrastructure service account, GitHub through a GitHub App token: no key
 * is stored in the repository.
 */
export class InfrastructureWorkflow {
  /** Where the workflow lives in the team repository. */
  public static readonly PATH = '.github/workflows/infrastructure.yml';
  /** The Actions variable holding the GitHub App's id. */
  public static readonly APP_ID_VARIABLE = APP_ID_VARIABLE;
  /** The Actions secret holding the GitHub App's private key. */
  public static readonly APP_KEY_SECRET = APP_KEY_SECRET;

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
      WORKLOAD_IDENTITY_PROVIDER.test(options.workloadIdentityProvider) ? undefined : {
        prop: 'workloadIdentityProvider',
        value: options.workloadIdentityProvider,
        problem: 'is not the full resource name of a Workload Identity provider',
        fix: 'use the "foundation.workloadIdentityProvider" of platform.json (the platform needs gcpProjectNumber)',
      },
      SERVICE_ACCOUNT_EMAIL.test(options.serviceAccount) ? undefined : {
        prop: 'serviceAccount', value: options.serviceAccount, problem: 'is not a service account email', fix: 'use "<account>@<project>.iam.gserviceaccount.com"',
      },
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
    this.stacks.forEach((stack, i) => {
      const id = `deploy-${stack}`;
      this.jobs[id] = this.deployJob(stack, previous, i === 0 ? undefined : options.environments[i - 1]);
      previous = id;
    });
    this.jobIds = Object.keys(this.jobs);
  }

  /** The workflow as YAML. */
  public render(): string {
    return toYaml({
      name: 'infrastructure',
      on: { push: { branches: [this.defaultBranch] }, pull_request: {} },
      permissions: { contents: 'read' },
      defaults: { run: { shell: 'bash' } },
      jobs: this.jobs,
    }, [
      'Written by golden-paths init: the team\'s stacks are checked on pull requests and deployed in promotion order from main.',
      `Needs the Actions variable ${APP_ID_VARIABLE} and the secret ${APP_KEY_SECRET} (the organization's GitHub App), and GitHub environments with reviewers for production.`,
    ]);
  }

  private setup(): YamlMap[] {
    return [
      CHECKOUT,
      { name: 'Set up Node.js', uses: pinned('setupNode'), with: { 'node-version': NODE_VERSION, 'cache': 'npm' } },
      { name: 'Install dependencies', run: 'npm ci --no-audit --no-fund' },
    ];
  }

  /** Terraform, Google credentials (keyless) and a GitHub App token: what `cdktf diff|deploy` needs. */
  private credentials(): YamlMap[] {
    return [
      { name: 'Set up Terraform', uses: pinned('setupTerraform'), with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } },
      {
        name: 'Authenticate to Google Cloud (Workload Identity Federation)',
        uses: pinned('googleAuth'),
        with: { workload_identity_provider: this.options.workloadIdentityProvider, service_account: this.options.serviceAccount },
      },
      {
        id: 'github-app',
        name: 'Get a GitHub App token for the GitHub provider',
        uses: pinned('githubAppToken'),
        with: { 'app-id': expr(`vars.${APP_ID_VARIABLE}`), 'private-key': expr(`secrets.${APP_KEY_SECRET}`), 'owner': this.options.githubOrganization },
      },
    ];
  }

  private checkJob(): YamlMap {
    return {
      'runs-on': RUNNER,
      'timeout-minutes': 15,
      'permissions': { 'contents': 'read', 'security-events': 'write' },
      'steps': [
        ...this.setup(),
        { name: 'Type-check and test', run: 'npm test' },
        { name: 'Synthesize, run the guardrails and validate the catalog', run: `npx golden-paths check --sarif ${SARIF_FILE}` },
        {
          name: 'Upload the guardrail findings to code scanning',
          if: `always() && hashFiles('${SARIF_FILE}') != ''`,
          uses: pinned('uploadSarif'),
          with: { sarif_file: SARIF_FILE, category: 'golden-paths' },
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
      'permissions': { 'contents': 'read', 'id-token': 'write' },
      'steps': [
        ...this.setup(),
        ...this.credentials(),
        {
          name: 'Plan every stack',
          env: { GITHUB_TOKEN: expr('steps.github-app.outputs.token'), STACKS: this.stacks.join(' ') },
          run: script([
            'status=0',
            'for stack in ${STACKS}; do',
            '  echo "::group::cdktf diff ${stack}"',
            '  if npx cdktf diff "${stack}" --ignore-missing-stack-dependencies 2>&1 | tee "diff-${stack}.txt"; then result="planned"; else result="failed"; status=1; fi',
            '  echo "::endgroup::"',
            '  summary="$(grep -E \'Plan:|No changes\' "diff-${stack}.txt" | tail -n 1)"',
            '  echo "- \\`${stack}\\`: ${result}. ${summary:-see the job log}" >> "${GITHUB_STEP_SUMMARY}"',
            'done',
            'exit "${status}"',
          ]),
        },
      ],
    };
  }

  private deployJob(stack: string, previous: string, env: DeployEnvironment | undefined): YamlMap {
    return {
      'needs': [previous],
      'if': `github.event_name == 'push' && github.ref == 'refs/heads/${this.defaultBranch}'`,
      'runs-on': RUNNER,
      'timeout-minutes': 60,
      // Reviewers and wait timers of the GitHub environment gate an environment's apply.
      ...(env ? { environment: env.name } : {}),
      // One apply per stack at a time; a newer run waits rather than cancelling one mid-apply.
      'concurrency': { 'group': `terraform-${stack}`, 'cancel-in-progress': false },
      'permissions': { 'contents': 'read', 'id-token': 'write' },
      'steps': [
        ...this.setup(),
        ...this.credentials(),
        {
          name: `Deploy ${stack}`,
          env: { GITHUB_TOKEN: expr('steps.github-app.outputs.token'), STACK: stack },
          run: script(['npx cdktf deploy "${STACK}" --auto-approve --ignore-missing-stack-dependencies']),
        },
      ],
    };
  }
}
