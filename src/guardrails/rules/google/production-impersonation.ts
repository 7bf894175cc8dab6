import { grantsOf, isIamResource } from './iam';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { isExpression, literal, unresolved } from '../../values';

/**
 * Roles that let a principal act as a service account: get its tokens
 * (Workload Identity User, Token Creator, OpenID Token Creator), attach it to
 * what it runs (Service Account User), or all of that with everything else
 * (the basic roles Owner and Editor hold `iam.serviceAccounts.actAs`):
 * https://cloud.google.com/iam/docs/service-account-permissions.
 */
export const IMPERSONATION_ROLES = new Set([
  'roles/iam.workloadIdentityUser', 'roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountOpenIdTokenCreator', 'roles/owner', 'roles/editor',
]);

/**
 * Where an IAM resource grants: on one service account
 * (`google_service_account_iam_*`, `service_account_id`), on a project
 * (`google_project_iam_*`, `project`: every service account in it), or on a
 * folder or organization (every project under it, production's too).
 */
function productionScope(e: TerraformElement, stack: StackView): string | undefined {
  const c = e.config ?? {};
  if (e.elementType.startsWith('google_folder_iam_') || e.elementType.startsWith('google_organization_iam_')) {
    return `on ${e.elementType.startsWith('google_folder') ? 'a folder' : 'an organization'}, which reaches every project under it, production's too`;
  }
  const env = stack.isProduction(e) ? stack.environmentOf(e) : undefined;
  if (e.elementType.startsWith('google_service_account_iam_')) {
    const account = stack.referenced(c.service_account_id);
    if (env !== undefined) return `on a service account of production environment "${env}"`;
    if (account !== undefined) {
      const id = literal(account.config?.account_id);
      if (stack.isProduction(account) || (id !== undefined && stack.isProductionName(id))) return `on service account ${JSON.stringify(id ?? account.address)}, a production one`;
      return undefined;
    }
    // projects/<project>/serviceAccounts/<email>
    const m = /^projects\/([^/]+)\/serviceAccounts\/([^@/]+)@/.exec(literal(stack.resolve(c.service_account_id)) ?? '');
    if (m && (stack.isProductionName(m[1]) || stack.isProductionName(m[2]))) return `on service account ${JSON.stringify(`${m[2]}@${m[1]}`)}, a production one`;
    return undefined;
  }
  if (e.elementType.startsWith('google_project_iam_')) {
    if (env !== undefined) return `on a project of production environment "${env}"`;
    const project = stack.referenced(c.project);
    const id = literal(stack.resolve(c.project)) ?? literal(project?.config?.project_id);
    if (id !== undefined && stack.isProductionName(id)) return `on project ${JSON.stringify(id)}, every service account of which is production's`;
    if (project !== undefined && stack.isProduction(project)) return `on project ${JSON.stringify(project.address)}, a production one`;
  }
  return undefined;
}

/** Why a member is wider than one production identity, if it is. */
function tooWide(member: unknown, stack: StackView): string | undefined {
  if (typeof member !== 'string') return undefined;
  const m = member.trim();
  if (m === 'allUsers' || m === 'allAuthenticatedUsers') return `${JSON.stringify(m)} is everyone`;
  if (m.startsWith('domain:')) return `${JSON.stringify(m)} is every account of the organization's domain`;
  if (m.startsWith('principalSet://')) {
    if (m.endsWith('/*')) return `${JSON.stringify(m)} is every identity of the pool`;
    if (/\/attribute\.repository_owner(_id)?\//.test(m)) return `${JSON.stringify(m)} is every repository of the organization`;
    if (/\/attribute\.repository(_id)?\//.test(m)) return `${JSON.stringify(m)} is every workflow of the repository, on any branch and in any environment, so no production gate holds`;
    if (m.startsWith('principalSet://cloudresourcemanager.googleapis.com/')) return `${JSON.stringify(m)} is every service account of a project, folder or organization`;
    return `${JSON.stringify(m)} is a set of identities, not one`;
  }
  const subject = /^principal:\/\/iam\.googleapis\.com\/.+\/workloadIdentityPools\/.+\/subject\/(.+)$/.exec(m)?.[1];
  if (subject !== undefined && (subject.startsWith('repo:') || subject.startsWith('repository_id:'))) {
    // GitHub's subject of a job in an environment: repo:<owner>/<repo>:environment:<name> by default, and
    // repository_id:<id>:environment:<name> under the repository template the platform sets (repository_id, context).
    const env = /:environment:([^:]+)$/.exec(subject)?.[1];
    if (env !== undefined && isExpression(env)) return unresolved('the environment of the subject', member);
    if (env === undefined || !stack.isProductionName(env)) {
      return `the GitHub subject ${JSON.stringify(subject)} is not a job of a production environment (repo:<owner>/<repo>:environment:<production environment>, or repository_id:<id>:environment:<production environment>), so production's reviewers do not gate it`;
    }
    return undefined;
  }
  // A Kubernetes service account: serviceAccount:<project>.svc.id.goog[<namespace>/<name>].
  const ksa = /^serviceAccount:.+\.svc\.id\.goog\[([^/\]]+)\/[^\]]+\]$/.exec(m);
  if (ksa) {
    if (isExpression(ksa[1])) return unresolved('the namespace of the Kubernetes service account', member);
    return stack.isProductionName(ksa[1]) ? undefined : `${JSON.stringify(m)} is a Kubernetes service account of namespace "${ksa[1]}", not a production one`;
  }
  if (/^(user|serviceAccount|group|principal|deleted):/.test(m) || m.startsWith('principal://')) return undefined;
  return isExpression(m) ? unresolved('member', member) : undefined;
}

/**
 * In production, the roles that act as a service account (Workload
 * Identity User and the others of {@link IMPERSONATION_ROLES}) go to one
 * identity: a GitHub Actions job of a production environment
 * (`principal://.../subject/repo:<owner>/<repo>:environment:prod`, or
 * `.../subject/repository_id:<id>:environment:prod` under a repository's
 * subject template of `repository_id` and `context`), a
 * Kubernetes service account of a production namespace, a user, a group or
 * another service account. Not the whole pool (`principalSet://.../*`), a
 * repository or organization (`attribute.repository`, `attribute.repository_id`,
 * `attribute.repository_owner`, `attribute.repository_owner_id`), a domain, every account of a project, or
 * everyone: each of those lets code no production gate reviewed act as the
 * production identity. Principal identifiers:
 * https://cloud.google.com/iam/docs/principal-identifiers; the member of
 * https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/google_service_account_iam#member.
 */
export function productionImpersonation(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isIamResource(e)) return RuleCompliance.NOT_APPLICABLE;
  const scope = productionScope(e, stack);
  if (scope === undefined) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const grant of grantsOf(e, stack)) {
    const role = literal(grant.role);
    if (role === undefined && grant.role !== undefined && !isExpression(grant.role)) continue;
    if (role !== undefined && !IMPERSONATION_ROLES.has(role)) continue;
    for (const member of grant.members) {
      const why = tooWide(member, stack);
      if (why === undefined) continue;
      problems.push(role === undefined ? `${grant.role === undefined ? 'a policy known only at apply' : unresolved('role', grant.role)} may grant ${scope}: ${why}` : `${role} ${scope}: ${why}`);
    }
  }
  return judge([...new Set(problems)]);
}
