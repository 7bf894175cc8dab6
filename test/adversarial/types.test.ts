import { build, propCases, runTable, TEAM_PATH, PLATFORM_PATH, SERVICE_PATH, DATABASE_PATH, stackWithProviders, PLATFORM, TEAM, SERVICE, DATABASE, type AdversarialCase } from './harness';
import { GoMicroservice, ManagedDatabase, Platform, TeamEnvironment } from '../../src';
import { captureWarnings } from '../util';

// Runtime type checks at the jsii boundary: every prop of the entry constructs, sent with the wrong type.
const WRONG = {
  string: [42, true, ['x'], { a: 1 }, null],
  number: ['3', 'three', true, [3], null],
  boolean: ['false', 'no', 1, null],
  list: ['alice', 42, { 0: 'a' }, [null], [42]],
  map: ['dev', ['dev'], 42],
};

const env = (patch: Record<string, unknown>) => ({ environments: [{ name: 'dev' }, { name: 'prod', production: true, ...patch }] });

const cases: AdversarialCase[] = [
  // Platform
  ...propCases('platform', 'githubOrganization', WRONG.string),
  ...propCases('platform', 'gcpProject', [42, null]),
  ...propCases('platform', 'region', [['europe-west1'], null]),
  ...propCases('platform', 'network', [42, true]),
  ...propCases('platform', 'environments', ['dev', 42, { dev: {} }]),
  ...propCases('platform', 'environments', [[null], ['dev']], 'environments[0]'),
  ...propCases('platform', 'billingAccount', [12345]),
  ...propCases('platform', 'catalogRepository', [['catalog']]),
  ...propCases('platform', 'stateBucket', [true]),
  ...propCases('platform', 'gcpProjectNumber', [123456789012]),
  ...propCases('platform', 'workloadIdentityPoolId', [7]),
  ...propCases('platform', 'workloadIdentityProviderId', [false]),
  ...propCases('platform', 'privateServiceAccess', ['MANAGED', 'shared', 1]),
  ...propCases('platform', 'goldenPath', ['go', { replicas: 3 }]),
  ...propCases('platform', 'goldenPathOverrides', ['fast', [1]]),
  ...propCases('platform', 'goldenPathOverrides.replicas', ['3', null]),
  ...propCases('platform', 'goldenPathOverrides.cpu', [1]),
  ...propCases('platform', 'goldenPathOverrides.memory', [512]),
  ...propCases('platform', 'goldenPathOverrides.coverageThreshold', ['80']),
  ...propCases('platform', 'goldenPathOverrides.containerPort', ['8080']),
  ...propCases('platform', 'goldenPathOverrides.requiredChecks', ['lint']),
  ...propCases('platform', 'goldenPathOverrides.requiredChecks', [[null]], 'goldenPathOverrides.requiredChecks[0]'),
  ...propCases('platform', 'goldenPathOverrides.livenessPath', [404]),
  ...propCases('platform', 'goldenPathOverrides.autoscaling', ['on', true]),
  ...propCases('platform', 'goldenPathOverrides.autoscaling.enabled', ['false', 0]),
  ...propCases('platform', 'goldenPathOverrides.autoscaling.minReplicas', ['2']),
  ...propCases('platform', 'goldenPathOverrides.autoscaling.maxReplicas', ['10']),
  ...propCases('platform', 'goldenPathOverrides.autoscaling.targetCpuUtilizationPercent', ['70%']),
  ...['false', 'no', 0].map((v): AdversarialCase => ({ name: `platform environments[1].production: ${JSON.stringify(v)}`, run: () => build({ platform: env({ production: v }) }), expect: { path: PLATFORM_PATH, prop: 'environments[1].production' } })),
  ...['alice', [42], [null]].map((v): AdversarialCase => ({ name: `platform environments[1].reviewers: ${JSON.stringify(v)}`, run: () => build({ platform: env({ reviewers: v }) }), expect: { path: PLATFORM_PATH, prop: v === 'alice' ? 'environments[1].reviewers' : 'environments[1].reviewers[0]' } })),
  ...[42, null].map((v): AdversarialCase => ({ name: `platform environments[1].name: ${JSON.stringify(v)}`, run: () => build({ platform: env({ name: v }) }), expect: { path: PLATFORM_PATH, prop: 'environments[1].name' } })),
  ...[7, true].map((v): AdversarialCase => ({ name: `platform environments[1].gkeCluster: ${JSON.stringify(v)}`, run: () => build({ platform: env({ gkeCluster: v }) }), expect: { path: PLATFORM_PATH, prop: 'environments[1].gkeCluster' } })),
  { name: 'platform environments[1].workloads.replicas: "3"', run: () => build({ platform: env({ workloads: { replicas: '3' } }) }), expect: { path: PLATFORM_PATH, prop: 'environments[1].workloads.replicas' } },
  { name: 'platform environments[1].workloads.autoscaling.enabled: "false"', run: () => build({ platform: env({ workloads: { autoscaling: { enabled: 'false' } } }) }), expect: { path: PLATFORM_PATH, prop: 'environments[1].workloads.autoscaling.enabled' } },
  { name: 'platform props missing', run: () => new Platform(stackWithProviders(), 'platform', undefined as any), expect: { path: PLATFORM_PATH, prop: 'props' } },
  { name: 'platform props a string', run: () => new Platform(stackWithProviders(), 'platform', 'acme' as any), expect: { path: PLATFORM_PATH, prop: 'props' } },

  // TeamEnvironment
  ...propCases('team', 'name', [42, null, ['payments']]),
  ...propCases('team', 'maintainers', ['alice', 42, null, { alice: true }]),
  ...propCases('team', 'maintainers', [[null], [42], [['alice']]], 'maintainers[0]'),
  ...propCases('team', 'members', ['bob', true]),
  ...propCases('team', 'members', [[null], [7]], 'members[0]'),
  ...propCases('team', 'description', [42]),
  ...propCases('team', 'quotas', ['big', ['prod']]),
  ...propCases('team', 'quotas.prod', [null, 'big'], 'quotas.prod'),
  ...propCases('team', 'quotas.prod.pods', ['100']),
  ...propCases('team', 'quotas.prod.cpu', [40]),
  ...propCases('team', 'groupSubject', ['payments-team']),
  ...propCases('team', 'ingressControllerNamespaceLabels', ['ingress-nginx', ['a']]),
  ...propCases('team', 'ingressControllerNamespaceLabels.name', [1, null]),
  ...propCases('team', 'imageRetention', ['forever']),
  ...propCases('team', 'imageRetention.keepRecentVersions', ['20']),
  ...propCases('team', 'imageRetention.deleteUntaggedAfterDays', ['7']),
  ...propCases('team', 'monthlyBudget', [500]),
  ...propCases('team', 'monthlyBudget.amount', ['500']),
  { name: 'team props missing', run: () => new TeamEnvironment(new Platform(stackWithProviders(), 'platform', PLATFORM), 'payments', undefined as any), expect: { path: TEAM_PATH, prop: 'props' } },
  { name: 'team props null', run: () => new TeamEnvironment(new Platform(stackWithProviders(), 'platform', PLATFORM), 'payments', null as any), expect: { path: TEAM_PATH, prop: 'props' } },

  // GoMicroservice
  ...propCases('service', 'name', [42, null, ['api']]),
  ...propCases('service', 'description', [42, null]),
  ...propCases('service', 'system', [1]),
  ...propCases('service', 'tags', ['pci', 42]),
  ...propCases('service', 'tags', [[null], [42]], 'tags[0]'),
  ...propCases('service', 'lifecycle', ['live', 'PRODUCTION', 1]),
  ...propCases('service', 'databases', ['pay-db', { orders: true }]),
  ...propCases('service', 'databases', [['orders'], [null]], 'databases[0]'),
  ...propCases('service', 'waitForRollout', ['no', 'false', 1]),
  ...propCases('service', 'replicas', ['3', '-1']),
  ...propCases('service', 'cpu', [0.5]),
  ...propCases('service', 'memory', [512]),
  ...propCases('service', 'autoscaling', ['off']),
  ...propCases('service', 'autoscaling.enabled', ['false']),
  ...propCases('service', 'autoscaling.maxReplicas', ['10']),
  ...propCases('service', 'containerPort', ['8080']),
  ...propCases('service', 'port', ['8080']),
  ...propCases('service', 'livenessPath', [false]),
  ...propCases('service', 'readinessPath', [['/readyz']]),
  ...propCases('service', 'initialImageTag', [1.2]),
  ...propCases('service', 'environments', ['dev', ['dev']]),
  ...propCases('service', 'environments.dev', [null, 'small']),
  ...propCases('service', 'environments.dev.replicas', ['1']),
  ...propCases('service', 'repositoryName', [7]),
  ...propCases('service', 'visibility', ['secret', 'PUBLIC', true]),
  ...propCases('service', 'topics', ['go']),
  ...propCases('service', 'topics', [[null]], 'topics[0]'),
  ...propCases('service', 'deployReviewers', ['alice', ['alice']]),
  ...propCases('service', 'deployReviewers.prod', ['alice', null]),
  ...propCases('service', 'deployReviewers.prod', [[42], [null]], 'deployReviewers.prod[0]'),
  {
    name: 'service props missing',
    run: () => {
      const team = new TeamEnvironment(new Platform(stackWithProviders(), 'platform', PLATFORM), 'payments', TEAM);
      new GoMicroservice(team, 'api', undefined as any);
    },
    expect: { path: SERVICE_PATH, prop: 'props' },
  },

  // ManagedDatabase
  ...propCases('database', 'name', [42, null]),
  ...propCases('database', 'engine', ['postgresql', 'POSTGRES', null, 1]),
  ...propCases('database', 'size', ['huge', 'SMALL', 2]),
  ...propCases('database', 'version', [17]),
  ...propCases('database', 'highAvailability', ['false', 0]),
  ...propCases('database', 'backupEnabled', ['no']),
  ...propCases('database', 'backupRetentionDays', ['7']),
  ...propCases('database', 'databaseName', [1]),
  ...propCases('database', 'maintenanceWindow', ['sunday']),
  ...propCases('database', 'maintenanceWindow.day', ['Sunday', 7]),
  ...propCases('database', 'maintenanceWindow.hourUtc', ['3']),
  ...propCases('database', 'environments', ['prod', ['prod']]),
  ...propCases('database', 'environments.prod', [null]),
  ...propCases('database', 'environments.prod.highAvailability', ['false']),
  ...propCases('database', 'environments.prod.size', ['tiny']),
  ...propCases('database', 'environments.prod.memorySizeGb', ['4']),
  ...propCases('database', 'sharedWith', ['orders-team']),
  ...propCases('database', 'sharedWith', [[null], ['payments']], 'sharedWith[0]'),
  {
    name: 'database props missing',
    run: () => {
      const team = new TeamEnvironment(new Platform(stackWithProviders(), 'platform', PLATFORM), 'payments', TEAM);
      new ManagedDatabase(team, 'orders', undefined as any);
    },
    expect: { path: DATABASE_PATH, prop: 'props' },
  },

  // Valid input stays valid.
  { name: 'valid: everything at its defaults', run: () => build({}), expect: 'valid' },
  { name: 'valid: production false', run: () => build({ platform: env({ production: true }), service: { waitForRollout: false } }), expect: 'valid' },
  {
    name: 'valid: database without a service',
    run: () => {
      // highAvailability false in production: the zonal-instance guardrail warns, and only warns.
      const { error, warned } = captureWarnings(() => build({ database: { highAvailability: false } }));
      if (error !== undefined) throw new Error(error);
      expect(warned).toEqual([expect.stringMatching(/^\[test\/guardrails\] 1 guardrail warning:\n {2}GP-GCP-006 warning at test\/platform\/payments\/orders\/prod\/instance /)]);
    },
    expect: 'valid',
  },
  { name: 'valid: service props as in the README', run: () => build({ service: { ...SERVICE, tags: ['pci'], replicas: 2, autoscaling: { enabled: false } } }), expect: 'valid' },
  { name: 'valid: database props as in the README', run: () => build({ database: { ...DATABASE, version: 'POSTGRES_16', maintenanceWindow: { day: 'SUNDAY', hourUtc: 2 } } }), expect: 'valid' },
];

runTable('runtime types at the jsii boundary', cases);
