import type { DeploymentV1SpecTemplateSpecContainer } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Testing, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvValue, GoMicroservice, ServiceWorkload, TeamEnvironment, type GoMicroserviceProps } from '../../src';
import { captureWarnings, errorOf, platformFixture, resource, resources, synth } from '../util';

const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const SERVICE_PATH = 'test/platform/payments/payment-service';
const IMAGE = 'spec[0].template[0].spec[0].container[0].image';
const REPLICAS = 'spec[0].replicas';
/** The security context of every container the library runs: Pod Security "restricted", and no writable root filesystem. */
const RESTRICTED_CONTAINER = {
  run_as_non_root: true,
  allow_privilege_escalation: false,
  privileged: false,
  read_only_root_filesystem: true,
  capabilities: { drop: ['ALL'] },
  seccomp_profile: { type: 'RuntimeDefault' },
};

interface ServiceFixture {
  readonly stack: TerraformStack;
  readonly team: TeamEnvironment;
  readonly svc: GoMicroservice;
}

function serviceFixture(props: Partial<GoMicroserviceProps> = {}): ServiceFixture {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing', ...props });
  return { stack, team, svc };
}

/** The only resource of `type` in the namespace of `env`. */
function inEnv(json: any, type: string, env: string, name = 'payment-service'): any {
  return resource(json, type, (r) => r.metadata?.namespace === `payments-${env}` && r.metadata?.name === name);
}

function gsa(json: any, env: string): any {
  return resource(json, 'google_service_account', (r) => r.account_id === `payment-service-${env}`);
}

function mainContainer(json: any, env: string): any {
  return inEnv(json, 'kubernetes_deployment_v1', env).spec.template.spec.container[0];
}

describe('ServiceWorkload defaults', () => {
  let f: ServiceFixture;
  let json: any;
  beforeAll(() => {
    f = serviceFixture();
    json = synth(f.stack);
  });

  test('one workload per environment, with the environment name as its construct id', () => {
    expect(f.svc.workloads.map((w) => w.node.id)).toEqual(ENVIRONMENTS);
    expect(f.svc.workloads.map((w) => w.environment.name)).toEqual(ENVIRONMENTS);
    expect(f.svc.workload('prod').node.path).toBe(`${SERVICE_PATH}/prod`);
  });

  test('children have short, stable construct ids', () => {
    const w = f.svc.workload('dev');
    expect([w.googleServiceAccount, w.workloadIdentity, w.serviceAccount, w.deployment, w.service, w.autoscaler!, w.disruptionBudget]
      .map((c) => c.node.id)).toEqual(['google-service-account', 'workload-identity', 'service-account', 'deployment', 'service', 'autoscaler', 'disruption-budget']);
  });

  test('each environment makes exactly one of each resource', () => {
    for (const type of ['google_service_account', 'google_service_account_iam_member', 'kubernetes_service_account_v1', 'kubernetes_deployment_v1',
      'kubernetes_service_v1', 'kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_pod_disruption_budget_v1']) {
      // The repository's deployer has its own service account and binding: count the workloads' only.
      const ofWorkloads = Object.keys(resources(json, type)).filter((name) => /_(dev|staging|prod)_/.test(name) && !name.includes('_deployer_'));
      expect(ofWorkloads).toHaveLength(3);
    }
  });

  describe.each(ENVIRONMENTS)('in %s', (env) => {
    test('names, namespace, image and URL as attributes', () => {
      const w = f.svc.workload(env);
      expect(w.serviceName).toBe('payment-service');
      expect(w.namespaceName).toBe(`payments-${env}`);
      expect(w.deploymentName).toBe('payment-service');
      expect(w.containerName).toBe('payment-service');
      expect(w.partOf).toBe('payments');
      expect(w.imageRepository).toBe('europe-west1-docker.pkg.dev/acme-prod/payments/payment-service');
      expect(w.initialImageTag).toBe('bootstrap');
      expect(w.initialImage).toBe('europe-west1-docker.pkg.dev/acme-prod/payments/payment-service:bootstrap');
      expect(w.servicePort).toBe(80);
      expect(w.url).toBe(`http://payment-service.payments-${env}.svc.cluster.local`);
    });

    test('a Google service account in the platform project', () => {
      const w = f.svc.workload(env);
      expect(w.gcpProject).toBe('acme-prod');
      expect(w.googleServiceAccountId).toBe(`payment-service-${env}`);
      expect(w.googleServiceAccountEmail).toBe(`payment-service-${env}@acme-prod.iam.gserviceaccount.com`);
      expect(gsa(json, env)).toMatchObject({
        account_id: `payment-service-${env}`,
        project: 'acme-prod',
        display_name: `payment-service (${env})`,
      });
    });

    test('the Kubernetes service account may act as it (Workload Identity)', () => {
      const w = f.svc.workload(env);
      expect(w.workloadIdentityProject).toBe('acme-prod');
      const member = resource(json, 'google_service_account_iam_member', (r) => r.member.includes(`payments-${env}/`));
      expect(member).toEqual(expect.objectContaining({
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:acme-prod.svc.id.goog[payments-${env}/payment-service]`,
        service_account_id: expect.stringMatching(new RegExp(`^\\$\\{google_service_account\\.platform_payments_payment-service_${env}_google-service-account_[0-9A-F]+\\.name\\}$`)),
      }));
    });

    test('a Kubernetes service account annotated with the Google service account', () => {
      const ksa = inEnv(json, 'kubernetes_service_account_v1', env);
      expect(ksa.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': `payment-service-${env}@acme-prod.iam.gserviceaccount.com` });
      expect(ksa.depends_on).toEqual([expect.stringMatching(new RegExp(`^kubernetes_namespace_v1\\.\\S*${env}\\S*$`))]);
    });

    test('golden resources, replicas, port and probes (attribute and JSON)', () => {
      const w = f.svc.workload(env);
      expect(w.settings).toEqual({ cpu: '500m', memory: '512Mi', replicas: 3, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 } });
      expect([w.port, w.livenessPath, w.readinessPath]).toEqual([8080, '/healthz', '/readyz']);
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.spec.replicas).toBe('3');
      const c = mainContainer(json, env);
      expect(c.name).toBe('payment-service');
      expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
      // The metrics port is the container's second, named for the PodMonitoring and the network policy.
      expect(c.port).toEqual([{ name: 'http', container_port: 8080, protocol: 'TCP' }, { name: 'metrics', container_port: 9464, protocol: 'TCP' }]);
      expect(c.liveness_probe.http_get).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readiness_probe.http_get).toEqual({ path: '/readyz', port: 'http' });
    });

    test('the image from the team registry, ignored after creation together with the autoscaled replicas', () => {
      const w = f.svc.workload(env);
      expect(w.ignoredChanges).toEqual([REPLICAS, IMAGE]);
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.lifecycle).toEqual({ ignore_changes: [REPLICAS, IMAGE], ...(env === 'prod' ? { prevent_destroy: true } : {}) });
      expect(mainContainer(json, env).image).toBe('europe-west1-docker.pkg.dev/acme-prod/payments/payment-service:bootstrap');
    });

    // prevent_destroy: Terraform refuses a plan that would destroy the resource (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy).
    test('only the production Deployment is protected from destroy, next to what Terraform ignores', () => {
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(f.svc.workload(env).deployment.lifecycle?.preventDestroy).toBe(env === 'prod' ? true : undefined);
      expect(deployment.lifecycle.prevent_destroy).toBe(env === 'prod' ? true : undefined);
      expect(deployment.lifecycle.ignore_changes).toEqual([REPLICAS, IMAGE]);
    });

    test('applies do not wait for rollouts', () => {
      expect(f.svc.workload(env).waitForRollout).toBe(false);
      expect(inEnv(json, 'kubernetes_deployment_v1', env).wait_for_rollout).toBe(false);
    });

    test('non-root, read-only, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
      const pod = inEnv(json, 'kubernetes_deployment_v1', env).spec.template.spec;
      expect(pod.security_context).toEqual({
        run_as_non_root: true, run_as_user: '65532', run_as_group: '65532', fs_group: '65532', seccomp_profile: { type: 'RuntimeDefault' },
      });
      expect(mainContainer(json, env).security_context).toEqual(RESTRICTED_CONTAINER);
    });

    test('a writable /tmp, since the root filesystem is read-only', () => {
      const pod = inEnv(json, 'kubernetes_deployment_v1', env).spec.template.spec;
      expect(pod.volume).toEqual([{ name: 'tmp', empty_dir: { size_limit: '256Mi' } }]);
      expect(mainContainer(json, env).volume_mount).toEqual([{ name: 'tmp', mount_path: '/tmp' }]);
    });

    test('runs as its own service account, after the namespace, the account and its binding exist', () => {
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.spec.template.spec.service_account_name).toBe('payment-service');
      expect(deployment.depends_on).toEqual([
        expect.stringMatching(/^kubernetes_namespace_v1\./),
        expect.stringMatching(/^kubernetes_service_account_v1\./),
        expect.stringMatching(/^google_service_account_iam_member\./),
      ]);
    });

    test('app.kubernetes.io labels on every resource and pod, and a stable selector', () => {
      const labels = {
        'app.kubernetes.io/name': 'payment-service',
        'app.kubernetes.io/instance': `payment-service-${env}`,
        'app.kubernetes.io/component': 'server',
        'app.kubernetes.io/part-of': 'payments',
        'app.kubernetes.io/managed-by': 'cdktf-golden-paths',
        'golden-paths.dev/team': 'payments',
        'golden-paths.dev/environment': env,
      };
      const selector = { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/instance': `payment-service-${env}` };
      expect(f.svc.workload(env).labels).toEqual(labels);
      expect(f.svc.workload(env).selectorLabels).toEqual(selector);
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.metadata.labels).toEqual(labels);
      expect(deployment.spec.template.metadata.labels).toEqual(labels);
      expect(deployment.spec.selector.match_labels).toEqual(selector);
      for (const type of ['kubernetes_service_account_v1', 'kubernetes_service_v1', 'kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_pod_disruption_budget_v1']) {
        expect(inEnv(json, type, env).metadata.labels).toEqual(labels);
      }
    });

    test('a ClusterIP Service on port 80 to the named container port', () => {
      const service = inEnv(json, 'kubernetes_service_v1', env);
      expect(service.spec).toEqual({
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/instance': `payment-service-${env}` },
        port: [{ name: 'http', port: 80, target_port: 'http', protocol: 'TCP' }],
      });
    });

    test('an autoscaler from 2 to 10 replicas at 70% CPU on the Deployment', () => {
      expect(f.svc.workload(env).autoscaler).toBeDefined();
      expect(inEnv(json, 'kubernetes_horizontal_pod_autoscaler_v2', env).spec).toEqual({
        min_replicas: 2,
        max_replicas: 10,
        scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: 'payment-service' },
        metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } }],
      });
    });

    test('a disruption budget that lets one pod go at a time', () => {
      expect(inEnv(json, 'kubernetes_pod_disruption_budget_v1', env).spec).toEqual({
        max_unavailable: '1',
        selector: { match_labels: { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/instance': `payment-service-${env}` } },
      });
    });

    test('on the stack default providers', () => {
      for (const type of ['google_service_account', 'kubernetes_deployment_v1', 'kubernetes_service_v1']) {
        for (const r of Object.values(resources(json, type))) expect(r.provider).toBeUndefined();
      }
    });

    test('no environment variables and no sidecars', () => {
      expect(f.svc.workload(env).envNames).toEqual([]);
      expect(f.svc.workload(env).sidecars).toEqual([]);
      const c = mainContainer(json, env);
      expect(c.env).toBeUndefined();
      expect(c.env_from).toBeUndefined();
      expect(inEnv(json, 'kubernetes_deployment_v1', env).spec.template.spec.container).toHaveLength(1);
    });

    test('counts its largest footprint against the team quota: 10 pods of 500m and 512Mi', () => {
      expect(f.svc.maxFootprint(env)).toEqual({ cpuMillicores: 5000, memoryBytes: 10 * 512 * 2 ** 20, pods: 10 });
    });
  });

  test('registers the service as a quota consumer of its team', () => {
    expect(f.team.quotaConsumers).toContain(f.svc);
  });

  test('short names still give a Google account id of 6 characters or more', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'a', { name: 'a', description: 'Tiny' });
    expect(svc.workload('dev').googleServiceAccountId).toBe('a-svc-dev');
    expect(resource(synth(stack), 'google_service_account', (r) => r.account_id === 'a-svc-dev').project).toBe('acme-prod');
  });

  test('long names keep the Google account id within 30 characters', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'svc', { name: 'a-rather-long-payment-reconciliation-service', description: 'Long' });
    const id = svc.workload('staging').googleServiceAccountId;
    expect(id).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    expect(Object.values(resources(synth(stack), 'google_service_account')).map((r) => r.account_id)).toContain(id);
  });
});

describe('ServiceWorkload environment API', () => {
  test('addEnv after construction reaches every environment, in call order', () => {
    const { stack, svc } = serviceFixture();
    svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
    svc.addEnv('GIN_MODE', EnvValue.fromValue('release'));
    const json = synth(stack);
    for (const env of ENVIRONMENTS) {
      expect(svc.workload(env).envNames).toEqual(['LOG_LEVEL', 'GIN_MODE']);
      expect(mainContainer(json, env).env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'GIN_MODE', value: 'release' }]);
    }
  });

  test('addEnv with an environment sets it there only', () => {
    const { stack, svc } = serviceFixture();
    svc.addEnv('FEATURE_FLAGS', EnvValue.fromValue('beta'), 'dev');
    const json = synth(stack);
    expect(mainContainer(json, 'dev').env).toEqual([{ name: 'FEATURE_FLAGS', value: 'beta' }]);
    expect(mainContainer(json, 'staging').env).toBeUndefined();
    expect(mainContainer(json, 'prod').env).toBeUndefined();
  });

  test('EnvValue: a plain value, a Secret key and a ConfigMap key through one addEnv', () => {
    const { stack, svc } = serviceFixture();
    svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
    svc.addEnv('API_TOKEN', EnvValue.fromSecret('api-token', 'token'), 'prod');
    svc.workload('prod').addEnv('DB_HOST', EnvValue.fromConfigMap('payments-db-config', 'host'));
    const json = synth(stack);
    expect(mainContainer(json, 'prod').env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'API_TOKEN', value_from: { secret_key_ref: { name: 'api-token', key: 'token' } } },
      { name: 'DB_HOST', value_from: { config_map_key_ref: { name: 'payments-db-config', key: 'host' } } },
    ]);
    expect(mainContainer(json, 'dev').env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  });

  test('a Secret\'s value never appears as a literal: only the reference is synthesized', () => {
    const { stack, svc } = serviceFixture();
    svc.addEnv('DB_PASSWORD', EnvValue.fromSecret('payments-db', 'password'));
    svc.addSecretEnv('API_TOKEN', 'api-token', 'token');
    const json = synth(stack);
    for (const env of ENVIRONMENTS) {
      for (const e of mainContainer(json, env).env) {
        expect(e).not.toHaveProperty('value');
        expect(e.value_from.secret_key_ref).toBeDefined();
      }
    }
    expect(JSON.stringify(json)).not.toMatch(/"value":\s*"[^"]*(password|token)/i);
    expect(svc.workloads.flatMap((w) => w.node.metadata)).toEqual([]);
  });

  test('an edit of the container made through the Deployment survives a later addEnv and addSidecar', () => {
    const { stack, svc } = serviceFixture();
    const w = svc.workload('prod');
    // The escape hatches: addOverride, and a read-modify-write through the provider's own API.
    w.deployment.addOverride('spec.template.spec.container.0.image_pull_policy', 'Always');
    const pod = w.deployment.spec.template.spec;
    const [main, ...rest] = pod.container.internalValue as DeploymentV1SpecTemplateSpecContainer[];
    pod.putContainer([{ ...main, startupProbe: { httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 30, periodSeconds: 2 } }, ...rest]);
    // Later calls, as connect(db) or other code makes them.
    svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
    w.addSidecar({ name: 'agent', image: 'gcr.io/acme/agent:1.0.0', cpu: '50m', memory: '64Mi' });
    svc.addEnv('GIN_MODE', EnvValue.fromValue('release'));
    // The sidecar has no probes: the guardrails warn (GP-K8S-007), they do not fail.
    const { result: json, warned } = captureWarnings(() => synth(stack));
    expect(warned).toEqual([expect.stringMatching(/GP-K8S-007 warning at test\/platform\/payments\/payment-service\/prod\/deployment .*container "agent" has no readiness or liveness probe/)]);
    const containers = inEnv(json, 'kubernetes_deployment_v1', 'prod').spec.template.spec.container;
    expect(containers.map((c: any) => c.name)).toEqual(['payment-service', 'agent']);
    expect(containers[0].startup_probe).toEqual({ http_get: { path: '/healthz', port: 'http' }, failure_threshold: 30, period_seconds: 2 });
    expect(containers[0].image_pull_policy).toBe('Always');
    expect(containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'GIN_MODE', value: 'release' }]);
  });

  test('Secret references stay blocks in HCL output as in JSON', () => {
    const { stack, svc } = serviceFixture();
    svc.addEnv('API_TOKEN', EnvValue.fromSecret('api-token', 'token'), 'dev');
    svc.workload('dev').addEnvFromSecret('settings');
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/env \{\s+name = "API_TOKEN"\s+value_from \{\s+secret_key_ref \{\s+key = "token"\s+name = "api-token"\s+\}/);
    expect(hcl).toMatch(/env_from \{\s+secret_ref \{\s+name = "settings"\s+\}/);
  });

  test('a plain string, the value type before EnvValue, still works for untyped callers', () => {
    const { stack, svc } = serviceFixture();
    (svc.addEnv as (name: string, value: unknown, environment?: string) => void).call(svc, 'LOG_LEVEL', 'debug', 'dev');
    expect(mainContainer(synth(stack), 'dev').env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });

  test('EnvValue references are judged with the prop the user wrote', () => {
    const { svc } = serviceFixture();
    expect(errorOf(() => svc.addEnv('DB_USER', EnvValue.fromSecret('DB Secret', 'user')))).toBe(
      `[${SERVICE_PATH}/dev] invalid addEnv.value.secretName "DB Secret": is not a valid Secret name (lowercase letters, digits, "-" and ".", at most 253 characters). Fix: use the Secret's metadata.name as it is in the namespace.`,
    );
    expect(errorOf(() => svc.addEnv('DB_HOST', EnvValue.fromConfigMap('config', 'a/b')))).toContain('invalid addEnv.value.key "a/b": is not a valid ConfigMap key');
  });

  test('secret and config map references, one key or all keys', () => {
    const { stack, svc } = serviceFixture();
    const w = svc.workload('prod');
    w.addSecretEnv('DB_USER', 'payments-db-connection', 'username');
    w.addConfigMapEnv('DB_HOST', 'payments-db-config', 'host');
    w.addEnvFromSecret('payments-db-connection', 'DB_');
    w.addEnvFromConfigMap('payments-settings');
    svc.addSecretEnv('API_TOKEN', 'api-token', 'token', 'staging');
    const json = synth(stack);
    const c = mainContainer(json, 'prod');
    expect(c.env).toEqual([
      { name: 'DB_USER', value_from: { secret_key_ref: { name: 'payments-db-connection', key: 'username' } } },
      { name: 'DB_HOST', value_from: { config_map_key_ref: { name: 'payments-db-config', key: 'host' } } },
    ]);
    expect(c.env_from).toEqual([
      { prefix: 'DB_', secret_ref: { name: 'payments-db-connection' } },
      { config_map_ref: { name: 'payments-settings' } },
    ]);
    expect(mainContainer(json, 'staging').env).toEqual([{ name: 'API_TOKEN', value_from: { secret_key_ref: { name: 'api-token', key: 'token' } } }]);
    expect(mainContainer(json, 'dev').env).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/"value":\s*"[^"]*token/i);
  });

  test('a sidecar added after construction runs hardened, after the service container', () => {
    const { stack, svc } = serviceFixture();
    const w = svc.workload('prod');
    svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
    w.addSidecar({
      name: 'cloud-sql-proxy',
      image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0',
      args: ['--private-ip', '--auto-iam-authn', '--port=5432', 'acme-prod:europe-west1:payments-db-prod'],
      port: 5432,
      cpu: '100m',
      memory: '128Mi',
      env: { CSQL_PROXY_STRUCTURED_LOGS: 'true' },
    });
    w.addSidecar({ name: 'agent', image: 'example.com/agent:1.0', cpu: '50m', memory: '64Mi', runAsUser: 1000 });
    // Sidecars without probes: the guardrails warn (GP-K8S-007), they do not fail.
    const { result: json, warned } = captureWarnings(() => synth(stack));
    expect(warned).toEqual([expect.stringMatching(
      /^\[test\/guardrails\] 1 guardrail warning:\n {2}GP-K8S-007 warning at test\/platform\/payments\/payment-service\/prod\/deployment .*container "cloud-sql-proxy" has no readiness or liveness probe; container "agent" has no readiness or liveness probe/,
    )]);
    const containers = inEnv(json, 'kubernetes_deployment_v1', 'prod').spec.template.spec.container;
    expect(containers.map((c: any) => c.name)).toEqual(['payment-service', 'cloud-sql-proxy', 'agent']);
    expect(containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(containers[1]).toEqual({
      name: 'cloud-sql-proxy',
      image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0',
      args: ['--private-ip', '--auto-iam-authn', '--port=5432', 'acme-prod:europe-west1:payments-db-prod'],
      port: [{ container_port: 5432, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
      security_context: RESTRICTED_CONTAINER,
      env: [{ name: 'CSQL_PROXY_STRUCTURED_LOGS', value: 'true' }],
    });
    expect(containers[2].security_context.run_as_user).toBe('1000');
    expect(containers[2].port).toBeUndefined();
    // The service container stays first, so the ignored image is still its image.
    expect(inEnv(json, 'kubernetes_deployment_v1', 'prod').lifecycle.ignore_changes).toContain(IMAGE);
    expect(inEnv(json, 'kubernetes_deployment_v1', 'dev').spec.template.spec.container).toHaveLength(1);
    expect(w.sidecars.map((s) => s.name)).toEqual(['cloud-sql-proxy', 'agent']);
  });

  test('a sidecar health check with a startup path gets a startup probe, every second for up to a minute', () => {
    const { stack, svc } = serviceFixture();
    svc.workload('dev').addSidecar({
      name: 'agent',
      image: 'example.com/agent:1.0',
      cpu: '50m',
      memory: '64Mi',
      healthCheck: { port: 9090, livenessPath: '/live', readinessPath: '/ready', startupPath: '/started' },
    });
    svc.workload('prod').addSidecar({
      name: 'agent',
      image: 'example.com/agent:1.0',
      cpu: '50m',
      memory: '64Mi',
      healthCheck: { port: 9090, livenessPath: '/live', readinessPath: '/ready' },
    });
    const json = synth(stack);
    const dev = inEnv(json, 'kubernetes_deployment_v1', 'dev').spec.template.spec;
    expect(dev.container[1].startup_probe).toEqual({ http_get: { path: '/started', port: '9090' }, period_seconds: 1, timeout_seconds: 2, failure_threshold: 60 });
    expect(dev.container[1].readiness_probe.http_get).toEqual({ path: '/ready', port: '9090' });
    expect(inEnv(json, 'kubernetes_deployment_v1', 'prod').spec.template.spec.container[1].startup_probe).toBeUndefined();
    expect(dev.termination_grace_period_seconds).toBe(30);
  });

  describe('a sidecar with a wait command goes before the service container', () => {
    // The kubelet starts containers in order, each after the previous one's postStart hook has
    // returned: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
    let json: any;
    let w: ServiceWorkload;
    beforeAll(() => {
      const { stack, svc } = serviceFixture({ environments: { dev: { autoscaling: { enabled: false } } } });
      w = svc.workload('prod');
      w.addSidecar({ name: 'agent', image: 'example.com/agent:1.0', cpu: '50m', memory: '64Mi', healthCheck: { port: 9090, livenessPath: '/live', readinessPath: '/ready' } });
      const mesh = { name: 'mesh', image: 'example.com/mesh:1.0', cpu: '50m', memory: '64Mi', healthCheck: { port: 15021, livenessPath: '/live', readinessPath: '/ready' } };
      w.addSidecar({ ...mesh, waitCommand: ['/usr/local/bin/mesh', 'wait', '--url=http://127.0.0.1:15021/ready?x=${HOME}'] });
      svc.workload('dev').addSidecar({ ...mesh, waitCommand: ['/mesh', 'wait'] });
      svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
      json = synth(stack);
    });

    test('its postStart hook runs the command, as text Terraform reads literally', () => {
      const containers = inEnv(json, 'kubernetes_deployment_v1', 'prod').spec.template.spec.container;
      expect(containers.map((c: any) => c.name)).toEqual(['mesh', 'payment-service', 'agent']);
      expect(containers[0].lifecycle).toEqual({ post_start: [{ exec: { command: ['/usr/local/bin/mesh', 'wait', '--url=http://127.0.0.1:15021/ready?x=$${HOME}'] } }] });
      expect(containers[2].lifecycle).toBeUndefined();
      // Variables added later still reach the service container, wherever it is.
      expect(containers[1].env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
      expect(w.sidecars.map((c) => c.waitCommand)).toEqual([undefined, ['/usr/local/bin/mesh', 'wait', '--url=http://127.0.0.1:15021/ready?x=${HOME}']]);
    });

    test('Terraform ignores the service container\'s image at its new position, with or without autoscaling', () => {
      expect(inEnv(json, 'kubernetes_deployment_v1', 'prod').lifecycle.ignore_changes).toEqual([REPLICAS, 'spec[0].template[0].spec[0].container[1].image']);
      expect(w.ignoredChanges).toEqual([REPLICAS, 'spec[0].template[0].spec[0].container[1].image']);
      expect(inEnv(json, 'kubernetes_deployment_v1', 'dev').lifecycle.ignore_changes).toEqual(['spec[0].template[0].spec[0].container[1].image']);
      expect(inEnv(json, 'kubernetes_deployment_v1', 'staging').lifecycle.ignore_changes).toEqual([REPLICAS, IMAGE]);
    });

    test('a wait command that is no command is refused', () => {
      const { svc } = serviceFixture();
      for (const waitCommand of [[], [''], 'wait' as unknown as string[]]) {
        expect(errorOf(() => svc.workload('dev').addSidecar({ name: 'mesh', image: 'example.com/mesh:1.0', cpu: '50m', memory: '64Mi', waitCommand }))).toBe(
          `[${SERVICE_PATH}/dev] invalid addSidecar.waitCommand ${JSON.stringify(waitCommand)}: is not a command: a program and its arguments, each a non-empty string. Fix: give the program and its arguments, e.g. ["/cloud-sql-proxy", "wait", "--http-port=9432"], or leave waitCommand out.`,
        );
      }
    });
  });

  test('sidecars count in the quota footprint of their environment', () => {
    const { svc } = serviceFixture();
    svc.workload('prod').addSidecar({ name: 'proxy', image: 'example.com/proxy:1.0', cpu: '100m', memory: '128Mi' });
    expect(svc.maxFootprint('prod')).toEqual({ cpuMillicores: 10 * 600, memoryBytes: 10 * 640 * 2 ** 20, pods: 10 });
    expect(svc.maxFootprint('dev')).toEqual({ cpuMillicores: 5000, memoryBytes: 10 * 512 * 2 ** 20, pods: 10 });
  });

  test('values from other resources (tokens) are accepted as they are', () => {
    const { stack, svc } = serviceFixture();
    const w = svc.workload('dev');
    svc.addEnv('GSA_EMAIL', EnvValue.fromValue(w.googleServiceAccount.email), 'dev');
    w.addSecretEnv('DB_PASSWORD_FILE', w.serviceAccount.metadata.name, 'path');
    const env = mainContainer(synth(stack), 'dev').env;
    expect(env[0].value).toMatch(/^\$\{google_service_account\..*\.email\}$/);
    expect(env[1].value_from.secret_key_ref.name).toMatch(/^\$\{kubernetes_service_account_v1\..*\.metadata\[0\]\.name\}$/);
  });

  test('a credential-like name with a literal value is refused and points to EnvValue.fromSecret, without echoing the value', () => {
    const { stack, svc } = serviceFixture();
    const message = errorOf(() => svc.addEnv('DB_PASSWORD', EnvValue.fromValue('hunter2'), 'dev'));
    expect(message).toBe(`[${SERVICE_PATH}/dev] invalid addEnv.value "<redacted>": is a literal value for "DB_PASSWORD", a name that looks like a credential, so it would be stored in plain text in the Terraform state and the Deployment. Fix: keep it in Secret Manager: addEnv("DB_PASSWORD", EnvValue.fromSecretManager("<secret id>")), then golden-paths secret set <service> DB_PASSWORD --env <env> (see docs/secrets.md).`);
    svc.addEnv('DB_NAME', EnvValue.fromValue('payments'), 'dev');
    expect(JSON.stringify(synth(stack))).not.toContain('hunter2');
  });
});

describe('ServiceWorkload environment API errors', () => {
  let f: ServiceFixture;
  beforeAll(() => {
    f = serviceFixture();
    f.svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
    f.svc.workload('dev').addEnvFromSecret('settings');
    f.svc.workload('dev').addSidecar({ name: 'proxy', image: 'example.com/proxy:1.0', port: 5432, cpu: '100m', memory: '128Mi' });
  });
  const dev = `${SERVICE_PATH}/dev`;

  test('environment variable names must be C identifiers', () => {
    expect(errorOf(() => f.svc.addEnv('log-level', EnvValue.fromValue('info')))).toBe(
      `[${dev}] invalid addEnv.name "log-level": is not a valid environment variable name (letters, digits and "_", not starting with a digit). Fix: use a name such as "LOG_LEVEL".`,
    );
    expect(errorOf(() => f.svc.workload('prod').addSecretEnv('1ST', 'db', 'key'))).toBe(
      `[${SERVICE_PATH}/prod] invalid addSecretEnv.name "1ST": is not a valid environment variable name (letters, digits and "_", not starting with a digit). Fix: use a name such as "_1ST".`,
    );
  });

  test('a variable is set once, whichever method set it', () => {
    expect(errorOf(() => f.svc.workload('dev').addEnv('LOG_LEVEL', EnvValue.fromValue('debug')))).toBe(
      `[${dev}] invalid addEnv.name "LOG_LEVEL": is already set on container "payment-service" by addEnv. Fix: set each variable once: drop one of the calls or give this addEnv another name.`,
    );
    expect(errorOf(() => f.svc.addSecretEnv('LOG_LEVEL', 'logging', 'level'))).toBe(
      `[${dev}] invalid addSecretEnv.name "LOG_LEVEL": is already set on container "payment-service" by addEnv. Fix: set each variable once: drop one of the calls or give this addSecretEnv another name.`,
    );
    expect(errorOf(() => f.svc.workload('dev').addConfigMapEnv('LOG_LEVEL', 'logging', 'level'))).toContain('invalid addConfigMapEnv.name "LOG_LEVEL": is already set');
  });

  test('a variable for all environments that one of them already has changes none of them', () => {
    const { svc } = serviceFixture();
    svc.addEnv('REGION', EnvValue.fromValue('eu'), 'prod');
    expect(errorOf(() => svc.addEnv('REGION', EnvValue.fromValue('us')))).toBe(
      `[${SERVICE_PATH}/prod] invalid addEnv.name "REGION": is already set on container "payment-service" by addEnv. Fix: set each variable once: drop one of the calls or give this addEnv another name.`,
    );
    expect(svc.workloads.map((w) => w.envNames)).toEqual([[], [], ['REGION']]);
  });

  test('Secret and ConfigMap names and keys', () => {
    const w = f.svc.workload('staging');
    expect(errorOf(() => w.addSecretEnv('DB_USER', 'DB Secret', 'user'))).toBe(
      `[${SERVICE_PATH}/staging] invalid addSecretEnv.secretName "DB Secret": is not a valid Secret name (lowercase letters, digits, "-" and ".", at most 253 characters). Fix: use the Secret's metadata.name as it is in the namespace.`,
    );
    expect(errorOf(() => w.addSecretEnv('DB_USER', 'db', 'user name'))).toBe(
      `[${SERVICE_PATH}/staging] invalid addSecretEnv.key "user name": is not a valid Secret key (letters, digits, "-", "_" and "."). Fix: use a key of the Secret's data exactly as written there.`,
    );
    expect(errorOf(() => w.addConfigMapEnv('HOST', 'Config', 'host'))).toContain('invalid addConfigMapEnv.configMapName "Config": is not a valid ConfigMap name');
    expect(errorOf(() => w.addConfigMapEnv('HOST', 'config', 'a/b'))).toContain('invalid addConfigMapEnv.key "a/b": is not a valid ConfigMap key');
    expect(errorOf(() => w.addEnvFromConfigMap('My_Config'))).toContain('invalid addEnvFromConfigMap.configMapName "My_Config"');
    expect(errorOf(() => w.addEnvFromSecret('db', 'DB-'))).toContain('invalid addEnvFromSecret.prefix "DB-": is not a valid environment variable name');
    expect(w.envNames).toEqual(['LOG_LEVEL']);
  });

  test('a source of variables is added once', () => {
    expect(errorOf(() => f.svc.workload('dev').addEnvFromSecret('settings'))).toBe(
      `[${dev}] invalid addEnvFromSecret.secretName "settings": is already a source of environment variables of this container. Fix: add each source once.`,
    );
  });

  test('sidecar names, images, ports, quantities and users', () => {
    const w = f.svc.workload('dev');
    const ok = { name: 'agent', image: 'example.com/agent:1.0', cpu: '50m', memory: '64Mi' };
    expect(errorOf(() => w.addSidecar({ ...ok, name: 'payment-service' }))).toBe(
      `[${dev}] invalid addSidecar.name "payment-service": is already the name of a container of this pod. Fix: give the sidecar a name other than "payment-service", "proxy".`,
    );
    expect(errorOf(() => w.addSidecar({ ...ok, name: 'proxy' }))).toContain('invalid addSidecar.name "proxy": is already the name of a container of this pod');
    expect(errorOf(() => w.addSidecar({ ...ok, name: 'Agent' }))).toContain('invalid addSidecar.name "Agent": is not a DNS-1123 label');
    expect(errorOf(() => w.addSidecar({ ...ok, image: 'not an image' }))).toBe(
      `[${dev}] invalid addSidecar.image "not an image": is not an image reference. Fix: give the full image reference with a pinned tag, e.g. "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0".`,
    );
    expect(errorOf(() => w.addSidecar({ ...ok, port: 8080 }))).toBe(
      `[${dev}] invalid addSidecar.port 8080: is already used by another container of this pod (containers share the pod network). Fix: use a port other than 8080, 9464, 5432.`,
    );
    expect(errorOf(() => w.addSidecar({ ...ok, port: 70000 }))).toBe(
      `[${dev}] invalid addSidecar.port 70000: must be a whole number between 1 and 65535. Fix: use a port between 1 and 65535 that no other container of the pod uses.`,
    );
    expect(errorOf(() => w.addSidecar({ ...ok, cpu: 'a lot' }))).toContain('invalid addSidecar.cpu "a lot": is not a Kubernetes quantity');
    expect(errorOf(() => w.addSidecar({ ...ok, memory: '64m' }))).toContain('invalid addSidecar.memory "64m": uses "m"');
    expect(errorOf(() => w.addSidecar({ ...ok, runAsUser: 0 }))).toBe(
      `[${dev}] invalid addSidecar.runAsUser 0: must be a whole number between 1 and 2147483647. Fix: run as a non-root user id such as 65532; 0 is root.`,
    );
    expect(errorOf(() => w.addSidecar({ ...ok, env: { 'bad-name': 'x' } }))).toContain('invalid addSidecar.env "bad-name": is not a valid environment variable name');
    expect(errorOf(() => w.addSidecar({ ...ok, port: undefined, healthCheck: { port: 9090, livenessPath: '/l', readinessPath: '/r', startupPath: 'startup' } }))).toContain(
      'invalid addSidecar.healthCheck.startupPath "startup": is not a probe path the kubelet and the scaffold accept');
    expect(errorOf(() => w.addSidecar({ ...ok, name: 'A', cpu: 'x' }))).toBe(
      `[${dev}] 2 invalid props:\n`
      + '  - invalid addSidecar.name "A": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "a".\n'
      + '  - invalid addSidecar.cpu "x": is not a Kubernetes quantity. Fix: write cores as a number ("1", "0.5") or millicores with "m" ("500m").',
    );
    expect(w.sidecars.map((s) => s.name)).toEqual(['proxy']);
  });

  test('asking for an environment the platform does not have', () => {
    expect(errorOf(() => f.svc.workload('qa'))).toBe(`[${SERVICE_PATH}] has no environment "qa". Fix: use one of "dev", "staging", "prod".`);
    expect(errorOf(() => f.svc.addEnv('X', EnvValue.fromValue('1'), 'qa'))).toBe(`[${SERVICE_PATH}] has no environment "qa". Fix: use one of "dev", "staging", "prod".`);
  });
});

describe('ServiceWorkload on its own', () => {
  test('takes its defaults from the golden path and the environment', () => {
    const { platform } = platformFixture({ environments: [{ name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1 } } }, { name: 'prod', production: true }] });
    const team = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['carol'] });
    const w = new ServiceWorkload(new Construct(team, 'search-api'), 'dev', { serviceName: 'search-api', environment: 'dev' });
    expect(w.settings.replicas).toBe(1);
    expect(w.settings.autoscaling.minReplicas).toBe(1);
    expect(w.partOf).toBe('search');
    expect(w.port).toBe(8080);
    expect(w.waitForRollout).toBe(false);
  });

  test('fails outside a team', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => new ServiceWorkload(new Construct(platform, 'loose'), 'dev', { serviceName: 'x', environment: 'dev' }))).toBe(
      '[test/platform/loose/dev] is not inside a TeamEnvironment. Fix: create services and databases inside their team: new GoMicroservice(team, ...), new ManagedDatabase(team, ...).',
    );
  });

  test('fails for an unknown environment', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['carol'] });
    expect(errorOf(() => new ServiceWorkload(new Construct(team, 'svc'), 'qa', { serviceName: 'search-api', environment: 'qa' }))).toBe(
      '[test/platform/search/svc/qa] invalid environment "qa": is not an environment of the platform. Fix: use one of "dev", "staging", "prod".',
    );
  });

  test('validates its own props', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['carol'] });
    const settings = { cpu: '500m', memory: '512Mi', replicas: 12, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 } };
    expect(errorOf(() => new ServiceWorkload(new Construct(team, 'svc'), 'dev', { serviceName: 'Search', environment: 'dev', partOf: 'a b', port: 0, settings }))).toBe(
      '[test/platform/search/svc/dev] 4 invalid props:\n'
      + '  - invalid serviceName "Search": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "search".\n'
      + '  - invalid partOf "a b": cannot be a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit). Fix: use a short name such as "commerce".\n'
      + '  - invalid port 0: must be a whole number between 1 and 65535. Fix: use the port the service listens on, e.g. 8080.\n'
      + '  - invalid settings.replicas 12: is outside the autoscaling range 2 to 10, so the autoscaler would change it at once. Fix: set replicas between 2 and 10, or change the autoscaling range.',
    );
  });
});

describe('ServiceWorkload metrics collection', () => {
  const f = serviceFixture();
  const json = synth(f.stack);

  test.each(ENVIRONMENTS)('in %s, a managed Prometheus PodMonitoring scrapes the pods\' metrics port', (env) => {
    const w = f.svc.workload(env);
    expect(w.podMonitoring.node.id).toBe('pod-monitoring');
    expect([w.metricsPort, w.metricsPath]).toEqual([9464, '/metrics']);
    const monitors = Object.values<any>(resources(json, 'kubernetes_manifest')).filter((m) => m.manifest.metadata.namespace === `payments-${env}`);
    // kubernetes_manifest takes the object in the API's own shape
    // (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/manifest#manifest); a PodMonitoring
    // selects pods of its namespace and scrapes a named port at a path and interval
    // (https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring).
    expect(monitors).toHaveLength(1);
    expect(monitors[0].manifest).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'payment-service', namespace: `payments-${env}`, labels: w.labels },
      spec: {
        selector: { matchLabels: w.selectorLabels },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
    // The port it names is the service container's, and the Service does not forward it.
    expect(mainContainer(json, env).port).toContainEqual({ name: 'metrics', container_port: 9464, protocol: 'TCP' });
    expect(inEnv(json, 'kubernetes_service_v1', env).spec.port.map((p: any) => p.target_port)).toEqual(['http']);
    expect(monitors[0].depends_on).toEqual([expect.stringMatching(/^kubernetes_namespace_v1\./)]);
  });

  test('a platform that moves the metrics endpoint moves the PodMonitoring and the container port', () => {
    const { stack, platform } = platformFixture({ goldenPathOverrides: { metricsPort: 9100, metricsPath: '/internal/metrics' } });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    const moved = synth(stack);
    const monitor = Object.values<any>(resources(moved, 'kubernetes_manifest')).find((m) => m.manifest.metadata.namespace === 'payments-dev');
    expect(monitor.manifest.spec.endpoints).toEqual([{ port: 'metrics', path: '/internal/metrics', interval: '30s' }]);
    expect(mainContainer(moved, 'dev').port).toContainEqual({ name: 'metrics', container_port: 9100, protocol: 'TCP' });
  });

  test('a service whose API port is the metrics port is refused', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger', containerPort: 9464 }))).toContain(
      'invalid containerPort 9464: is the golden path\'s metricsPort, where the service serves its metrics apart from its API. Fix: use another port for the API, such as 8080.',
    );
  });
});
