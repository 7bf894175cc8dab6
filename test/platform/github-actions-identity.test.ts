import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GithubActionsIdentity, GoMicroservice, Platform, TeamEnvironment, type PlatformProps } from '../../src';
import { deployerAccountId } from '../../src/service/service-deployer';
import { errorOf, PLATFORM_PROPS, platformFixture, resource, resources, synth } from '../util';

function serviceFixture(props: Partial<PlatformProps> = {}, name = 'payment-service') {
  const fixture = platformFixture(props);
  const team = new TeamEnvironment(fixture.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const service = new GoMicroservice(team, name, { name, description: 'Payment processing service' });
  return { ...fixture, team, service };
}

const POOL = 'google_iam_workload_identity_pool';
const PROVIDER = 'google_iam_workload_identity_pool_provider';
const SA = 'google_service_account';
const SA_MEMBER = 'google_service_account_iam_member';

describe('GithubActionsIdentity defaults', () => {
  const { stack, platform, service } = serviceFixture();
  const json = synth(stack);
  const identity = GithubActionsIdentity.of(platform);

  test('is one pool and one OIDC provider per platform, a child "github-actions" of the Platform', () => {
    expect(identity.node.path).toBe('test/platform/github-actions');
    expect(Object.keys(resources(json, POOL))).toHaveLength(1);
    expect(Object.keys(resources(json, PROVIDER))).toHaveLength(1);
    expect(GithubActionsIdentity.of(service)).toBe(identity);
  });

  test('pool and provider ids default to github-<org> and github-actions, in the platform project', () => {
    expect(identity.poolId).toBe('github-acme');
    expect(identity.providerId).toBe('github-actions');
    expect(resource(json, POOL)).toMatchObject({ workload_identity_pool_id: 'github-acme', project: 'acme-prod' });
    expect(resource(json, PROVIDER)).toMatchObject({ workload_identity_pool_provider_id: 'github-actions', project: 'acme-prod' });
  });

  /*
   * GitHub's token carries the owner's immutable id next to its name (repository_owner_id, "OIDC token claims":
   * https://docs.github.com/en/actions/reference/security/oidc); a name can be renamed and then taken by another
   * organization, an id is never reused. The condition is CEL over the assertion ("Define an attribute condition":
   * https://cloud.google.com/iam/docs/workload-identity-federation#conditions); the github provider's
   * data.github_organization has the organization's numeric id as its id
   * (https://registry.terraform.io/providers/integrations/github/latest/docs/data-sources/organization).
   */
  test('trusts GitHub Actions tokens only from the platform organization, by its immutable id', () => {
    const provider = resource(json, PROVIDER);
    const lookups = Object.entries<any>(json.data?.github_organization ?? {});
    expect(lookups).toHaveLength(1);
    const [name, lookup] = lookups[0];
    expect(lookup).toEqual(expect.objectContaining({ name: 'acme', summary_only: true }));
    expect(provider.attribute_condition).toBe(`assertion.repository_owner_id == '\${data.github_organization.${name}.id}'`);
    expect(identity.organizationLookup).toBeDefined();
    expect(provider.oidc).toEqual({ issuer_uri: 'https://token.actions.githubusercontent.com' });
    expect(provider.attribute_mapping).toEqual({
      'google.subject': 'assertion.sub',
      'attribute.actor': 'assertion.actor',
      'attribute.repository': 'assertion.repository',
      'attribute.repository_owner': 'assertion.repository_owner',
      'attribute.ref': 'assertion.ref',
      // Principal sets by the immutable ids ("Define an attribute mapping": https://cloud.google.com/iam/docs/workload-identity-federation#mapping).
      'attribute.repository_id': 'assertion.repository_id',
      'attribute.repository_owner_id': 'assertion.repository_owner_id',
    });
    expect(provider.workload_identity_pool_id).toMatch(/^\$\{google_iam_workload_identity_pool\.\S+\.workload_identity_pool_id\}$/);
  });

  test('with githubOrganizationId in the settings, the condition pins that id and nothing is looked up', () => {
    const fixture = serviceFixture({ githubOrganizationId: '1342004' });
    const out = synth(fixture.stack);
    expect(resource(out, PROVIDER).attribute_condition).toBe("assertion.repository_owner_id == '1342004'");
    expect(GithubActionsIdentity.of(fixture.platform).organizationId).toBe('1342004');
    expect(out.data?.github_organization).toBeUndefined();
  });

  // prevent_destroy: Terraform refuses a plan that would destroy the resource (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy).
  test('pool and provider are protected from destroy: every repository\'s CI signs in through them', () => {
    expect(resource(json, POOL).lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, PROVIDER).lifecycle).toEqual({ prevent_destroy: true });
    expect(identity.pool.lifecycle).toEqual({ preventDestroy: true });
    expect(identity.provider.lifecycle).toEqual({ preventDestroy: true });
  });

  test('never creates a service account key', () => {
    expect(resources(json, 'google_service_account_key')).toEqual({});
  });
});

describe('GithubActionsIdentity overrides', () => {
  test('ids may be chosen by creating it before the first service', () => {
    const { stack, platform } = platformFixture();
    const identity = new GithubActionsIdentity(platform, 'github-actions', { poolId: 'github-acme-2', providerId: 'gha' + '-oidc' });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const service = new GoMicroservice(team, 'api', { name: 'api', description: 'API' });
    expect(service.repository.deployer.identity).toBe(identity);
    const json = synth(stack);
    expect(resource(json, POOL).workload_identity_pool_id).toBe('github-acme-2');
    expect(resource(json, PROVIDER).workload_identity_pool_provider_id).toBe('gha-oidc');
  });

  test('a long organization name is lowercased and shortened to the 32 characters Google allows', () => {
    const { platform } = platformFixture({ githubOrganization: 'Acme-Corporation-Platform-Engineering' });
    const identity = GithubActionsIdentity.of(platform);
    expect(identity.poolId).toHaveLength(32);
    expect(identity.poolId).toMatch(/^github-acme-corporation-p-[0-9a-f]{6}$/);
    expect(identity.organizationLookup!.nameInput).toBe('Acme-Corporation-Platform-Engineering');
    expect(identity.attributeCondition).toBe(`assertion.repository_owner_id == '${identity.organizationId}'`);
  });
});

describe('GithubActionsIdentity errors', () => {
  test('an invalid pool id names the prop, the value and the fix', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => new GithubActionsIdentity(platform, 'github-actions', { poolId: 'gcp-pool' }))).toBe(
      '[test/platform/github-actions] invalid poolId "gcp-pool": is not a Workload Identity id (4 to 32 lowercase letters, digits and hyphens, not starting with "gcp-"). Fix: use an id such as "github-actions".',
    );
    expect(errorOf(() => new GithubActionsIdentity(platformFixture().platform, 'gha', { providerId: 'GH' }))).toContain('[test/platform/gha] invalid providerId "GH"');
  });

  test('a githubOrganizationId that is not a number is refused with the command that prints it', () => {
    expect(errorOf(() => platformFixture({ githubOrganizationId: 'acme' }))).toBe(
      '[test/platform] invalid githubOrganizationId "acme": is not a GitHub organization id (a number, given as a string of digits). '
      + 'Fix: use the id `gh api /orgs/acme --jq .id` prints, e.g. "1342004", or leave it out to have the foundation look it up.',
    );
    expect(errorOf(() => platformFixture({ githubOrganizationId: '0123' }))).toContain('invalid githubOrganizationId "0123"');
  });

  test('a second identity on one platform is refused', () => {
    const { platform } = platformFixture();
    GithubActionsIdentity.of(platform);
    expect(errorOf(() => new GithubActionsIdentity(platform, 'other'))).toBe(
      '[test/platform/other] is a second GithubActionsIdentity of the platform (the first is test/platform/github-actions). Fix: create it once, before the first GoMicroservice, or leave it out and let services create it.',
    );
  });

  test('it must be a direct child of the Platform', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => new GithubActionsIdentity(new Construct(platform, 'nested'), 'github-actions'))).toContain(
      '[test/platform/nested/github-actions] is not a direct child of a Platform. Fix:',
    );
  });

  test('of() outside a platform says so', () => {
    const stack = new TerraformStack(Testing.app(), 'lonely');
    expect(errorOf(() => GithubActionsIdentity.of(new Construct(stack, 'x')))).toContain('[lonely/x] is not inside a Platform');
  });

  test('invalid GKE cluster settings of an environment are reported by the Platform, with their prop', () => {
    const message = errorOf(() => platformFixture({
      environments: [
        { name: 'dev', gkeCluster: 'Dev_Cluster' },
        { name: 'prod', production: true, gkeLocation: 'Europe', gkeProject: 'x' },
      ],
    }));
    expect(message).toContain('[test/platform] 3 invalid props:');
    expect(message).toContain('invalid environments[0].gkeCluster "Dev_Cluster": is not a GKE cluster name');
    expect(message).toContain('invalid environments[1].gkeLocation "Europe": is not a Google Cloud region or zone. Fix: use the cluster\'s region ("europe-west1") or, for a zonal cluster, its zone ("europe-west1-b").');
    expect(message).toContain('invalid environments[1].gkeProject "x": is not a Google Cloud project id');
  });
});

describe('ServiceDeployer defaults', () => {
  const { stack, service, team } = serviceFixture();
  const json = synth(stack);
  const deployer = service.repository.deployer;
  const isDeployer = (r: any) => r.account_id === 'payment-service-deployer';

  test('is a service account <service>-deployer in the platform project, with no key', () => {
    expect(deployer.node.path).toBe('test/platform/payments/payment-service/repository/deployer');
    expect(deployer.accountId).toBe('payment-service-deployer');
    expect(deployer.serviceAccountEmail).toBe('payment-service-deployer@acme-prod.iam.gserviceaccount.com');
    expect(resource(json, SA, isDeployer)).toMatchObject({ project: 'acme-prod', display_name: 'payment-service deployer (GitHub Actions)' });
  });

  /*
   * The repository's subject template is its immutable id and the job's context ("Customizing the subject claims
   * for an organization or repository": a template makes `sub` its claims as key:value pairs in order, "context" being
   * the part that follows the repository in the default format; "Using system-generated GUIDs" keeps it across renames,
   * https://docs.github.com/en/actions/reference/security/oidc). The principal names that subject
   * (principal://.../subject/SUBJECT_ATTRIBUTE_VALUE: https://cloud.google.com/iam/docs/principal-identifiers).
   */
  test('only the service repository\'s jobs on pushes to main may act as the build account, the repository named by its immutable id (the production gate: test/service/production-gate.test.ts)', () => {
    const bindings = Object.values(resources(json, SA_MEMBER)).filter((b: any) => b.member.startsWith('principal://') && b.member.includes(':ref:'));
    expect(bindings).toHaveLength(1);
    const binding: any = bindings[0];
    expect(binding.role).toBe('roles/iam.workloadIdentityUser');
    const repository = Object.keys(resources(json, 'github_repository')).find((k) => k.includes('payment-service_repository'))!;
    expect(binding.member).toMatch(new RegExp(`^principal://iam\\.googleapis\\.com/\\$\\{google_iam_workload_identity_pool\\.\\S+\\.name\\}/subject/repository_id:\\$\\{github_repository\\.${repository}\\.repo_id\\}:ref:refs/heads/main$`));
    expect(binding.member).not.toContain('repo:acme/payment-service');
    expect(binding.service_account_id).toMatch(/^\$\{google_service_account\.\S*deployer_service-account\S*\.name\}$/);
    expect(Object.values(resources(json, SA_MEMBER)).filter((b: any) => b.member.startsWith('principalSet://'))).toEqual([]);
    expect(deployer.principalSet).toMatch(/^principalSet:\/\/iam\.googleapis\.com\/\$\{TfToken\[TOKEN\.\d+\]\}\/attribute\.repository_id\/\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test('the repository\'s tokens carry that subject: its template is repository_id and context, set before the workflow\'s first commit', () => {
    const templates = Object.values<any>(resources(json, 'github_actions_repository_oidc_subject_claim_customization_template'));
    expect(templates).toEqual([{ repository: expect.stringMatching(/^\$\{github_repository\.\S*payment-service_repository\S*\.name\}$/), use_default: false, include_claim_keys: ['repository_id', 'context'] }]);
    const workflow = resource(json, 'github_repository_file', (f) => f.file === '.github/workflows/ci.yml');
    expect(workflow.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^github_actions_repository_oidc_subject_claim_customization_template\./)]));
  });

  test('may push to the team registry only', () => {
    const writer = resource(json, 'google_artifact_registry_repository_iam_member');
    expect(writer.role).toBe('roles/artifactregistry.writer');
    expect(writer.member).toMatch(/^\$\{google_service_account\.\S*deployer\S*\.member\}$/);
    expect(writer.repository).toMatch(/^\$\{google_artifact_registry_repository\.platform_payments_registry_\S+\.name\}$/);
    expect(team.artifactRegistry!.node.path).toBe('test/platform/payments/registry');
  });

  /*
   * The three clusters share the project: a project-wide clusterViewer would let each environment's deployer fetch
   * every cluster's credentials. The grant is confined to the environment's cluster by its resource name, which IAM
   * Conditions see for GKE (container.googleapis.com in "Resource attributes for IAM Conditions",
   * https://cloud.google.com/iam/docs/conditions-resource-attributes; the name as the GKE API writes it,
   * projects/<project>/locations/<location>/clusters/<cluster>).
   */
  test('each environment\'s deployer may fetch its own cluster\'s credentials (clusterViewer on that cluster alone) and nothing else at project level', () => {
    const projectRoles = Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => /deployer/.test(m.member));
    expect(projectRoles).toHaveLength(3);
    expect(projectRoles).toEqual(expect.arrayContaining(['dev', 'staging', 'prod'].map((env) => ({
      project: 'acme-prod',
      role: 'roles/container.clusterViewer',
      member: expect.stringMatching(new RegExp(`_deployer_${env}_service-account_\\w+\\.member\\}$`)),
      condition: {
        title: `${env} cluster only`,
        description: `The GKE cluster ${env} (europe-west1) of the environment ${env}, no other cluster of the project`,
        expression: `resource.name == "projects/acme-prod/locations/europe-west1/clusters/${env}"`,
      },
    }))));
    for (const env of ['dev', 'staging', 'prod']) expect(deployer.access(env).clusterViewer).toBeDefined();
    expect(JSON.stringify(json)).not.toContain('roles/container.developer');
  });

  test.each(['dev', 'staging', 'prod'])('in %s, Kubernetes RBAC lets it roll out only the service Deployment', (env) => {
    const role = resource(json, 'kubernetes_role_v1', (r) => r.metadata.namespace === `payments-${env}`);
    expect(role.metadata.name).toBe('payment-service-deployer');
    expect(role.rule).toEqual([
      { api_groups: ['apps'], resources: ['deployments'], resource_names: ['payment-service'], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
      { api_groups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
      { api_groups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(role.depends_on).toEqual([expect.stringMatching(new RegExp(`^kubernetes_namespace_v1\\.platform_payments_${env}_namespace_`))]);
    const binding = resource(json, 'kubernetes_role_binding_v1', (r) => r.metadata.namespace === `payments-${env}` && r.role_ref.kind === 'Role');
    expect(binding.subject).toEqual([{ kind: 'User', name: `payment-service-deploy-${env}@acme-prod.iam.gserviceaccount.com`, api_group: 'rbac.authorization.k8s.io' }]);
    expect(deployer.access(env).target).toEqual({ cluster: env, location: 'europe-west1', project: 'acme-prod' });
  });
});

describe('ServiceDeployer overrides', () => {
  test('long service names keep the account id within 30 characters', () => {
    expect(deployerAccountId('a-rather-long-payment-service-name')).toHaveLength(30);
    expect(deployerAccountId('api')).toBe('api-deployer');
  });

  test('clusters in other projects get clusterViewer there, through the environment\'s Google provider', () => {
    const stack = new TerraformStack(Testing.app(), 'multi');
    new GoogleProvider(stack, 'google', { project: 'acme-prod' });
    new GithubProvider(stack, 'github', { owner: 'acme' });
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    const prodGoogle = new GoogleProvider(stack, 'google-prod', { alias: 'prod', project: 'acme-live' });
    const platform = new Platform(stack, 'platform', {
      ...PLATFORM_PROPS,
      environments: [
        { name: 'dev', gkeCluster: 'apps', gkeLocation: 'europe-west1-b' },
        { name: 'prod', production: true, gkeCluster: 'live', gkeProject: 'acme-live', googleProvider: prodGoogle },
      ],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const service = new GoMicroservice(team, 'api', { name: 'api', description: 'API' });
    const json = synth(stack);
    const viewers = Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => /deployer/.test(m.member)) as any[];
    expect(viewers.map((v) => [v.project, v.provider, v.member])).toEqual([
      ['acme-prod', undefined, expect.stringMatching(/deployer_dev_service-account/)],
      ['acme-live', 'google.prod', expect.stringMatching(/deployer_prod_service-account/)],
    ]);
    expect(service.repository.deployer.access('dev').target).toEqual({ cluster: 'apps', location: 'europe-west1-b', project: 'acme-prod' });
    expect(service.repository.deployer.access('prod').target).toEqual({ cluster: 'live', location: 'europe-west1', project: 'acme-live' });
  });
});

describe('ServiceDeployer errors', () => {
  test('access() to an unknown environment names the known ones', () => {
    const { service } = serviceFixture();
    expect(errorOf(() => service.repository.deployer.access('qa'))).toBe(
      '[test/platform/payments/payment-service/repository/deployer] has no environment "qa". Fix: use one of "dev", "staging", "prod".',
    );
  });

  test('an environment named "deployer" would share the account of a service workload', () => {
    const { platform } = platformFixture({ environments: [{ name: 'deployer' }, { name: 'prod', production: true }] });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new GoMicroservice(team, 'api', { name: 'api', description: 'API' }))).toContain(
      'would share the service account "api-deployer" with the workload of environment "deployer". Fix: rename that environment',
    );
  });
});
