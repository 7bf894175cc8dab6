import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { PAYMENTS } from '../../examples/teams';
import { Platform, PlatformFoundation, type PlatformProps, TeamOnboarding } from '../../src';

/**
 * Reaching a cluster through the Connect gateway takes IAM on the cluster's
 * (fleet host) project besides RBAC in the cluster. Google's "Set up the
 * Connect gateway", "Grant IAM roles to users"
 * (https://cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/setup):
 * `roles/gkehub.gatewayReader` (get, list, watch through the gateway),
 * `roles/gkehub.gatewayEditor` (also create, update, patch, delete) and
 * `roles/gkehub.viewer` to find the cluster's membership and get its gateway
 * kubeconfig ("Use the Connect gateway",
 * https://cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/using).
 *
 * An environment with `gkeEndpoint: 'connect-gateway'` is planned by the
 * team's plan identity and applied by that environment's apply identity, both
 * through the gateway (the environment stack's Kubernetes provider takes the
 * gateway host), and rolled out by the services' deployers. Least privilege:
 * the plan reads, the apply and the deployers write, and only on the projects
 * of the clusters of environments that use the gateway.
 */

const SETTINGS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'platform', 'platform-settings.json'), 'utf8')) as PlatformProps;

interface Grant { readonly member: string; readonly role: string; readonly project: string }

function onboard(props: Partial<PlatformProps>, withoutTeamProjects = false) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-grants-'));
  const app = new App({ outdir });
  const settings: any = { ...SETTINGS, ...props };
  if (withoutTeamProjects) delete settings.teamProjects;
  const platform = new Platform(app, 'acme', settings);
  new PlatformFoundation(platform, 'foundation');
  new TeamOnboarding(platform, 'payments', PAYMENTS);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const grants: Grant[] = Object.entries<any>(manifest.stacks)
    .filter(([name]) => name.startsWith('onboarding-payments'))
    .flatMap(([, s]) => Object.values<any>(JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')).resource?.google_project_iam_member ?? {}));
  const team = JSON.parse(fs.readFileSync(path.join(outdir, 'platform.json'), 'utf8')).teams.payments;
  const rolesOf = (email: string, project?: string) => grants.filter((g) => g.member === `serviceAccount:${email}` && (project === undefined || g.project === project)).map((g) => g.role).sort();
  return { grants, team, rolesOf };
}

const GATEWAY = ['roles/gkehub.gatewayEditor', 'roles/gkehub.gatewayReader', 'roles/gkehub.viewer'];
const gatewayRoles = (roles: string[]) => roles.filter((r) => GATEWAY.includes(r));

const ENVIRONMENTS: PlatformProps['environments'] = [
  { name: 'dev' },
  { name: 'staging', gkeEndpoint: 'dns' as any },
  { name: 'prod', production: true, reviewers: ['acme/sre'], gkeEndpoint: 'connect-gateway' as any, gkeProject: 'acme-clusters', gkeCluster: 'live', gkeLocation: 'europe-west4' },
];

describe.each([
  ['the team\'s own projects', false],
  ['the shared project', true],
])('an environment behind the Connect gateway, with %s', (_, shared) => {
  const { team, rolesOf, grants } = onboard({ environments: ENVIRONMENTS }, shared);

  test('the plan identity reads through the gateway on that cluster\'s project: gatewayReader and gkehub.viewer, never the editor', () => {
    expect(gatewayRoles(rolesOf(team.planServiceAccount, 'acme-clusters'))).toEqual(['roles/gkehub.gatewayReader', 'roles/gkehub.viewer']);
    expect(gatewayRoles(rolesOf(team.planServiceAccount))).toEqual(['roles/gkehub.gatewayReader', 'roles/gkehub.viewer']);
  });

  test('the prod apply identity writes through it: gatewayEditor and gkehub.viewer on the cluster\'s project, with clusterViewer', () => {
    expect(rolesOf(team.applyServiceAccounts['payments-prod'], 'acme-clusters')).toEqual(['roles/container.clusterViewer', 'roles/gkehub.gatewayEditor', 'roles/gkehub.viewer']);
  });

  test('environments reached otherwise, and the team stack, get no gateway role', () => {
    for (const stack of ['payments', 'payments-dev', 'payments-staging']) {
      expect({ stack, roles: gatewayRoles(rolesOf(team.applyServiceAccounts[stack])) }).toEqual({ stack, roles: [] });
    }
  });

  test('the prod deployers may use the gateway too (granted by the platform with projects of its own, by the team stack in the shared one)', () => {
    const deployers = grants.filter((g) => g.member.startsWith('principalSet://')).map((g) => `${g.role} on ${g.project}`).sort();
    expect(deployers).toEqual(shared ? [] : expect.arrayContaining(['roles/gkehub.gatewayEditor on acme-clusters', 'roles/gkehub.viewer on acme-clusters']));
  });
});

test('no environment behind the Connect gateway: no identity gets a gateway role', () => {
  const { grants } = onboard({});
  expect(grants.filter((g) => GATEWAY.includes(g.role))).toEqual([]);
});

/**
 * The DNS-based endpoint checks the IAM permission `container.clusters.connect` besides RBAC ("About network
 * isolation in GKE", DNS-based endpoint: https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation;
 * gravitational/teleport pull request 54923: "The DNS-based endpoint ... requires an additional permission of
 * container.clusters.connect"). `roles/container.clusterViewer` holds it, with `container.clusters.get` for
 * get-gke-credentials and the cluster data source ("Google Kubernetes Engine roles and permissions",
 * https://docs.cloud.google.com/iam/docs/roles-permissions/container: container.clusters.connect,
 * container.clusters.get, container.clusters.list, resourcemanager.projects.get, resourcemanager.projects.list).
 * So every identity that reaches a cluster holds clusterViewer, confined to the clusters it reaches by an IAM
 * condition on their resource names; nothing else is needed for `dns`.
 */
describe.each([
  ['the team\'s own projects', false],
  ['the shared project', true],
])('an environment behind the DNS-based endpoint, with %s', (_, shared) => {
  const { team, grants } = onboard({ environments: ENVIRONMENTS }, shared);
  const cluster = (project: string, location: string, name: string) => `resource.name == "projects/${project}/locations/${location}/clusters/${name}"`;
  const viewer = (member: string) => grants.filter((g: any) => g.member === member && g.role === 'roles/container.clusterViewer')
    .map((g: any) => `${g.project}: ${g.condition?.expression}`).sort();

  test('the plan identity signs in to every environment\'s cluster and to those alone, whatever else it reads', () => {
    expect(viewer(`serviceAccount:${team.planServiceAccount}`)).toEqual([
      `acme-clusters: ${cluster('acme-clusters', 'europe-west4', 'live')}`,
      `acme-prod: ${cluster('acme-prod', 'europe-west1', 'dev')} || ${cluster('acme-prod', 'europe-west1', 'staging')}`,
    ]);
  });

  test('the staging apply identity signs in to the staging cluster alone, with no gateway role', () => {
    expect(viewer(`serviceAccount:${team.applyServiceAccounts['payments-staging']}`)).toEqual([`acme-prod: ${cluster('acme-prod', 'europe-west1', 'staging')}`]);
    expect(grants.filter((g: any) => g.member === `serviceAccount:${team.applyServiceAccounts['payments-staging']}` && GATEWAY.includes(g.role))).toEqual([]);
  });

  test('the staging deployers sign in to the staging cluster alone (granted by the platform with projects of its own)', () => {
    const deployers = grants.filter((g: any) => g.member.startsWith('principalSet://') && g.role === 'roles/container.clusterViewer').map((g: any) => g.condition?.expression);
    expect(deployers).toEqual(shared ? [] : expect.arrayContaining([cluster('acme-prod', 'europe-west1', 'staging')]));
  });
});
