import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { Testing, TerraformStack } from 'cdktf';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, TeamEnvironment } from '../../src';
import { platformFixture, resource, synth } from '../util';

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
 *   kubernetes_pod_disruption_budget_v1 of provider 2.38.0 has no such attribute: its spec takes
 *   max_unavailable, min_available and selector alone
 *   (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/pod_disruption_budget_v1,
 *   the page PodDisruptionBudgetV1Spec of @cdktf/provider-kubernetes 12.1.1 links; the provider's
 *   generated Go bindings, cdktf/cdktf-provider-kubernetes-go kubernetes/poddisruptionbudgetv1/
 *   PodDisruptionBudgetV1Spec.go, list the same three).
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

/*
 * Until then, the Auth Proxy starts before the service as Istio's holdApplicationUntilProxyStarts
 * makes its sidecar do: the proxy is the first container and its postStart hook returns only once
 * the proxy serves, and the kubelet starts the next container only once that hook has returned.
 * - The kubelet starts containers in the order of the pod spec, and "Other management of the
 *   container blocks until the hook completes" (core/v1 Lifecycle.postStart,
 *   https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/).
 * - Istio injects its proxy "at the start of the pod's container list and configures it to block
 *   the start of all other containers until the proxy is ready" (istio/istio release note 24737,
 *   issue 11130); Google's Cloud Service Mesh documents the same flag:
 *   https://cloud.google.com/service-mesh/docs/troubleshooting/troubleshoot-pod-startup-time
 * - The Auth Proxy's `wait` command returns once `/startup` answers on the health check's address
 *   and port, waiting at most `--max` (default 30s), from 2.7.0:
 *   https://github.com/GoogleCloudPlatform/cloud-sql-proxy/pull/2041, used as a postStart hook in
 *   https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/2063. The image's binary is
 *   /cloud-sql-proxy (its Dockerfile: distroless, ENTRYPOINT ["/cloud-sql-proxy"]).
 */
describe('the Cloud SQL Auth Proxy until then', () => {
  const { stack, platform } = platformFixture({ network: 'projects/acme-prod/global/networks/shared' });
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'payments-db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  const audit = new ManagedDatabase(team, 'audit-db', { name: 'audit-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing', databases: [db] });
  const ledger = new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger' });
  ledger.connect(db);
  ledger.connect(audit, { envPrefix: 'AUDIT_DB_' });
  new GoMicroservice(team, 'notifier', { name: 'notifier', description: 'Notifications' });
  const json = synth(stack);
  const pod = (env: string, service = 'payment-service') => resource(json, 'kubernetes_deployment_v1',
    (r) => r.metadata?.namespace === `payments-${env}` && r.metadata?.name === service);

  test('is the first container, whose postStart hook returns once the proxy serves: the service starts after it', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const spec = pod(env).spec.template.spec;
      expect(spec.init_container).toBeUndefined();
      expect(spec.container.map((c: any) => c.name)).toEqual(['cloud-sql-proxy-payments-db', 'payment-service']);
      const proxy = spec.container[0];
      expect(proxy.lifecycle).toEqual({
        post_start: [{ exec: { command: ['/cloud-sql-proxy', 'wait', '--http-address=127.0.0.1', '--http-port=9432', '--max=60s'] } }],
      });
      // The wait command asks the health check the proxy serves: same port, an address it listens on.
      expect(proxy.args).toEqual(expect.arrayContaining(['--health-check', '--http-address=0.0.0.0', '--http-port=9432']));
      // It waits as long as the startup probe gives the proxy (every second, 60 times).
      expect(proxy.startup_probe).toMatchObject({ http_get: { path: '/startup', port: '9432' }, period_seconds: 1, failure_threshold: 60 });
      expect(spec.container[1].lifecycle).toBeUndefined();
    }
  });

  test('Terraform ignores the image of the service container where it now is, and keeps the proxy\'s', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      expect(pod(env).lifecycle.ignore_changes).toEqual(['spec[0].replicas', 'spec[0].template[0].spec[0].container[1].image']);
    }
  });

  test('two databases: both proxies go first, in the order they were connected, each waiting for its own port', () => {
    const spec = pod('prod', 'ledger').spec.template.spec;
    expect(spec.container.map((c: any) => c.name)).toEqual(['cloud-sql-proxy-payments-db', 'cloud-sql-proxy-audit-db', 'ledger']);
    expect(spec.container.map((c: any) => c.lifecycle?.post_start[0].exec.command[3])).toEqual(['--http-port=9432', '--http-port=7306', undefined]);
    expect(pod('prod', 'ledger').lifecycle.ignore_changes).toEqual(['spec[0].replicas', 'spec[0].template[0].spec[0].container[2].image']);
  });

  test('a service without a database is unchanged: one container, its image ignored at container[0]', () => {
    const notifier = pod('prod', 'notifier');
    expect(notifier.spec.template.spec.container.map((c: any) => c.name)).toEqual(['notifier']);
    expect(notifier.lifecycle.ignore_changes).toEqual(['spec[0].replicas', 'spec[0].template[0].spec[0].container[0].image']);
  });
});
