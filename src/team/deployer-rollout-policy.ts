import { MANAGED_BY } from '../private/constants';

/*
 * What a service's deployer (the CI identity that rolls the service out in a
 * team namespace) may change in a Deployment: the images of its containers,
 * nothing else of the pod template. Its Role lets it patch the whole
 * Deployment (kubectl set image and rollout undo need patch), so without this
 * it could switch the pods to another service account of the namespace, mount
 * another Secret or run another command. A ValidatingAdmissionPolicy
 * (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30:
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/)
 * refuses such an update; the namespace's owner (the platform's onboarding at
 * App scope, with the cluster-admin identity that makes the namespace) makes
 * the policy and its binding, and each deployer is named by a ConfigMap in
 * the namespace (the policy's parameters), made next to its Role.
 */

/** The label of the ConfigMaps that name the deployers of a namespace (the rollout policy's parameters). */
export const DEPLOYER_PARAMS_LABEL = 'golden-paths.dev/deployer';
/** The key of a deployer's ConfigMap that holds its Kubernetes user name (a Google service account's email on GKE). */
export const DEPLOYER_USERNAME_KEY = 'username';

/** The API version of ValidatingAdmissionPolicy and its binding. */
export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

/** A validation of the policy: a CEL expression that holds for an update the deployer may make, and what it says otherwise. */
export interface RolloutValidation {
  readonly expression: string;
  readonly messageExpression: string;
}

/**
 * The policy's variables (CEL, evaluated in order): whether the request comes
 * from the deployer a ConfigMap names, and the new and the old pod template.
 * `object`, `oldObject` and `params` are the objects as JSON (maps), which the
 * expressions below iterate by key.
 */
export const ROLLOUT_POLICY_VARIABLES: ReadonlyArray<{ readonly name: string; readonly expression: string }> = [
  {
    name: 'deployer',
    expression: `has(params.data) && '${DEPLOYER_USERNAME_KEY}' in params.data && params.data.${DEPLOYER_USERNAME_KEY} == request.userInfo.username`,
  },
  { name: 'newTemplate', expression: 'object.spec.template' },
  { name: 'oldTemplate', expression: 'oldObject.spec.template' },
];

const refused = (what: string) =>
  `'deployer ' + request.userInfo.username + ' may change only the images of Deployment ' + object.metadata.name + '\\'s containers, not ${what}: `
  + 'Terraform owns the rest of the pod template (change it in the team\\\'s infrastructure repository)\'';

/** What a refused deployer reads when a message expression cannot be evaluated. */
export const ROLLOUT_REFUSED = 'a deployer may change only the images of a Deployment\'s containers: Terraform owns the rest of the pod template (change it in the team\'s infrastructure repository)';

/**
 * Each validation holds for any request that is not the deployer's, and for
 * the deployer's only when the pod template is unchanged but for container
 * images: its metadata (labels and annotations), every field of the pod spec
 * but `containers`, the containers' names and order, and every field of each
 * container but `image`. Keys are compared both ways, so a field added or
 * removed is a change.
 */
export const ROLLOUT_POLICY_VALIDATIONS: readonly RolloutValidation[] = [
  {
    expression: '!variables.deployer || '
      + '(has(variables.newTemplate.metadata) ? variables.newTemplate.metadata : {}) == (has(variables.oldTemplate.metadata) ? variables.oldTemplate.metadata : {})',
    messageExpression: refused("the pod template\\'s labels or annotations"),
  },
  {
    expression: '!variables.deployer || ('
      + "variables.newTemplate.spec.all(k, k == 'containers' || (k in variables.oldTemplate.spec && variables.newTemplate.spec[k] == variables.oldTemplate.spec[k]))"
      + " && variables.oldTemplate.spec.all(k, k == 'containers' || k in variables.newTemplate.spec))",
    messageExpression: refused('the pod spec (service account, volumes, init containers, security context, ...)'),
  },
  {
    expression: '!variables.deployer || variables.newTemplate.spec.containers.map(c, c.name) == variables.oldTemplate.spec.containers.map(c, c.name)',
    messageExpression: refused('which containers run'),
  },
  {
    expression: '!variables.deployer || variables.newTemplate.spec.containers.all(c, variables.oldTemplate.spec.containers.exists(o, o.name == c.name'
      + " && c.all(k, k == 'image' || (k in o && c[k] == o[k])) && o.all(k, k == 'image' || k in c)))",
    messageExpression: refused("a container\\'s command, environment, mounts, ports, probes, resources or security context"),
  },
];

/** A namespace's rollout policy and its binding, as the manifests of two `kubernetes_manifest`s. */
export interface RolloutPolicyManifests {
  readonly policy: Record<string, unknown>;
  readonly binding: Record<string, unknown>;
}

/** The name of a namespace's rollout policy and of its binding (cluster-scoped, so named after the namespace). */
export function rolloutPolicyName(namespace: string): string {
  return `${namespace}-deployer-rollouts`;
}

/** The ValidatingAdmissionPolicy of one team namespace, and its binding, as `kubernetes_manifest` objects. */
export function deployerRolloutPolicy(namespace: string, labels: Record<string, string>): RolloutPolicyManifests {
  const name = rolloutPolicyName(namespace);
  const metadata = { name, labels: { ...labels, 'app.kubernetes.io/managed-by': MANAGED_BY } };
  // The namespace's own label (set by Kubernetes on every namespace) limits both to it.
  const namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': namespace } };
  return {
    policy: {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata,
      spec: {
        // An expression that fails refuses the request rather than let it through.
        failurePolicy: 'Fail',
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: {
          // Server defaults written out, so that Terraform's plan matches what the API server stores.
          matchPolicy: 'Equivalent',
          namespaceSelector,
          objectSelector: {},
          resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments'], scope: 'Namespaced' }],
        },
        variables: ROLLOUT_POLICY_VARIABLES.map((v) => ({ ...v })),
        // The static message stands in when a message expression cannot be evaluated.
        validations: ROLLOUT_POLICY_VALIDATIONS.map((v) => ({ ...v, message: ROLLOUT_REFUSED, reason: 'Forbidden' })),
      },
    },
    binding: {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata,
      spec: {
        policyName: name,
        validationActions: ['Deny'],
        // One evaluation per deployer's ConfigMap in the namespace of the request; none: nothing to judge.
        paramRef: { selector: { matchLabels: { [DEPLOYER_PARAMS_LABEL]: 'true' } }, parameterNotFoundAction: 'Allow' },
        matchResources: { matchPolicy: 'Equivalent', namespaceSelector, objectSelector: {} },
      },
    },
  };
}
