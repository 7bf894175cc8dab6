import * as os from 'os';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { GkeEndpoint, GoMicroservice, Platform, PlatformFoundation, type PlatformProps, PrivateServiceAccess, TeamEnvironment } from '../../src';
import { GOLDEN_PATH_APIS } from '../../src/platform/platform-foundation';
import { formatFindings, lintWorkflow } from '../scaffold/lint-workflow';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resources, synth } from '../util';

/**
 * GitHub-hosted runners reach only public endpoints, so a private control
 * plane is reached through its DNS-based endpoint or the Connect Gateway.
 * google-github-actions/get-gke-credentials (action.yml, v3) takes
 * `use_dns_based_endpoint: true` or `use_connect_gateway: true`; Connect
 * Gateway access needs `roles/gkehub.gatewayEditor` (patching a Deployment
 * writes) and `roles/gkehub.viewer` to find the fleet membership (GKE
 * "Connect gateway: grant IAM roles").
 */
function fixture() {
  const { stack, platform } = platformFixture({
    environments: [
      { name: 'dev' },
      { name: 'staging', gkeEndpoint: GkeEndpoint.DNS },
      { name: 'prod', production: true, gkeEndpoint: GkeEndpoint.CONNECT_GATEWAY },
    ],
  });
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  return { stack, platform, service };
}

const credentialsStep = (workflow: any, env: string) => workflow.jobs[`deploy-${env}`].steps.find((s: any) => s.name === 'Get GKE credentials');

describe('the deploy job reaches each environment\'s control plane the way the settings say', () => {
  const { stack, platform, service } = fixture();
  const json = synth(stack);
  const workflow = parse(service.repository.workflow.render());

  test('defaults to the public endpoint', () => {
    expect(platform.environment('dev').gkeEndpoint).toBe(GkeEndpoint.PUBLIC);
    expect(credentialsStep(workflow, 'dev').with).toEqual({ cluster_name: '${{ vars.GKE_CLUSTER }}', location: '${{ vars.GKE_LOCATION }}' });
  });

  test('DNS: the DNS-based endpoint', () => {
    expect(credentialsStep(workflow, 'staging').with).toEqual({ cluster_name: '${{ vars.GKE_CLUSTER }}', location: '${{ vars.GKE_LOCATION }}', use_dns_based_endpoint: true });
  });

  test('Connect Gateway: the gateway, and the prod deployer may use it', () => {
    expect(credentialsStep(workflow, 'prod').with).toEqual({ cluster_name: '${{ vars.GKE_CLUSTER }}', location: '${{ vars.GKE_LOCATION }}', use_connect_gateway: true });
    const roles = Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => /deployer_prod_service-account/.test(m.member)).map((m: any) => m.role);
    expect(roles.sort()).toEqual(['roles/container.clusterViewer', 'roles/gkehub.gatewayEditor', 'roles/gkehub.viewer']);
    const devRoles = Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => /deployer_dev_service-account/.test(m.member)).map((m: any) => m.role);
    expect(devRoles).toEqual(['roles/container.clusterViewer']);
  });

  test('actionlint reports nothing', async () => {
    expect(formatFindings(await lintWorkflow(service.repository.workflow.render()))).toEqual([]);
  }, 30_000);

  test('an unknown endpoint fails at synth', () => {
    expect(errorOf(() => platformFixture({ environments: [{ name: 'prod', production: true, gkeEndpoint: 'private' as GkeEndpoint }] }))).toContain(
      'invalid environments[0].gkeEndpoint "private": is not a GkeEndpoint (the values are "public", "dns", "connect-gateway"). Fix: use one of GkeEndpoint.PUBLIC, GkeEndpoint.DNS, GkeEndpoint.CONNECT_GATEWAY.',
    );
  });
});

/**
 * The Connect gateway needs its API and the fleet's on the project: Google's "Set up the Connect
 * gateway" (https://cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/setup,
 * "Enable APIs") enables connectgateway.googleapis.com and gkehub.googleapis.com, among others the
 * foundation already enables (cloudresourcemanager.googleapis.com).
 */
describe('the foundation enables the Connect gateway\'s APIs when an environment uses it', () => {
  const CONNECT_GATEWAY_APIS = ['connectgateway.googleapis.com', 'gkehub.googleapis.com'];

  function foundationOf(environments: PlatformProps['environments']) {
    const { stack, platform } = platformFixture({ privateServiceAccess: PrivateServiceAccess.EXISTING, environments });
    const foundation = new PlatformFoundation(platform, 'foundation');
    const enabled = Object.values(resources(synth(stack), 'google_project_service'));
    for (const api of enabled) expect(api).toEqual(expect.objectContaining({ project: 'acme-prod', disable_on_destroy: false }));
    const services = enabled.map((s: any) => s.service as string);
    return { foundation, services, published: foundation.publishedSettings(os.tmpdir()).foundation.enabledApis as string[] };
  }

  test('connect-gateway on prod: both APIs enabled, never disabled on destroy, and published in platform.json', () => {
    const { foundation, services, published } = foundationOf([
      { name: 'dev' },
      { name: 'prod', production: true, gkeEndpoint: GkeEndpoint.CONNECT_GATEWAY },
    ]);
    expect(services).toEqual(expect.arrayContaining(CONNECT_GATEWAY_APIS));
    expect(services).toHaveLength(GOLDEN_PATH_APIS.length + 2);
    for (const api of CONNECT_GATEWAY_APIS) {
      expect(foundation.apis[api]).toBeDefined();
      expect(foundation.apis[api].node.id).toBe(`api-${api.split('.')[0]}`);
    }
    expect(published).toEqual(expect.arrayContaining(CONNECT_GATEWAY_APIS));
    expect([...published].sort()).toEqual([...services].sort());
  });

  test.each([
    ['the default environments', undefined],
    ['public and DNS-based endpoints', [{ name: 'dev' }, { name: 'prod', production: true, gkeEndpoint: GkeEndpoint.DNS }]],
  ])('%s: neither API, the golden path\'s APIs alone', (_, environments) => {
    const { services, published } = foundationOf(environments);
    expect([...services].sort()).toEqual([...GOLDEN_PATH_APIS].sort());
    expect(published).toEqual([...GOLDEN_PATH_APIS]);
  });
});

/**
 * Terraform reaches each environment's cluster the way CI does. GitHub-hosted runners cannot reach a
 * private control plane's IP, so an environment stack's Kubernetes provider takes the host the
 * environment's gkeEndpoint names, as google-github-actions/get-gke-credentials (src/client.ts, v3)
 * writes it into the kubeconfig it makes:
 * - dns: the cluster's DNS-based endpoint (`control_plane_endpoints_config[0].dns_endpoint_config[0].endpoint`,
 *   "uid.<location>.gke.goog", served with a publicly trusted certificate: the action writes no
 *   certificate-authority-data for it, "we can not use the cluster's CA cert"), with a Google access token
 *   (GKE "About network isolation", DNS-based endpoint; hashicorp/terraform-provider-kubernetes#2637 shows
 *   this provider block working);
 * - connect-gateway: `https://connectgateway.googleapis.com/v1/projects/<project number>/locations/<membership
 *   location>/gkeMemberships/<membership>` with no cluster CA either (the gateway terminates TLS) and the
 *   project's number, which the gateway requires (the action looks it up; "Use the Connect gateway",
 *   cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/using). The membership is
 *   the cluster's fleet membership, `fleet[0].membership_id` and `membership_location` of the
 *   google_container_cluster data source.
 */
describe('each environment stack\'s Kubernetes provider reaches the control plane the way gkeEndpoint says', () => {
  function environmentStacks() {
    const app = Testing.app();
    const platform = new Platform(app, 'acme', {
      ...APP_PLATFORM_PROPS,
      environments: [
        { name: 'dev' },
        { name: 'staging', gkeEndpoint: GkeEndpoint.DNS },
        { name: 'prod', production: true, gkeEndpoint: GkeEndpoint.CONNECT_GATEWAY, gkeProject: 'acme-clusters', gkeCluster: 'apps' },
      ],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const json = (env: string) => JSON.parse(Testing.synth(platform.stacks.find((s) => s.node.id === `payments-${env}`)!, true));
    return { platform, dev: json('dev'), staging: json('staging'), prod: json('prod') };
  }
  const { platform, dev, staging, prod } = environmentStacks();
  const clusterName = (stack: any) => Object.keys(stack.data.google_container_cluster)[0];

  test('public: the IP endpoint with the cluster\'s CA, as before', () => {
    const c = clusterName(dev);
    expect(dev.provider.kubernetes).toEqual([{
      host: `https://\${data.google_container_cluster.${c}.endpoint}`,
      token: expect.stringMatching(/^\$\{data\.google_client_config\.[^.]+\.access_token\}$/),
      cluster_ca_certificate: `\${base64decode(data.google_container_cluster.${c}.master_auth[0].cluster_ca_certificate)}`,
    }]);
    expect(dev.data.google_project).toBeUndefined();
    expect(dev.data.google_container_cluster[c].lifecycle).toBeUndefined();
  });

  test('dns: the DNS-based endpoint, a token and no cluster CA; the plan stops when the endpoint refuses outside traffic', () => {
    const c = clusterName(staging);
    expect(staging.provider.kubernetes).toEqual([{
      host: `https://\${data.google_container_cluster.${c}.control_plane_endpoints_config[0].dns_endpoint_config[0].endpoint}`,
      token: expect.stringMatching(/^\$\{data\.google_client_config\.[^.]+\.access_token\}$/),
    }]);
    const [check] = staging.data.google_container_cluster[c].lifecycle.postcondition;
    expect(check.condition).toBe('${try(self.control_plane_endpoints_config[0].dns_endpoint_config[0].allow_external_traffic, false)}');
    expect(check.error_message).toContain('gkeEndpoint "dns"');
    expect(check.error_message).toContain('gcloud container clusters update staging --location=europe-west1 --project=acme-prod --enable-dns-access');
  });

  test('connect-gateway: the gateway host of the cluster\'s fleet membership, with the cluster project\'s number, a token and no cluster CA', () => {
    const c = clusterName(prod);
    const [projectName] = Object.keys(prod.data.google_project);
    expect(prod.data.google_project[projectName]).toEqual({ project_id: 'acme-clusters' });
    expect(prod.provider.kubernetes).toEqual([{
      host: `https://connectgateway.googleapis.com/v1/projects/\${data.google_project.${projectName}.number}/locations/`
        + `\${data.google_container_cluster.${c}.fleet[0].membership_location}/gkeMemberships/\${data.google_container_cluster.${c}.fleet[0].membership_id}`,
      token: expect.stringMatching(/^\$\{data\.google_client_config\.[^.]+\.access_token\}$/),
    }]);
    const [check] = prod.data.google_container_cluster[c].lifecycle.postcondition;
    expect(check.condition).toBe('${try(self.fleet[0].membership_id, "") != ""}');
    expect(check.error_message).toContain('gkeEndpoint "connect-gateway"');
    expect(check.error_message).toContain('is not registered to a fleet');
    const stack = platform.stacks.find((s) => s.node.id === 'payments-prod')!;
    expect(stack.clusterProject).toBeDefined();
  });
});
