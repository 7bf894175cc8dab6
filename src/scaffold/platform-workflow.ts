import { pinned } from './action-pins';
import { INFRASTRUCTURE_VARIABLES } from './infrastructure-variables';
import { MATRIX_LIMIT_DOC, type PlatformWorkflowOptions, platformWorkflowDefaults, platformWorkflowProblems } from './platform-workflow-options';
import { STACK_RULES_JQ, StackCommand, stackScript } from './stack-vetting';
import { CHECKOUT, expr, RUNNER, script, SETUP_NODE, SETUP_TERRAFORM, STACKS_ARTIFACT } from './workflow-steps';
import { REPORT_KEY_ENV } from '../private/constants';
import { throwIfProblems } from '../private/errors';
import { GITHUB_MATRIX_LIMIT } from '../private/matrix-limits';
import { Commented, toYaml, YamlMap } from '../private/yaml-writer';

const OWNER = 'PlatformWorkflow';
const SYNTH_JOB = 'synth';
const PLAN_JOB = 'plan';
const PLAN_RESULT_JOB = 'plan-result';
const STACKS = STACKS_ARTIFACT.name;
const BASE_DIR = '.golden-paths-base';
const MATRIX = 'fromJSON(needs.synth.outputs.matrix)';
const V = INFRASTRUCTURE_VARIABLES;
const PLUGIN_CACHE_DOC = 'https://developer.hashicorp.com/terraform/cli/config/config-file#allowing-the-provider-plugin-cache-to-break-the-dependency-lock-file';
/**
 * A concurrency group keeps one running and one pending job or run: a newer one cancels the pending
 * one (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs).
 */
const CONCURRENCY_DOC = 'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs';

/** `vars.<name>_<owner>` when set, else `vars.<name>`: the identity of the entry's owner. */
function ownerVariable(name: string): string {
  return expr(`vars[format('${name}_{0}', matrix.owner)] || vars.${name}`);
}

/**
 * The CI workflow of the platform repository (`.github/workflows/platform.yml`):
 * it plans and applies only the stacks a change touches, spread over matrix
 * jobs, so a platform of any size runs on GitHub Actions.
 *
 * - `synth` (pull requests and pushes): `npx golden-paths synth --jobs`, the
 *   guardrails and the catalog's validation (`golden-paths check --no-synth`), then the base's synth in a subfolder (a
 *   pull request's base commit; on pushes the commit of this workflow's last
 *   successful run on the default branch, so a failed or cancelled run's
 *   changes are applied by the next), and `golden-paths affected --matrix`,
 *   whose JSON is the job's output `matrix`. No cloud credentials: the only
 *   job that runs the repository's code. It hands the stacks' Terraform JSON
 *   to the jobs below as an artifact.
 * - `plan` (pull requests): a matrix over the touched stacks, each entry
 *   `terraform plan -lock=false` on its stacks' `cdk.tf.json` (vetted, no
 *   cdktf) as the plan identity of their owner; `plan-result` gathers every
 *   entry's results into one job summary and is the check to require.
 * - `apply-1` ... `apply-<maxWaves>` (pushes to the default branch): wave k is
 *   a matrix job that needs wave k-1, skipped when its wave is empty. A wave of
 *   production stacks runs in the production GitHub environment (reviewers),
 *   any other in the apply environment. A stack whose dependency did not apply
 *   is not applied, and the summary says which one failed; the other stacks go on.
 *
 * Identities are Actions variables, never values: `GCP_WORKLOAD_IDENTITY_PROVIDER`;
 * `GCP_PLAN_SERVICE_ACCOUNT_<OWNER>` or else `GCP_PLAN_SERVICE_ACCOUNT` for plans
 * and `GCP_APPLY_SERVICE_ACCOUNT_<OWNER>` or else `GCP_APPLY_SERVICE_ACCOUNT`
 * (set in the two GitHub environments) for applies, where OWNER is FOUNDATION,
 * ONBOARDING or TEAMS (`golden-paths affected --matrix` packs one owner's
 * stacks per entry); the read-only GitHub App `GOLDEN_PATHS_READER_APP_ID`
 * (key: repository secret `GOLDEN_PATHS_READER_APP_PRIVATE_KEY`) and the
 * writing App `GOLDEN_PATHS_APP_ID` (key: secret `GOLDEN_PATHS_APP_PRIVATE_KEY`
 * of the two environments only).
 *
 * @example
 * // Written to PlatformWorkflow.PATH (.github/workflows/platform.yml) in the platform repository.
 * const platformYaml = new PlatformWorkflow({ githubOrganization: 'acme' }).render();
 */
export class PlatformWorkflow {
  /** Where the workflow lives in the platform repository. */
  public static readonly PATH = '.github/workflows/platform.yml';
  /** The most entries GitHub Actions runs in one matrix job. */
  public static readonly MAX_MATRIX_ENTRIES = GITHUB_MATRIX_LIMIT;
  /** Repository variable: the full name of the platform's Workload Identity provider. */
  public static readonly WORKLOAD_IDENTITY_PROVIDER_VARIABLE = V.WORKLOAD_IDENTITY_PROVIDER;
  /** Variable naming the read-only plan identity; `<name>_<OWNER>` overrides it for one owner's stacks. */
  public static readonly PLAN_SERVICE_ACCOUNT_VARIABLE = V.PLAN_SERVICE_ACCOUNT;
  /** Variable (of the apply environments) naming the apply identity; `<name>_<OWNER>` overrides it for one owner's stacks. */
  public static readonly APPLY_SERVICE_ACCOUNT_VARIABLE = V.APPLY_SERVICE_ACCOUNT;

  /** The branch whose pushes apply. */
  public readonly defaultBranch: string;
  /** `golden-paths synth --jobs`. */
  public readonly synthJobs: number;
  /** The number of apply wave jobs. */
  public readonly maxWaves: number;
  /** Matrix entries per job. */
  public readonly maxEntriesPerJob: number;
  /** Entries of one matrix job that run at once. */
  public readonly maxParallel: number;
  /** The GitHub environment of the waves without production stacks. */
  public readonly applyEnvironment: string;
  /** The GitHub environment of the production waves. */
  public readonly productionEnvironment: string;
  /** The job ids, in workflow order. */
  public readonly jobIds: string[];

  private readonly options: PlatformWorkflowOptions;
  private readonly jobs: Record<string, YamlMap> = {};

  constructor(options: PlatformWorkflowOptions) {
    this.options = options;
    const effective = platformWorkflowDefaults(options);
    this.defaultBranch = effective.defaultBranch;
    this.synthJobs = effective.synthJobs;
    this.maxWaves = effective.maxWaves;
    this.maxEntriesPerJob = effective.maxEntriesPerJob;
    this.maxParallel = effective.maxParallel;
    this.applyEnvironment = effective.applyEnvironment;
    this.productionEnvironment = effective.productionEnvironment;
    throwIfProblems(OWNER, platformWorkflowProblems(effective));

    this.jobs[SYNTH_JOB] = this.synthJob();
    this.jobs[PLAN_JOB] = this.planJob();
    this.jobs[PLAN_RESULT_JOB] = this.planResultJob();
    for (let wave = 1; wave <= this.maxWaves; wave++) this.jobs[applyJobId(wave)] = this.applyJob(wave);
    this.jobIds = Object.keys(this.jobs);
  }

  /** The workflow as YAML. */
  public render(): string {
    return toYaml({
      name: 'platform',
      on: { push: { branches: [this.defaultBranch] }, pull_request: {} },
      permissions: { contents: 'read' },
      // Pull requests: a newer push cancels the older plan. Applies: one run at a time, never cancelled
      // mid-apply; a run still pending when a newer one queues is cancelled, and the newer one applies
      // its changes too (its base is the last successful run).
      concurrency: {
        'group': new Commented(expr(`github.event_name == 'push' && '${this.concurrencyGroup()}' || format('platform-plan-{0}', github.ref)`), CONCURRENCY_DOC),
        'cancel-in-progress': expr("github.event_name == 'pull_request'"),
      },
      defaults: { run: { shell: 'bash' } },
      env: { STACK_RULES: STACK_RULES_JQ },
      jobs: this.jobs,
    }, [
      'Written with PlatformWorkflow (cdktf-golden-paths): plans the stacks a pull request touches, and applies',
      `those a push to ${this.defaultBranch} touches, in waves, each wave a matrix job (at most ${this.maxEntriesPerJob} entries, ${this.maxParallel} at once).`,
      'Every identity below is an Actions variable or secret; this file holds none.',
      '',
      `${SYNTH_JOB}: no credentials; synth, guardrails, the base's synth in ${BASE_DIR}/, golden-paths affected --matrix (output "matrix").`,
      `${PLAN_JOB} (pull requests): terraform plan -lock=false per touched stack, as vars.${V.PLAN_SERVICE_ACCOUNT}_<OWNER> or vars.${V.PLAN_SERVICE_ACCOUNT}`,
      `  (OWNER: FOUNDATION, ONBOARDING, TEAMS) through vars.${V.WORKLOAD_IDENTITY_PROVIDER}; GitHub as the read-only App vars.${V.READER_APP_ID}.`,
      `${PLAN_RESULT_JOB}: every plan in one summary; require this check.`,
      `apply-1..apply-${this.maxWaves} (pushes to ${this.defaultBranch}): in environment ${this.applyEnvironment}, or ${this.productionEnvironment} for production waves,`,
      `  as vars.${V.APPLY_SERVICE_ACCOUNT}_<OWNER> or vars.${V.APPLY_SERVICE_ACCOUNT}; GitHub as the App vars.${V.APP_ID}, key secrets.${V.APP_PRIVATE_KEY}.`,
    ]);
  }

  /** The one concurrency group of the apply side. */
  private concurrencyGroup(): string {
    return `platform-apply-${this.defaultBranch}`;
  }

  private nodeSetup(): YamlMap[] {
    return [
      SETUP_NODE,
    ];
  }

  private synthJob(): YamlMap {
    const affected = 'npx golden-paths affected --base "${base}" --head cdktf.out';
    return {
      'runs-on': RUNNER,
      'timeout-minutes': 60,
      // actions: read lists this workflow's runs (the last successful one is the base of a push).
      'permissions': { contents: 'read', actions: 'read' },
      'outputs': { matrix: expr('steps.affected.outputs.matrix') },
      'steps': [
        CHECKOUT,
        ...this.nodeSetup(),
        { name: 'Install dependencies', run: 'npm ci --no-audit --no-fund' },
        {
          // The synth signs each stack's guardrail report with a key of this job alone, so that check applies the reports' suppressions and no edited report can.
          name: 'A key for this job\'s guardrail reports',
          run: script([
            'key="$(openssl rand -hex 32)"',
            'echo "::add-mask::${key}"',
            `echo "${REPORT_KEY_ENV}=\${key}" >> "\${GITHUB_ENV}"`,
          ]),
        },
        { name: 'Synthesize', run: `npx golden-paths synth --jobs ${this.synthJobs}` },
        { name: 'Run the guardrails and validate the catalog', run: 'npx golden-paths check --no-synth' },
        {
          id: 'base',
          name: 'Find the base: the pull request\'s base commit, or the last successful run on ' + this.defaultBranch,
          env: {
            GH_TOKEN: expr('github.token'),
            PULL_REQUEST_BASE: expr('github.event.pull_request.base.sha'),
          },
          run: script([
            'if [ "${GITHUB_EVENT_NAME}" = "pull_request" ]; then',
            '  sha="${PULL_REQUEST_BASE}"',
            'else',
            `  sha="$(gh run list --repo "\${GITHUB_REPOSITORY}" --workflow ${PlatformWorkflow.PATH.split('/').pop()} --branch ${this.defaultBranch} --event push --status success --limit 1 --json headSha --jq '.[0].headSha // ""')"`,
            'fi',
            'echo "sha=${sha}" >> "${GITHUB_OUTPUT}"',
          ]),
        },
        {
          name: 'Check out the base',
          if: "steps.base.outputs.sha != ''",
          uses: pinned('checkout'),
          with: { 'ref': expr('steps.base.outputs.sha'), 'path': BASE_DIR, 'persist-credentials': false },
        },
        {
          'id': 'base-synth',
          'name': 'Synthesize the base',
          'if': "steps.base.outputs.sha != ''",
          // A base that does not synthesize counts as empty: every stack is planned or applied.
          'continue-on-error': true,
          'working-directory': BASE_DIR,
          'run': script(['npm ci --no-audit --no-fund', `npx golden-paths synth --jobs ${this.synthJobs}`]),
        },
        {
          id: 'affected',
          name: 'List the stacks the change touches, packed for the matrices',
          env: { BASE_OUTCOME: expr("steps.base-synth.outcome || 'skipped'") },
          run: script([
            `base="${BASE_DIR}/cdktf.out"`,
            'if [ "${BASE_OUTCOME}" != "success" ]; then',
            '  echo "::warning title=No base synth::the base did not synthesize or there is none (${BASE_OUTCOME}): every stack is planned or applied"',
            '  base="${RUNNER_TEMP}/empty-base" && mkdir -p "${base}" && echo \'{"stacks":{}}\' > "${base}/manifest.json"',
            'fi',
            `${affected} --json > cdktf.out/affected.json`,
            `matrix="$(${affected} --matrix --max-entries ${this.maxEntriesPerJob} --max-waves ${this.maxWaves})"`,
            'echo "matrix=${matrix}" >> "${GITHUB_OUTPUT}"',
            `{ echo '### Stacks the change touches'; echo '\`\`\`'; ${affected}; echo '\`\`\`'; } >> "\${GITHUB_STEP_SUMMARY}"`,
          ]),
        },
        {
          name: 'Hand the stacks\' Terraform JSON to the plan and apply jobs',
          uses: pinned('uploadArtifact'),
          with: {
            'name': STACKS,
            'path': script(['cdktf.out/manifest.json', 'cdktf.out/affected.json', 'cdktf.out/stacks/*/cdk.tf.json']),
            'if-no-files-found': 'error',
            'retention-days': STACKS_ARTIFACT.retentionDays,
          },
        },
      ],
    };
  }

  /** The stacks, Terraform and Google credentials (keyless) as `serviceAccount`, and a token of the `app`. */
  private credentials(serviceAccountVariable: string, appIdVariable: string, appKeySecret: string, app: string): YamlMap[] {
    return [
      { name: 'Download the synthesized stacks', uses: pinned('downloadArtifact'), with: { name: STACKS, path: STACKS } },
      SETUP_TERRAFORM,
      {
        name: 'Authenticate to Google Cloud (Workload Identity Federation) as the owner\'s identity',
        uses: pinned('googleAuth'),
        with: {
          workload_identity_provider: expr(`vars.${V.WORKLOAD_IDENTITY_PROVIDER}`),
          service_account: ownerVariable(serviceAccountVariable),
        },
      },
      {
        id: 'github-app',
        name: `Get a token of ${app} for the organization`,
        uses: pinned('githubAppToken'),
        with: { 'app-id': expr(`vars.${appIdVariable}`), 'private-key': expr(`secrets.${appKeySecret}`), 'owner': this.options.githubOrganization },
      },
    ];
  }

  /** The matrix strategy of a job over `job` (`plan` or `waves[k]`) of the `matrix` output. */
  private strategy(job: string): YamlMap {
    return {
      'fail-fast': false,
      'max-parallel': this.maxParallel,
      'matrix': { include: new Commented(expr(`${MATRIX}.${job}.include`), `at most ${this.maxEntriesPerJob} entries: ${MATRIX_LIMIT_DOC}`) },
    };
  }

  /** The env of a step that runs a stack script: the entry's stacks, the token, a provider cache shared by its stacks. */
  private stackEnv(): YamlMap {
    return {
      STACKS: expr('matrix.stacks'),
      GITHUB_TOKEN: expr('steps.github-app.outputs.token'),
      TF_PLUGIN_CACHE_DIR: expr("format('{0}/terraform-plugins', runner.temp)"),
      // Without it, Terraform 1.4+ ignores the cache for a directory with no lock file (each stack's is fresh).
      TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: new Commented('true', PLUGIN_CACHE_DOC),
    };
  }

  private planJob(): YamlMap {
    return {
      'name': expr("format('plan {0}', matrix.id)"),
      'needs': [SYNTH_JOB],
      'if': `github.event_name == 'pull_request' && ${MATRIX}.plan.count > 0`,
      'runs-on': RUNNER,
      'timeout-minutes': 120,
      // No environment: the OIDC subject stays repo:<org>/<repository>:pull_request, the only one the plan identities trust.
      'permissions': { 'id-token': 'write' },
      'strategy': this.strategy('plan'),
      'steps': [
        ...this.credentials(V.PLAN_SERVICE_ACCOUNT, V.READER_APP_ID, V.READER_APP_PRIVATE_KEY, 'the read-only GitHub App'),
        {
          name: 'Plan the stacks (without the state lock)',
          env: { ...this.stackEnv(), ENTRY: expr('matrix.id'), PLAN: script(stackScript(`${STACKS}/stacks`, StackCommand.PLAN)) },
          run: script([
            'mkdir -p "${TF_PLUGIN_CACHE_DIR}" plan-results',
            ...namesCheck(),
            'status=0',
            'bash --noprofile --norc -eo pipefail -c "${PLAN}" || status=$?',
            // The plan script's lines for the summary are this step's summary: one file per entry for plan-result.
            '{ cat "${GITHUB_STEP_SUMMARY}" 2> /dev/null || true; } > "plan-results/${ENTRY}.md"',
            'if [ "${status}" != 0 ]; then echo "- entry \\`${ENTRY}\\` (${STACKS}): failed, see its job log" >> "plan-results/${ENTRY}.md"; fi',
            'exit "${status}"',
          ]),
        },
        {
          name: 'Hand the results to plan-result',
          if: 'always()',
          uses: pinned('uploadArtifact'),
          with: { 'name': expr("format('plan-result-{0}', matrix.id)"), 'path': 'plan-results/', 'if-no-files-found': 'ignore' },
        },
      ],
    };
  }

  private planResultJob(): YamlMap {
    return {
      'needs': [SYNTH_JOB, PLAN_JOB],
      'if': "always() && github.event_name == 'pull_request'",
      'runs-on': RUNNER,
      'timeout-minutes': 10,
      'permissions': {},
      'steps': [
        {
          name: 'Download every plan\'s results',
          if: "needs.plan.result != 'skipped'",
          uses: pinned('downloadArtifact'),
          with: { 'pattern': 'plan-result-*', 'path': 'plan-results', 'merge-multiple': true },
        },
        {
          name: 'Summarize the plans',
          env: { SYNTH: expr('needs.synth.result'), PLAN: expr('needs.plan.result') },
          run: script([
            'echo "### Plans" >> "${GITHUB_STEP_SUMMARY}"',
            'if [ -d plan-results ]; then cat plan-results/*.md >> "${GITHUB_STEP_SUMMARY}" 2> /dev/null || true; fi',
            'if [ "${SYNTH}" != "success" ]; then echo "::error::synth ${SYNTH}"; exit 1; fi',
            'if [ "${PLAN}" != "success" ] && [ "${PLAN}" != "skipped" ]; then echo "::error::a plan ${PLAN}: see the summary and the plan jobs"; exit 1; fi',
            'if [ "${PLAN}" = "skipped" ]; then echo "No stack to plan." >> "${GITHUB_STEP_SUMMARY}"; fi',
          ]),
        },
      ],
    };
  }

  private applyJob(wave: number): YamlMap {
    const job = `waves[${wave - 1}]`;
    const previous = wave === 1 ? [] : [applyJobId(wave - 1)];
    return {
      'name': expr(`format('apply wave ${wave} {0}', matrix.id)`),
      'needs': [SYNTH_JOB, ...previous],
      // always(): a failed stack stops only the stacks that depend on it (checked in the step), not the wave.
      'if': `always() && !cancelled() && github.event_name == 'push' && github.ref == 'refs/heads/${this.defaultBranch}' && needs.synth.result == 'success' && ${MATRIX}.${job}.count > 0`,
      'runs-on': RUNNER,
      'timeout-minutes': 360,
      // The production environment's reviewers gate production waves; its OIDC subject names the environment.
      'environment': expr(`matrix.production && '${this.productionEnvironment}' || '${this.applyEnvironment}'`),
      'permissions': { 'id-token': 'write' },
      'strategy': this.strategy(job),
      'steps': [
        ...this.credentials(V.APPLY_SERVICE_ACCOUNT, V.APP_ID, V.APP_PRIVATE_KEY, 'the GitHub App'),
        ...(wave === 1 ? [] : [{
          name: 'Download what the earlier waves applied',
          uses: pinned('downloadArtifact'),
          with: { 'pattern': 'applied-*', 'path': 'applied', 'merge-multiple': true },
        }]),
        {
          name: 'Apply the stacks whose dependencies applied',
          env: {
            ...this.stackEnv(),
            ENTRY: expr(`format('applied-${wave}-{0}', matrix.id)`),
            FOUNDATION: expr(`${MATRIX}.foundation`),
            APPLY: script(stackScript(`${STACKS}/stacks`, StackCommand.APPLY)),
          },
          run: script(applyScript()),
        },
        {
          name: 'Hand what this entry applied to the later waves',
          if: 'always()',
          uses: pinned('uploadArtifact'),
          with: { 'name': expr(`format('applied-${wave}-{0}', matrix.id)`), 'path': expr(`format('applied/applied-${wave}-{0}.txt', matrix.id)`), 'if-no-files-found': 'error' },
        },
      ],
    };
  }
}

function applyJobId(wave: number): string {
  return `apply-${wave}`;
}

/** Refuses stack names that are not DNS labels (they become paths). */
function namesCheck(): string[] {
  return [
    'for stack in ${STACKS}; do',
    '  if ! [[ "${stack}" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]]; then echo "::error::${stack} is not a stack name"; exit 1; fi',
    'done',
  ];
}

/**
 * For each stack of the entry: the dependencies this run touches (the
 * manifest's, and the foundation for every other stack) must all have applied
 * in an earlier wave, else the stack is not applied and the summary names the
 * dependency; then the vetted apply (`stackScript`) of that stack alone. The
 * stacks it applied go to `applied/<entry>.txt` for the later waves.
 */
function applyScript(): string[] {
  return [
    'mkdir -p "${TF_PLUGIN_CACHE_DIR}" applied',
    'done_file="applied/${ENTRY}.txt"',
    ': > "${done_file}"',
    ...namesCheck(),
    'earlier="${RUNNER_TEMP}/applied-earlier.txt"',
    'cat applied/applied-*.txt > "${earlier}" 2> /dev/null || true',
    'status=0',
    'for stack in ${STACKS}; do',
    '  blocker="$(jq -r --arg s "${stack}" --arg foundation "${FOUNDATION}" --rawfile earlier "${earlier}" --slurpfile affected ' + `${STACKS}/affected.json ` + '\'',
    '    ($affected[0].stacks | map(.name)) as $touched | ($earlier | split("\\n")) as $earlier',
    '    | ((.stacks[$s].dependencies // []) + (if $foundation != "" and $s != $foundation then [$foundation] else [] end))',
    '    | map(select(. as $d | ($touched | index($d)) != null and ($earlier | index($d)) == null))',
    '    | .[0] // ""\' ' + `${STACKS}/manifest.json)"`,
    '  if [ -n "${blocker}" ]; then',
    '    echo "::error title=${stack} not applied::its dependency ${blocker} did not apply"',
    '    echo "- \\`${stack}\\`: not applied, its dependency \\`${blocker}\\` did not apply" >> "${GITHUB_STEP_SUMMARY}"',
    '    status=1',
    '  elif STACKS="${stack}" bash --noprofile --norc -eo pipefail -c "${APPLY}"; then',
    '    echo "${stack}" >> "${done_file}"',
    '    echo "- \\`${stack}\\`: applied" >> "${GITHUB_STEP_SUMMARY}"',
    '  else',
    '    echo "::error title=${stack} failed::terraform apply of ${stack} failed: its later waves skip it"',
    '    echo "- \\`${stack}\\`: **failed** (see the job log)" >> "${GITHUB_STEP_SUMMARY}"',
    '    status=1',
    '  fi',
    'done',
    'exit "${status}"',
  ];
}
