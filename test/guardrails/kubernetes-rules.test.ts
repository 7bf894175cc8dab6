import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { TerraformStack, Testing } from 'cdktf';
import {
  COMPLIANT, goodDeployment, goodNamespace, goodPdb, goodQuota, nonCompliant, NOT_APPLICABLE, tf, variant, verdict,
} from './util';
import { imageTag } from '../../src/guardrails/rules/kubernetes/image-pinned';
import { selects } from '../../src/guardrails/rules/kubernetes/production-disruption-budget';

const DEP = 'kubernetes_deployment_v1.api';
const container = (c: any) => c.spec.template.spec.container[0];
const sc = (c: any) => container(c).security_context;
/** A production deployment with its PDB, in a production namespace with a quota. */
const stackWith = (deployment: any, extra: Record<string, Record<string, unknown>> = {}) => tf({
  kubernetes_namespace_v1: { ns: goodNamespace() },
  kubernetes_resource_quota_v1: { quota: goodQuota() },
  kubernetes_pod_disruption_budget_v1: { pdb: goodPdb() },
  kubernetes_deployment_v1: { api: deployment },
  ...extra,
});

describe('GP-K8S-001 container resources', () => {
  test('compliant with cpu and memory requests and limits', () => {
    expect(verdict('GP-K8S-001', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant names each container and what it misses, init containers too', () => {
    const d = variant(goodDeployment(), (c) => {
      delete container(c).resources.limits.memory;
      c.spec.template.spec.init_container = [{ name: 'migrate', image: 'migrate:1', resources: { requests: { cpu: '100m' } } }];
    });
    expect(verdict('GP-K8S-001', stackWith(d), DEP)).toEqual(nonCompliant(
      'container "app" has no memory limit',
      'init container "migrate" has no memory request',
      'init container "migrate" has no cpu or memory limit',
    ));
  });
  test('not applicable to other resources', () => {
    expect(verdict('GP-K8S-001', stackWith(goodDeployment()), 'kubernetes_namespace_v1.ns')).toEqual(NOT_APPLICABLE);
  });
  test('judges cron jobs through their job template', () => {
    const cron = { metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', job_template: { spec: { template: { spec: { container: [{ name: 'job', image: 'job:1' }] } } } } } };
    expect(verdict('GP-K8S-001', tf({ kubernetes_cron_job_v1: { nightly: cron } }), 'kubernetes_cron_job_v1.nightly').details)
      .toEqual(['container "job" has no cpu or memory request', 'container "job" has no cpu or memory limit']);
  });
});

describe('GP-K8S-002 run as non-root', () => {
  test('compliant when set on the container', () => {
    expect(verdict('GP-K8S-002', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('compliant when set on the pod only', () => {
    const d = variant(goodDeployment(), (c) => {
      delete sc(c).run_as_non_root;
      delete sc(c).run_as_user;
      c.spec.template.spec.security_context = { run_as_non_root: true };
    });
    expect(verdict('GP-K8S-002', stackWith(d), DEP)).toEqual(COMPLIANT);
  });
  test.each([
    ['unset', (c: any) => { delete sc(c).run_as_non_root; delete sc(c).run_as_user; }, 'container "app" does not set run_as_non_root (in its own or the pod\'s security context)'],
    ['false', (c: any) => { sc(c).run_as_non_root = false; }, 'container "app" sets run_as_non_root to false'],
    ['user 0', (c: any) => { sc(c).run_as_user = 0; }, 'container "app" runs as user 0 (root)'],
    ['container false over pod true', (c: any) => { sc(c).run_as_non_root = false; c.spec.template.spec.security_context = { run_as_non_root: true }; }, 'container "app" sets run_as_non_root to false'],
  ])('non-compliant when %s', (_, edit, detail) => {
    expect(verdict('GP-K8S-002', stackWith(variant(goodDeployment(), edit)), DEP)).toEqual(nonCompliant(detail));
  });
  test('an expression known only at apply cannot be judged, so it is a finding', () => {
    const d = variant(goodDeployment(), (c) => { sc(c).run_as_non_root = '${var.non_root}'; });
    expect(verdict('GP-K8S-002', stackWith(d), DEP)).toEqual(nonCompliant('container "app": run_as_non_root is the expression "${var.non_root}", known only at apply, so it cannot be judged'));
  });
});

describe('GP-K8S-003 read-only root filesystem', () => {
  test('compliant when true', () => {
    expect(verdict('GP-K8S-003', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant when unset', () => {
    const d = variant(goodDeployment(), (c) => { delete sc(c).read_only_root_filesystem; });
    expect(verdict('GP-K8S-003', stackWith(d), DEP)).toEqual(nonCompliant('container "app" has a writable root filesystem'));
  });
});

describe('GP-K8S-004 no privilege escalation', () => {
  test('compliant when allow_privilege_escalation is false', () => {
    expect(verdict('GP-K8S-004', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant when privileged and escalation is unset', () => {
    const d = variant(goodDeployment(), (c) => { sc(c).privileged = true; delete sc(c).allow_privilege_escalation; });
    expect(verdict('GP-K8S-004', stackWith(d), DEP)).toEqual(nonCompliant(
      'container "app" is privileged',
      'container "app" does not set allow_privilege_escalation to false',
    ));
  });
});

describe('GP-K8S-005 capabilities dropped', () => {
  test('compliant when ALL are dropped and NET_BIND_SERVICE added back', () => {
    const d = variant(goodDeployment(), (c) => { sc(c).capabilities.add = ['NET_BIND_SERVICE']; });
    expect(verdict('GP-K8S-005', stackWith(d), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant when nothing is dropped and others are added', () => {
    const d = variant(goodDeployment(), (c) => { sc(c).capabilities = { add: ['NET_ADMIN', 'SYS_TIME'] }; });
    expect(verdict('GP-K8S-005', stackWith(d), DEP)).toEqual(nonCompliant(
      'container "app" does not drop ALL capabilities',
      'container "app" adds capabilities "NET_ADMIN", "SYS_TIME"',
    ));
  });
});

describe('GP-K8S-006 image pinned', () => {
  test('compliant with a tag or a digest', () => {
    expect(verdict('GP-K8S-006', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
    const digest = variant(goodDeployment(), (c) => { container(c).image = `registry:5000/app@sha256:${'ab'.repeat(32)}`; });
    expect(verdict('GP-K8S-006', stackWith(digest), DEP)).toEqual(COMPLIANT);
  });
  test.each([
    ['registry/app:latest', 'container "app" uses image "registry/app:latest"'],
    ['registry:5000/team/app', 'container "app" uses image "registry:5000/team/app" without a tag, which pulls "latest"'],
  ])('non-compliant for %s', (image, detail) => {
    const d = variant(goodDeployment(), (c) => { container(c).image = image; });
    expect(verdict('GP-K8S-006', stackWith(d), DEP)).toEqual(nonCompliant(detail));
  });
  test('image tags are read after the registry port', () => {
    expect(imageTag('registry:5000/app')).toBeUndefined();
    expect(imageTag('registry:5000/app:1.0')).toBe('1.0');
    expect(imageTag('app@sha256:00')).toBe('@sha256:00');
  });
});

describe('GP-K8S-007 probes', () => {
  test('compliant with readiness and liveness probes', () => {
    expect(verdict('GP-K8S-007', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant without them; init containers need none', () => {
    const d = variant(goodDeployment(), (c) => {
      delete container(c).liveness_probe;
      c.spec.template.spec.container.push({ name: 'proxy', image: 'proxy:2' });
      c.spec.template.spec.init_container = [{ name: 'migrate', image: 'migrate:1' }];
    });
    expect(verdict('GP-K8S-007', stackWith(d), DEP)).toEqual(nonCompliant(
      'container "app" has no liveness probe',
      'container "proxy" has no readiness or liveness probe',
    ));
  });
  test('not applicable to jobs', () => {
    const job = { metadata: { name: 'once' }, spec: { template: { spec: { container: [{ name: 'job', image: 'job:1' }] } } } };
    expect(verdict('GP-K8S-007', tf({ kubernetes_job_v1: { once: job } }), 'kubernetes_job_v1.once')).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-K8S-008 production replicas', () => {
  test('compliant with 2 or more replicas in production', () => {
    expect(verdict('GP-K8S-008', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant with 1 replica, or replicas unset, in production', () => {
    const one = variant(goodDeployment(), (c) => { c.spec.replicas = '1'; });
    expect(verdict('GP-K8S-008', stackWith(one), DEP)).toEqual(nonCompliant('runs 1 replica in production environment "prod"'));
    const unset = variant(goodDeployment(), (c) => { delete c.spec.replicas; });
    expect(verdict('GP-K8S-008', stackWith(unset), DEP)).toEqual(nonCompliant('runs 1 replica (replicas is unset) in production environment "prod"'));
  });
  test('not applicable outside production', () => {
    const dev = tf({ kubernetes_namespace_v1: { ns: goodNamespace('payments-dev', 'dev') }, kubernetes_deployment_v1: { api: variant(goodDeployment('payments-dev'), (c) => { c.spec.replicas = 1; }) } });
    expect(verdict('GP-K8S-008', dev, DEP)).toEqual(NOT_APPLICABLE);
  });
  test('not applicable when an autoscaler owns the replicas (judged by GP-K8S-009)', () => {
    const one = variant(goodDeployment(), (c) => { c.spec.replicas = '1'; });
    const hpa = { metadata: { name: 'api', namespace: 'payments-prod' }, spec: { min_replicas: 2, max_replicas: 10, scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: '${kubernetes_deployment_v1.api.metadata[0].name}' } } };
    expect(verdict('GP-K8S-008', stackWith(one, { kubernetes_horizontal_pod_autoscaler_v2: { hpa } }), DEP)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-K8S-009 production autoscaler minimum', () => {
  const hpa = (min?: number) => ({ metadata: { name: 'api', namespace: 'payments-prod' }, spec: { ...(min === undefined ? {} : { min_replicas: min }), max_replicas: 10, scale_target_ref: { kind: 'Deployment', name: 'api' } } });
  const HPA = 'kubernetes_horizontal_pod_autoscaler_v2.hpa';
  test('compliant with min_replicas 2 in production', () => {
    expect(verdict('GP-K8S-009', stackWith(goodDeployment(), { kubernetes_horizontal_pod_autoscaler_v2: { hpa: hpa(2) } }), HPA)).toEqual(COMPLIANT);
  });
  test('non-compliant with min_replicas 1 or unset in production', () => {
    expect(verdict('GP-K8S-009', stackWith(goodDeployment(), { kubernetes_horizontal_pod_autoscaler_v2: { hpa: hpa(1) } }), HPA))
      .toEqual(nonCompliant('min_replicas is 1 in production environment "prod"'));
    expect(verdict('GP-K8S-009', stackWith(goodDeployment(), { kubernetes_horizontal_pod_autoscaler_v2: { hpa: hpa() } }), HPA))
      .toEqual(nonCompliant('min_replicas is 1 (unset) in production environment "prod"'));
  });
  test('not applicable outside production', () => {
    const dev = tf({ kubernetes_horizontal_pod_autoscaler_v2: { hpa: { ...hpa(1), metadata: { name: 'api', namespace: 'payments-dev' } } } });
    expect(verdict('GP-K8S-009', dev, HPA)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-K8S-010 autoscaler range', () => {
  const HPA = 'kubernetes_horizontal_pod_autoscaler_v2.hpa';
  const config = (min: number | undefined, max: number) => tf({ kubernetes_horizontal_pod_autoscaler_v2: { hpa: { metadata: { name: 'api' }, spec: { min_replicas: min, max_replicas: max, scale_target_ref: { kind: 'Deployment', name: 'api' } } } } });
  test('compliant when max >= min', () => {
    expect(verdict('GP-K8S-010', config(2, 2), HPA)).toEqual(COMPLIANT);
  });
  test('non-compliant when max < min (min defaults to 1)', () => {
    expect(verdict('GP-K8S-010', config(5, 3), HPA)).toEqual(nonCompliant('max_replicas 3 is below min_replicas 5'));
    expect(verdict('GP-K8S-010', config(undefined, 0), HPA)).toEqual(nonCompliant('max_replicas 0 is below min_replicas 1'));
  });
});

describe('GP-K8S-011 production disruption budget', () => {
  test('compliant with a PDB selecting its pods in its namespace', () => {
    expect(verdict('GP-K8S-011', stackWith(goodDeployment()), DEP)).toEqual(COMPLIANT);
  });
  test('non-compliant without one, or with one in another namespace or selecting other pods', () => {
    const detail = 'no PodDisruptionBudget in its namespace selects its pods (labels {"app":"api"}) in production environment "prod"';
    const none = tf({ kubernetes_namespace_v1: { ns: goodNamespace() }, kubernetes_deployment_v1: { api: goodDeployment() } });
    expect(verdict('GP-K8S-011', none, DEP)).toEqual(nonCompliant(detail));
    const elsewhere = stackWith(goodDeployment(), { kubernetes_pod_disruption_budget_v1: { pdb: goodPdb('payments-staging') } });
    expect(verdict('GP-K8S-011', elsewhere, DEP)).toEqual(nonCompliant(detail));
    const other = stackWith(goodDeployment(), { kubernetes_pod_disruption_budget_v1: { pdb: goodPdb('payments-prod', 'worker') } });
    expect(verdict('GP-K8S-011', other, DEP)).toEqual(nonCompliant(detail));
  });
  test('not applicable outside production', () => {
    const dev = tf({ kubernetes_deployment_v1: { api: goodDeployment('payments-dev') } });
    expect(verdict('GP-K8S-011', dev, DEP)).toEqual(NOT_APPLICABLE);
  });
  test('label selectors: match_labels and match_expressions', () => {
    const labels = { app: 'api', tier: 'web' };
    expect(selects({ match_labels: { app: 'api' } }, labels)).toBe(true);
    expect(selects({ match_expressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
    expect(selects({ match_expressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(selects({ match_expressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selects({ match_labels: { app: 'api' }, match_expressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selects(undefined, labels)).toBe(false);
  });
});

describe('GP-K8S-012 namespace pod security', () => {
  const NS = 'kubernetes_namespace_v1.ns';
  test('compliant when enforcing restricted', () => {
    expect(verdict('GP-K8S-012', stackWith(goodDeployment()), NS)).toEqual(COMPLIANT);
  });
  test('non-compliant without the label or with a weaker level', () => {
    const none = tf({ kubernetes_namespace_v1: { ns: { metadata: { name: 'tools' } } } });
    expect(verdict('GP-K8S-012', none, NS)).toEqual(nonCompliant('has no pod-security.kubernetes.io/enforce label'));
    const baseline = tf({ kubernetes_namespace_v1: { ns: variant(goodNamespace(), (c) => { c.metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; }) } });
    expect(verdict('GP-K8S-012', baseline, NS)).toEqual(nonCompliant('enforces "baseline", not "restricted"'));
  });
});

describe('GP-K8S-013 namespace quota', () => {
  const NS = 'kubernetes_namespace_v1.ns';
  test('compliant with a quota naming it literally or by reference', () => {
    expect(verdict('GP-K8S-013', stackWith(goodDeployment()), NS)).toEqual(COMPLIANT);
    const byRef = tf({ kubernetes_namespace_v1: { ns: goodNamespace() }, kubernetes_resource_quota_v1: { q: goodQuota('${kubernetes_namespace_v1.ns.metadata[0].name}') } });
    expect(verdict('GP-K8S-013', byRef, NS)).toEqual(COMPLIANT);
  });
  test('non-compliant without one (a quota of another namespace does not count)', () => {
    const other = tf({ kubernetes_namespace_v1: { ns: goodNamespace() }, kubernetes_resource_quota_v1: { q: goodQuota('search-prod') } });
    expect(verdict('GP-K8S-013', other, NS).compliance).toBe('NON_COMPLIANT');
  });
});

describe('Kubernetes rules on cdktf-synthesized resources', () => {
  const build = (edit: (d: any) => void = () => undefined) => {
    const stack = new TerraformStack(Testing.app(), 'k8s');
    new KubernetesProvider(stack, 'kubernetes', {});
    const ns = new NamespaceV1(stack, 'ns', { metadata: { name: 'shop-prod', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    new ResourceQuotaV1(stack, 'quota', { metadata: { name: 'q', namespace: ns.metadata.name }, spec: { hard: { pods: '10' } } });
    const spec: any = {
      replicas: '3',
      selector: { matchLabels: { app: 'shop' } },
      template: {
        metadata: { labels: { app: 'shop' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: '1000' },
          container: [{
            name: 'shop',
            image: 'shop:2.0',
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            readinessProbe: { httpGet: { path: '/readyz', port: '8080' } },
            livenessProbe: { httpGet: { path: '/healthz', port: '8080' } },
          }],
        },
      },
    };
    edit(spec);
    const dep = new DeploymentV1(stack, 'shop', { metadata: { name: 'shop', namespace: ns.metadata.name }, spec });
    new HorizontalPodAutoscalerV2(stack, 'hpa', {
      metadata: { name: 'shop', namespace: ns.metadata.name },
      spec: { minReplicas: 2, maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name } },
    });
    new PodDisruptionBudgetV1(stack, 'pdb', { metadata: { name: 'shop', namespace: ns.metadata.name }, spec: { maxUnavailable: '1', selector: { matchLabels: { app: 'shop' } } } });
    return JSON.parse(Testing.synth(stack));
  };
  const ids = ['GP-K8S-001', 'GP-K8S-002', 'GP-K8S-003', 'GP-K8S-004', 'GP-K8S-005', 'GP-K8S-006', 'GP-K8S-007', 'GP-K8S-008', 'GP-K8S-011'];

  test('a hardened deployment written with cdktf passes every workload rule', () => {
    const config = build();
    for (const id of ids) expect([id, verdict(id, config, 'kubernetes_deployment_v1.shop').compliance]).not.toEqual([id, 'NON_COMPLIANT']);
    expect(verdict('GP-K8S-011', config, 'kubernetes_deployment_v1.shop')).toEqual(COMPLIANT);
    expect(verdict('GP-K8S-009', config, 'kubernetes_horizontal_pod_autoscaler_v2.hpa')).toEqual(COMPLIANT);
    expect(verdict('GP-K8S-013', config, 'kubernetes_namespace_v1.ns')).toEqual(COMPLIANT);
  });

  test('the same deployment without its security context fails the security rules', () => {
    const config = build((spec) => { delete spec.template.spec.securityContext; delete spec.template.spec.container[0].securityContext; });
    const failing = ids.filter((id) => verdict(id, config, 'kubernetes_deployment_v1.shop').compliance === 'NON_COMPLIANT');
    expect(failing).toEqual(['GP-K8S-002', 'GP-K8S-003', 'GP-K8S-004', 'GP-K8S-005']);
  });
});
