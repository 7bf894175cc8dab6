import { parse } from 'yaml';
import { CiVariables, CiWorkflow, CiWorkflowOptions, FileOwnership, RequiredCheck } from '../../src';

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly run?: string;
}

interface Job {
  readonly 'needs'?: string[];
  readonly 'if'?: string;
  readonly 'runs-on': string;
  readonly 'timeout-minutes': number;
  readonly 'environment'?: string;
  readonly 'permissions'?: Record<string, string>;
  readonly 'concurrency'?: Record<string, unknown>;
  readonly 'outputs'?: Record<string, string>;
  readonly 'steps': Step[];
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const BASE: CiWorkflowOptions = { serviceName: 'payment-service', teamSlug: 'payments' };

function workflow(overrides: Partial<CiWorkflowOptions> = {}): CiWorkflow {
  return new CiWorkflow({ ...BASE, ...overrides });
}

function parsed(ci: CiWorkflow): Workflow {
  return parse(ci.render()) as Workflow;
}

describe('CiWorkflow jobs', () => {
  const ci = workflow();
  const yaml = parsed(ci);

  test('the job ids are the required checks, then build-image, then per environment a deploy job and the job that tags what it runs', () => {
    expect(ci.requiredChecks).toEqual(['unit-tests', 'lint', 'security-scan', 'coverage']);
    expect(Object.keys(yaml.jobs)).toEqual([
      ...ci.requiredChecks, 'build-image', 'deploy-dev', 'keep-image-dev', 'deploy-staging', 'keep-image-staging', 'deploy-prod', 'keep-image-prod',
    ]);
    expect(ci.jobIds).toEqual(Object.keys(yaml.jobs));
  });

  test('gate jobs carry no name, so the status check is the job id', () => {
    for (const check of ci.requiredChecks) {
      expect(yaml.jobs[check]).not.toHaveProperty('name');
    }
  });

  test('unit-tests builds and runs the race detector; coverage fails below the threshold', () => {
    const unitRuns = yaml.jobs['unit-tests'].steps.map(step => step.run).filter(Boolean);
    expect(unitRuns).toEqual(['go build ./...', 'go test -race ./...']);
    const coverage = yaml.jobs.coverage.steps.find(step => step.run)!;
    expect(coverage.env).toEqual({ COVERAGE_THRESHOLD: '80' });
    expect(coverage.run).toContain('go test -covermode=atomic -coverprofile=coverage.out ./...');
    expect(coverage.run).toContain('exit 1');
  });

  test('lint runs golangci-lint and security-scan runs trivy fs and gosec', () => {
    const lint = yaml.jobs.lint.steps.find(step => step.uses?.startsWith('golangci/golangci-lint-action@'))!;
    expect(lint.with).toEqual({ version: 'v2.12.2' });
    const scan = yaml.jobs['security-scan'].steps;
    const trivy = scan.find(step => step.uses?.startsWith('aquasecurity/trivy-action@'))!;
    expect(trivy.with).toMatchObject({ 'scan-type': 'fs', 'exit-code': '1' });
    // gosec runs on the Go that go.mod asks for, even when Trivy found something.
    expect(scan.map(step => step.uses?.split('@')[0] ?? step.run)).toEqual([
      'actions/checkout', 'actions/setup-go', 'aquasecurity/trivy-action',
      'go run github.com/securego/gosec/v2/cmd/gosec@v2.28.0 ./...',
    ]);
    expect(scan[3].if).toBe('success() || failure()');
  });

  test('every job runs on the pinned ubuntu-24.04 runner image', () => {
    expect(Object.values(yaml.jobs).map(job => job['runs-on'])).toEqual(Object.keys(yaml.jobs).map(() => 'ubuntu-24.04'));
  });

  test('build-image waits for every gate and runs only on pushes to the default branch', () => {
    const build = yaml.jobs['build-image'];
    expect(build.needs).toEqual(ci.requiredChecks);
    expect(build.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(build.outputs).toEqual({ image: '${{ steps.push.outputs.image }}' });
    const push = build.steps.find(step => step.id === 'push')!;
    expect(push.env).toEqual({ ARTIFACT_REGISTRY: '${{ vars.ARTIFACT_REGISTRY }}', SERVICE: 'payment-service' });
    expect(push.run).toContain('docker build');
    expect(push.run).toContain('docker push');
  });

  test('one deploy job per environment, in order, each in its GitHub environment and namespace', () => {
    expect(yaml.jobs['deploy-dev'].needs).toEqual(['build-image']);
    expect(yaml.jobs['deploy-staging'].needs).toEqual(['build-image', 'deploy-dev']);
    expect(yaml.jobs['deploy-prod'].needs).toEqual(['build-image', 'deploy-staging']);
    for (const environment of ['dev', 'staging', 'prod']) {
      const job = yaml.jobs[`deploy-${environment}`];
      expect(job.environment).toBe(environment);
      const rollout = job.steps.find(step => step.id === 'rollout')!;
      expect(rollout.env).toMatchObject({
        IMAGE: '${{ needs.build-image.outputs.image }}',
        NAMESPACE: `payments-${environment}`,
        SERVICE: 'payment-service',
      });
      expect(rollout.run).toContain('kubectl set image "deployment/${SERVICE}" "${SERVICE}=${IMAGE}" --namespace "${NAMESPACE}"');
      expect(rollout.run).toContain('kubectl rollout status');
    }
    expect(yaml.jobs['deploy-prod'].steps.find(step => step.id === 'rollout')!.env!.ROLLOUT_TIMEOUT).toBe('10m');
    expect(yaml.jobs['deploy-dev'].steps.find(step => step.id === 'rollout')!.env!.ROLLOUT_TIMEOUT).toBe('5m');
  });

  test('jobs that authenticate use Workload Identity Federation from Actions variables', () => {
    for (const id of ['build-image', 'deploy-dev', 'deploy-staging', 'deploy-prod']) {
      const auth = yaml.jobs[id].steps.find(step => step.uses?.startsWith('google-github-actions/auth@'))!;
      expect(auth.with).toMatchObject({
        workload_identity_provider: '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}',
        service_account: '${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}',
      });
      expect(JSON.stringify(auth.with)).not.toMatch(/credentials_json|secrets\./);
    }
    const gke = yaml.jobs['deploy-dev'].steps.find(step => step.uses?.startsWith('google-github-actions/get-gke-credentials@'))!;
    expect(gke.with).toEqual({ cluster_name: '${{ vars.GKE_CLUSTER }}', location: '${{ vars.GKE_LOCATION }}' });
    expect(ci.render()).not.toContain('secrets.');
  });

  test('variables lists exactly the Actions variables the workflow reads', () => {
    expect(ci.variables).toEqual(CiVariables.all());
    expect(CiVariables.all()).toEqual([
      'ARTIFACT_REGISTRY', 'GCP_DEPLOY_SERVICE_ACCOUNT', 'GCP_WORKLOAD_IDENTITY_PROVIDER', 'GKE_CLUSTER', 'GKE_LOCATION',
    ]);
  });
});

describe('CiWorkflow hardening', () => {
  const ci = workflow();
  const text = ci.render();
  const yaml = parsed(ci);

  test('every uses: is pinned to a full commit SHA with a version comment', () => {
    const uses = text.split('\n').filter(line => /^\s+(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(10);
    for (const line of uses) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  test('top-level permissions are read-only; id-token: write only on jobs that authenticate', () => {
    expect(yaml.permissions).toEqual({ contents: 'read' });
    for (const [id, job] of Object.entries(yaml.jobs)) {
      const authenticates = job.steps.some(step => step.uses?.startsWith('google-github-actions/auth@'));
      if (authenticates) {
        expect({ id, permissions: job.permissions }).toEqual({ id, permissions: { 'contents': 'read', 'id-token': 'write' } });
      } else {
        expect({ id, permissions: job.permissions }).toEqual({ id, permissions: undefined });
      }
    }
  });

  test('no workflow-level concurrency: a prod deploy waiting for approval never holds dev or staging deploys of later runs', () => {
    // GitHub Actions: a workflow-level group admits one running and one pending
    // run; every later run of the default branch would queue behind a prod
    // approval. https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#concurrency
    expect(yaml.concurrency).toBeUndefined();
    expect(text).not.toMatch(/^concurrency:/m);
    for (const environment of ['dev', 'staging', 'prod']) {
      expect(yaml.jobs[`deploy-${environment}`].concurrency).toEqual({ 'group': `deploy-${environment}`, 'cancel-in-progress': false });
    }
    for (const id of ['unit-tests', 'lint', 'security-scan', 'coverage', 'build-image']) {
      expect({ id, concurrency: yaml.jobs[id].concurrency }).toEqual({ id, concurrency: undefined });
    }
  });

  test('every job has a timeout', () => {
    for (const job of Object.values(yaml.jobs)) {
      expect(job['timeout-minutes']).toBeGreaterThan(0);
    }
  });

  test('checkouts do not persist the token, and expressions never reach shell scripts directly', () => {
    for (const job of Object.values(yaml.jobs)) {
      for (const step of job.steps) {
        if (step.uses?.startsWith('actions/checkout@')) {
          expect(step.with).toEqual({ 'persist-credentials': false });
        }
        if (step.run) {
          expect(step.run).not.toContain('${{');
        }
      }
    }
  });

  test('triggers: pushes to the default branch and pull requests', () => {
    expect(yaml.on).toEqual({ push: { branches: ['main'] }, pull_request: {} });
  });
});

describe('CiWorkflow options', () => {
  test('custom environments give one deploy job each, in the given order', () => {
    const ci = workflow({ environments: [{ name: 'qa' }, { name: 'eu-live', production: true }, { name: 'us-live', production: true }] });
    expect(ci.jobIds.slice(-6)).toEqual(['deploy-qa', 'keep-image-qa', 'deploy-eu-live', 'keep-image-eu-live', 'deploy-us-live', 'keep-image-us-live']);
    expect(ci.environments).toEqual([
      { name: 'qa', production: false, useDnsBasedEndpoint: false, useConnectGateway: false },
      { name: 'eu-live', production: true, useDnsBasedEndpoint: false, useConnectGateway: false },
      { name: 'us-live', production: true, useDnsBasedEndpoint: false, useConnectGateway: false },
    ]);
    const yaml = parsed(ci);
    expect(yaml.jobs['deploy-us-live'].needs).toEqual(['build-image', 'deploy-eu-live']);
    expect(yaml.jobs['deploy-us-live'].environment).toBe('us-live');
  });

  test('no environments builds the image and deploys nothing', () => {
    const ci = workflow({ environments: [] });
    expect(ci.jobIds).toEqual([...RequiredCheck.all(), 'build-image']);
    expect(ci.variables).toEqual(['ARTIFACT_REGISTRY', 'GCP_DEPLOY_SERVICE_ACCOUNT', 'GCP_WORKLOAD_IDENTITY_PROVIDER']);
  });

  test('a subset of checks renders only those gates, and build-image waits for exactly them', () => {
    const ci = workflow({ requiredChecks: [RequiredCheck.LINT, RequiredCheck.UNIT_TESTS] });
    expect(ci.requiredChecks).toEqual(['lint', 'unit-tests']);
    const yaml = parsed(ci);
    expect(Object.keys(yaml.jobs).slice(0, 3)).toEqual(['lint', 'unit-tests', 'build-image']);
    expect(yaml.jobs['build-image'].needs).toEqual(['lint', 'unit-tests']);
  });

  test('the threshold and default branch reach the jobs', () => {
    const ci = workflow({ coverageThreshold: 92.5, defaultBranch: 'release/main' });
    const yaml = parsed(ci);
    expect(yaml.on).toEqual({ push: { branches: ['release/main'] }, pull_request: {} });
    expect(yaml.jobs['build-image'].if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/release/main'");
    expect(yaml.jobs.coverage.steps.find(step => step.run)!.env).toEqual({ COVERAGE_THRESHOLD: '92.5' });
  });

  test('the rendering is deterministic and the returned lists are copies', () => {
    const ci = workflow();
    expect(ci.render()).toBe(workflow().render());
    ci.requiredChecks.push('extra');
    ci.environments.pop();
    expect(ci.requiredChecks).toEqual(RequiredCheck.all());
    expect(ci.environments).toHaveLength(3);
  });

  test('toFile gives the platform-owned workflow file', () => {
    const ci = workflow();
    expect(ci.toFile()).toEqual({ path: '.github/workflows/ci.yml', content: ci.render(), ownership: FileOwnership.PLATFORM });
    expect(CiWorkflow.PATH).toBe('.github/workflows/ci.yml');
  });
});

describe('CiWorkflow errors', () => {
  // A workflow built directly judges its own options, in the one error format of the library.
  test('an unknown required check names the value and the allowed names', () => {
    expect(() => workflow({ requiredChecks: ['unit-tests', 'unit-test'] })).toThrow(
      '[CiWorkflow] invalid requiredChecks[1] "unit-test": is not a check the CI workflow can run (its gates are "unit-tests", "lint", "security-scan", "coverage"). Fix: use one of those names: they are the workflow\'s job ids, which branch protection requires.',
    );
  });

  test('a repeated or missing check', () => {
    expect(() => workflow({ requiredChecks: ['lint', 'lint'] })).toThrow('[CiWorkflow] invalid requiredChecks "lint": lists a check twice. Fix: list each check once.');
    expect(() => workflow({ requiredChecks: [] })).toThrow(/^\[CiWorkflow\] invalid requiredChecks \[\]: is empty, so nothing would gate a merge or the image build/);
  });

  test('bad environment names', () => {
    expect(() => workflow({ environments: [{ name: 'Prod' }] })).toThrow(/^\[CiWorkflow\] invalid environments\[0\]\.name "Prod": is not a DNS-1123 label.*Fix: use a name such as "prod"\./);
    expect(() => workflow({ environments: [{ name: 'dev' }, { name: 'dev' }] })).toThrow('[CiWorkflow] invalid environments[1].name "dev": repeats an earlier environment. Fix: list each environment once.');
    expect(() => workflow({ teamSlug: 't'.repeat(40), environments: [{ name: 'e'.repeat(30) }] })).toThrow(/invalid environments\[0\]\.name "e{30}": makes the namespace "t{40}-e{30}" longer than 63 characters/);
  });

  test('the team slug "<team>" renders a template\'s workflow (deploys to <team>-<environment>); nothing else that is no DNS label passes', () => {
    expect(workflow({ teamSlug: '<team>' }).render()).toContain('<team>-prod');
    expect(() => workflow({ teamSlug: '<team>-x' })).toThrow('[CiWorkflow] invalid teamSlug "<team>-x": is not a DNS-1123 label');
  });

  test('bad service name, team, threshold or branch, all at once', () => {
    expect(() => workflow({ serviceName: 'Payment', teamSlug: 'a b', coverageThreshold: -5, defaultBranch: 'main branch' })).toThrow(
      '[CiWorkflow] 4 invalid props:\n'
      + '  - invalid serviceName "Payment": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "payment".\n'
      + '  - invalid teamSlug "a b": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "a-b".\n'
      + '  - invalid coverageThreshold -5: must be a percentage between 0 and 100. Fix: use a percentage such as 80.\n'
      + '  - invalid defaultBranch "main branch": is not a branch name (letters, digits, ".", "_", "/" and "-"). Fix: use the repository\'s default branch, such as "main".',
    );
  });
});
