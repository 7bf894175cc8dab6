import { Construct } from 'constructs';
import {
  DatabaseEngine, DatabaseSize, GoMicroservice, type IQuotaConsumer, ManagedDatabase, NamespaceQuota, type QuotaFootprint,
  TeamEnvironment, type TeamEnvironmentProps,
} from '../../src';
import { bytes, millicores } from '../../src/private/quantity';
import { errorOf, platformFixture, resource, synth } from '../util';

/** A stand-in for a service: `maxReplicas` pods of `cpu`/`memory` each, per environment. */
class FakeWorkload extends Construct implements IQuotaConsumer {
  constructor(scope: Construct, id: string, private readonly shape: {
    readonly cpu?: string;
    readonly memory?: string;
    readonly maxReplicas: Record<string, number>;
  }, team: TeamEnvironment = TeamEnvironment.of(scope)) {
    super(scope, id);
    team.addQuotaConsumer(this);
  }

  public maxFootprint(environment: string): QuotaFootprint {
    const pods = this.shape.maxReplicas[environment] ?? 10;
    return {
      cpuMillicores: pods * millicores(this.shape.cpu ?? '500m'),
      memoryBytes: pods * bytes(this.shape.memory ?? '512Mi'),
      pods,
    };
  }
}

function teamFixture(props: Partial<TeamEnvironmentProps> = {}) {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], ...props });
  return { stack, platform, team };
}

const GOLDEN = { maxReplicas: { dev: 10, staging: 10, prod: 10 } };

/** The `hard` limits of the quota of a namespace, as synthesized. */
function hardOf(json: any, namespace: string): Record<string, string> {
  return resource(json, 'kubernetes_resource_quota_v1', (q) => q.metadata.namespace === namespace).spec.hard;
}

describe('default quotas are sized from the workloads', () => {
  // A golden service may run 10 pods of 500m/512Mi (5 cpu, 5Gi); the Cloud SQL
  // Auth Proxy adds 10 x 100m/128Mi. With fixed defaults of 10 cpu/10Gi outside
  // production, one team with two services, one of them with a database, did
  // not synthesize.
  test('the golden path: two default services, one with a database, then a fourth service, synthesize', () => {
    const { stack, team } = teamFixture();
    const db = new ManagedDatabase(team, 'payments-db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.MEDIUM });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing service', databases: [db] });
    new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger' });
    expect(team.node.validate()).toEqual([]);
    let json = synth(stack);
    // Needed at the maximum: 5 + 5 cpu for the services, 1 for their Auth Proxy
    // sidecars; 11.25Gi; 20 pods (the database's grant Job runs in the grants
    // namespace, under its own quota). Plus 25% for a rolling update's surge
    // (maxSurge 25%), rounded up to readable values.
    expect(hardOf(json, 'payments-dev')).toEqual({
      'requests.cpu': '15', 'limits.cpu': '15', 'requests.memory': '15Gi', 'limits.memory': '15Gi', 'pods': '30',
    });
    new GoMicroservice(team, 'refunds', { name: 'refunds', description: 'Refunds' });
    expect(team.node.validate()).toEqual([]);
    json = synth(stack);
    // 16 cpu, 16.25Gi, 30 pods needed; plus 25%: 20, 20.3Gi, 37.5 pods.
    for (const env of ['dev', 'staging']) {
      expect(hardOf(json, `payments-${env}`)).toEqual({
        'requests.cpu': '20', 'limits.cpu': '20', 'requests.memory': '25Gi', 'limits.memory': '25Gi', 'pods': '40',
      });
      expect(team.teamNamespace(env).quota).toEqual({ cpu: '20', memory: '25Gi', pods: 40 });
    }
    // Production keeps its larger floor of 50 pods.
    expect(hardOf(json, 'payments-prod')).toEqual({
      'requests.cpu': '20', 'limits.cpu': '20', 'requests.memory': '25Gi', 'limits.memory': '25Gi', 'pods': '50',
    });
  });

  test('without workloads a namespace gets its environment\'s floor', () => {
    const { stack } = teamFixture();
    const json = synth(stack);
    expect(hardOf(json, 'payments-dev')).toMatchObject({ 'limits.cpu': '10', 'limits.memory': '10Gi', 'pods': '30' });
    expect(hardOf(json, 'payments-prod')).toMatchObject({ 'limits.cpu': '20', 'limits.memory': '20Gi', 'pods': '50' });
  });

  test.each([
    // need (millicores, MiB, pods) -> quota; 25% headroom, then whole units: steps of 1 up to 10, 5 up to 50, 10 up to 200, 50 beyond
    [{ cpuMillicores: 11_000, memoryBytes: 11.25 * 2 ** 30, pods: 20 }, { cpu: '15', memory: '15Gi', pods: 30 }],
    [{ cpuMillicores: 41_000, memoryBytes: 40 * 2 ** 30, pods: 82 }, { cpu: '60', memory: '50Gi', pods: 110 }],
    [{ cpuMillicores: 200_000, memoryBytes: 300 * 2 ** 30, pods: 400 }, { cpu: '250', memory: '400Gi', pods: 500 }],
  ])('sizing %j', (need, quota) => {
    expect(NamespaceQuota.forWorkloads(false, need)).toEqual(quota);
  });

  test('a field the team sets stays as given; the others are sized', () => {
    expect(NamespaceQuota.forWorkloads(false, { cpuMillicores: 40_000, memoryBytes: 40 * 2 ** 30, pods: 80 }, { cpu: '64' }))
      .toEqual({ cpu: '64', memory: '50Gi', pods: 100 });
  });
});

describe('quota check passes', () => {
  test('two golden services at 10 replicas fill an explicit quota of 10 cpu and 10Gi exactly', () => {
    const { stack, team } = teamFixture({ quotas: { dev: { cpu: '10', memory: '10Gi' } } });
    new FakeWorkload(team, 'api', GOLDEN);
    new FakeWorkload(team, 'worker', GOLDEN);
    expect(team.quotaConsumers.map((c) => c.node.id)).toEqual(['api', 'worker']);
    expect(team.node.validate()).toEqual([]);
    expect(() => synth(stack)).not.toThrow();
  });

  test('a raised quota makes room', () => {
    const { stack, team } = teamFixture({ quotas: { dev: { cpu: '15', memory: '15Gi' }, staging: { cpu: '15', memory: '15Gi' } } });
    for (const id of ['api', 'worker', 'jobs']) new FakeWorkload(team, id, GOLDEN);
    expect(team.node.validate()).toEqual([]);
    expect(() => synth(stack)).not.toThrow();
  });
});

describe('quota check fires on explicit quotas (hard limits)', () => {
  const STAGING_10 = { quotas: { staging: { cpu: '10', memory: '10Gi' } } };

  test('says which quota of which namespace to raise, by how much, and names the workloads', () => {
    const { stack, team } = teamFixture(STAGING_10);
    for (const id of ['api', 'worker', 'jobs']) new FakeWorkload(team, id, { maxReplicas: { dev: 2, staging: 10, prod: 10 } });
    expect(team.node.validate()).toEqual([
      'invalid quotas.staging.cpu "10": the limits.cpu quota of namespace "payments-staging" is too small: the workloads in it need 15 at their maximum replicas (api 5, worker 5, jobs 5), 5 more than the quota allows. Fix: raise quotas.staging.cpu by 5 to at least "15", or lower the workloads\' maxReplicas or cpu in "staging".',
      'invalid quotas.staging.memory "10Gi": the limits.memory quota of namespace "payments-staging" is too small: the workloads in it need 15Gi at their maximum replicas (api 5Gi, worker 5Gi, jobs 5Gi), 5Gi more than the quota allows. Fix: raise quotas.staging.memory by 5Gi to at least "15Gi", or lower the workloads\' maxReplicas or memory in "staging".',
    ]);
    const message = errorOf(() => synth(stack));
    expect(message).toContain('[test/platform/payments] invalid quotas.staging.cpu "10"');
    expect(message).toContain('[test/platform/payments] invalid quotas.staging.memory "10Gi"');
    expect(message).not.toContain('payments-dev');
    expect(message).not.toContain('payments-prod');
  });

  test('pods are counted too', () => {
    const { team } = teamFixture({ quotas: { prod: { pods: 8 } } });
    new FakeWorkload(team, 'api', { cpu: '100m', memory: '128Mi', maxReplicas: { prod: 6 } });
    new FakeWorkload(team, 'worker', { cpu: '100m', memory: '128Mi', maxReplicas: { prod: 3 } });
    expect(team.node.validate()).toEqual([
      'invalid quotas.prod.pods 8: the pods quota of namespace "payments-prod" is too small: the workloads in it need 9 at their maximum replicas (api 6, worker 3), 1 more than the quota allows. Fix: raise quotas.prod.pods by 1 to at least 9, or lower the workloads\' maxReplicas or replicas in "prod".',
    ]);
  });

  test('odd amounts are shown in millicores and mebibytes', () => {
    const { team } = teamFixture({ quotas: { dev: { cpu: '1', memory: '1Gi' } } });
    new FakeWorkload(team, 'api', { cpu: '300m', memory: '384Mi', maxReplicas: { dev: 4 } });
    const [cpu, memory] = team.node.validate();
    expect(cpu).toContain('need 1200m at their maximum replicas (api 1200m), 200m more than the quota allows. Fix: raise quotas.dev.cpu by 200m to at least "1200m"');
    expect(memory).toContain('need 1536Mi at their maximum replicas (api 1536Mi), 512Mi more than the quota allows. Fix: raise quotas.dev.memory by 512Mi to at least "1536Mi"');
  });

  test('each environment is judged on its own footprint and quota', () => {
    const { team } = teamFixture({ quotas: { dev: { cpu: '10', memory: '10Gi' }, staging: { cpu: '10', memory: '10Gi' }, prod: { cpu: '20', memory: '20Gi' } } });
    new FakeWorkload(team, 'api', { cpu: '1', memory: '1Gi', maxReplicas: { dev: 1, staging: 1, prod: 15 } });
    expect(team.node.validate().map((m) => m.split(':')[0])).toEqual([]);
    new FakeWorkload(team, 'batch', { cpu: '1', memory: '1Gi', maxReplicas: { dev: 11, staging: 1, prod: 6 } });
    expect(team.node.validate().map((m) => m.split(':')[0])).toEqual([
      'invalid quotas.dev.cpu "10"',
      'invalid quotas.dev.memory "10Gi"',
      'invalid quotas.prod.cpu "20"',
      'invalid quotas.prod.memory "20Gi"',
    ]);
  });

  test('a consumer outside the team is named by its full path', () => {
    const { platform, team } = teamFixture({ quotas: { dev: { cpu: '10' } } });
    new FakeWorkload(new Construct(platform, 'shared'), 'gateway', { cpu: '11', maxReplicas: { dev: 1, staging: 0, prod: 0 } }, team);
    expect(team.node.validate()[0]).toContain('(test/platform/shared/gateway 11)');
  });
});
