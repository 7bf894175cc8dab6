import { ElementKind, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { isExpression, list, literal } from '../../values';

/**
 * Reading Google Cloud IAM as the provider's resources write it. Each
 * resource kind has the same three forms
 * (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/google_project_iam):
 * `<kind>_iam_member` (`role`, `member`), `<kind>_iam_binding` (`role`,
 * `members`) and `<kind>_iam_policy` (`policy_data`, the JSON of a
 * `google_iam_policy` data source's `binding` blocks, each `role` and
 * `members`: https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/data-sources/iam_policy).
 */
const IAM_RESOURCE = /^google_[a-z0-9_]+_iam_(member|binding|policy)$/;

/** The IAM policy data source type. */
export const IAM_POLICY_DATA = 'google_iam_policy';

/** Whether an element is an IAM member, binding or policy resource. */
export function isIamResource(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && IAM_RESOURCE.test(e.elementType);
}

/** One role granted to some members, as Terraform reads them (`${each.value}` over a literal `for_each` expanded). */
export interface Grant {
  /** The role, or an expression. */
  readonly role: unknown;
  /** The members: principal identifiers, or expressions. */
  readonly members: readonly unknown[];
}

/**
 * The values a `${each.key}`, `${each.value}` or `${each.value.<attr>}` takes
 * over a literal `for_each` map; the value itself otherwise.
 */
function expandEach(value: unknown, forEach: unknown): unknown[] {
  if (typeof value !== 'string' || forEach === null || typeof forEach !== 'object') return [value];
  const m = /^\$\{each\.(key|value)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?\}$/.exec(value);
  if (!m) return [value];
  const entries = Array.isArray(forEach) ? forEach.map((v) => [v, v] as const) : Object.entries(forEach);
  return entries.map(([k, v]) => (m[1] === 'key' ? k : m[2] === undefined ? v : (v as any)?.[m[2]]));
}

/** The grants of a `google_iam_policy` data source's `binding` blocks. */
function bindingGrants(config: any): Grant[] {
  return list(config?.binding).map((b: any) => ({ role: b?.role, members: list(b?.members) }));
}

/** The grants of a policy's `policy_data`: a literal JSON document, or a reference to a `google_iam_policy` data source. */
function policyGrants(policyData: unknown, stack: StackView): Grant[] {
  const data = stack.referenced(policyData);
  if (data?.elementType === IAM_POLICY_DATA) return bindingGrants(data.config);
  const text = literal(stack.resolve(policyData));
  if (text !== undefined) {
    try {
      return list(JSON.parse(text)?.bindings).map((b: any) => ({ role: b?.role, members: list(b?.members) }));
    } catch {
      return [{ role: undefined, members: [policyData] }];
    }
  }
  return [{ role: undefined, members: [policyData] }];
}

/** The grants an IAM resource or `google_iam_policy` data source makes, with inputs followed to the values Terraform reads. */
export function grantsOf(e: TerraformElement, stack: StackView): Grant[] {
  const c = e.config ?? {};
  const resolveAll = (values: unknown[]) => values.flatMap((v) => {
    const r = stack.resolve(v);
    return Array.isArray(r) ? r : [r];
  });
  if (e.kind === ElementKind.DATA && e.elementType === IAM_POLICY_DATA) return bindingGrants(c);
  if (!isIamResource(e)) return [];
  if (e.elementType.endsWith('_iam_policy')) return policyGrants(c.policy_data, stack);
  const members = e.elementType.endsWith('_iam_member') ? [c.member] : (() => {
    const r = stack.resolve(c.members);
    return isExpression(r) ? [r] : list(r);
  })();
  const roles = expandEach(stack.resolve(c.role), c.for_each);
  const expanded = resolveAll(members.flatMap((m) => expandEach(stack.resolve(m), c.for_each)));
  return roles.map((role) => ({ role, members: expanded }));
}
