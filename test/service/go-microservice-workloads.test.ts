import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { GoMicroservice, Platform, TeamEnvironment, type GoMicroserviceProps, type PlatformProps } from '../../src';
import { effectiveServiceLevels, effectiveSettings, effectiveWorkloads, serviceWorkloadProblems } from '../../src/service/service-workload-props';
import { errorOf, PLATFORM_PROPS, platformFixture, resource, resources, synth } from '../util';

const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const PATH = 'test/platform/payments/payment-service';
const IMAGE = 'spec[0].template[0].spec[0].container[0].image';
const REPLICAS = 'spec[0].replicas';

function service(props: Partial<GoMicroserviceProps> = {}, platformProps: Partial<PlatformProps> = {}) {
  const { stack, platform } = platformFixture(platformProps);
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing', ...props });
  return { stack, team, svc };
}

function inEnv(json: any, type: string, env: string): any {
  return resource(json, type, (r) => r.metadata?.namespace === `payments-${env}`);
}

function container(json: any, env: string): any {
  return inEnv(json, 'kubernetes_deployment_v1', env).spec.template.spec.container[0];
}

function hpa(json: any, env: string): any {
  return inEnv(json, 'kubernetes_horizontal_pod_autoscaler_v2', env).spec;
}

describe('GoMicroservice workload defaults', () => {
  let svc: GoMicroservice;
  beforeAll(() => {
    svc = service().svc;
  });

  test('runtime options come from the golden path', () => {
    expect(svc.port).toBe(8080);
    expect(svc.livenessPath).toBe('/healthz');
    expect(svc.readinessPath).toBe('/readyz');
    expect(svc.waitForRollout).toBe(false);
    expect(svc.initialImageTag).toBe('bootstrap');
  });

  test.each(ENVIRONMENTS)('effective settings in %s are the golden path', (env) => {
    expect(svc.settings(env)).toEqual({
      cpu: '500m', memory: '512Mi', replicas: 3, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
    });
  });

  test('workloads in promotion order; the list cannot be changed from outside', () => {
    expect(svc.workloads.map((w) => w.environment.name)).toEqual(ENVIRONMENTS);
    svc.workloads.pop();
    expect(svc.workloads).toHaveLength(3);
  });
});

describe('GoMicroservice workload overrides', () => {
  describe('service-level', () => {
    let svc: GoMicroservice;
    let json: any;
    beforeAll(() => {
      ({ svc } = service({
        cpu: '250m',
        memory: '256Mi',
        replicas: 4,
        autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 60 },
        port: 9090,
        livenessPath: '/live',
        readinessPath: '/ready',
        waitForRollout: true,
        initialImageTag: 'bootstrap',
        system: 'commerce',
      }));
      json = synth(TerraformStack.of(svc));
    });

    test('attributes', () => {
      expect([svc.port, svc.livenessPath, svc.readinessPath, svc.waitForRollout, svc.initialImageTag]).toEqual([9090, '/live', '/ready', true, 'bootstrap']);
      expect(svc.settings('prod')).toEqual({ cpu: '250m', memory: '256Mi', replicas: 4, autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 60 } });
      expect(svc.workload('staging').partOf).toBe('commerce');
    });

    test.each(ENVIRONMENTS)('reach the JSON in %s', (env) => {
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.spec.replicas).toBe('4');
      expect(deployment.wait_for_rollout).toBe(true);
      expect(deployment.metadata.labels['app.kubernetes.io/part-of']).toBe('commerce');
      const c = container(json, env);
      expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
      expect(c.port).toEqual([{ name: 'http', container_port: 9090, protocol: 'TCP' }, { name: 'metrics', container_port: 9464, protocol: 'TCP' }]);
      expect(c.liveness_probe.http_get.path).toBe('/live');
      expect(c.readiness_probe.http_get.path).toBe('/ready');
      expect(c.image).toBe('europe-west1-docker.pkg.dev/acme-prod/payments/payment-service:bootstrap');
      expect(hpa(json, env)).toMatchObject({ min_replicas: 3, max_replicas: 6, metric: [{ resource: { target: { average_utilization: 60 } } }] });
      expect(inEnv(json, 'kubernetes_service_v1', env).spec.port).toEqual([{ name: 'http', port: 80, target_port: 'http', protocol: 'TCP' }]);
    });

    test('quota footprint follows the overrides', () => {
      expect(svc.maxFootprint('dev')).toEqual({ cpuMillicores: 6 * 250, memoryBytes: 6 * 256 * 2 ** 20, pods: 6 });
    });
  });

  describe('per environment', () => {
    let svc: GoMicroservice;
    let json: any;
    beforeAll(() => {
      const f = service({
        cpu: '250m',
        environments: {
          dev: { replicas: 1, autoscaling: { minReplicas: 1 } },
          prod: { cpu: '1', autoscaling: { maxReplicas: 15 } },
        },
      });
      svc = f.svc;
      json = synth(f.stack);
    });

    test('dev runs 1 replica, autoscaled from 1', () => {
      expect(svc.settings('dev')).toEqual({ cpu: '250m', memory: '512Mi', replicas: 1, autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 10, targetCpuUtilizationPercent: 70 } });
      expect(inEnv(json, 'kubernetes_deployment_v1', 'dev').spec.replicas).toBe('1');
      expect(hpa(json, 'dev')).toMatchObject({ min_replicas: 1, max_replicas: 10 });
      expect(container(json, 'dev').resources.limits.cpu).toBe('250m');
    });

    test('staging keeps the service-level values', () => {
      expect(inEnv(json, 'kubernetes_deployment_v1', 'staging').spec.replicas).toBe('3');
      expect(hpa(json, 'staging')).toMatchObject({ min_replicas: 2, max_replicas: 10 });
      expect(container(json, 'staging').resources.limits.cpu).toBe('250m');
    });

    test('prod overrides the service-level cpu and scales further', () => {
      expect(container(json, 'prod').resources).toEqual({ requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } });
      expect(hpa(json, 'prod')).toMatchObject({ min_replicas: 2, max_replicas: 15 });
      expect(svc.maxFootprint('prod')).toEqual({ cpuMillicores: 15000, memoryBytes: 15 * 512 * 2 ** 20, pods: 15 });
    });
  });

  test('layers: golden path, platform environment, service, service in that environment', () => {
    const { stack, svc } = service(
      { memory: '1Gi', environments: { staging: { replicas: 2 } } },
      {
        environments: [
          { name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } } },
          { name: 'staging', workloads: { replicas: 4, cpu: '250m' } },
          { name: 'prod', production: true },
        ],
      },
    );
    const json = synth(stack);
    expect(svc.settings('dev')).toMatchObject({ cpu: '500m', memory: '1Gi', replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } });
    expect(svc.settings('staging')).toMatchObject({ cpu: '250m', memory: '1Gi', replicas: 2 });
    expect(hpa(json, 'dev')).toMatchObject({ min_replicas: 1, max_replicas: 3 });
    expect(inEnv(json, 'kubernetes_deployment_v1', 'staging').spec.replicas).toBe('2');
    expect(container(json, 'staging').resources.limits).toEqual({ cpu: '250m', memory: '1Gi' });
  });

  test('each environment\'s settings and service levels are worked out once: the workload is made from those the props were judged with', () => {
    const props: Partial<GoMicroserviceProps> = { memory: '1Gi', serviceLevels: { latencyThresholdMs: 200 }, environments: { staging: { replicas: 2 } } };
    const { svc } = service(props);
    const full = { name: 'payment-service', description: 'Payment processing', ...props };
    const effective = effectiveWorkloads(svc.platform, full);
    for (const env of svc.platform.environments) {
      // Worked out on first use, then the same objects.
      expect(effective(env)).toBe(effective(env));
      expect(effective(env)).toEqual({
        settings: effectiveSettings(svc.platform, env, full),
        serviceLevels: effectiveServiceLevels(svc.platform, env, full),
      });
      expect(svc.workload(env.name).settings).toEqual(effective(env).settings);
      expect(svc.workload(env.name).serviceLevels).toEqual(effective(env).serviceLevels);
    }
    // The checks read the objects they are handed.
    const judged: string[] = [];
    serviceWorkloadProblems(svc.platform, full, (env) => {
      judged.push(env.name);
      return effective(env);
    });
    expect(judged).toEqual(ENVIRONMENTS);
  });

  test('autoscaling off: no autoscaler, Terraform owns the replicas, only the image is ignored', () => {
    const { stack, svc } = service({ replicas: 2, autoscaling: { enabled: false } });
    const json = synth(stack);
    expect(Object.keys(resources(json, 'kubernetes_horizontal_pod_autoscaler_v2'))).toEqual([]);
    for (const env of ENVIRONMENTS) {
      const w = svc.workload(env);
      expect(w.autoscaler).toBeUndefined();
      expect(w.ignoredChanges).toEqual([IMAGE]);
      const deployment = inEnv(json, 'kubernetes_deployment_v1', env);
      expect(deployment.lifecycle).toEqual({ ignore_changes: [IMAGE], ...(env === 'prod' ? { prevent_destroy: true } : {}) });
      expect(deployment.spec.replicas).toBe('2');
      expect(inEnv(json, 'kubernetes_pod_disruption_budget_v1', env).spec.max_unavailable).toBe('1');
      expect(svc.maxFootprint(env)).toEqual({ cpuMillicores: 1000, memoryBytes: 2 * 512 * 2 ** 20, pods: 2 });
    }
  });

  test('autoscaling off in one environment only', () => {
    const { stack, svc } = service({ environments: { dev: { replicas: 1, autoscaling: { enabled: false } } } });
    const json = synth(stack);
    expect(svc.workload('dev').autoscaler).toBeUndefined();
    expect(inEnv(json, 'kubernetes_deployment_v1', 'dev').lifecycle.ignore_changes).toEqual([IMAGE]);
    expect(inEnv(json, 'kubernetes_deployment_v1', 'prod').lifecycle.ignore_changes).toEqual([REPLICAS, IMAGE]);
    expect(Object.values(resources(json, 'kubernetes_horizontal_pod_autoscaler_v2')).map((r) => r.metadata.namespace).sort()).toEqual(['payments-prod', 'payments-staging']);
    expect(svc.maxFootprint('dev').pods).toBe(1);
  });
});

describe('GoMicroservice providers per environment', () => {
  let json: any;
  let svc: GoMicroservice;
  beforeAll(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    new GithubProvider(stack, 'github', { owner: 'acme' });
    const prodCluster = new KubernetesProvider(stack, 'prod-cluster', { alias: 'prod', configPath: '~/.kube/prod' });
    const prodProject = new GoogleProvider(stack, 'prod-project', { alias: 'prod', project: 'acme-live', region: 'europe-west1' });
    const platform = new Platform(stack, 'platform', {
      ...PLATFORM_PROPS,
      environments: [
        { name: 'dev' },
        { name: 'staging' },
        { name: 'prod', production: true, kubernetesProvider: prodCluster, googleProvider: prodProject, gkeProject: 'acme-live' },
      ],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    json = synth(stack);
  });

  test('Kubernetes resources of prod go to the prod cluster, the others to the default one', () => {
    for (const type of ['kubernetes_service_account_v1', 'kubernetes_deployment_v1', 'kubernetes_service_v1', 'kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_pod_disruption_budget_v1']) {
      expect(inEnv(json, type, 'prod').provider).toBe('kubernetes.prod');
      expect(inEnv(json, type, 'dev').provider).toBeUndefined();
      expect(inEnv(json, type, 'staging').provider).toBeUndefined();
    }
  });

  test('Google resources of prod go to the prod project', () => {
    const prodAccount = resource(json, 'google_service_account', (r) => r.account_id === 'payment-service-prod');
    expect(prodAccount).toMatchObject({ provider: 'google.prod', project: 'acme-live' });
    expect(resource(json, 'google_service_account', (r) => r.account_id === 'payment-service-dev')).toMatchObject({ project: 'acme-prod' });
    expect(resource(json, 'google_service_account', (r) => r.account_id === 'payment-service-dev').provider).toBeUndefined();
    const prodBinding = resource(json, 'google_service_account_iam_member', (r) => r.member.includes('payments-prod'));
    expect(prodBinding.provider).toBe('google.prod');
    expect(prodBinding.member).toBe('serviceAccount:acme-live.svc.id.goog[payments-prod/payment-service]');
    expect(inEnv(json, 'kubernetes_service_account_v1', 'prod').metadata.annotations['iam.gke.io/gcp-service-account'])
      .toBe('payment-service-prod@acme-live.iam.gserviceaccount.com');
    expect(svc.workload('prod').gcpProject).toBe('acme-live');
    expect(svc.workload('prod').workloadIdentityProject).toBe('acme-live');
    expect(svc.workload('dev').workloadIdentityProject).toBe('acme-prod');
  });
});

describe('GoMicroservice workload errors', () => {
  const err = (props: Partial<GoMicroserviceProps>, platformProps: Partial<PlatformProps> = {}) => errorOf(() => service(props, platformProps));

  test('system must be usable as a catalog name and a label value', () => {
    expect(err({ system: 'Commerce Platform' })).toBe(
      `[${PATH}] invalid system "Commerce Platform": is not a valid catalog name: Backstage entity names (and Kubernetes label values) are 1 to 63 letters and digits, separated by single "-", "_" or ".". Fix: use a name such as "commerce-platform".`,
    );
  });

  test('ports are whole numbers from 1 to 65535', () => {
    for (const port of [0, 65536, 80.5]) {
      expect(err({ port })).toBe(`[${PATH}] invalid port ${port}: must be a whole number between 1 and 65535. Fix: use the port the service listens on, e.g. 8080.`);
    }
  });

  test('probe paths follow the one probe-path rule the scaffold serves', () => {
    const rule = 'is not a probe path the kubelet and the scaffold accept ("/" then segments of letters, digits, ".", "_", "~" and "-"; no query, route parameter or space)';
    expect(err({ livenessPath: 'healthz' })).toBe(`[${PATH}] invalid livenessPath "healthz": ${rule}. Fix: use a path such as "/healthz".`);
    expect(err({ readinessPath: '/ready z' })).toBe(`[${PATH}] invalid readinessPath "/ready z": ${rule}. Fix: use a path such as "/ready-z".`);
  });

  test('the initial image tag is a valid tag', () => {
    expect(err({ initialImageTag: '-rc1' })).toBe(
      `[${PATH}] invalid initialImageTag "-rc1": is not a valid image tag (up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"). Fix: use a tag such as "bootstrap" or a commit sha.`,
    );
  });

  test('quantities and whole numbers of the service', () => {
    expect(err({ cpu: 'lots' })).toBe(`[${PATH}] invalid cpu "lots": is not a Kubernetes quantity. Fix: write cores as a number ("1", "0.5") or millicores with "m" ("500m").`);
    expect(err({ memory: '512m' })).toBe(`[${PATH}] invalid memory "512m": uses "m", which means thousandths of a byte for memory. Fix: write mebibytes as "512Mi".`);
    expect(err({ replicas: -1 })).toBe(`[${PATH}] invalid replicas -1: must be a whole number between 0 and 1000. Fix: set a whole number between 0 and 1000.`);
    expect(err({ autoscaling: { minReplicas: 0 } })).toBe(
      `[${PATH}] invalid autoscaling.minReplicas 0: must be a whole number between 1 and 1000. Fix: keep at least 1 replica; production needs 2 or more.`,
    );
    expect(err({ autoscaling: { maxReplicas: 2.5 } })).toBe(`[${PATH}] invalid autoscaling.maxReplicas 2.5: must be a whole number between 1 and 1000. Fix: set a whole number between 1 and 1000.`);
    expect(err({ autoscaling: { targetCpuUtilizationPercent: 150 } })).toBe(
      `[${PATH}] invalid autoscaling.targetCpuUtilizationPercent 150: must be a whole number between 1 and 100. Fix: set a percentage such as 70.`,
    );
  });

  test('per-environment values are checked under environments.<env>.', () => {
    expect(err({ environments: { dev: { cpu: '0.0001' } } })).toBe(
      `[${PATH}] invalid environments.dev.cpu "0.0001": is below the 1m (one millicore) that Kubernetes can schedule. Fix: use at least "1m"; golden services use "500m".`,
    );
    expect(err({ environments: { prod: { autoscaling: { minReplicas: 0 } } } })).toContain('invalid environments.prod.autoscaling.minReplicas 0');
  });

  test('unknown environments are errors', () => {
    expect(err({ environments: { qa: { replicas: 1 } } })).toBe(
      `[${PATH}] invalid environments "qa": is not an environment of the platform. Fix: use one of "dev", "staging", "prod".`,
    );
  });

  test('replicas outside the autoscaling range, per environment', () => {
    expect(err({ environments: { dev: { replicas: 1 } } })).toBe(
      `[${PATH}] invalid environments.dev.replicas 1: is outside the autoscaling range 2 to 10, so the autoscaler would change it at once. Fix: set replicas between 2 and 10, or change the autoscaling range.`,
    );
    expect(err({ replicas: 12 })).toBe(
      `[${PATH}] 3 invalid props:\n${ENVIRONMENTS.map((e) => `  - invalid environments.${e}.replicas 12: is outside the autoscaling range 2 to 10, so the autoscaler would change it at once. Fix: set replicas between 2 and 10, or change the autoscaling range.`).join('\n')}`,
    );
  });

  test('the range follows the platform environment that narrows it', () => {
    const platformProps = { environments: [{ name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } } }, { name: 'prod', production: true }] };
    expect(err({ replicas: 5 }, platformProps)).toBe(
      `[${PATH}] invalid environments.dev.replicas 5: is outside the autoscaling range 1 to 3, so the autoscaler would change it at once. Fix: set replicas between 1 and 3, or change the autoscaling range.`,
    );
    expect(() => service({ replicas: 5, environments: { dev: { replicas: 2 } } }, platformProps)).not.toThrow();
  });

  test('min above max', () => {
    expect(err({ autoscaling: { minReplicas: 5, maxReplicas: 3 }, replicas: 4 })).toContain(
      'invalid environments.dev.autoscaling.minReplicas 5: is greater than autoscaling.maxReplicas (3). Fix: lower minReplicas to 3 or less, or raise maxReplicas to 5 or more.',
    );
  });

  test('replicas outside the range do not matter when autoscaling is off', () => {
    expect(() => service({ replicas: 12, autoscaling: { enabled: false } })).not.toThrow();
  });

  test('several mistakes are reported together', () => {
    expect(err({ port: 0, cpu: 'x', environments: { qa: {} } })).toBe(
      `[${PATH}] 3 invalid props:\n`
      + '  - invalid port 0: must be a whole number between 1 and 65535. Fix: use the port the service listens on, e.g. 8080.\n'
      + '  - invalid cpu "x": is not a Kubernetes quantity. Fix: write cores as a number ("1", "0.5") or millicores with "m" ("500m").\n'
      + '  - invalid environments "qa": is not an environment of the platform. Fix: use one of "dev", "staging", "prod".',
    );
  });
});
