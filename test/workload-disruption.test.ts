import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { Testing, TerraformStack } from 'cdktf';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, TeamEnvironment } from '../src';
import { platformFixture, resource, synth } from './util';

/**
 * Sidecar start order, node drains and replica placement (issue 25, item 12).
 *
 * - Spread: https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 *   (well-known node labels: https://kubernetes.io/docs/reference/labels-annotations-taints/).
 * - Native sidecars (an init container with restartPolicy Always, Kubernetes 1.29+):
 *   https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/ and, for the Auth
 *   Proxy, https://cloud.google.com/sql/docs/postgres/connect-kubernetes-engine. The Terraform
 *   provider has `init_container.restart_policy` only from hashicorp/kubernetes 3.0.0
 *   (https://github.com/hashicorp/terraform-provider-kubernetes/issues/2446, added by #2786);
 *   @cdktf/provider-kubernetes 12.1 binds 2.38.0.
 * - `unhealthyPodEvictionPolicy: AlwaysAllow`:
 *   https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy;
 *   kubernetes_pod_disruption_budget_v1 of provider 2.38.0 has no such attribute.
 */

function deployment(json: any, env: string): any {
  return resource(json, 'kubernetes_deployment_v1', (r) => r.metadata?.namespace === `payments-${env}` && r.metadata?.name === 'payment-service');
}

describe('replica placement', () => {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
  const json = synth(stack);
  const selector = { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/instance': 'payment-service-prod' };

  test('production replicas spread over zones and nodes, as a preference that never leaves a pod Pending', () => {
    expect(deployment(json, 'prod').spec.template.spec.topology_spread_constraint).toEqual([
      { max_skew: 1, topology_key: 'topology.kubernetes.io/zone', when_unsatisfiable: 'ScheduleAnyway', label_selector: [{ match_labels: selector }] },
      { max_skew: 1, topology_key: 'kubernetes.io/hostname', when_unsatisfiable: 'ScheduleAnyway', label_selector: [{ match_labels: selector }] },
    ]);
  });

  test('outside production the scheduler places pods as it likes', () => {
    for (const env of ['dev', 'staging']) {
      expect(deployment(json, env).spec.template.spec.topology_spread_constraint).toBeUndefined();
    }
  });
});

describe('what provider 12.1 (hashicorp/kubernetes 2.38.0) can express', () => {
  // When one of these fails, the provider has gained the attribute: run the Auth Proxy as a native
  // sidecar (SqlDatabaseEnvironment) or set unhealthyPodEvictionPolicy AlwaysAllow (ServiceWorkload), and update the README.
  const app = Testing.app();
  const stack = new TerraformStack(app, 'probe');
  new DeploymentV1(stack, 'deployment', {
    metadata: { name: 'probe' },
    spec: {
      selector: { matchLabels: { app: 'probe' } },
      template: {
        metadata: { labels: { app: 'probe' } },
        spec: {
          container: [{ name: 'app', image: 'app:1' }],
          initContainer: [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' } as any],
        },
      },
    },
  });
  new PodDisruptionBudgetV1(stack, 'budget', {
    metadata: { name: 'probe' },
    spec: { maxUnavailable: '1', selector: { matchLabels: { app: 'probe' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } as any,
  });
  const json = JSON.parse(Testing.synth(stack));

  test('an init container has no restart_policy, so the Auth Proxy cannot be a native sidecar', () => {
    const init = json.resource.kubernetes_deployment_v1.deployment.spec.template.spec.init_container[0];
    expect(init.name).toBe('proxy');
    expect(init).not.toHaveProperty('restart_policy');
  });

  test('a PodDisruptionBudget has no unhealthy_pod_eviction_policy', () => {
    const spec = json.resource.kubernetes_pod_disruption_budget_v1.budget.spec;
    expect(spec.max_unavailable).toBe('1');
    expect(spec).not.toHaveProperty('unhealthy_pod_eviction_policy');
  });
});

describe('the Cloud SQL Auth Proxy until then', () => {
  const { stack, platform } = platformFixture({ network: 'projects/acme-prod/global/networks/shared' });
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'payments-db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing', databases: [db] });
  const json = synth(stack);

  test('is an ordinary container after the service, whose readiness keeps traffic away until it has started', () => {
    const pod = deployment(json, 'prod').spec.template.spec;
    expect(pod.init_container).toBeUndefined();
    expect(pod.container.map((c: any) => c.name)).toEqual(['payment-service', 'cloud-sql-proxy-payments-db']);
    expect(pod.container[1].readiness_probe.http_get.path).toBe('/startup');
  });
});
