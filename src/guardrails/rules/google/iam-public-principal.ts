import { IAM_POLICY_DATA } from './iam';
import { type ElementScope, ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { isExpression, JSON_DOCUMENT, literal, type PathStep, pathText } from '../../values';

/**
 * The principals that stand for everyone: `allUsers` (anyone on the
 * internet) and `allAuthenticatedUsers` (anyone with a Google account), as IAM
 * members (https://cloud.google.com/iam/docs/principal-identifiers) and as
 * Cloud Storage ACL entities (`READER:allUsers`,
 * https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/storage_bucket_acl#role_entity).
 */
const PUBLIC = /(^|:)(allUsers|allAuthenticatedUsers)$/;
/** Predefined Cloud Storage ACLs that open a bucket or object to everyone (`predefined_acl`, storage_bucket_acl and storage_object_acl). */
const PUBLIC_ACLS = new Set(['publicRead', 'publicReadWrite', 'authenticatedRead']);
/** Keys that hold addresses and metadata, not grants. */
const SKIPPED = new Set(['//', 'depends_on', 'lifecycle', 'provider']);

/** Either principal that stands for everyone, anywhere in a text: a string without one grants nothing to everyone. */
const EVERYONE = /allUsers|allAuthenticatedUsers/;

/** Scans a value for grants to everyone; `steps` is where it is (see pathText), changed in place as the scan goes. */
function scan(value: unknown, steps: PathStep[], stack: StackView, found: string[], depth: number): void {
  if (depth > 40) return;
  if (typeof value === 'string') {
    const resolved = isExpression(value) ? stack.resolve(value) : value;
    if (resolved !== value) {
      scan(resolved, steps, stack, found, depth + 1);
      return;
    }
    // What the text of a string is tested for below lies in the string: one without it is passed over untrimmed.
    if (!EVERYONE.test(value)) return;
    const text = value.trim();
    if (PUBLIC.test(text)) {
      found.push(`${pathText(steps)} grants to ${JSON.stringify(text)}, ${text.endsWith('allUsers') ? 'anyone on the internet' : 'anyone with a Google account'}`);
    } else if ((text.startsWith('{') || text.startsWith('[')) && EVERYONE.test(text)) {
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        return; // not JSON: nothing more to read
      }
      steps.push(JSON_DOCUMENT);
      scan(document, steps, stack, found, depth + 1);
      steps.pop();
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      steps.push(i);
      scan(value[i], steps, stack, found, depth + 1);
      steps.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (SKIPPED.has(key)) continue;
    const v = obj[key];
    steps.push(key);
    if (key === 'predefined_acl' && PUBLIC_ACLS.has(literal(stack.resolve(v)) ?? '')) found.push(`${pathText(steps)} is ${JSON.stringify(stack.resolve(v))}, which opens it to everyone`);
    else scan(v, steps, stack, found, depth + 1);
    steps.pop();
  }
}

/**
 * No Google Cloud resource grants anything to `allUsers` or
 * `allAuthenticatedUsers`: IAM members, bindings and policies (literal JSON,
 * the `google_iam_policy` data source, a `for_each` over principals, a
 * variable's default), Cloud Storage ACLs and predefined ACLs, BigQuery
 * dataset access. What must be public is allowed through a suppression with
 * its reason.
 */
export function iamPublicPrincipal(e: TerraformElement, stack: StackView): RuleOutcome {
  const applies = (e.kind === ElementKind.RESOURCE && e.elementType.startsWith('google_'))
    || (e.kind === ElementKind.DATA && e.elementType === IAM_POLICY_DATA);
  if (!applies) return RuleCompliance.NOT_APPLICABLE;
  const found: string[] = [];
  scan(e.config, [], stack, found, 0);
  return judge(found);
}

/** The elements GP-GCP-012 judges: Google Cloud resources and the IAM policy data source. */
export const iamPublicPrincipalScope: ElementScope = (kind, type) =>
  (kind === ElementKind.RESOURCE && type.startsWith('google_')) || (kind === ElementKind.DATA && type === IAM_POLICY_DATA);
