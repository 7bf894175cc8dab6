import { parse } from 'yaml';
import { GkeEndpoint, GoMicroservice, TeamEnvironment } from '../src';
import { formatFindings, lintWorkflow } from './scaffold/lint-workflow';
import { errorOf, platformFixture, resources, synth } from './util';

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
