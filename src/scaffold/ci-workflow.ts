import { GOLANGCI_LINT_VERSION, GOSEC_VERSION, pinned } from './action-pins';
import { CiVariables } from './ci-variables';
import { ciWorkflowProblems, defaultDeployEnvironments, type CiWorkflowOptions } from './ci-workflow-options';
import { DeployEnvironment } from './deploy-environment';
import { KEEP_IMAGE, ORDER_GUARD, ORDER_STEP } from './deploy-order-guard';
import { FileOwnership } from './file-ownership';
import { RequiredCheck } from './required-check';
import { ScaffoldFile } from './scaffold-file';
import { ScaffoldPaths } from './scaffold-paths';
import { CHECKOUT, expr, RUNNER, script } from './workflow-steps';
import { DEFAULT_BRANCH, DEPLOYED_TAG_PREFIX, GOLDEN_PATH_DEFAULTS } from '../private/constants';
import { throwIfProblems } from '../private/errors';
import { toYaml, YamlMap, YamlValue } from '../private/yaml-writer';

/** A job of the workflow; gates are the required status checks. */
interface WorkflowJob {
  readonly id: string;
  readonly requiredCheck: boolean;
  readonly definition: YamlMap;
}

const OWNER = 'CiWorkflow';
const BUILD_IMAGE_JOB = 'build-image';
/**
 * How long a deploy job waits for Terraform to create the Deployment before it
 * skips the rollout with a warning (the first run of a new service).
 */
const DEPLOYMENT_WAIT_MINUTES = 10;

/*
 * The workflow's scripts, the same in every service's workflow: joined once, so that every
 * workflow writes the same strings (the YAML writer keeps what it wrote of them).
 */
const ORDER_GUARD_SCRIPT = script(ORDER_GUARD);
const KEEP_IMAGE_SCRIPT = script(KEEP_IMAGE);
const COVERAGE_SCRIPT = script([
  'go test -covermode=atomic -coverprofile=coverage.out ./...',
  'total="$(go tool cover -func=coverage.out | awk \'/^total:/ { sub(/%/, "", $3); print $3 }\')"',
  'echo "Total coverage: ${total:-0}% (required: ${COVERAGE_THRESHOLD}%)" | tee -a "${GITHUB_STEP_SUMMARY}"',
  'if awk -v total="${total:-0}" -v min="${COVERAGE_THRESHOLD}" \'BEGIN { exit !(total + 0 < min + 0) }\'; then',
  '  echo "::error::Coverage ${total:-0}% is below the required ${COVERAGE_THRESHOLD}%."',
  '  exit 1',
  'fi',
]);
const REGISTRY_LOGIN_SCRIPT = script([
  'printf \'%s\' "${ACCESS_TOKEN}" | docker login --username oauth2accesstoken --password-stdin "https://${ARTIFACT_REGISTRY%%/*}"',
]);
const BUILD_AND_PUSH_SCRIPT = script([
  'image="${ARTIFACT_REGISTRY}/${SERVICE}:${GITHUB_SHA}"',
  'docker build --build-arg "VERSION=${GITHUB_SHA}" --build-arg "COMMIT=${GITHUB_SHA}" --tag "${image}" .',
  'docker push "${image}"',
  '# Deploy by digest: the exact image that was built, whatever happens to the tag.',
  'digest="$(docker inspect --format \'{{index .RepoDigests 0}}\' "${image}")"',
  'echo "image=${digest}" >> "${GITHUB_OUTPUT}"',
]);
const ROLLOUT_SCRIPT = script([
  '# Terraform creates the Deployment; the first run can start before it exists',
  '# (a new database takes minutes), so wait for it, for a bounded time.',
  '# Before the environment stack is applied, the deployer\'s RoleBinding is missing',
  '# too, and the lookup answers Forbidden instead: wait for that the same way.',
  'errors="$(mktemp)"',
  'deadline=$((SECONDS + DEPLOYMENT_WAIT_SECONDS))',
  'while true; do',
  '  if found="$(kubectl get deployment "${SERVICE}" --namespace "${NAMESPACE}" --ignore-not-found --output name 2> "${errors}")"; then',
  '    if [ -n "${found}" ]; then break; fi',
  '    missing="does not exist in namespace ${NAMESPACE}"',
  '    why=""',
  '  elif grep -q "^Error from server (Forbidden)" "${errors}"; then',
  '    missing="cannot be read in namespace ${NAMESPACE}"',
  '    forbidden="$(head -n 1 "${errors}")"',
  '    why=" (Forbidden until Terraform creates the deployer\'s RoleBinding: ${forbidden#Error from server (Forbidden): })"',
  '  else',
  '    cat "${errors}" >&2',
  '    exit 1',
  '  fi',
  '  if [ "${SECONDS}" -ge "${deadline}" ]; then',
  '    echo "::warning title=Deployment not found::deployment/${SERVICE} ${missing} after ${DEPLOYMENT_WAIT_SECONDS}s${why}, so ${IMAGE} was not rolled out. Terraform creates the Deployment and the deployer\'s access to it: once the environment\'s apply has finished, re-run this job."',
  '    echo "rolled-out=false" >> "${GITHUB_OUTPUT}"',
  '    exit 0',
  '  fi',
  '  echo "::notice title=Waiting for the Deployment::deployment/${SERVICE} ${missing} yet${why}; checking again in ${POLL_SECONDS}s."',
  '  sleep "${POLL_SECONDS}"',
  'done',
  'kubectl set image "deployment/${SERVICE}" "${SERVICE}=${IMAGE}" --namespace "${NAMESPACE}"',
  'kubectl annotate "deployment/${SERVICE}" --namespace "${NAMESPACE}" --overwrite \\',
  '  "kubernetes.io/change-cause=${GITHUB_REPOSITORY}@${GITHUB_SHA} by ${GITHUB_ACTOR}"',
  'kubectl rollout status "deployment/${SERVICE}" --namespace "${NAMESPACE}" --timeout "${ROLLOUT_TIMEOUT}"',
  'echo "rolled-out=true" >> "${GITHUB_OUTPUT}"',
]);
const ROLLBACK_SCRIPT = script([
  'kubectl rollout undo "deployment/${SERVICE}" --namespace "${NAMESPACE}"',
]);

function variable(name: string): string {
  return expr(`vars.${name}`);
}

function deployJobId(environment: string): string {
  return `deploy-${environment}`;
}

function keepImageJobId(environment: string): string {
  return `keep-image-${environment}`;
}

const SETUP_GO: YamlMap = {
  name: 'Set up Go from go.mod',
  uses: pinned('setupGo'),
  with: { 'go-version-file': 'go.mod' },
};

/** Keyless authentication: GitHub's OIDC token is exchanged for the deployer service account. */
function authenticate(tokenFormat?: string): YamlMap {
  return {
    id: 'auth',
    name: 'Authenticate to Google Cloud (Workload Identity Federation)',
    uses: pinned('googleAuth'),
    with: {
      workload_identity_provider: variable(CiVariables.WORKLOAD_IDENTITY_PROVIDER),
      service_account: variable(CiVariables.DEPLOY_SERVICE_ACCOUNT),
      token_format: tokenFormat,
    },
  };
}

/**
 * The CI/CD workflow of a service repository (`.github/workflows/ci.yml`):
 * the quality gates on every push and pull request, then, on pushes to the
 * default branch, an image build pushed to Artifact Registry and one deploy
 * job per environment, in order. The same job model renders the YAML and
 * answers `requiredChecks`, so branch protection always names jobs that exist.
 */
export class CiWorkflow {
  /**
   * Where the workflow lives in the repository.
   */
  public static readonly PATH = ScaffoldPaths.CI_WORKFLOW;

  /**
   * The default environments: dev, staging, then prod (production).
   */
  public static defaultEnvironments(): DeployEnvironment[] {
    return defaultDeployEnvironments();
  }

  /**
   * The service name used for the image, the Deployment and its container.
   */
  public readonly serviceName: string;

  /**
   * The owning team's slug.
   */
  public readonly teamSlug: string;

  /**
   * The effective coverage threshold, in percent.
   */
  public readonly coverageThreshold: number;

  /**
   * The effective default branch.
   */
  public readonly defaultBranch: string;

  private readonly deployEnvironments: DeployEnvironment[];
  private readonly jobs: WorkflowJob[];
  /** The rendered YAML: the workflow cannot change after construction, and `variables` reads it too. */
  private rendered?: string;

  constructor(options: CiWorkflowOptions) {
    throwIfProblems(OWNER, ciWorkflowProblems(options));
    this.serviceName = options.serviceName;
    this.teamSlug = options.teamSlug;
    this.coverageThreshold = options.coverageThreshold ?? GOLDEN_PATH_DEFAULTS.coverageThreshold;
    this.defaultBranch = options.defaultBranch ?? DEFAULT_BRANCH;
    this.deployEnvironments = (options.environments ?? CiWorkflow.defaultEnvironments())
      .map(environment => ({
        name: environment.name,
        production: environment.production ?? false,
        useDnsBasedEndpoint: environment.useDnsBasedEndpoint ?? false,
        useConnectGateway: environment.useConnectGateway ?? false,
      }));

    const gates = [...(options.requiredChecks ?? RequiredCheck.all())]
      .map(check => ({ id: check, requiredCheck: true, definition: this.gateJob(check) }));
    this.jobs = [
      ...gates,
      { id: BUILD_IMAGE_JOB, requiredCheck: false, definition: this.buildImageJob(gates.map(gate => gate.id)) },
      ...this.deployEnvironments.flatMap((environment, index) => [
        {
          id: deployJobId(environment.name),
          requiredCheck: false,
          definition: this.deployJob(environment, index === 0 ? undefined : this.deployEnvironments[index - 1]),
        },
        { id: keepImageJobId(environment.name), requiredCheck: false, definition: keepImageJobDefinition(environment) },
      ]),
    ];
  }

  /**
   * The status checks branch protection must require: the gate job ids, in workflow order.
   */
  public get requiredChecks(): string[] {
    return this.jobs.filter(job => job.requiredCheck).map(job => job.id);
  }

  /**
   * Every job id, in workflow order: the gates, `build-image`, then per
   * environment `deploy-<environment>` and `keep-image-<environment>`.
   */
  public get jobIds(): string[] {
    return this.jobs.map(job => job.id);
  }

  /**
   * The environments deployed to, in order, with `production` resolved.
   */
  public get environments(): DeployEnvironment[] {
    return this.deployEnvironments.map(environment => ({ ...environment }));
  }

  /**
   * The Actions variables the rendered workflow reads (see `CiVariables`), sorted.
   */
  public get variables(): string[] {
    const names = new Set<string>();
    for (const match of this.render().matchAll(/\$\{\{ vars\.([A-Z0-9_]+) \}\}/g)) {
      names.add(match[1]);
    }
    return [...names].sort();
  }

  /**
   * The workflow as YAML.
   */
  public render(): string {
    this.rendered ??= this.renderYaml();
    return this.rendered;
  }

  private renderYaml(): string {
    const jobs: Record<string, YamlValue> = {};
    for (const job of this.jobs) {
      jobs[job.id] = job.definition;
    }
    return toYaml({
      name: 'ci',
      on: {
        push: { branches: [this.defaultBranch] },
        pull_request: {},
      },
      permissions: { contents: 'read' },
      // No workflow-level concurrency: a prod deploy waiting for approval would
      // hold every later run of the default branch, dev and staging deploys
      // included. Each deploy job has its own group, per environment.
      defaults: { run: { shell: 'bash' } },
      jobs,
    }, [
      'Kept in sync by the platform: edits here are overwritten on the next deploy.',
      `Required checks (branch protection): ${this.requiredChecks.join(', ')}.`,
    ]);
  }

  /**
   * The workflow as a platform-owned scaffold file.
   */
  public toFile(): ScaffoldFile {
    return { path: CiWorkflow.PATH, content: this.render(), ownership: FileOwnership.PLATFORM };
  }

  private gateJob(check: string): YamlMap {
    switch (check) {
      case RequiredCheck.UNIT_TESTS:
        return goJob(15, [
          { name: 'Build', run: 'go build ./...' },
          { name: 'Test with the race detector', run: 'go test -race ./...' },
        ]);
      case RequiredCheck.LINT:
        return goJob(10, [
          { name: 'Run golangci-lint', uses: pinned('golangciLint'), with: { version: GOLANGCI_LINT_VERSION } },
        ]);
      case RequiredCheck.SECURITY_SCAN:
        return goJob(15, [
          {
            name: 'Scan dependencies, secrets and configuration with Trivy',
            uses: pinned('trivy'),
            with: {
              'scan-type': 'fs',
              'scan-ref': '.',
              'scanners': 'vuln,secret,misconfig',
              'severity': 'CRITICAL,HIGH',
              'ignore-unfixed': true,
              'exit-code': '1',
            },
          },
          {
          // Runs even when Trivy found something, so one run reports both.
            name: 'Scan the Go code with gosec',
            if: 'success() || failure()',
            run: `go run github.com/securego/gosec/v2/cmd/gosec@${GOSEC_VERSION} ./...`,
          },
        ]);
      case RequiredCheck.COVERAGE:
        return goJob(15, [
          {
            name: `Test with coverage (at least ${this.coverageThreshold}%)`,
            env: { COVERAGE_THRESHOLD: String(this.coverageThreshold) },
            run: COVERAGE_SCRIPT,
          },
        ]);
      default:
        // requiredChecksProblems has already rejected unknown names.
        throw new Error(`[${OWNER}] has no job for the check "${check}". Fix: this is a bug in cdktf-golden-paths: please report it.`);
    }
  }

  private buildImageJob(gates: string[]): YamlMap {
    return {
      'needs': gates,
      'if': `github.event_name == 'push' && github.ref == 'refs/heads/${this.defaultBranch}'`,
      'runs-on': RUNNER,
      'timeout-minutes': 20,
      'permissions': { 'contents': 'read', 'id-token': 'write' },
      'outputs': { image: expr('steps.push.outputs.image') },
      'steps': [
        CHECKOUT,
        authenticate('access_token'),
        {
          name: 'Log in to Artifact Registry',
          env: {
            ACCESS_TOKEN: expr('steps.auth.outputs.access_token'),
            ARTIFACT_REGISTRY: variable(CiVariables.ARTIFACT_REGISTRY),
          },
          run: REGISTRY_LOGIN_SCRIPT,
        },
        {
          id: 'push',
          name: 'Build and push the image',
          env: {
            ARTIFACT_REGISTRY: variable(CiVariables.ARTIFACT_REGISTRY),
            SERVICE: this.serviceName,
          },
          run: BUILD_AND_PUSH_SCRIPT,
        },
      ],
    };
  }

  private deployJob(environment: DeployEnvironment, previous: DeployEnvironment | undefined): YamlMap {
    const namespace = `${this.teamSlug}-${environment.name}`;
    const rolloutMinutes = environment.production ? 10 : 5;
    return {
      'needs': previous ? [BUILD_IMAGE_JOB, deployJobId(previous.name)] : [BUILD_IMAGE_JOB],
      'runs-on': RUNNER,
      // Room for the wait for the Deployment, the rollout, and authentication.
      'timeout-minutes': DEPLOYMENT_WAIT_MINUTES + rolloutMinutes + 10,
      // Reviewers and wait timers of the GitHub environment gate this job.
      'environment': environment.name,
      // One deploy per environment at a time; a newer run waits rather than cancelling one mid-rollout.
      // The group does not keep runs in order (an older run's job can queue after a newer one's), so
      // the order guard below refuses to roll an environment back to an older commit.
      'concurrency': { 'group': `deploy-${environment.name}`, 'cancel-in-progress': false },
      'permissions': { 'contents': 'read', 'id-token': 'write' },
      'outputs': { 'rolled-out': expr('steps.rollout.outputs.rolled-out') },
      'steps': [
        authenticate(),
        {
          name: 'Get GKE credentials',
          uses: pinned('getGkeCredentials'),
          with: {
            cluster_name: variable(CiVariables.GKE_CLUSTER),
            location: variable(CiVariables.GKE_LOCATION),
            // A private control plane: GitHub-hosted runners reach it only through these.
            use_dns_based_endpoint: environment.useDnsBasedEndpoint ? true : undefined,
            use_connect_gateway: environment.useConnectGateway ? true : undefined,
          },
        },
        {
          id: ORDER_STEP,
          name: `Refuse to replace a newer commit running in ${namespace}`,
          env: {
            NAMESPACE: namespace,
            SERVICE: this.serviceName,
            GITHUB_TOKEN: expr('github.token'),
          },
          run: ORDER_GUARD_SCRIPT,
        },
        {
          id: 'rollout',
          name: `Roll out ${this.serviceName} to ${namespace}`,
          if: `steps.${ORDER_STEP}.outputs.older != 'true'`,
          env: {
            IMAGE: expr(`needs.${BUILD_IMAGE_JOB}.outputs.image`),
            NAMESPACE: namespace,
            SERVICE: this.serviceName,
            ROLLOUT_TIMEOUT: `${rolloutMinutes}m`,
            DEPLOYMENT_WAIT_SECONDS: String(DEPLOYMENT_WAIT_MINUTES * 60),
            POLL_SECONDS: '15',
          },
          run: ROLLOUT_SCRIPT,
        },
        {
          name: 'Roll back a failed rollout',
          if: "failure() && steps.rollout.outcome == 'failure'",
          env: { NAMESPACE: namespace, SERVICE: this.serviceName },
          run: ROLLBACK_SCRIPT,
        },
      ],
    };
  }
}

/**
 * After a rollout, tags the image the environment now runs `deployed-<environment>`
 * (`gcloud artifacts docker tags add` creates the tag or moves it from the image
 * the environment ran before: https://cloud.google.com/sdk/gcloud/reference/artifacts/docker/tags/add),
 * which the team registry's keep policy never deletes; never back to an older
 * commit's image (see KEEP_IMAGE). The runner image has the
 * Google Cloud CLI, which signs in with the auth action's credentials file. It runs as the build
 * account (no GitHub environment: the repository's deployer variable), which may
 * write to the registry, so no environment's deployer gets more than rollout
 * rights. A failed rollout is undone and leaves the tag where it was, on the
 * image the environment runs again.
 */
function keepImageJobDefinition(environment: DeployEnvironment): YamlMap {
  const deploy = deployJobId(environment.name);
  return {
    'needs': [BUILD_IMAGE_JOB, deploy],
    'if': `needs.${deploy}.outputs.rolled-out == 'true'`,
    'runs-on': RUNNER,
    'timeout-minutes': 5,
    // One at a time per environment. The group does not keep runs in order (an older run's job can start after a
    // newer one's), so the script refuses to move the tag back to an older commit's image.
    'concurrency': { 'group': keepImageJobId(environment.name), 'cancel-in-progress': false },
    'permissions': { 'contents': 'read', 'id-token': 'write' },
    'steps': [
      authenticate(),
      {
        name: `Tag the image ${environment.name} runs, so the registry keeps it`,
        env: {
          IMAGE: expr(`needs.${BUILD_IMAGE_JOB}.outputs.image`),
          TAG: `${DEPLOYED_TAG_PREFIX}${environment.name}`,
          GITHUB_TOKEN: expr('github.token'),
        },
        run: KEEP_IMAGE_SCRIPT,
      },
    ],
  };
}

/** A gate job: checkout and Go set up, then its own steps, on the pinned runner with a time limit. */
function goJob(timeoutMinutes: number, steps: YamlValue[]): YamlMap {
  return { 'runs-on': RUNNER, 'timeout-minutes': timeoutMinutes, 'steps': [CHECKOUT, SETUP_GO, ...steps] };
}
