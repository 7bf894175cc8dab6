import { parse } from 'yaml';
import { CiVariables, FileOwnership, GithubActionsIdentity, GoMicroservice, GuardrailPack, Guardrails, RepositoryVisibility, TeamEnvironment, type GoMicroserviceProps, type PlatformProps } from '../../src';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { GithubReviewerLookup } from '../../src/service/github-reviewer-lookup';
import { errorOf, platformFixture, resource, resources, synth } from '../util';

const REPO = 'github_repository';
const FILE = 'github_repository_file';
const RULESET = 'github_repository_ruleset';
const ENVIRONMENT = 'github_repository_environment';

function serviceFixture(service: Partial<GoMicroserviceProps> = {}, platform: Partial<PlatformProps> = {}) {
  const fixture = platformFixture(platform);
  const team = new TeamEnvironment(fixture.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing service', ...service });
  return { ...fixture, team, svc };
}

/** The synthesized address of a resource (`type.name`), as depends_on lists it. */
function addressOf(json: any, type: string, where: (r: any) => boolean): string {
  const found = Object.entries(resources(json, type)).filter(([, r]) => where(r));
  expect(found).toHaveLength(1);
  return `${type}.${found[0][0]}`;
}

function filesByPath(json: any): Map<string, any> {
  return new Map(Object.values(resources(json, FILE)).map((f: any) => [f.file, f]));
}

describe('ServiceRepository defaults', () => {
  const { stack, svc, team } = serviceFixture();
  const json = synth(stack);
  const repo = svc.repository;
  const files = filesByPath(json);
  const workflow = parse(files.get('.github/workflows/ci.yml').content);

  test('is the child "repository" of the service', () => {
    expect(repo.node.path).toBe('test/platform/payments/payment-service/repository');
    expect(repo.githubRepository.node.path).toBe('test/platform/payments/payment-service/repository/repository');
  });

  test('the repository is private, alerts on vulnerabilities, deletes merged branches and is archived on destroy', () => {
    expect(repo.name).toBe('payment-service');
    expect(repo.fullName).toBe('acme/payment-service');
    expect(repo.visibility).toBe(RepositoryVisibility.PRIVATE);
    expect(repo.description).toBe('Payment processing service');
    expect(repo.topics).toEqual(['go', 'payments', 'microservices']);
    const r = resource(json, REPO);
    expect(r).toEqual(expect.objectContaining({
      name: 'payment-service',
      description: 'Payment processing service',
      visibility: 'private',
      vulnerability_alerts: true,
      delete_branch_on_merge: true,
      archive_on_destroy: true,
      auto_init: true,
      topics: ['go', 'payments', 'microservices'],
    }));
    expect(r.private).toBeUndefined();
  });

  test('main is the default branch, renaming the initial branch if the organization uses another name', () => {
    expect(repo.defaultBranchName).toBe('main');
    expect(resource(json, 'github_branch_default')).toEqual(expect.objectContaining({ branch: 'main', rename: true }));
    expect(workflow.on.push.branches).toEqual(['main']);
  });

  test('commits every scaffold file, with the scaffold\'s content, to the default branch', () => {
    // The scaffold, plus the catalog entry the GoMicroservice commits next to it.
    const expected = [...repo.scaffold.paths, 'catalog-info.yaml'].sort();
    expect([...files.keys()].sort()).toEqual(expected);
    expect(repo.filePaths.slice().sort()).toEqual(expected);
    for (const file of repo.scaffold.files) {
      const committed = files.get(file.path);
      // What Terraform reads from it: the scaffold's text (test/private/terraform-literal.test.ts).
      expect(fromTerraformLiteral(committed.content)).toBe(file.content);
      expect(committed.branch).toMatch(/^\$\{github_branch_default\.\S+\.branch\}$/);
      expect(committed.repository).toMatch(/^\$\{github_repository\.\S+\.name\}$/);
      expect(committed.overwrite_on_create).toBe(true);
    }
  });

  test('the files follow the golden layout', () => {
    const paths = [...files.keys()];
    for (const exact of ['cmd/payment-service/main.go', 'api/openapi.yaml', 'Makefile', 'go.mod', 'go.sum', 'Dockerfile',
      '.golangci.yml', 'README.md', 'CODEOWNERS', '.github/workflows/ci.yml']) {
      expect(paths).toContain(exact);
    }
    for (const dir of ['internal/handlers/', 'internal/service/', 'internal/repository/', 'pkg/', 'configs/']) {
      expect(paths.some((p) => p.startsWith(dir))).toBe(true);
    }
    expect(files.get('CODEOWNERS').content).toContain('* @acme/payments');
  });

  test('service code is created once and then owned by the team; the workflow and CODEOWNERS stay managed', () => {
    expect(repo.platformOwnedPaths.slice().sort()).toEqual(['.github/workflows/ci.yml', 'CODEOWNERS', 'catalog-info.yaml']);
    expect(repo.createOncePaths.slice().sort()).toEqual(repo.scaffold.filesOwnedBy(FileOwnership.TEAM).map((f) => f.path));
    for (const [path, file] of files) {
      if (repo.platformOwnedPaths.includes(path)) {
        expect(file.lifecycle).toBeUndefined();
        // Syncs of platform files start no CI run; the workflow's commit starts the first (test/service/service-repository-ci-runs.test.ts).
        expect(file.commit_message).toBe(`Sync ${path} from the platform (cdktf-golden-paths)${path === '.github/workflows/ci.yml' ? '' : ' [skip ci]'}`);
      } else {
        expect(file.lifecycle).toEqual({ ignore_changes: ['content', 'commit_message'] });
        expect(file.commit_message).toBe(`Scaffold ${path} (cdktf-golden-paths)`);
      }
    }
  });

  test('files are committed one at a time, team files first, then the platform files', () => {
    const byAddress = new Map(Object.entries(resources(json, FILE)).map(([name, f]) => [`${FILE}.${name}`, f as any]));
    const previousFile = (f: any) => (f.depends_on ?? []).filter((d: string) => d.startsWith(`${FILE}.`));
    const firsts = [...byAddress.values()].filter((f) => previousFile(f).length === 0);
    expect(firsts).toHaveLength(1);
    for (const f of byAddress.values()) expect(previousFile(f).length).toBeLessThanOrEqual(1);
    // Walk the chain back from the workflow: it visits every file once.
    const order: string[] = [];
    let current: any = files.get('.github/workflows/ci.yml');
    while (current) {
      order.unshift(current.file);
      const [prev] = previousFile(current);
      current = prev ? byAddress.get(prev) : undefined;
    }
    expect(order).toEqual(repo.filePaths);
    expect(order).toHaveLength(files.size);
    expect(order.slice(-3)).toEqual(['CODEOWNERS', 'catalog-info.yaml', '.github/workflows/ci.yml']);
    expect(order.slice(0, repo.createOncePaths.length).every((p) => repo.createOncePaths.includes(p))).toBe(true);
  });

  test('the workflow is committed after the environments, variables and deploy grants its first run needs', () => {
    const deps: string[] = files.get('.github/workflows/ci.yml').depends_on;
    for (const type of ['github_actions_variable', 'github_actions_environment_variable', ENVIRONMENT]) {
      for (const name of Object.keys(resources(json, type))) expect(deps).toContain(`${type}.${name}`);
    }
    // The build account's binding and each environment's deployer binding, and the subject template they rely on.
    const repository = Object.keys(resources(json, REPO))[0];
    for (const subject of ['ref:refs/heads/main', 'environment:dev', 'environment:staging', 'environment:prod']) {
      expect(deps).toContain(addressOf(json, 'google_service_account_iam_member', (m) => m.member.endsWith(`/subject/repository_id:\${github_repository.${repository}.repo_id}:${subject}`)));
    }
    expect(deps).toContain(addressOf(json, 'github_actions_repository_oidc_subject_claim_customization_template', () => true));
    expect(deps).toContain(addressOf(json, 'google_artifact_registry_repository_iam_member', () => true));
  });

  test('the workflow is committed after the Deployments of its stack, so its first run finds them', () => {
    // The first run's `kubectl set image` fails with NotFound on a Deployment
    // Terraform has not created yet; depends_on orders the commit after them
    // (https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on).
    const deps: string[] = files.get('.github/workflows/ci.yml').depends_on;
    const deployments = Object.keys(resources(json, 'kubernetes_deployment_v1')).map((name) => `kubernetes_deployment_v1.${name}`);
    expect(deployments).toHaveLength(3);
    for (const d of deployments) expect(deps).toContain(d);
  });

  test('the required checks are exactly the workflow\'s gate jobs, as GitHub Actions reports them', () => {
    const gates = workflow.jobs['build-image'].needs;
    expect(repo.requiredChecks).toEqual(gates);
    expect(repo.requiredChecks).toEqual(['unit-tests', 'lint', 'security-scan', 'coverage']);
    expect(repo.requiredChecks).toEqual(svc.platform.goldenPath.requiredChecks);
    for (const check of repo.requiredChecks) {
      const job = workflow.jobs[check];
      expect(job).toBeDefined();
      // The check run is named after the job id: no display name, no matrix suffix.
      expect(job.name).toBeUndefined();
      expect(job.strategy).toBeUndefined();
    }
    const ruleset = resource(json, RULESET);
    const contexts = ruleset.rules.required_status_checks.required_check.map((c: any) => c.context);
    expect(contexts).toEqual(Object.keys(workflow.jobs).filter((j) => gates.includes(j)));
  });

  test('the ruleset protects the default branch: checks from GitHub Actions, up to date, one approval, code owners', () => {
    const ruleset = resource(json, RULESET);
    expect(repo.branchProtection.node.path).toBe('test/platform/payments/payment-service/repository/branch-protection');
    expect(ruleset).toEqual(expect.objectContaining({
      name: 'golden-path',
      target: 'branch',
      enforcement: 'active',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      bypass_actors: [{ actor_type: 'OrganizationAdmin', actor_id: 1, bypass_mode: 'always' }],
    }));
    expect(ruleset.rules).toEqual({
      deletion: true,
      non_fast_forward: true,
      pull_request: { required_approving_review_count: 1, require_code_owner_review: true, dismiss_stale_reviews_on_push: true },
      required_status_checks: {
        strict_required_status_checks_policy: true,
        required_check: ['unit-tests', 'lint', 'security-scan', 'coverage'].map((context) => ({ context, integration_id: 15368 })),
      },
    });
  });

  test('the ruleset applies after the last file is committed', () => {
    const ruleset = resource(json, RULESET);
    expect(ruleset.depends_on).toContain(addressOf(json, FILE, (f) => f.file === 'catalog-info.yaml'));
  });

  test('the owning team maintains the repository', () => {
    const access = resource(json, 'github_team_repository');
    expect(access.permission).toBe('maintain');
    expect(access.team_id).toMatch(/^\$\{github_team\.platform_payments_github-team_\S+\.id\}$/);
    expect(team.githubTeam!.node.path).toBe('test/platform/payments/github-team');
  });

  test('one GitHub environment per platform environment; production waits for the owning team', () => {
    expect(repo.environments.map((e) => [e.name, e.production])).toEqual([['dev', false], ['staging', false], ['prod', true]]);
    const envs = Object.values(resources(json, ENVIRONMENT)) as any[];
    expect(envs.map((e) => e.environment).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const name of ['dev', 'staging']) {
      const e = envs.find((x) => x.environment === name);
      expect(e.reviewers).toBeUndefined();
    }
    const prod = envs.find((x) => x.environment === 'prod');
    expect(prod.reviewers).toEqual([{ teams: [expect.stringMatching(/^\$\{github_team_repository\.\S+team-access\S+\.team_id\}$/)] }]);
    expect(repo.environment('prod').reviewers).toEqual([]);
    // No reviewer is looked up: the one data source reads the organization's id for the Workload Identity provider.
    expect(Object.keys(json.data)).toEqual(['github_organization']);
  });

  // GitHub's "Create or update an environment" takes deployment_branch_policy (custom_branch_policies:
  // only branches matching a deployment branch policy may deploy), prevent_self_review and
  // can_admins_bypass (https://docs.github.com/en/rest/deployments/environments#create-or-update-an-environment;
  // the policies: https://docs.github.com/en/rest/deployments/branch-policies), as the provider's
  // github_repository_environment and github_repository_environment_deployment_policy write them
  // (https://registry.terraform.io/providers/integrations/github/latest/docs/resources/repository_environment).
  test.each(['dev', 'staging', 'prod'])('the %s environment accepts deployments from the default branch only', (name) => {
    const e = resource(json, ENVIRONMENT, (x) => x.environment === name);
    expect(e.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    const policies = Object.values(resources(json, 'github_repository_environment_deployment_policy')) as any[];
    const policy = policies.filter((p) => p.environment.includes(`_${name}_environment_`));
    expect(policy).toEqual([expect.objectContaining({
      repository: expect.stringMatching(/^\$\{github_repository\.\S+\.name\}$/),
      branch_pattern: expect.stringMatching(/^\$\{github_branch_default\.\S+\.branch\}$/),
      environment: expect.stringMatching(new RegExp(`^\\$\\{github_repository_environment\\.\\S+_${name}_environment_\\S+\\.environment\\}$`)),
    })]);
    expect(repo.environment(name).deploymentPolicy.node.path).toBe(`test/platform/payments/payment-service/repository/${name}/deployment-policy`);
  });

  test('production prevents self-review and admin bypass; other environments keep GitHub\'s defaults', () => {
    const prod = resource(json, ENVIRONMENT, (x) => x.environment === 'prod');
    expect(prod).toEqual(expect.objectContaining({ prevent_self_review: true, can_admins_bypass: false }));
    for (const name of ['dev', 'staging']) {
      const e = resource(json, ENVIRONMENT, (x) => x.environment === name);
      expect(e.prevent_self_review).toBeUndefined();
      expect(e.can_admins_bypass).toBeUndefined();
    }
  });

  test('the Actions variables are exactly those the workflow reads', () => {
    const read = [...new Set([...files.get('.github/workflows/ci.yml').content.matchAll(/\$\{\{ vars\.([A-Z0-9_]+) \}\}/g)].map((m) => m[1]))].sort();
    const repoVars = (Object.values(resources(json, 'github_actions_variable')) as any[]).map((v) => v.variable_name);
    const envVars = (Object.values(resources(json, 'github_actions_environment_variable')) as any[]).map((v) => v.variable_name);
    expect([...new Set([...repoVars, ...envVars])].sort()).toEqual(read);
    expect(read).toEqual(CiVariables.all());
    expect(repoVars.sort()).toEqual([CiVariables.ARTIFACT_REGISTRY, CiVariables.DEPLOY_SERVICE_ACCOUNT, CiVariables.WORKLOAD_IDENTITY_PROVIDER]);
    expect(repo.variables.map((v) => v.node.id).sort()).toEqual(repoVars.sort());
  });

  test('repository variables carry the provider, the deployer and the team registry', () => {
    const value = (name: string) => resource(json, 'github_actions_variable', (v) => v.variable_name === name).value;
    expect(value(CiVariables.WORKLOAD_IDENTITY_PROVIDER)).toMatch(/^\$\{google_iam_workload_identity_pool_provider\.\S+\.name\}$/);
    expect(value(CiVariables.DEPLOY_SERVICE_ACCOUNT)).toBe('payment-service-deployer@acme-prod.iam.gserviceaccount.com');
    expect(value(CiVariables.ARTIFACT_REGISTRY)).toBe('europe-west1-docker.pkg.dev/acme-prod/payments');
    expect(value(CiVariables.ARTIFACT_REGISTRY)).toBe(team.registryPath);
    expect(repo.variable(CiVariables.DEPLOY_SERVICE_ACCOUNT).variableNameInput).toBe(CiVariables.DEPLOY_SERVICE_ACCOUNT);
  });

  test.each(['dev', 'staging', 'prod'])('the %s environment carries its cluster and location', (env) => {
    const vars = (Object.values(resources(json, 'github_actions_environment_variable')) as any[])
      .filter((v) => v.environment.includes(`_${env}_environment_`));
    expect(Object.fromEntries(vars.map((v) => [v.variable_name, v.value]))).toEqual({
      GCP_DEPLOY_SERVICE_ACCOUNT: `payment-service-deploy-${env}@acme-prod.iam.gserviceaccount.com`, GKE_CLUSTER: env, GKE_LOCATION: 'europe-west1',
    });
    expect(repo.environment(env).variables.map((v) => v.variableNameInput)).toEqual(['GCP_DEPLOY_SERVICE_ACCOUNT', 'GKE_CLUSTER', 'GKE_LOCATION']);
    expect(workflow.jobs[`deploy-${env}`].environment).toBe(env);
  });
});

describe('ServiceRepository overrides', () => {
  test('visibility, topics and repository name', () => {
    const { stack, svc } = serviceFixture({ visibility: RepositoryVisibility.INTERNAL, topics: ['pci', 'payments'], repositoryName: 'Payments-API' });
    const json = synth(stack);
    expect(svc.repository.visibility).toBe('internal');
    expect(resource(json, REPO)).toEqual(expect.objectContaining({
      name: 'Payments-API', visibility: 'internal', topics: ['go', 'payments', 'microservices', 'pci'],
    }));
    expect(filesByPath(json).get('go.mod').content).toMatch(/^module github\.com\/acme\/Payments-API$/m);
    // The OIDC subject names the repository by its id, whatever its name and its spelling.
    const binding = resource(json, 'google_service_account_iam_member', (m) => m.member.endsWith(':environment:prod'));
    expect(binding.member).toMatch(/\/subject\/repository_id:\$\{github_repository\.\S+\.repo_id\}:environment:prod$/);
  });

  test('PUBLIC visibility', () => {
    const { stack, svc } = serviceFixture({ visibility: RepositoryVisibility.PUBLIC });
    Guardrails.suppress(svc.repository, 'GP-GH-001', 'This service is published as open source on purpose.');
    expect(svc.repository.visibility).toBe('public');
    expect(resource(synth(stack), REPO).visibility).toBe('public');
  });

  test('the GitHub guardrails pass the default repository and flag a public one', () => {
    const { stack } = serviceFixture();
    Guardrails.of(stack).configure({ packs: [GuardrailPack.GITHUB, GuardrailPack.SECRETS] });
    expect(() => synth(stack)).not.toThrow();
    const open = serviceFixture({ visibility: RepositoryVisibility.PUBLIC });
    Guardrails.of(open.stack).configure({ packs: [GuardrailPack.GITHUB] });
    expect(errorOf(() => synth(open.stack))).toContain('GP-GH-001');
  });

  test('a long team name becomes a topic within 50 characters', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 't', { name: 'a-team-with-a-remarkably-long-name-for-a-github-topic', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'api', { name: 'api', description: 'API' });
    expect(svc.repository.topics[1]).toHaveLength(50);
    expect(resource(synth(stack), REPO).topics[1]).toMatch(/^a-team-with-a-remarkably-long-name-for-a-gi-[0-9a-f]{6}$/);
  });

  test('deploy reviewers of the service: users and teams by looked-up id; teams get read access', () => {
    const { stack, svc } = serviceFixture({ deployReviewers: { prod: ['carol', 'acme/sre'] } });
    const json = synth(stack);
    expect(svc.repository.environment('prod').reviewers).toEqual(['carol', 'acme/sre']);
    expect(json.data.github_user).toEqual({ [Object.keys(json.data.github_user)[0]]: expect.objectContaining({ username: 'carol' }) });
    expect(Object.values(json.data.github_team)).toEqual([expect.objectContaining({ slug: 'sre', summary_only: true })]);
    const prod = resource(json, ENVIRONMENT, (e) => e.environment === 'prod');
    expect(prod.reviewers).toEqual([{
      teams: [expect.stringMatching(/^\$\{github_team_repository\.\S+reviewer-access-sre\S+\.team_id\}$/)],
      users: [expect.stringMatching(/^\$\{data\.github_user\.\S+user-carol\S+\.id\}$/)],
    }]);
    const access = resource(json, 'github_team_repository', (a) => a.permission === 'pull');
    expect(access.team_id).toMatch(/^\$\{data\.github_team\.\S+team-sre\S+\.id\}$/);
    expect(svc.repository.reviewerAccess).toHaveLength(1);
  });

  test('a reviewer team managed by the platform is referenced, not looked up', () => {
    const { stack, platform } = platformFixture();
    new TeamEnvironment(platform, 'sre', { name: 'sre', maintainers: ['sam'] });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'api', { name: 'api', description: 'API', deployReviewers: { prod: ['acme/sre', 'acme/payments'] } });
    const json = synth(stack);
    expect(Object.keys(json.data)).toEqual(['github_organization']);
    expect(resource(json, 'github_team_repository', (a) => a.permission === 'pull').team_id).toMatch(/^\$\{github_team\.platform_sre_github-team_\S+\.id\}$/);
    const prod = resource(json, ENVIRONMENT, (e) => e.environment === 'prod');
    expect(prod.reviewers[0].teams).toEqual([
      expect.stringMatching(/reviewer-access-sre\S+\.team_id\}$/),
      expect.stringMatching(/team-access\S+\.team_id\}$/),
    ]);
  });

  test('the platform environment\'s reviewers apply when the service names none, and lookups are shared by services', () => {
    const { stack, platform } = platformFixture({ environments: [{ name: 'dev' }, { name: 'prod', production: true, reviewers: ['acme/sre'] }] });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const a = new GoMicroservice(team, 'a', { name: 'svc-a', description: 'A' });
    new GoMicroservice(team, 'b', { name: 'svc-b', description: 'B' });
    const json = synth(stack);
    expect(a.repository.environment('prod').reviewers).toEqual(['acme/sre']);
    expect(Object.keys(json.data.github_team)).toHaveLength(1);
    expect(GithubReviewerLookup.of(a).node.path).toBe('test/platform/github-reviewers');
    expect(Object.keys(resources(json, 'google_iam_workload_identity_pool'))).toHaveLength(1);
    expect(GithubActionsIdentity.of(a)).toBe(GithubActionsIdentity.of(platform));
    expect(Object.values(resources(json, 'github_team_repository')).filter((r: any) => r.permission === 'pull')).toHaveLength(2);
  });

  test('a cluster in another project is named by its full resource name', () => {
    const { stack } = serviceFixture({}, { environments: [{ name: 'dev' }, { name: 'prod', production: true, gkeCluster: 'live', gkeProject: 'acme-live', gkeLocation: 'europe-west4' }] });
    const json = synth(stack);
    const prodVars = (Object.values(resources(json, 'github_actions_environment_variable')) as any[]).filter((v) => v.environment.includes('_prod_environment_'));
    expect(Object.fromEntries(prodVars.map((v) => [v.variable_name, v.value]))).toEqual({
      GCP_DEPLOY_SERVICE_ACCOUNT: 'payment-service-deploy-prod@acme-prod.iam.gserviceaccount.com',
      GKE_CLUSTER: 'projects/acme-live/locations/europe-west4/clusters/live',
      GKE_LOCATION: 'europe-west4',
    });
  });

  test('addFile commits a platform file after the scaffold, before protection applies', () => {
    const { stack, svc } = serviceFixture();
    const file = svc.repository.addFile('docs/runbook.md', '# Runbook\n', FileOwnership.PLATFORM);
    const json = synth(stack);
    const committed = resource(json, FILE, (f) => f.file === 'docs/runbook.md');
    expect(committed.lifecycle).toBeUndefined();
    expect(committed.depends_on).toEqual([addressOf(json, FILE, (f) => f.file === 'catalog-info.yaml')]);
    expect(resource(json, RULESET).depends_on).toContain(addressOf(json, FILE, (f) => f.file === 'docs/runbook.md'));
    expect(svc.repository.file('docs/runbook.md')).toBe(file);
    expect(svc.repository.platformOwnedPaths).toContain('docs/runbook.md');
  });
});

describe('ServiceRepository errors', () => {
  // GoMicroservice judges the repository options with its other props, so errors name the service.
  const path = '[test/platform/payments/payment-service]';

  test('an invalid repository name', () => {
    expect(errorOf(() => serviceFixture({ repositoryName: 'payment service' }))).toBe(
      `${path} invalid repositoryName "payment service": is not a GitHub repository name (1 to 100 letters, digits, ".", "_" and "-", not "." or "..", not ending in ".git"). Fix: use "payment-service", or leave it out to use the service name.`,
    );
    expect(errorOf(() => serviceFixture({ repositoryName: 'api.git' }))).toContain('invalid repositoryName "api.git"');
  });

  test('a visibility GitHub does not have', () => {
    expect(errorOf(() => serviceFixture({ visibility: 'Private' as RepositoryVisibility }))).toBe(
      `${path} invalid visibility "Private": is not a RepositoryVisibility (the values are "private", "internal", "public"). Fix: use RepositoryVisibility.PRIVATE ("private").`,
    );
    expect(errorOf(() => serviceFixture({ visibility: 'secret' as RepositoryVisibility }))).toContain(
      'Fix: use one of RepositoryVisibility.PRIVATE, RepositoryVisibility.INTERNAL, RepositoryVisibility.PUBLIC.',
    );
  });

  test('topics GitHub would refuse', () => {
    expect(errorOf(() => serviceFixture({ topics: ['Payments API'] }))).toBe(
      `${path} invalid topics[0] "Payments API": is not a GitHub topic (lowercase letters, digits and hyphens, starting with a letter or digit, at most 50 characters). Fix: use "payments-api".`,
    );
    const many = Array.from({ length: 18 }, (_, i) => `t${i}`);
    expect(errorOf(() => serviceFixture({ topics: many }))).toContain(`${path} invalid topics`);
    expect(errorOf(() => serviceFixture({ topics: many }))).toContain('makes 21 topics');
  });

  test('reviewers on an environment the platform does not have', () => {
    expect(errorOf(() => serviceFixture({ deployReviewers: { qa: ['alice'] } }))).toBe(
      `${path} invalid deployReviewers "qa": names the environment "qa", which the platform does not have. Fix: use a production environment: "prod".`,
    );
  });

  test('reviewers on a non-production environment', () => {
    expect(errorOf(() => serviceFixture({ deployReviewers: { staging: ['alice'] } }))).toBe(
      `${path} invalid deployReviewers "staging": names "staging", which is not a production environment, and only production deploys wait for reviewers. Fix: name reviewers for "prod" only, or mark "staging" with production: true on the platform.`,
    );
  });

  test('reviewer lists GitHub would refuse', () => {
    expect(errorOf(() => serviceFixture({ deployReviewers: { prod: [] } }))).toContain('invalid deployReviewers.prod []: is empty');
    expect(errorOf(() => serviceFixture({ deployReviewers: { prod: ['other/sre'] } }))).toContain(
      'invalid deployReviewers.prod[0] "other/sre": names a team of "other", but teams must belong to the platform\'s organization "acme". Fix: write it as "acme/sre".',
    );
    expect(errorOf(() => serviceFixture({ deployReviewers: { prod: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } }))).toContain("over GitHub's 6 per environment");
    expect(errorOf(() => serviceFixture({ deployReviewers: { prod: ['@alice'] } }))).toContain('invalid deployReviewers.prod[0] "@alice": is not a valid GitHub user');
  });

  test('reviewers on a non-production platform environment name the platform and the prop', () => {
    expect(errorOf(() => serviceFixture({}, { environments: [{ name: 'dev', reviewers: ['alice'] }, { name: 'prod', production: true }] }))).toBe(
      '[test/platform] invalid environments[0].reviewers ["alice"]: names reviewers for "dev", which is not a production environment, and only production deploys wait for reviewers. Fix: remove them, or mark "dev" with production: true.',
    );
  });

  test('an empty or overlong description', () => {
    expect(errorOf(() => serviceFixture({ description: ' ' }))).toContain(`${path} invalid description " ": is empty`);
    expect(errorOf(() => serviceFixture({ description: 'x'.repeat(351) }))).toContain("is 351 characters long, over GitHub's 350");
  });

  test('a reviewer team whose TeamEnvironment is created after the service fails at synth', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'api', { name: 'api', description: 'API', deployReviewers: { prod: ['acme/sre'] } });
    new TeamEnvironment(platform, 'sre', { name: 'sre', maintainers: ['sam'] });
    expect(errorOf(() => synth(stack))).toContain(
      '[test/platform/payments/api/repository] names the team "sre" as deploy reviewer, but its TeamEnvironment (test/platform/sre) is created after this service',
    );
  });

  test('accessors name what exists', () => {
    const { svc } = serviceFixture();
    const repositoryPath = '[test/platform/payments/payment-service/repository]';
    expect(errorOf(() => svc.repository.file('main.go'))).toMatch(/^\[test\/platform\/payments\/payment-service\/repository\] has no file "main.go". Fix: use one of "/);
    expect(errorOf(() => svc.repository.environment('qa'))).toBe(`${repositoryPath} has no environment "qa". Fix: use one of "dev", "staging", "prod".`);
    expect(errorOf(() => svc.repository.variable('GKE_CLUSTER'))).toContain('has no repository variable "GKE_CLUSTER"');
    expect(errorOf(() => svc.repository.addFile('CODEOWNERS', 'x', FileOwnership.PLATFORM))).toBe(
      `${repositoryPath} invalid addFile.path "CODEOWNERS": is already committed by the scaffold or an earlier addFile. Fix: add each path once.`,
    );
    expect(errorOf(() => svc.repository.addFile('/etc/passwd', 'x', FileOwnership.TEAM))).toContain('invalid addFile.path "/etc/passwd": is not a relative repository path');
  });
});
