import { type ElementScope, ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { block, isExpression, list, literal, unresolved } from '../../values';

/**
 * The RBAC bindings as the provider writes them: `role_ref` (`kind`, `name`)
 * and `subject` blocks (`kind`, `name`, `namespace`), for
 * https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/cluster_role_binding_v1
 * and .../role_binding_v1 alike.
 */
const CLUSTER_ROLE_BINDINGS = ['kubernetes_cluster_role_binding_v1', 'kubernetes_cluster_role_binding'];
const ROLE_BINDINGS = ['kubernetes_role_binding_v1', 'kubernetes_role_binding'];

/**
 * Subjects that stand for everyone or for every workload of the cluster
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects):
 * unauthenticated requests, every authenticated user, and every service
 * account of every namespace.
 */
const CLUSTER_WIDE_SUBJECTS: Record<string, string> = {
  'Group system:unauthenticated': 'every unauthenticated request',
  'User system:anonymous': 'every unauthenticated request',
  'Group system:authenticated': 'every authenticated user of the cluster',
  'Group system:serviceaccounts': 'every service account of every namespace',
};

function describe(subject: any): string {
  return `${literal(subject?.kind) ?? '?'} ${JSON.stringify(subject?.name ?? null)}${subject?.namespace ? ` of namespace ${JSON.stringify(subject.namespace)}` : ''}`;
}

/**
 * RBAC bindings stay inside the team's namespace and environment:
 * - a ClusterRoleBinding (the typed resource, as GP-K8S-016 does for the
 *   manifest) grants its role in every namespace, the platform's and every
 *   team's: it needs a suppression whose reason a reviewer accepted;
 * - a RoleBinding grants nothing to everyone or to every service account of
 *   the cluster, and in a production namespace nothing to a service account
 *   (or the service-account group) of another, non-production namespace.
 */
export function rbacBindingScope(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE) return RuleCompliance.NOT_APPLICABLE;
  const cluster = CLUSTER_ROLE_BINDINGS.includes(e.elementType);
  if (!cluster && !ROLE_BINDINGS.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  const subjects = list(e.config?.subject);
  if (isExpression(e.config?.subject)) problems.push(unresolved('subject', e.config.subject));
  if (cluster) {
    const role = block(e.config?.role_ref);
    problems.push(`binds ${literal(role?.kind) ?? 'ClusterRole'} ${JSON.stringify(role?.name ?? null)} in every namespace of the cluster to ${subjects.length === 0 ? 'no subject' : subjects.map(describe).join(', ')}`);
  }
  const ns = cluster ? undefined : stack.namespaceOf(e).name;
  const production = !cluster && stack.isProduction(e);
  for (const s of subjects) {
    const kind = literal(s?.kind);
    const name = literal(s?.name);
    for (const attr of ['kind', 'name', 'namespace']) if (isExpression(s?.[attr])) problems.push(unresolved(`subject.${attr}`, s[attr]));
    const wide = CLUSTER_WIDE_SUBJECTS[`${kind} ${name}`];
    if (wide !== undefined) {
      problems.push(`subject ${describe(s)} is ${wide}`);
      continue;
    }
    if (!production) continue;
    const otherNamespace = kind === 'ServiceAccount' ? literal(s?.namespace) ?? ns : kind === 'Group' ? /^system:serviceaccounts:(.+)$/.exec(name ?? '')?.[1] : undefined;
    if (otherNamespace !== undefined && !isExpression(otherNamespace) && otherNamespace !== ns && !stack.isProductionName(otherNamespace)) {
      problems.push(`subject ${describe(s)} is a workload of namespace "${otherNamespace}", not a production one, given a role in production environment "${stack.environmentOf(e)}"`);
    }
  }
  return judge(problems);
}

/** The elements GP-K8S-018 judges: role bindings and cluster role bindings. */
export const rbacBindingScopeScope: ElementScope = (kind, type) =>
  kind === ElementKind.RESOURCE && (CLUSTER_ROLE_BINDINGS.includes(type) || ROLE_BINDINGS.includes(type));
