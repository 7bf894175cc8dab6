import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GoldenPath, Platform } from '../../src';
import { errorOf, PLATFORM_PROPS, platformFixture, synth } from '../util';

describe('Platform defaults', () => {
  test('keeps its props as attributes', () => {
    const { platform } = platformFixture();
    expect(platform.githubOrganization).toBe('acme');
    expect(platform.gcpProject).toBe('acme-prod');
    expect(platform.region).toBe('europe-west1');
    expect(platform.network).toBe('projects/acme-net/global/networks/shared');
  });

  test('has dev, staging and prod, with prod the only production environment', () => {
    const { platform } = platformFixture();
    expect(platform.environments.map((e) => [e.name, e.production])).toEqual([
      ['dev', false], ['staging', false], ['prod', true],
    ]);
    expect(platform.productionEnvironments.map((e) => e.name)).toEqual(['prod']);
    expect(platform.environment('staging').reviewers).toEqual([]);
    expect(platform.environment('dev').kubernetesProvider).toBeUndefined();
  });

  test('uses the Go microservice golden path', () => {
    const { platform } = platformFixture();
    expect(platform.goldenPath.cpu).toBe('500m');
    expect(platform.goldenPath.requiredChecks).toEqual(GoldenPath.goMicroservice().requiredChecks);
  });

  test('creates no providers: the app configures them', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'bare');
    new Platform(stack, 'platform', PLATFORM_PROPS);
    expect(synth(stack).provider).toBeUndefined();
  });

  test('keeps per-environment providers and workload overrides', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'multi');
    const prodCluster = new KubernetesProvider(stack, 'prod-cluster', { alias: 'prod', configPath: '~/.kube/prod' });
    const platform = new Platform(stack, 'platform', {
      ...PLATFORM_PROPS,
      environments: [
        { name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1 } } },
        { name: 'prod', production: true, reviewers: ['alice', 'acme/sre'], kubernetesProvider: prodCluster },
      ],
    });
    expect(platform.environment('prod').kubernetesProvider).toBe(prodCluster);
    expect(platform.environment('prod').reviewers).toEqual(['alice', 'acme/sre']);
    expect(platform.goldenPath.workloadSettings(platform.environment('dev').workloads).replicas).toBe(1);
  });

  test('the environment list cannot be changed from outside', () => {
    const { platform } = platformFixture();
    platform.environments.pop();
    expect(platform.environments).toHaveLength(3);
  });
});

describe('Platform.of', () => {
  test('finds the enclosing platform from any depth', () => {
    const { platform } = platformFixture();
    const child = new Construct(new Construct(platform, 'team'), 'service');
    expect(Platform.of(child)).toBe(platform);
    expect(Platform.of(platform)).toBe(platform);
  });

  test('fails outside a platform with the path and the fix', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'lonely');
    const orphan = new Construct(stack, 'orphan');
    expect(errorOf(() => Platform.of(orphan))).toBe(
      '[lonely/orphan] is not inside a Platform. Fix: create it inside a Platform, e.g. new TeamEnvironment(platform, ...), and services and databases inside a TeamEnvironment.',
    );
  });

  test('environment() names the known environments when asked for another', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => platform.environment('qa'))).toMatch(/\[test\/platform\] has no environment "qa"\. Fix: use one of "dev", "staging", "prod"/);
  });
});

describe('Platform validation', () => {
  const make = (props: Record<string, unknown>) => () => platformFixture(props as any);

  test.each([
    ['githubOrganization', '-acme', /invalid githubOrganization "-acme": is not a valid GitHub organization .* Fix: write the GitHub organization exactly as it appears in its GitHub URL/],
    ['githubOrganization', 'a'.repeat(40), /invalid githubOrganization/],
    ['gcpProject', 'Acme_Prod', /invalid gcpProject "Acme_Prod": is not a Google Cloud project id .* Fix: use the project id shown by `gcloud projects list`/],
    ['gcpProject', 'acme', /invalid gcpProject "acme"/],
    ['region', 'europe-west1-b', /invalid region "europe-west1-b": is a zone, not a region\. Fix: use the region "europe-west1"/],
    ['region', 'Europe', /invalid region "Europe": is not a Google Cloud region\. Fix: use a region id such as "europe-west1"/],
    ['network', 'shared', /invalid network "shared": is not a VPC network path\. Fix: write it as "projects\/<host-project>\/global\/networks\/<network>"/],
  ])('%s %j is rejected', (prop, value, message) => {
    const msg = errorOf(make({ [prop]: value }));
    expect(msg).toMatch(/^\[test\/platform\] /);
    expect(msg).toMatch(message);
  });

  test('an environment name that is not a DNS label', () => {
    expect(errorOf(make({ environments: [{ name: 'Prod_EU', production: true }] }))).toMatch(
      /\[test\/platform\] invalid environments\[0\]\.name "Prod_EU": is not a DNS-1123 label .* Fix: use a name such as "prod-eu"/,
    );
  });

  test('an environment name too long to embed in resource names', () => {
    expect(errorOf(make({ environments: [{ name: 'production-europe-west', production: true }] }))).toMatch(
      /invalid environments\[0\]\.name "production-europe-west": is 22 characters long, over the 16 allowed here/,
    );
  });

  test('duplicate environment names', () => {
    expect(errorOf(make({ environments: [{ name: 'prod', production: true }, { name: 'prod' }] }))).toMatch(
      /invalid environments \["prod","prod"\]: names "prod" more than once\. Fix: give every environment a distinct name/,
    );
  });

  test('no production environment', () => {
    expect(errorOf(make({ environments: [{ name: 'dev' }, { name: 'staging' }] }))).toMatch(
      /invalid environments \["dev","staging"\]: has no production environment.* Fix: mark the environment that serves users with production: true/,
    );
  });

  test('an empty environment list', () => {
    expect(errorOf(make({ environments: [] }))).toMatch(/invalid environments \[\]: is empty/);
  });

  test('a reviewer GitHub would reject', () => {
    expect(errorOf(make({ environments: [{ name: 'prod', production: true, reviewers: ['@alice'] }] }))).toMatch(
      /invalid environments\[0\]\.reviewers\[0\] "@alice": is not a valid GitHub user .* without "@"/,
    );
  });

  test('min replicas above max replicas', () => {
    expect(errorOf(make({ goldenPath: GoldenPath.goMicroservice({ autoscaling: { minReplicas: 5, maxReplicas: 3 }, replicas: 4 }) }))).toMatch(
      /\[test\/platform\] invalid goldenPath\.autoscaling\.minReplicas 5: is greater than autoscaling\.maxReplicas \(3\)\. Fix: lower minReplicas to 3 or less, or raise maxReplicas to 5 or more/,
    );
  });

  test('replicas outside the autoscaling range', () => {
    expect(errorOf(make({ environments: [{ name: 'prod', production: true, workloads: { replicas: 12 } }] }))).toMatch(
      /invalid environments\[0\]\.workloads\.replicas 12: is outside the autoscaling range 2 to 10/,
    );
  });

  test.each([
    [{ cpu: 'half' }, /invalid goldenPath\.cpu "half": is not a Kubernetes quantity/],
    [{ memory: '512m' }, /invalid goldenPath\.memory "512m": uses "m".*Fix: write mebibytes as "512Mi"/],
    [{ autoscaling: { targetCpuUtilizationPercent: 150 } }, /invalid goldenPath\.autoscaling\.targetCpuUtilizationPercent 150: must be a whole number between 1 and 100/],
    [{ coverageThreshold: 101 }, /invalid goldenPath\.coverageThreshold 101/],
    [{ containerPort: 70000 }, /invalid goldenPath\.containerPort 70000: must be a whole number between 1 and 65535/],
    [{ livenessPath: 'healthz' }, /invalid goldenPath\.livenessPath "healthz": is not a probe path the kubelet and the scaffold accept .*Fix: use a path such as "\/healthz"/],
    [{ requiredChecks: [] }, /invalid goldenPath\.requiredChecks \[\]: is empty/],
  ])('golden path %j is rejected', (overrides, message) => {
    expect(errorOf(make({ goldenPath: GoldenPath.goMicroservice(overrides as any) }))).toMatch(message);
  });

  test('every problem is reported at once', () => {
    const msg = errorOf(make({ gcpProject: 'X', region: 'nowhere' }));
    expect(msg).toMatch(/^\[test\/platform\] 2 invalid props:/);
    expect(msg).toMatch(/invalid gcpProject "X"/);
    expect(msg).toMatch(/invalid region "nowhere"/);
  });

  test('tokens are not judged at synth time', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'tokens');
    const { TerraformVariable } = jest.requireActual('cdktf');
    const project = new TerraformVariable(stack, 'project', { type: 'string' });
    expect(() => new Platform(stack, 'platform', { ...PLATFORM_PROPS, gcpProject: project.stringValue })).not.toThrow();
  });

  test('a platform neither in a stack nor directly under the App is refused', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const group = new Construct(app, 'group');
    expect(errorOf(() => new Platform(group, 'platform', PLATFORM_PROPS))).toMatch(/^\[group\/platform\] is neither inside a TerraformStack nor directly under the App\. Fix: .*new Platform\(app, "acme"/);
  });

  test('at App scope the platform makes its stacks and has no single stack', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const platform = new Platform(app, 'acme', PLATFORM_PROPS);
    expect(platform.ownsStacks).toBe(true);
    expect(errorOf(() => platform.stack)).toMatch(/^\[acme\] makes one stack per team and environment .* Fix: use platform\.stacks, team\.stack/);
  });
});

describe('Platform environment names reserved by services', () => {
  test('an environment named like another child of every team or service', () => {
    expect(errorOf(() => platformFixture({ environments: [{ name: 'repository', production: true }] }))).toBe(
      '[test/platform] invalid environments[0].name "repository": is reserved: teams and services have fixed children named "github-team", "registry", "budget", "repository" '
      + 'and "maintainer-*", "member-*", "registry-reader-*", "alerting-*", "dashboards-*", next to one child per environment. Fix: choose another name, e.g. "repository-env".',
    );
  });
});
