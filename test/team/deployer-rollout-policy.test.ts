import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type CelInput, isCelError, run } from '@bufbuild/cel';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { GoMicroservice, TeamEnvironment } from '../../src';
import { ElementKind, RuleCompliance } from '../../src/guardrails/rule';
import { manifestJudged } from '../../src/guardrails/rules/kubernetes/manifest-judged';
import { platformFixture, resources, synth } from '../util';

/**
 * A service's deployer (the identity its CI rolls it out with) may patch its
 * Deployment, so without a limit it could switch the pods to another service
 * account of the namespace (the grant Job's, before it moved out) or run
 * another command. The namespace's owner makes a ValidatingAdmissionPolicy
 * (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30; GKE runs it from
 * 1.30 on) that refuses a deployer's update changing anything of the pod
 * template but container images; each deployer is named by a ConfigMap in the
 * namespace, the policy's parameters.
 *
 * - The policy, its binding, paramRef.selector (one evaluation per ConfigMap,
 *   all must pass), parameterNotFoundAction and failurePolicy:
 *   https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/ and
 *   https://kubernetes.io/docs/reference/kubernetes-api/definitions/param-ref-v1-admissionregistration/
 * - `object`, `oldObject` and `params` are declared dyn and bound to the objects converted to
 *   unstructured JSON maps (k8s.io/apiserver/pkg/admission/plugin/cel/compile.go, createEnvForOpts;
 *   filter.go, objectToResolveVal), so the expressions iterate a pod spec's and a container's keys
 *   as CEL map macros do. The expressions run here on @bufbuild/cel, a conformant CEL evaluator
 *   (cel-spec), with the objects as maps and integers as int, as the API server hands them over.
 * - The deploy job's updates: `kubectl set image`, `kubectl annotate` (change-cause, on the
 *   Deployment's metadata) and `kubectl rollout undo` (the previous revision's template:
 *   https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_undo/).
 */

const DEPLOYER = 'payment-service-deploy-dev@acme-prod.iam.gserviceaccount.com';
const APPLY = 'payments-apply-dev@acme-prod.iam.gserviceaccount.com';

/** A JSON value as CEL input: objects as maps, whole numbers as int. */
function cel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(cel) as CelInput;
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, cel(v)])) as CelInput;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value as CelInput;
}

interface Decision {
  readonly allowed: boolean;
  readonly messages: string[];
}

/**
 * What the API server decides on an UPDATE of a Deployment under a policy
 * and its binding (validationActions Deny): the policy is evaluated once per
 * ConfigMap the binding selects; no ConfigMap, nothing to judge
 * (parameterNotFoundAction Allow); an expression that fails or errs refuses
 * (failurePolicy Fail), with its message.
 */
function decide(policy: any, binding: any, username: string, oldObject: any, object: any, configMaps: any[]): Decision {
  expect(binding.spec.paramRef.parameterNotFoundAction).toBe('Allow');
  expect(policy.spec.failurePolicy).toBe('Fail');
  const selector = binding.spec.paramRef.selector.matchLabels;
  const params = configMaps.filter((c) => Object.entries(selector).every(([k, v]) => c.metadata.labels?.[k] === v));
  const messages: string[] = [];
  for (const param of params) {
    const request = cel({ userInfo: { username } });
    const bindings: Record<string, CelInput> = { object: cel(object), oldObject: cel(oldObject), params: cel(param), request };
    const variables = new Map<string, CelInput>();
    for (const v of policy.spec.variables) {
      const value = run(v.expression, { ...bindings, variables: variables as CelInput });
      if (isCelError(value)) throw new Error(`variable ${v.name}: ${value.message}`);
      variables.set(v.name, value as CelInput);
    }
    for (const v of policy.spec.validations) {
      const result = run(v.expression, { ...bindings, variables: variables as CelInput });
      if (result === true) continue;
      const message = isCelError(result) ? `error: ${result.message}` : run(v.messageExpression, { ...bindings, variables: variables as CelInput });
      messages.push(String(message));
    }
  }
  return { allowed: messages.length === 0, messages };
}

/** A Deployment as the API server holds it (defaults applied), the Auth Proxy before the service. */
function deployment(): any {
  const labels = { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/instance': 'payment-service-dev' };
  const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payment-service', namespace: 'payments-dev', generation: 3, annotations: { 'deployment.kubernetes.io/revision': '3' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, 'golden-paths.dev/team': 'payments' } },
        spec: {
          serviceAccountName: 'payment-service',
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          containers: [
            {
              name: 'cloud-sql-proxy-payments-db',
              image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0',
              args: ['--auto-iam-authn', '--private-ip', '--port=5432', 'acme-prod:europe-west1:payments-db-dev'],
              lifecycle: { postStart: { exec: { command: ['/cloud-sql-proxy', 'wait', '--http-port=9432'] } } },
              resources: { limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: hardened,
              terminationMessagePath: '/dev/termination-log',
              imagePullPolicy: 'IfNotPresent',
            },
            {
              name: 'payment-service',
              image: 'europe-west1-docker.pkg.dev/acme-prod/payments/payment-service@sha256:' + 'a'.repeat(64),
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: 'payment-service-payments-db' } }],
              env: [{ name: 'LOG_LEVEL', value: 'info' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
              resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '500m', memory: '512Mi' } },
              securityContext: hardened,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              terminationMessagePath: '/dev/termination-log',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
        },
      },
    },
  };
}

/** A changed copy of a Deployment. */
function changed(change: (d: any) => void): any {
  const d = deployment();
  change(d);
  return d;
}

const service = (d: any) => d.spec.template.spec.containers[1];
const setImage = (d: any) => {
  service(d).image = 'europe-west1-docker.pkg.dev/acme-prod/payments/payment-service@sha256:' + 'b'.repeat(64);
};

describe('the policy, as one team namespace and one deployer synthesize it', () => {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  const json = synth(stack);
  const manifests = Object.values(resources(json, 'kubernetes_manifest')).map((m: any) => m.manifest);
  const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy' && m.metadata.name === 'payments-dev-deployer-rollouts');
  const binding = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding' && m.metadata.name === 'payments-dev-deployer-rollouts');
  const configMaps = Object.values(resources(json, 'kubernetes_config_map_v1')).filter((c: any) => c.metadata.namespace === 'payments-dev')
    .map((c: any) => ({ metadata: { name: c.metadata.name, labels: c.metadata.labels }, data: c.data }));
  const asDeployer = (object: any) => decide(policy, binding, DEPLOYER, deployment(), object, configMaps);

  test('each namespace has its policy, bound to it alone, with the deployers\' ConfigMaps as parameters', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const name = `payments-${env}-deployer-rollouts`;
      const p = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy' && m.metadata.name === name);
      const b = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding' && m.metadata.name === name);
      expect(p.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(p.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments'], scope: 'Namespaced' }]);
      expect(p.spec.paramKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
      expect(b).toMatchObject({
        apiVersion: 'admissionregistration.k8s.io/v1',
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          paramRef: { selector: { matchLabels: { 'golden-paths.dev/deployer': 'true' } }, parameterNotFoundAction: 'Allow' },
          matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': `payments-${env}` } } },
        },
      });
      expect(b.spec.paramRef).not.toHaveProperty('namespace'); // the request's namespace
    }
  });

  test('each deployer is named by a ConfigMap next to its Role, with its user name (its account\'s email)', () => {
    const access = svc.repository.deployer.access('dev');
    expect(access.serviceAccountEmail).toBe(DEPLOYER);
    expect(configMaps.filter((c) => c.metadata.labels['golden-paths.dev/deployer'] === 'true')).toEqual([{
      metadata: { name: 'payment-service-deployer', labels: expect.objectContaining({ 'golden-paths.dev/deployer': 'true' }) },
      data: { username: DEPLOYER, deployment: 'payment-service' },
    }]);
  });

  test('the deployer\'s Role creates nothing: no Pod or Job of its own to run as another account', () => {
    const role: any = Object.values(resources(json, 'kubernetes_role_v1')).find((r: any) => r.metadata.namespace === 'payments-dev' && r.metadata.name === 'payment-service-deployer');
    const verbs = role.rule.flatMap((r: any) => r.verbs);
    expect(verbs).not.toContain('create');
    expect(verbs).not.toContain('delete');
    expect(role.rule.filter((r: any) => r.verbs.some((v: string) => ['patch', 'update'].includes(v)))).toEqual([
      { api_groups: ['apps'], resources: ['deployments'], resource_names: ['payment-service'], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
    ]);
  });

  test('the deploy job\'s updates pass: set image, change-cause, rollout undo', () => {
    expect(asDeployer(changed((d) => {
      setImage(d);
      d.metadata.annotations['kubernetes.io/change-cause'] = 'acme/payment-service@abc by alice';
    }))).toEqual({ allowed: true, messages: [] });
    // rollout undo: the previous revision's template, whose proxy image differs too.
    expect(asDeployer(changed((d) => {
      d.spec.template.spec.containers[0].image = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.19.0';
      d.metadata.annotations['deployment.kubernetes.io/revision'] = '4';
    })).allowed).toBe(true);
    expect(asDeployer(deployment()).allowed).toBe(true);
  });

  test.each([
    ['another service account', (d: any) => {
      d.spec.template.spec.serviceAccountName = 'payments-db-grants';
    }, 'not the pod spec'],
    ['a volume of another Secret', (d: any) => {
      d.spec.template.spec.volumes.push({ name: 'admin', secret: { secretName: 'payments-db-admin' } });
    }, 'not the pod spec'],
    ['an init container', (d: any) => {
      d.spec.template.spec.initContainers = [{ name: 'x', image: 'busybox:1' }];
    }, 'not the pod spec'],
    ['a field removed from the pod spec', (d: any) => {
      delete d.spec.template.spec.securityContext;
    }, 'not the pod spec'],
    ['an environment variable', (d: any) => {
      service(d).env.push({ name: 'DB_USER', value: 'postgres' });
    }, 'not a container\'s command'],
    ['a command', (d: any) => {
      service(d).command = ['/bin/sh', '-c', 'cat /var/run/secrets/*'];
    }, 'not a container\'s command'],
    ['a container\'s security context, with a new image', (d: any) => {
      setImage(d);
      service(d).securityContext = { ...service(d).securityContext, runAsNonRoot: false };
    }, 'not a container\'s command'],
    ['a container added', (d: any) => {
      d.spec.template.spec.containers.push({ name: 'shell', image: 'busybox:1' });
    }, 'not which containers run'],
    ['the containers reordered', (d: any) => {
      d.spec.template.spec.containers.reverse();
    }, 'not which containers run'],
    ['a pod annotation', (d: any) => {
      d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' };
    }, 'not the pod template\'s labels or annotations'],
  ])('a deployer\'s update is refused when it changes %s', (_what, change, message) => {
    const decision = asDeployer(changed(change));
    expect(decision.allowed).toBe(false);
    expect(decision.messages).toContainEqual(expect.stringContaining(`deployer ${DEPLOYER} may change only the images of Deployment payment-service's containers, ${message}`));
    expect(decision.messages.every((m) => m.endsWith('Terraform owns the rest of the pod template (change it in the team\'s infrastructure repository)'))).toBe(true);
  });

  test('anyone else (Terraform\'s apply identity, a person) changes the template as before', () => {
    const object = changed((d) => {
      d.spec.template.spec.serviceAccountName = 'payment-service-v2';
      service(d).env.push({ name: 'NEW', value: '1' });
    });
    expect(decide(policy, binding, APPLY, deployment(), object, configMaps)).toEqual({ allowed: true, messages: [] });
    expect(decide(policy, binding, 'alice@acme.com', deployment(), object, configMaps).allowed).toBe(true);
  });

  test('a namespace without deployers, or a labelled ConfigMap without a user name, refuses nobody', () => {
    const object = changed((d) => {
      d.spec.template.spec.serviceAccountName = 'other';
    });
    expect(decide(policy, binding, DEPLOYER, deployment(), object, [])).toEqual({ allowed: true, messages: [] });
    const broken = { metadata: { name: 'x', labels: { 'golden-paths.dev/deployer': 'true' } } };
    expect(decide(policy, binding, DEPLOYER, deployment(), object, [broken])).toEqual({ allowed: true, messages: [] });
    expect(decide(policy, binding, DEPLOYER, deployment(), object, [broken, ...configMaps]).allowed).toBe(false);
  });

  test('the guardrails judge both manifests as a kind they know', () => {
    for (const m of [policy, binding]) {
      const e = { kind: ElementKind.RESOURCE, elementType: 'kubernetes_manifest', config: { manifest: m } } as any;
      expect(manifestJudged(e)).toBe(RuleCompliance.COMPLIANT);
    }
  });
});

describe('at App scope, the platform makes the policy; the team names its deployers', () => {
  let platformStacks: Record<string, any>;
  let teamStacks: Record<string, any>;
  const read = (outdir: string) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    return Object.fromEntries(Object.entries<any>(manifest.stacks).map(([name, s]) => [name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8'))]));
  };
  beforeAll(() => {
    const platformApp = buildPlatformApp(fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-platform-')));
    platformApp.synth();
    platformStacks = read(platformApp.outdir);
    const teamApp = buildPaymentsApp(fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-team-')));
    teamApp.synth();
    teamStacks = read(teamApp.outdir);
  }, 120_000);

  const kinds = (stack: any) => Object.values<any>(stack.resource?.kubernetes_manifest ?? {}).map((m) => `${m.manifest.kind} ${m.manifest.metadata.name}`);

  test('the onboarding stack of each environment holds its namespace\'s policy and binding', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      expect(kinds(platformStacks[`onboarding-payments-${env}`])).toEqual(expect.arrayContaining([
        `ValidatingAdmissionPolicy payments-${env}-deployer-rollouts`, `ValidatingAdmissionPolicyBinding payments-${env}-deployer-rollouts`,
      ]));
    }
  });

  test('no team stack holds one; each environment stack names the service\'s deployer', () => {
    for (const [name, stack] of Object.entries(teamStacks)) {
      expect(kinds(stack).filter((k) => k.startsWith('ValidatingAdmission'))).toEqual([]);
      if (!/^payments-(dev|staging|prod)$/.test(name)) continue;
      const env = name.slice('payments-'.length);
      const params = Object.values<any>(stack.resource.kubernetes_config_map_v1).filter((c) => c.metadata.labels?.['golden-paths.dev/deployer'] === 'true');
      expect(params.map((c) => [c.metadata.namespace, c.data.deployment, c.data.username])).toEqual([
        [`payments-${env}`, 'payment-service', expect.stringMatching(new RegExp(`^payment-service-deploy-${env}@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$`))],
      ]);
    }
  });
});
