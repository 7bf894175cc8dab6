import type { StackView } from '../../stack-view';
import { isExpression, list, literal, unresolved } from '../../values';

/** The permission that reads a secret version's payload. */
export const ACCESS_PERMISSION = 'secretmanager.versions.access';

/**
 * Predefined roles that hold `secretmanager.versions.access`, the permission
 * that reads a secret's payload ("Secret Manager roles and permissions",
 * https://cloud.google.com/iam/docs/roles-permissions/secretmanager): Secret
 * Manager Admin (`secretmanager.*`) and Secret Accessor; and of the basic roles
 * (https://cloud.google.com/iam/docs/roles-overview#basic) Owner alone. Editor
 * and Secret Manager Editor (`roles/secretmanager.editor`) hold the secrets'
 * and versions' management permissions, `versions.add` among them, but not
 * `versions.access`; Viewer, Version Adder and Version Manager read metadata or
 * add versions, never a payload.
 */
export const SECRET_READING_ROLES: ReadonlySet<string> = new Set([
  'roles/secretmanager.secretAccessor', 'roles/secretmanager.admin', 'roles/owner',
]);

/** Custom role types, whose `permissions` the configuration shows. */
const CUSTOM_ROLE_TYPES = ['google_project_iam_custom_role', 'google_organization_iam_custom_role'];

/**
 * The permissions of a custom role the stack defines, named by reference
 * (`${google_project_iam_custom_role.x.name}` or `.id`) or by its full name
 * written out (`projects/<project>/roles/<id>`, `organizations/<id>/roles/<id>`);
 * undefined for any other role.
 */
function customRolePermissions(role: unknown, stack: StackView): unknown[] | undefined {
  const ref = stack.referenced(role);
  if (ref !== undefined) {
    if (!CUSTOM_ROLE_TYPES.includes(ref.elementType) || !/\.(name|id)\}$/.test(String(role))) return undefined;
    return list(stack.resolve(ref.config?.permissions));
  }
  const written = literal(role);
  const m = written === undefined ? null : /^(projects|organizations)\/([^/]+)\/roles\/([^/]+)$/.exec(written);
  if (!m) return undefined;
  const found = stack.resources(...CUSTOM_ROLE_TYPES).find((r) => {
    const parent = literal(stack.resolve(r.config?.[r.elementType === 'google_project_iam_custom_role' ? 'project' : 'org_id']));
    return literal(stack.resolve(r.config?.role_id)) === m[3] && parent === m[2];
  });
  return found === undefined ? undefined : list(stack.resolve(found.config?.permissions));
}

/**
 * Whether a role reads secret payloads: yes, no, or maybe (a custom role whose
 * permissions the stack does not show, or a role known only at apply). A
 * custom role the stack defines reads when its permissions hold
 * `secretmanager.versions.access`, or when one of them is known only at apply.
 */
export function readsSecretPayloads(role: unknown, stack: StackView): 'yes' | 'no' | 'maybe' {
  const permissions = customRolePermissions(role, stack);
  if (permissions !== undefined) {
    if (permissions.some((p) => literal(p) === ACCESS_PERMISSION)) return 'yes';
    return permissions.some((p) => literal(p) === undefined) ? 'maybe' : 'no';
  }
  const r = literal(role);
  if (r === undefined) return isExpression(role) ? 'maybe' : 'no';
  if (SECRET_READING_ROLES.has(r)) return 'yes';
  return r.startsWith('roles/') ? 'no' : 'maybe';
}

/** A role as a finding names it: its name, the custom role of the stack it refers to, or why it cannot be told. */
export function describeRole(role: unknown, stack: StackView): string {
  const ref = stack.referenced(role);
  if (ref !== undefined && CUSTOM_ROLE_TYPES.includes(ref.elementType)) {
    return `custom role ${ref.address}${readsSecretPayloads(role, stack) === 'yes' ? ` (with ${ACCESS_PERMISSION})` : ''}`;
  }
  return literal(role) ?? (role === undefined ? 'a policy known only at apply' : unresolved('role', role));
}
