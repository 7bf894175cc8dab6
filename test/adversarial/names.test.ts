import { App, Testing } from 'cdktf';
import { build, DATABASE, PLATFORM, PLATFORM_PATH, runTable, SERVICE, stackWithProviders, synth, TEAM, TEAM_PATH, type AdversarialCase } from './harness';
import { GoMicroservice, ManagedDatabase, Platform, TeamEnvironment, type EnvironmentConfig } from '../../src';

// Uniqueness the real world enforces (across the whole app, after truncation) and reserved names.

const EU: EnvironmentConfig[] = [{ name: 'dev' }, { name: 'prod', production: true }, { name: 'eu-prod', production: true }];

/** One stack, one platform, teams with services and databases given as [team, [service names], [database names]]. */
function world(teams: Array<[string, string[], string[]]>, environments?: EnvironmentConfig[]): void {
  const stack = stackWithProviders();
  const platform = new Platform(stack, 'platform', { ...PLATFORM, environments });
  for (const [i, [name, services, databases]] of teams.entries()) {
    const team = new TeamEnvironment(platform, `team${i}`, { ...TEAM, name });
    databases.forEach((db, j) => new ManagedDatabase(team, `db${j}`, { ...DATABASE, name: db }));
    services.forEach((svc, j) => new GoMicroservice(team, `svc${j}`, { ...SERVICE, name: svc }));
  }
  synth(stack);
}

/** Two platforms in two stacks of one app, each with the given team and service. */
function twoPlatforms(first: [string, string], second: [string, string], secondOrganization = 'acme'): void {
  const app = Testing.app();
  for (const [i, [team, svc]] of [first, second].entries()) {
    const stack = stackWithProviders(app, `s${i}`);
    const platform = new Platform(stack, 'platform', { ...PLATFORM, githubOrganization: i === 0 ? 'acme' : secondOrganization });
    const t = new TeamEnvironment(platform, team, { ...TEAM, name: team });
    new GoMicroservice(t, svc, { ...SERVICE, name: svc });
  }
  app.synth();
}

const env = (names: string[]): EnvironmentConfig[] => [...names.map((name) => ({ name })), { name: 'prod', production: true }];

const cases: AdversarialCase[] = [
  // Uniqueness
  { name: 'two services named api in one team', run: () => world([['payments', ['api', 'api'], []]]), expect: { path: 'test/platform/team0/svc1', prop: 'name' } },
  { name: 'two services named api in two teams', run: () => world([['payments', ['api'], []], ['orders', ['api'], []]]), expect: { path: 'test/platform/team1/svc0', prop: 'name' } },
  { name: 'two Platforms of one app with the same team', run: () => twoPlatforms(['payments', 'api'], ['payments', 'web']), expect: { path: 's1/platform/payments', prop: 'name' } },
  { name: 'two Platforms of one app with the same service name', run: () => twoPlatforms(['payments', 'api'], ['orders', 'api']), expect: { path: 's1/platform/orders/api', prop: 'name' } },
  { name: 'two Platforms of two organizations with the same service name (one catalog)', run: () => twoPlatforms(['payments', 'api'], ['orders', 'api'], 'globex'), expect: { path: 's1/platform/orders/api', prop: 'name' } },
  {
    name: 'two Platforms at App scope with the same team',
    run: () => {
      const app = new App({ outdir: Testing.app().outdir });
      for (const id of ['acme', 'acme2']) new TeamEnvironment(new Platform(app, id, PLATFORM), 'payments', TEAM);
    },
    expect: { path: 'acme2/payments', prop: 'stack id' },
  },
  { name: 'api-eu in prod and api in eu-prod: one service account api-eu-prod', run: () => world([['payments', ['api-eu', 'api'], []]], EU), expect: { path: 'test/platform/team0/svc1/eu-prod', prop: 'serviceName' } },
  { name: 'database orders-eu in prod and orders in eu-prod: one instance orders-eu-prod', run: () => world([['payments', [], ['orders-eu', 'orders']]], EU), expect: { path: 'test/platform/team0/db1', prop: 'name' } },
  { name: 'two databases named orders in two teams', run: () => world([['payments', [], ['orders']], ['shipping', [], ['orders']]]), expect: { path: 'test/platform/team1/db0', prop: 'name' } },
  { name: 'two teams named payments in one platform', run: () => world([['payments', [], []], ['payments', [], []]]), expect: { path: 'test/platform/team1', prop: 'name' } },
  { name: 'namespaces colliding: team a-b in c and team a in b-c', run: () => world([['a-b', [], []], ['a', [], []]], env(['c', 'b-c'])), expect: { path: 'test/platform/team1', prop: 'name' } },
  // Truncated names keep a hash of the whole name, so long names that differ only at the end stay distinct.
  { name: 'valid: long service names that differ at the end', run: () => world([['payments', ['a'.repeat(40) + 'x', 'a'.repeat(40) + 'y'], []]]), expect: 'valid' },
  { name: 'valid: same service name in two organizations of two apps', run: () => { twoPlatforms(['payments', 'api'], ['orders', 'web']); twoPlatforms(['payments', 'api'], ['orders', 'web']); }, expect: 'valid' },
  { name: 'valid: api and api-eu with environments prod and eu-prod... distinct', run: () => world([['payments', ['api', 'web'], ['orders', 'ledger']]], EU), expect: 'valid' },

  // Reserved environment names: every fixed child id of a team or a service
  ...['registry', 'github-team', 'budget', 'repository', 'maintainer-alice', 'member-bob', 'registry-reader-prod'].map((name): AdversarialCase => ({
    name: `environment named ${name}`,
    run: () => build({ platform: { environments: [{ name }, { name: 'prod', production: true }] } }),
    expect: { path: PLATFORM_PATH, prop: 'environments[0].name' },
  })),
  // Namespaces that belong to Kubernetes, GKE or the platform's add-ons
  { name: 'team kube with environment system: kube-system', run: () => build({ platform: { environments: env(['system']) }, team: { name: 'kube' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team kube with the default environments: kube-dev', run: () => build({ team: { name: 'kube' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team kube-public', run: () => build({ team: { name: 'kube-public' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team gke: gke-dev', run: () => build({ team: { name: 'gke' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team gmp with environment system: gmp-system', run: () => build({ platform: { environments: env(['system']) }, team: { name: 'gmp' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team ingress with environment nginx: ingress-nginx', run: () => build({ platform: { environments: env(['nginx']) }, team: { name: 'ingress' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'team cert with environment manager: cert-manager', run: () => build({ platform: { environments: env(['manager']) }, team: { name: 'cert' } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'valid: team kubernetes-tools', run: () => build({ team: { name: 'kubernetes-tools' } }), expect: 'valid' },
  { name: 'valid: environment named system', run: () => build({ platform: { environments: env(['system']) } }), expect: 'valid' },
];

runTable('uniqueness and reserved names', cases);
