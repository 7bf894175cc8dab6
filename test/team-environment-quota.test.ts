import { Construct } from 'constructs';
import { type IQuotaConsumer, type QuotaFootprint, TeamEnvironment, type TeamEnvironmentProps } from '../src';
import { errorOf, platformFixture, synth } from './util';
import { bytes, millicores } from '../src/private/quantity';

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

describe('quota check passes', () => {
  test('two golden services at 10 replicas fill a non-production namespace exactly', () => {
    const { stack, team } = teamFixture();
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

describe('quota check fires', () => {
  test('says which quota of which namespace to raise, by how much, and names the workloads', () => {
    const { stack, team } = teamFixture();
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
    const { team } = teamFixture();
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
    const { platform, team } = teamFixture();
    new FakeWorkload(new Construct(platform, 'shared'), 'gateway', { cpu: '11', maxReplicas: { dev: 1, staging: 0, prod: 0 } }, team);
    expect(team.node.validate()[0]).toContain('(test/platform/shared/gateway 11)');
  });
});
