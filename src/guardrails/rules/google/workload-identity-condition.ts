import { ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { blank, dig, isExpression, literal, unresolved } from '../../values';

/** GitHub Actions' OIDC issuer on github.com: one issuer for every organization on GitHub. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Whether an issuer is GitHub Actions', whose tokens come from every organization of that GitHub:
 * github.com's (an enterprise's unique issuer adds `/<enterprise>`), GHE.com's
 * (`https://token.actions.SUBDOMAIN.ghe.com`) and GitHub Enterprise Server's
 * (`https://HOSTNAME/_services/token`): https://docs.github.com/en/actions/reference/security/oidc.
 */
export function isGithubActionsIssuer(issuer: string): boolean {
  const uri = issuer.replace(/\/+$/, '');
  return uri === GITHUB_ACTIONS_ISSUER
    || uri.startsWith(`${GITHUB_ACTIONS_ISSUER}/`)
    || /^https:\/\/token\.actions\.[a-z0-9-]+\.ghe\.com(\/[^/]+)?$/i.test(uri)
    || /^https:\/\/[^/]+\/_services\/token$/i.test(uri);
}

/**
 * A conjunct of a CEL condition that pins GitHub tokens to one organization:
 * its owner (`repository_owner`, `repository_owner_id`), or a repository
 * (`owner/name`) of it, as an assertion or a mapped attribute.
 */
const PINS = [
  /^(assertion|attribute)\.(repository_owner|repository_owner_id|repository)\s*==\s*(['"])[^'"*]+\3$/,
  /^(['"])[^'"*]+\1\s*==\s*(assertion|attribute)\.(repository_owner|repository_owner_id|repository)$/,
  /^(assertion|attribute)\.repository\.startsWith\((['"])[^'"/*]+\/\2\)$/,
];

/** The top-level conjuncts of a CEL expression (`a && (b || c)` → `a`, `b || c`), or undefined when it has a top-level `||`. */
function conjuncts(condition: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (depth === 0 && condition.startsWith('||', i)) {
      return undefined;
    } else if (depth === 0 && condition.startsWith('&&', i)) {
      parts.push(condition.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(condition.slice(start));
  return parts.map((p) => {
    let t = p.trim();
    while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
    return t;
  });
}

/** Whether a CEL condition lets only tokens of one GitHub organization through. */
export function pinsOrganization(condition: string): boolean {
  return (conjuncts(condition) ?? []).some((c) => PINS.some((p) => p.test(c)));
}

/**
 * A pin on the id of an organization looked up at plan time: the github
 * provider's `data.github_organization` has the organization's numeric id as
 * its id, the value `repository_owner_id` carries.
 */
const LOOKUP_PIN = /^assertion\.repository_owner_id\s*==\s*'\$\{data\.github_organization\.[A-Za-z0-9_-]+\.id\}'$/;

/**
 * Whether a condition holding Terraform expressions holds them only in pins on
 * a looked-up organization id (and has one): such a condition is known in
 * shape at synth, and pins one organization whatever the id turns out to be.
 */
export function pinsLookedUpOrganization(condition: string): boolean {
  const parts = conjuncts(condition);
  if (parts === undefined) return false;
  const withExpressions = parts.filter((c) => c.includes('${'));
  return withExpressions.length > 0 && withExpressions.every((c) => LOOKUP_PIN.test(c));
}

/**
 * A Workload Identity pool provider has an attribute condition
 * (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/iam_workload_identity_pool_provider#attribute_condition).
 * For GitHub Actions, whose issuer serves every organization on GitHub, the
 * condition must pin the organization (e.g.
 * `assertion.repository_owner_id == '1342004'`, as the platform writes it), not
 * merely exist: `true` or a condition on the workflow alone lets any
 * repository on GitHub in.
 */
export function workloadIdentityCondition(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== 'google_iam_workload_identity_pool_provider') return RuleCompliance.NOT_APPLICABLE;
  const condition = e.config?.attribute_condition;
  if (isExpression(condition) && !pinsLookedUpOrganization(condition)) return nonCompliant(unresolved('attribute_condition', condition));
  if (blank(condition)) return nonCompliant('attribute_condition is unset');
  const issuer = dig(e.config, 'oidc', 'issuer_uri');
  const uri = literal(issuer);
  const github = isExpression(issuer) || (typeof uri === 'string' && isGithubActionsIssuer(uri));
  if (!github || pinsOrganization(String(condition)) || pinsLookedUpOrganization(String(condition))) return RuleCompliance.COMPLIANT;
  return nonCompliant(`attribute_condition ${JSON.stringify(condition)} does not pin a GitHub organization (assertion.repository_owner == '<organization>' as a condition joined with &&)`);
}
