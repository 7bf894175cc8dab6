import type { TeamIdentities } from './team-identities';
import type { TeamNamespace } from './team-namespace';
import { MANAGED_BY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { RoleBindingV1, RoleV1 } from '../private/providers/kubernetes';

/**
 * The Kubernetes RBAC of an onboarded team's identities (see `TeamOnboarding`):
 * in the team's namespace and in its grants namespace of each environment,
 * the plan identity reads and the environment's apply identity gets what its
 * stack applies, nothing more.
 */

/**
 * The plan identity reads everything in the namespace (Terraform's refresh); the environment's apply identity gets `admin`
 * there, and the SecretProviderClasses `admin` leaves out, nowhere else.
 */
export function identityRbac(team: string, identities: TeamIdentities, namespace: TeamNamespace, stack: string): RoleBindingV1[] {
  const provider = namespace.environment.kubernetesProvider;
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': team };
  const user = (email: string) => [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }];
  const metadata = (name: string) => ({ name, namespace: namespace.name, labels });
  const readAll = new RoleV1(namespace, 'terraform-plan-role', {
    provider,
    metadata: metadata('terraform-plan'),
    rule: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
  });
  const apply = identities.applyIdentities.find((g) => g.stack === stack)!;
  const bindings = [
    new RoleBindingV1(namespace, 'terraform-plan', {
      provider,
      metadata: metadata('terraform-plan'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'terraform-plan' },
      subject: user(identities.planServiceAccountEmail),
    }),
    new RoleBindingV1(namespace, 'terraform-apply', {
      provider,
      metadata: metadata('terraform-apply'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subject: user(apply.serviceAccountEmail),
    }),
  ];
  // Custom resources the `admin` role does not aggregate, each through a Role of its own for the apply
  // identity: the SecretProviderClasses of GKE's Secret Manager add-on (the services' Secret Manager
  // secrets are mounted through them), and the PodMonitorings of Google Cloud Managed Service for
  // Prometheus (each service's workload tells the managed collectors to scrape its pods through one).
  const customResource = (name: string, apiGroup: string, resource: string) => {
    const role = new RoleV1(namespace, `${name}-role`, {
      provider,
      metadata: metadata(name),
      rule: [{ apiGroups: [apiGroup], resources: [resource], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
    });
    const binding = new RoleBindingV1(namespace, `terraform-apply-${name}`, {
      provider,
      metadata: metadata(`terraform-apply-${name}`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subject: user(apply.serviceAccountEmail),
    });
    dependOn(role, namespace.namespaceResource);
    dependOn(binding, namespace.namespaceResource, role);
    bindings.push(binding);
  };
  dependOn(readAll, namespace.namespaceResource);
  dependOn(bindings[0], namespace.namespaceResource, readAll);
  dependOn(bindings[1], namespace.namespaceResource);
  customResource('secret-provider-classes', 'secrets-store.csi.x-k8s.io', 'secretproviderclasses');
  customResource('pod-monitorings', 'monitoring.googleapis.com', 'podmonitorings');
  return bindings;
}

/**
 * In the grants namespace (`<team>-grants-<env>`, made here for every environment, whether or not the team has a
 * Cloud SQL database yet), the plan identity reads, as in the team's namespace; the environment's apply identity
 * may manage what a grant Job is made of (Jobs, ConfigMaps, service accounts) and read pods, and nothing else:
 * no RoleBinding, so it binds nobody else there. No other identity of the team is bound there.
 */
export function grantsRbac(team: string, identities: TeamIdentities, namespace: TeamNamespace, stack: string): RoleBindingV1[] {
  const grants = namespace.grantsNamespace();
  const provider = namespace.environment.kubernetesProvider;
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': team };
  const user = (email: string) => [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }];
  const metadata = (name: string) => ({ name, namespace: grants.name, labels });
  const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const readAll = new RoleV1(grants, 'terraform-plan-role', {
    provider,
    metadata: metadata('terraform-plan'),
    rule: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
  });
  const applyRole = new RoleV1(grants, 'terraform-apply-role', {
    provider,
    metadata: metadata('terraform-apply'),
    rule: [
      { apiGroups: ['batch'], resources: ['jobs'], verbs: manage },
      { apiGroups: [''], resources: ['configmaps', 'serviceaccounts'], verbs: manage },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  const apply = identities.applyIdentities.find((g) => g.stack === stack)!;
  const bindings = [
    new RoleBindingV1(grants, 'terraform-plan', {
      provider,
      metadata: metadata('terraform-plan'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'terraform-plan' },
      subject: user(identities.planServiceAccountEmail),
    }),
    new RoleBindingV1(grants, 'terraform-apply', {
      provider,
      metadata: metadata('terraform-apply'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'terraform-apply' },
      subject: user(apply.serviceAccountEmail),
    }),
  ];
  for (const r of [readAll, applyRole]) dependOn(r, grants.namespaceResource);
  dependOn(bindings[0], grants.namespaceResource, readAll);
  dependOn(bindings[1], grants.namespaceResource, applyRole);
  return bindings;
}
