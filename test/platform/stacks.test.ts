import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { paymentsTeam, searchTeam } from '../../examples/teams';
import {
  CiVariables, DatabaseEngine, DatabaseSize, GithubActionsIdentity, GoMicroservice, ManagedDatabase, Platform, PlatformFoundation,
  type PlatformProps, PlatformStack, PlatformStackKind, PrivateServiceAccess, TeamEnvironment,
} from '../../src';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, synth } from '../util';

/**
 * A Platform at App scope: the stacks it makes, their providers and backends,
 * and what keeps stacks (and repositories) apart: no stack reads another's
 * state, and shared resources live in the foundation only.
 */

const SETTINGS: PlatformProps = { ...APP_PLATFORM_PROPS, billingAccount: '012345-6789AB-CDEF01' };

interface Synthesized {
  readonly outdir: string;
  /** Stack names as the manifest lists them. */
  readonly stacks: string[];
  /** The synthesized JSON of each stack. */
  readonly json: Record<string, any>;
}

function synthApp(app: App): Synthesized {
  app.synth();
  return readOutdir(app.outdir);
}

function readOutdir(outdir: string): Synthesized {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.keys(manifest.stacks);
  const json: Record<string, any> = {};
  for (const name of stacks) json[name] = JSON.parse(fs.readFileSync(path.join(outdir, manifest.stacks[name].synthesizedStackPath), 'utf8'));
  return { outdir, stacks, json };
}

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function resourceTypes(stack: any): string[] {
  return Object.keys(stack.resource ?? {});
}

function values(stack: any, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

function appWith(props: Partial<PlatformProps> = {}): { app: App; platform: Platform } {
  const app = new App({ outdir: tmpdir('stacks-') });
  return { app, platform: new Platform(app, 'acme', { ...SETTINGS, ...props }) };
}

const platformRepo = synthApp(buildPlatformApp(tmpdir('platform-repo-')));
const paymentsRepo = synthApp(buildPaymentsApp(tmpdir('payments-repo-')));

describe('the stacks of each repository', () => {
  test('the platform repository: foundation, each team\'s onboarding, then the platform team\'s stack and one per environment', () => {
    const onboarding = (team: string) => [`onboarding-${team}`, `onboarding-${team}-dev`, `onboarding-${team}-prod`, `onboarding-${team}-staging`];
    expect(platformRepo.stacks.sort()).toEqual(['foundation', ...onboarding('payments'), ...onboarding('search'), 'platform', 'platform-dev', 'platform-prod', 'platform-staging']);
  });

  test('a team repository: the team\'s stack and one per environment, no foundation', () => {
    expect(paymentsRepo.stacks.sort()).toEqual(['payments', 'payments-dev', 'payments-prod', 'payments-staging']);
  });

  test('a team repository creates no Workload Identity pool or provider and enables no Google API', () => {
    for (const [name, stack] of Object.entries(paymentsRepo.json)) {
      expect({ name, types: resourceTypes(stack) }).toEqual({ name, types: expect.not.arrayContaining(['google_iam_workload_identity_pool']) });
      expect(resourceTypes(stack)).not.toContain('google_iam_workload_identity_pool_provider');
      expect(resourceTypes(stack)).not.toContain('google_project_service');
    }
  });

  test('the foundation holds the pool, the provider and the golden path\'s APIs, never disabled on destroy', () => {
    const foundation = platformRepo.json.foundation;
    expect(values(foundation, 'google_iam_workload_identity_pool')).toEqual([expect.objectContaining({ workload_identity_pool_id: 'github-acme', project: 'acme-prod' })]);
    const apis = values(foundation, 'google_project_service');
    // google_project_service: disable_on_destroy disables the API for the whole project on destroy, which is
    // "dangerous if there are multiple configurations in a project" (github.com/hashicorp/terraform-provider-google/issues/18058).
    expect(apis.map((a) => a.service)).toEqual(expect.arrayContaining([
      'sts.googleapis.com', 'iamcredentials.googleapis.com', 'sqladmin.googleapis.com', 'redis.googleapis.com',
      'artifactregistry.googleapis.com', 'container.googleapis.com', 'servicenetworking.googleapis.com', 'billingbudgets.googleapis.com',
    ]));
    for (const api of apis) expect(api).toEqual(expect.objectContaining({ project: 'acme-prod', disable_on_destroy: false }));
  });

  test('no stack reads another stack\'s state', () => {
    for (const repo of [platformRepo, paymentsRepo]) {
      for (const [name, stack] of Object.entries(repo.json)) {
        const text = JSON.stringify(stack);
        expect({ name, remoteState: /terraform_remote_state|cross-stack/.test(text) }).toEqual({ name, remoteState: false });
        expect(Object.keys(stack.data ?? {}).filter((t) => t.includes('remote_state'))).toEqual([]);
      }
    }
  });

  test('an environment stack holds that environment alone', () => {
    const dev = JSON.stringify(paymentsRepo.json['payments-dev'].resource).replace(/acme-prod/g, 'PROJECT');
    expect(dev).toMatch(/payments-dev/);
    expect(dev).not.toMatch(/payments-(staging|prod)|-(staging|prod)\b|"(staging|prod)"/);
    expect(values(paymentsRepo.json['payments-dev'], 'google_sql_database_instance').map((i) => i.name)).toEqual(['payments-db-dev']);
    // The platform onboarded the team: its namespaces (its own and its grant Jobs') are in the platform's stack of that environment alone.
    expect(values(paymentsRepo.json['payments-dev'], 'kubernetes_namespace_v1')).toEqual([]);
    expect(values(platformRepo.json['onboarding-payments-dev'], 'kubernetes_namespace_v1').map((n) => n.metadata.name).sort()).toEqual(['payments-dev', 'payments-grants-dev']);
    expect(JSON.stringify(platformRepo.json['onboarding-payments-dev'].resource)).not.toMatch(/payments-(staging|prod)/);
  });

  test('every stack has its own providers: Google everywhere, GitHub in the team and foundation stacks, Kubernetes in environment stacks', () => {
    const payments = paymentsRepo.json;
    // The platform gave the team projects of its own (teamProjects): the team stack's is the team project.
    expect(payments.payments.provider).toEqual({
      google: [{ project: 'acme-payments', region: 'europe-west1' }],
      github: [{ owner: 'acme' }],
    });
    // The team's budget is the platform's now, and needs a quota project (test/team/team-google-access.test.ts).
    expect(platformRepo.json['onboarding-payments'].provider.google).toEqual([{ project: 'acme-prod', region: 'europe-west1', billing_project: 'acme-prod', user_project_override: true }]);
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = payments[`payments-${env}`];
      expect(Object.keys(stack.provider).sort()).toEqual(['google', 'kubernetes']);
    }
    // The foundation keeps the service template repository on GitHub.
    expect(Object.keys(platformRepo.json.foundation.provider).sort()).toEqual(['github', 'google']);
    expect(platformRepo.json.foundation.provider.github).toEqual([{ owner: 'acme' }]);
  });

  test('the Kubernetes provider of each environment stack and the CI variables name the same cluster', () => {
    const team = paymentsRepo.json.payments;
    const variables = values(team, 'github_actions_environment_variable');
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = paymentsRepo.json[`payments-${env}`];
      const [clusterName] = Object.keys(stack.data.google_container_cluster);
      const cluster = stack.data.google_container_cluster[clusterName];
      // The GKE pattern of the kubernetes provider (e.g. gist.github.com/damlys/036b6a0100d9786283915a2139f711df):
      // host = "https://${endpoint}", token = google_client_config.access_token,
      // cluster_ca_certificate = base64decode(master_auth[0].cluster_ca_certificate).
      expect(stack.provider.kubernetes).toEqual([{
        host: `https://\${data.google_container_cluster.${clusterName}.endpoint}`,
        token: expect.stringMatching(/^\$\{data\.google_client_config\.[^.]+\.access_token\}$/),
        cluster_ca_certificate: `\${base64decode(data.google_container_cluster.${clusterName}.master_auth[0].cluster_ca_certificate)}`,
      }]);
      const envVariables = variables.filter((v) => v.environment.includes(`_${env}_environment_`));
      const ciCluster = envVariables.find((v) => v.variable_name === CiVariables.GKE_CLUSTER);
      const ciLocation = envVariables.find((v) => v.variable_name === CiVariables.GKE_LOCATION);
      // The deployers live in the team's project, so CI names the cluster in the platform's project in full.
      expect({ env, cluster: `projects/${cluster.project}/locations/${cluster.location}/clusters/${cluster.name}`, location: cluster.location, project: cluster.project })
        .toEqual({ env, cluster: ciCluster.value, location: ciLocation.value, project: 'acme-prod' });
    }
  });

  test('without stateBucket each stack keeps cdktf\'s local backend', () => {
    const { app, platform } = appWith();
    new PlatformFoundation(platform, 'foundation');
    paymentsTeam(platform);
    for (const stack of Object.values(synthApp(app).json)) expect(Object.keys(stack.terraform.backend)).toEqual(['local']);
  });

  test('an onboarded team\'s stacks keep their state in the team\'s own bucket, each under its own prefix', () => {
    for (const [name, stack] of Object.entries(paymentsRepo.json)) {
      expect({ name, backend: stack.terraform.backend }).toEqual({ name, backend: { gcs: { bucket: 'acme-terraform-state-payments', prefix: name } } });
    }
  });

  test('with stateBucket each stack gets a GCS backend under its own prefix', () => {
    const { app, platform } = appWith({ stateBucket: 'acme-terraform-state' });
    new PlatformFoundation(platform, 'foundation');
    paymentsTeam(platform);
    const out = synthApp(app);
    // developer.hashicorp.com/terraform/language/v1.2.x/backend/gcs: "Stores the state as an object in a configurable
    // prefix in a pre-existing bucket": bucket (required) and prefix, one object per prefix.
    const backends = out.stacks.map((name) => out.json[name].terraform.backend);
    expect(backends).toEqual(out.stacks.map((name) => ({ gcs: { bucket: 'acme-terraform-state', prefix: `acme/${name}` } })));
    expect(new Set(backends.map((b) => b.gcs.prefix)).size).toBe(out.stacks.length);
  });

  test('the environment\'s own cluster settings reach both the provider and CI', () => {
    const { app, platform } = appWith({
      environments: [
        { name: 'dev', gkeCluster: 'apps-dev', gkeLocation: 'europe-west1-b' },
        { name: 'prod', production: true, gkeCluster: 'apps', gkeProject: 'acme-clusters' },
      ],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const out = synthApp(app);
    expect(Object.values(out.json['payments-dev'].data.google_container_cluster)).toEqual([expect.objectContaining({ name: 'apps-dev', location: 'europe-west1-b', project: 'acme-prod' })]);
    expect(Object.values(out.json['payments-prod'].data.google_container_cluster)).toEqual([expect.objectContaining({ name: 'apps', location: 'europe-west1', project: 'acme-clusters' })]);
    const clusterVariables = values(out.json.payments, 'github_actions_environment_variable').filter((v) => v.variable_name === CiVariables.GKE_CLUSTER).map((v) => v.value);
    expect(clusterVariables.sort()).toEqual(['apps-dev', 'projects/acme-clusters/locations/europe-west1/clusters/apps']);
  });

  test('stacks deploy in promotion order: the team stack, then dev, staging and prod, each after the one before', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(paymentsRepo.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.payments.dependencies).toEqual([]);
    // cdktf deploy '*' (and golden-paths deploy) applies a stack only after its dependencies.
    expect(manifest.stacks['payments-dev'].dependencies).toEqual(['payments']);
    expect(manifest.stacks['payments-staging'].dependencies).toEqual(['payments', 'payments-dev']);
    expect(manifest.stacks['payments-prod'].dependencies).toEqual(['payments', 'payments-staging']);
  });

  test('the platform\'s onboarding of a team follows the same promotion order', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(platformRepo.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['onboarding-payments-dev'].dependencies).toEqual(['onboarding-payments']);
    expect(manifest.stacks['onboarding-payments-staging'].dependencies).toEqual(['onboarding-payments', 'onboarding-payments-dev']);
    expect(manifest.stacks['onboarding-payments-prod'].dependencies).toEqual(['onboarding-payments', 'onboarding-payments-staging']);
    expect(manifest.stacks['platform-prod'].dependencies).toEqual(expect.arrayContaining(['platform', 'platform-staging']));
  });

  test('services name the Workload Identity provider from the settings', () => {
    const variables = values(paymentsRepo.json.payments, 'github_actions_variable');
    expect(variables.find((v) => v.variable_name === CiVariables.WORKLOAD_IDENTITY_PROVIDER).value)
      .toBe('projects/123456789012/locations/global/workloadIdentityPools/github-acme/providers/github-actions');
    // The repository by its immutable id: the team's stack imports the repository the platform made, so the id is
    // known at the first plan (an import block: https://developer.hashicorp.com/terraform/language/import).
    const repository = Object.keys(paymentsRepo.json.payments.resource.github_repository)[0];
    expect(paymentsRepo.json.payments.import).toEqual([expect.objectContaining({ to: `github_repository.${repository}`, id: 'payment-service' })]);
    expect(values(paymentsRepo.json.payments, 'google_service_account_iam_member').map((m) => m.member)).toContain(
      `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github-acme/subject/repository_id:\${github_repository.${repository}.repo_id}:environment:prod`);
  });

  test('the team repository\'s platform.json is what the platform repository publishes', () => {
    const published = fs.readFileSync(path.join(platformRepo.outdir, 'platform.json'), 'utf8');
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8')).toBe(published);
    expect(JSON.parse(published).foundation).toEqual(expect.objectContaining({
      workloadIdentityPoolId: 'github-acme',
      workloadIdentityProvider: 'projects/123456789012/locations/global/workloadIdentityPools/github-acme/providers/github-actions',
    }));
  });

  test('the guardrails judge every stack and find nothing in the examples', () => {
    for (const repo of [platformRepo, paymentsRepo]) {
      for (const name of repo.stacks) {
        const report = JSON.parse(fs.readFileSync(path.join(repo.outdir, 'stacks', name, 'guardrails-report.json'), 'utf8'));
        // The template repository runs no CI, so its ruleset requires no check: suppressed with its reason.
        // The platform's create-only service repositories are protected by the team's stack, which adopts them.
        const suppressed = name === 'foundation' || /^onboarding-(payments|search)$/.test(name) ? 1 : 0;
        expect({ name, ...report.summary }).toEqual(expect.objectContaining({ name, errors: 0, warnings: 0, suppressed }));
      }
    }
  });
});

describe('ownership rules at synth', () => {
  test('a team repository cannot create the foundation\'s identity', () => {
    const { platform } = appWith();
    expect(errorOf(() => new GithubActionsIdentity(platform, 'github-actions'))).toMatch(
      /^\[acme\/github-actions\] is not a child of the PlatformFoundation, the only owner of shared resources at App scope\. Fix: create the PlatformFoundation/);
  });

  test('a platform built from a published platform.json makes no foundation', () => {
    const file = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
    const platform = Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', file);
    expect(errorOf(() => new PlatformFoundation(platform, 'foundation'))).toBe(
      `[acme] would create the platform's shared resources again: its settings come from the published ${file} (its foundation is the stack "foundation" of the platform repository). `
      + 'Fix: leave the PlatformFoundation to the platform repository; a team repository refers to the shared resources by name. '
      + 'The platform repository reads its settings from its own file, without the "foundation" section.');
  });

  test('one foundation per platform', () => {
    const { platform } = appWith();
    new PlatformFoundation(platform, 'foundation');
    expect(errorOf(() => new PlatformFoundation(platform, 'foundation-2'))).toMatch(/would get a second PlatformFoundation \(the first is foundation\/foundation\)/);
  });

  test('two teams cannot own the same stack', () => {
    const { platform } = appWith();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new TeamEnvironment(platform, 'payments-dev', { name: 'payments-dev', maintainers: ['bob'] }))).toBe(
      '[acme/payments-dev] invalid stack id "payments-dev": the stack "payments-dev" already belongs to payments/payments, and two owners cannot share a stack (nor its state). Fix: give the team another name, or rename the environment.');
  });

  test('a team cannot take the foundation\'s stack', () => {
    const { platform } = appWith();
    new PlatformFoundation(platform, 'foundation');
    expect(errorOf(() => new TeamEnvironment(platform, 'foundation', { name: 'foundation', maintainers: ['alice'] })))
      .toMatch(/^\[acme\/foundation\] invalid name "foundation": would name team stacks like the platform's own/);
  });

  test('a team stack cannot take a stack id another owner has', () => {
    const { platform } = appWith();
    new PlatformFoundation(platform, 'shared');
    expect(errorOf(() => new TeamEnvironment(platform, 'shared', { name: 'shared', maintainers: ['alice'] })))
      .toMatch(/invalid stack id "shared": the stack "shared" already belongs to acme\/shared/);
  });

  test('environments cannot bring their own providers at App scope', () => {
    const stack = new PlatformStack(Testing.app(), 'x', { kind: PlatformStackKind.TEAM, githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1' });
    expect(errorOf(() => new Platform(new App({ outdir: tmpdir('p-') }), 'acme', {
      ...SETTINGS, environments: [{ name: 'prod', production: true, googleProvider: stack.googleProvider }],
    }))).toMatch(/invalid environments\[0\] "prod": names its own provider, but at App scope every stack makes its providers from the settings/);
  });

  test('services at App scope need the project number to name the pool\'s principals', () => {
    const { platform } = appWith({ gcpProjectNumber: undefined });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' })))
      .toMatch(/needs the project number of "acme-prod" .* Fix: set gcpProjectNumber in the platform settings/);
  });

  test('a foundation must know who set up Private Service Access on a network of another project', () => {
    const { platform } = appWith({ privateServiceAccess: undefined });
    expect(errorOf(() => new PlatformFoundation(platform, 'foundation'))).toMatch(
      /^\[acme\] invalid privateServiceAccess undefined: is not given, and the network is not in gcpProject "acme-prod".* set privateServiceAccess: "existing"/);
  });

  test('the foundation connects a network of its own project to Google\'s services', () => {
    const { app, platform } = appWith({ network: 'projects/acme-prod/global/networks/shared', privateServiceAccess: undefined });
    new PlatformFoundation(platform, 'foundation');
    const foundation = synthApp(app).json.foundation;
    // Private services access: a global address with purpose VPC_PEERING and address_type INTERNAL on the network,
    // then the connection to servicenetworking.googleapis.com naming it in reserved_peering_ranges (the API's
    // Connection.reservedPeeringRanges: "allocated IP address ranges for this service producer of type PEERING";
    // cloud.google.com/sdk/gcloud/reference/services/vpc-peerings/connect --ranges).
    const [range] = values(foundation, 'google_compute_global_address');
    expect(range).toEqual(expect.objectContaining({ purpose: 'VPC_PEERING', address_type: 'INTERNAL', prefix_length: 16, network: 'projects/acme-prod/global/networks/shared' }));
    expect(values(foundation, 'google_service_networking_connection')).toEqual([expect.objectContaining({
      network: 'projects/acme-prod/global/networks/shared',
      service: 'servicenetworking.googleapis.com',
      reserved_peering_ranges: [expect.stringMatching(/^\$\{google_compute_global_address\.[^.]+\.name\}$/)],
    })]);
  });

  test('on a Shared VPC network, a managed Private Service Access is made in the network\'s host project', () => {
    // "If you are using Shared VPC, create the allocated IP range and private connection in the host project"
    // (https://cloud.google.com/vpc/docs/configure-private-services-access, "Shared VPC scenario"); with a Shared VPC
    // network, the Service Networking API must be enabled for the host project too
    // (https://cloud.google.com/sql/docs/postgres/configure-private-ip, "API and IAM requirements").
    const { app, platform } = appWith({ privateServiceAccess: PrivateServiceAccess.MANAGED });
    const made = new PlatformFoundation(platform, 'foundation');
    const foundation = synthApp(app).json.foundation;
    const [range] = values(foundation, 'google_compute_global_address');
    expect(range).toEqual(expect.objectContaining({ project: 'acme-net', purpose: 'VPC_PEERING', network: 'projects/acme-net/global/networks/shared' }));
    const hostApi = values(foundation, 'google_project_service').filter((a) => a.project === 'acme-net');
    expect(hostApi).toEqual([expect.objectContaining({ service: 'servicenetworking.googleapis.com', disable_on_destroy: false })]);
    const [connection] = values(foundation, 'google_service_networking_connection');
    expect(connection.network).toBe('projects/acme-net/global/networks/shared');
    expect(connection.depends_on).toEqual([`google_project_service.${made.hostServiceNetworkingApi!.friendlyUniqueId}`]);
    // The platform's own project keeps its APIs.
    expect(values(foundation, 'google_project_service').filter((a) => a.project === 'acme-prod').map((a) => a.service)).toContain('servicenetworking.googleapis.com');
  });

  test('the catalog file of the catalog repository is the foundation\'s, never a team repository\'s', () => {
    const { app, platform } = appWith({ catalogRepository: 'backstage-catalog' });
    paymentsTeam(platform);
    const teamOnly = synthApp(app);
    for (const stack of Object.values(teamOnly.json)) {
      expect(values(stack, 'github_repository_file').filter((f) => f.repository === 'backstage-catalog')).toEqual([]);
    }
    const withFoundation = appWith({ catalogRepository: 'backstage-catalog' });
    new PlatformFoundation(withFoundation.platform, 'foundation');
    const foundation = synthApp(withFoundation.app).json.foundation;
    // The foundation's other files are the service template repository's; beside the catalog file, the portal's quick actions' skeletons.
    expect(values(foundation, 'github_repository_file').filter((f) => !String(f.repository).startsWith('${github_repository.')).map((f) => [f.repository, f.file]).sort()).toEqual([
      ['backstage-catalog', 'catalog-info.yaml'],
      ['backstage-catalog', 'golden-paths/database.json.njk'],
      ['backstage-catalog', 'golden-paths/service.json.njk'],
      ['backstage-catalog', 'golden-paths/team.json.njk'],
    ]);
    expect(foundation.provider.github).toEqual([{ owner: 'acme' }]);
  });

  test('teams of one app that share a database or name each other as reviewers still never read each other\'s state', () => {
    const { app, platform } = appWith({ environments: [{ name: 'dev' }, { name: 'prod', production: true, reviewers: ['acme/search'] }] });
    const search = searchTeam(platform);
    const payments = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const shared = new ManagedDatabase(search.team, 'shared-db', { name: 'shared-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL, sharedWith: [payments] });
    new GoMicroservice(payments, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [shared] });
    const out = synthApp(app);
    for (const stack of Object.values(out.json)) expect(JSON.stringify(stack)).not.toMatch(/terraform_remote_state|cross-stack/);
    const lookups = Object.values(out.json.payments.data?.github_team ?? {});
    expect(lookups).toEqual([expect.objectContaining({ slug: 'search' })]);
    const manifest = JSON.parse(fs.readFileSync(path.join(out.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.payments.dependencies).toContain('search');
  });

  test('configureStacks adjusts the providers of every stack, made before or after', () => {
    const { app, platform } = appWith();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    platform.configureStacks({ configure: (stack) => { stack.googleProvider.impersonateServiceAccount = 'terraform@acme-prod.iam.gserviceaccount.com'; } });
    new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['dave'] });
    const out = synthApp(app);
    expect(out.stacks).toHaveLength(8);
    for (const stack of Object.values(out.json)) {
      expect(stack.provider.google[0].impersonate_service_account).toBe('terraform@acme-prod.iam.gserviceaccount.com');
    }
  });
});

describe('settings as data', () => {
  function settingsFile(json: unknown): string {
    const file = path.join(tmpdir('settings-'), 'platform.json');
    fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
    return file;
  }

  test('the settings of the examples are plain JSON and round-trip through Platform.fromFile', () => {
    const published = JSON.parse(fs.readFileSync(path.join(platformRepo.outdir, 'platform.json'), 'utf8'));
    const { foundation: _names, teams: _teams, ...settings } = published;
    const platform = Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', settingsFile(published));
    expect(JSON.parse(JSON.stringify(platform.settings))).toEqual(settings);
  });

  test('the golden path as plain data', () => {
    const platform = Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', settingsFile({ ...SETTINGS, goldenPathOverrides: { replicas: 2, coverageThreshold: 90 } }));
    expect(platform.goldenPath.replicas).toBe(2);
    expect(platform.goldenPath.coverageThreshold).toBe(90);
  });

  test('an unknown key, a wrong type and a code-only prop, each with the file, JSON pointer, value and fix', () => {
    const file = settingsFile({ ...SETTINGS, region: 1, githubOrg: 'acme', environments: [{ name: 'dev', production: 'yes' }], goldenPath: {} });
    expect(errorOf(() => Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', file))).toBe([
      `[${file}] 4 invalid settings:`,
      '  - invalid /region 1: is not a string. Fix: write a string there.',
      '  - invalid /githubOrg "acme": is not a setting. Fix: use one of "githubOrganization", "gcpProject", "region", "network", "environments", "goldenPathOverrides", "billingAccount", "catalogRepository", "platformRepository", "guardrails", "stateBucket", "gcpProjectNumber", "workloadIdentityPoolId", "workloadIdentityProviderId", "privateServiceAccess", "githubPlan", "terraformGithubAppId", "terraformGithubReaderAppId", "teamProjects", "googleGroupsDomain", "oidcBridge", "serviceRepositoriesFromTemplate", "serviceTemplateRepository", "ingressSourceRanges", "toolImages", "githubOrganizationId", "githubOidcIssuer", "githubApiUrl", "githubActionsAppId", "databaseGrantTimeoutMinutes", "costEstimate", "kpiTargets", "foundation", "teams".',
      '  - invalid /goldenPath {}: is an object in code, not a setting. Fix: write the overrides as plain data under "goldenPathOverrides", e.g. { "replicas": 2 }.',
      '  - invalid /environments/0/production "yes": is not true or false. Fix: write true or false there.',
    ].join('\n'));
  });

  test('a missing required key and a file that is not JSON', () => {
    const missing = settingsFile({ githubOrganization: 'acme', region: 'europe-west1' });
    expect(errorOf(() => Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', missing)))
      .toBe(`[${missing}] invalid /gcpProject undefined: is missing. Fix: add "gcpProject": a string.`);
    const broken = settingsFile('{ "githubOrganization": ');
    expect(errorOf(() => Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', broken))).toMatch(new RegExp(`^\\[${broken}\\] is not JSON: .*Fix: write the settings as one JSON object`));
  });

  test('values are judged by the Platform, with the construct path', () => {
    const file = settingsFile({ ...SETTINGS, stateBucket: 'gs://acme-state', gcpProjectNumber: 'acme-prod' });
    expect(errorOf(() => Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', file))).toBe([
      '[acme] 2 invalid props:',
      '  - invalid stateBucket "gs://acme-state": is not a Cloud Storage bucket name. Fix: leave out the "gs://" prefix: "acme-state".',
      '  - invalid gcpProjectNumber "acme-prod": is not a Google Cloud project number. Fix: use the number shown by `gcloud projects describe <project> --format="value(projectNumber)"`, as a string of digits, e.g. "123456789012".',
    ].join('\n'));
  });
});

describe('names unique across the organization, checked within one app', () => {
  test('two services of different teams cannot share a repository', () => {
    const { platform } = appWith();
    const payments = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const search = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['dave'] });
    new GoMicroservice(payments, 'api', { name: 'api', description: 'Payments API' });
    expect(errorOf(() => new GoMicroservice(search, 'search-api', { name: 'search-api', repositoryName: 'API', description: 'Search API' }))).toBe(
      '[search/search/search-api/repository] invalid repositoryName "API": names a repository of the organization that another service already has (GitHub names ignore case) (it is already used by payments/payments/api/repository). Fix: give every service its own repository.');
  });

  test('two services of the same name in different teams would share the catalog entry and the service accounts', () => {
    const { platform } = appWith();
    const payments = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const search = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['dave'] });
    new GoMicroservice(payments, 'api', { name: 'api', description: 'Payments API' });
    expect(errorOf(() => new GoMicroservice(search, 'api', { name: 'api', repositoryName: 'search-api', description: 'Search API' })))
      .toBe('[search/search/api] invalid name "api": is the name of another service of the app, and the catalog, the repository and the service accounts are named after it '
        + '(it is already used by payments/payments/api). Fix: give every service of the app a distinct name.');
  });
});

describe('inside a stack', () => {
  test('the foundation adds its resources to the platform\'s stack and the pool keeps its address', () => {
    const { stack, platform } = platformFixture({ privateServiceAccess: PrivateServiceAccess.EXISTING });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const foundation = new PlatformFoundation(platform, 'foundation');
    expect(foundation.identity.node.path).toBe('test/platform/github-actions');
    const json = synth(stack);
    expect(Object.keys(json.resource.google_iam_workload_identity_pool)).toEqual([expect.stringMatching(/^platform_github-actions_pool_[0-9A-F]{8}$/)]);
    expect(Object.keys(json.resource.google_project_service)).toHaveLength(14);
    expect(json.resource.kubernetes_namespace_v1).toBeDefined();
    expect(platform.ownsStacks).toBe(false);
    expect(team.stack).toBe(stack);
    expect(team.environmentStack('prod')).toBe(stack);
  });
});

describe('a service template in the settings', () => {
  test('a template directory in platform.json is relative to the file, and the foundation publishes it relative to platform.json', () => {
    const dir = tmpdir('settings-template-');
    fs.cpSync(path.join(__dirname, '..', '..', 'templates', 'go-microservice'), path.join(dir, 'templates', 'acme-go'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify({ ...SETTINGS, goldenPathOverrides: { template: 'templates/acme-go', replicas: 2 } }));
    const app = new App({ outdir: path.join(dir, 'cdktf.out') });
    const platform = Platform.fromFile(app, 'acme', path.join(dir, 'platform.json'));
    expect(platform.goldenPath.template.directory).toBe(path.join(dir, 'templates', 'acme-go'));
    new PlatformFoundation(platform, 'foundation');
    app.synth();
    const published = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'platform.json'), 'utf8'));
    expect(published.goldenPathOverrides).toEqual(expect.objectContaining({ template: path.join('..', 'templates', 'acme-go'), replicas: 2, cpu: '500m' }));
  });

  test('a template that is not a path', () => {
    const file = path.join(tmpdir('settings-'), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ ...SETTINGS, goldenPathOverrides: { template: { directory: 'x' } } }));
    expect(errorOf(() => Platform.fromFile(new App({ outdir: tmpdir('p-') }), 'acme', file))).toBe(
      `[${file}] invalid /goldenPathOverrides/template {"directory":"x"}: is not a directory path. Fix: give the service template's directory, relative to this file, e.g. "templates/acme-go".`);
  });
});
