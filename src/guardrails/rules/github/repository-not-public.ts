import { isRepository } from './branch-protection';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, literal, unresolved } from '../../values';

/**
 * A repository is private or internal. GitHub's provider creates a public
 * repository when neither visibility nor private says otherwise. A repository
 * that must be public is allowed through a suppression with its reason.
 */
export function repositoryNotPublic(e: TerraformElement): RuleOutcome {
  if (!isRepository(e)) return RuleCompliance.NOT_APPLICABLE;
  const visibility = e.config?.visibility;
  if (isExpression(visibility)) return nonCompliant(unresolved('visibility', visibility));
  const v = literal(visibility);
  if (v !== undefined) return v === 'public' ? nonCompliant('visibility is "public"') : RuleCompliance.COMPLIANT;
  const priv = e.config?.private;
  if (isExpression(priv)) return nonCompliant(unresolved('private', priv));
  if (bool(priv) === true) return RuleCompliance.COMPLIANT;
  return nonCompliant(priv === undefined ? 'neither visibility nor private is set, so the repository is created public' : 'private is false');
}
