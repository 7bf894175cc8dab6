import { reachesProductionSecretsOfStack } from './production-secret-readers';
import { describeRole, readsSecretPayloads } from './secret-reading-roles';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { literal, unresolved } from '../../values';
import { grantsOf, isIamResource } from '../google/iam';

/** IAM on a project, a folder or the organization: `google_project_iam_*`, `google_folder_iam_*`, `google_organization_iam_*`. */
const HIERARCHY_IAM = /^google_(project|folder|organization)_iam_(member|binding|policy)$/;

/**
 * Where a project, folder or organization IAM resource grants, when production
 * secrets may be there: a project of a production environment (the element's
 * environment, the project's id, or the `google_project` it refers to), or a
 * folder or the organization, under which production's projects are.
 */
function productionScope(e: TerraformElement, stack: StackView): string | undefined {
  if (e.elementType.startsWith('google_folder_iam_') || e.elementType.startsWith('google_organization_iam_')) {
    return `on ${e.elementType.startsWith('google_folder') ? 'a folder' : 'an organization'}, every production secret under which it reads`;
  }
  const value = e.config?.project;
  const ref = stack.referenced(value);
  const id = literal(stack.resolve(value)) ?? (ref?.elementType === 'google_project' ? literal(ref.config?.project_id) : undefined);
  if (id !== undefined && stack.isProductionName(id)) return `on project "${id}", every secret of which it reads`;
  if (ref !== undefined && stack.isProduction(ref)) return `on project ${JSON.stringify(id ?? ref.address)}, a production one, every secret of which it reads`;
  const env = stack.isProduction(e) ? stack.environmentOf(e) : undefined;
  if (env !== undefined) return `on ${id === undefined ? 'a project' : `project "${id}"`} of production environment "${env}", every secret of which it reads`;
  return undefined;
}

/**
 * In production, a role that reads secret payloads (`secretmanager.versions.access`:
 * Secret Manager Admin, Secret Accessor, Owner, or a custom role that holds
 * it) granted on a project, a folder or the organization reads every secret
 * there, so only the platform's break-glass members (`guardrails.breakGlassMembers`)
 * may hold it. GP-SEC-004 judges such a grant in the stack that holds the
 * secrets; this rule judges it where it is made, in a stack that may hold none
 * (the platform's onboarding, which grants the environments' apply
 * identities), and leaves to GP-SEC-004 a grant on a project whose production
 * secrets are in the same stack.
 */
export function productionProjectSecretReaders(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isIamResource(e) || !HIERARCHY_IAM.test(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  const scope = productionScope(e, stack);
  if (scope === undefined || reachesProductionSecretsOfStack(e, stack)) return RuleCompliance.NOT_APPLICABLE;
  const breakGlass = new Set(stack.breakGlassMembers);
  const problems: string[] = [];
  for (const grant of grantsOf(e, stack)) {
    const reading = readsSecretPayloads(grant.role, stack);
    if (reading === 'no') continue;
    const how = `${describeRole(grant.role, stack)} ${scope}${reading === 'maybe' ? ', which may read payloads (its permissions are not in the configuration)' : ''}`;
    for (const m of grant.members) {
      const member = literal(m)?.trim();
      if (member === undefined) {
        problems.push(`${unresolved('member', m)}, and it holds ${how}`);
        continue;
      }
      if (!breakGlass.has(member)) problems.push(`${member} holds ${how}: only the platform's break-glass members may`);
    }
  }
  return judge([...new Set(problems)]);
}
