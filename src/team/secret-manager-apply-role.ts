import { Construct } from 'constructs';
import { Fn } from '../private/cdk';
import { boundedName } from '../private/naming';
import { ProjectIamCustomRole } from '../private/providers/google';

/**
 * What an environment's apply identity needs of Secret Manager, and nothing
 * that reads or writes a value: the calls the google provider (6.x) makes for
 * the environment stack's resources, with the permission Secret Manager checks
 * for each (Secret Manager REST reference, "projects.secrets":
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets;
 * IAM, "Secret Manager roles and permissions":
 * https://cloud.google.com/iam/docs/roles-permissions/secretmanager).
 *
 * - `google_secret_manager_secret`: create (`POST projects/<p>/secrets`), read
 *   (`GET .../secrets/<id>`), update (`PATCH`, labels, topics and rotation among
 *   it), delete (`DELETE`): `secrets.create`, `.get`, `.update`, `.delete`.
 * - `google_secret_manager_secret_iam_member`: `secrets.getIamPolicy` and
 *   `secrets.setIamPolicy` on the secret.
 *
 * Not `secretmanager.versions.access` (reads a value) nor `versions.add`
 * (writes one): the library writes no version of an application secret. Not
 * `secrets.list` nor `locations.*`: the provider calls neither.
 */
export const SECRET_MANAGER_APPLY_PERMISSIONS: readonly string[] = [
  'secretmanager.secrets.create',
  'secretmanager.secrets.delete',
  'secretmanager.secrets.get',
  'secretmanager.secrets.getIamPolicy',
  'secretmanager.secrets.setIamPolicy',
  'secretmanager.secrets.update',
];

/**
 * The version a database's grant Job keeps its admin password in
 * (`<instance>-grants-admin`, written by the environment stack from a
 * write-only argument, which the provider never reads back: with
 * `secret_data_wo_version` set it skips the `:access` call of its refresh):
 * `roles/secretmanager.secretVersionManager` (add, get,
 * list, enable, disable and destroy versions; no `versions.access`), confined
 * by an IAM condition to those secrets and their versions by resource name
 * (Secret Manager is among the services whose resource names IAM Conditions
 * see: https://cloud.google.com/iam/docs/conditions-resource-attributes).
 */
export const DATABASE_ADMIN_PASSWORD_VERSIONS = {
  role: 'roles/secretmanager.secretVersionManager',
  title: 'database admin passwords only',
  description: 'Versions of the secrets <instance>-grants-admin that database grant Jobs read, no other secret',
  expression: 'resource.name.endsWith("-grants-admin") || resource.name.extract("/secrets/{secret}/versions/").endsWith("-grants-admin")',
} as const;

/** The pattern Google gives a custom role's id: letters, digits, `_` and `.`, 3 to 64 of them. */
export const CUSTOM_ROLE_ID = /^[a-zA-Z0-9_.]{3,64}$/;

/** The fixed part of the role's id: the team and environment (`-` becomes `_`), bounded so the id stays within 64 characters. */
export function secretManagerApplyRoleIdPrefix(team: string, environment: string): string {
  // 64 - "_" - the 14 digits of the creation time.
  return `secretsApply_${boundedName([team, environment], 64 - 'secretsApply_'.length - 15).replace(/-/g, '_')}`;
}

/**
 * The custom role an environment's apply identity holds on the project its
 * secrets live in, made by the stack that grants it (the team's onboarding).
 *
 * A deleted custom role's id is not free again for up to 37 days (7 days to
 * undelete, then up to 30 of permanent deletion: IAM, "projects.roles.delete",
 * https://cloud.google.com/iam/docs/reference/rest/v1/projects.roles/delete),
 * so a team onboarded again after its onboarding was destroyed would find its
 * id taken. The id therefore ends with the time of the plan that creates the
 * role (`_YYYYMMDDhhmmss`, Terraform's `plantimestamp()`), and Terraform keeps
 * the id it was created with (`lifecycle.ignore_changes`): the bindings name the
 * role by reference, never by a typed id.
 */
export function secretManagerApplyRole(
  scope: Construct, id: string, props: { team: string; environment: string; project: string },
): ProjectIamCustomRole {
  return new ProjectIamCustomRole(scope, id, {
    project: props.project,
    roleId: `${secretManagerApplyRoleIdPrefix(props.team, props.environment)}_${Fn.formatdate('YYYYMMDDhhmmss', Fn.plantimestamp())}`,
    title: `Secrets apply (${props.team} ${props.environment})`.slice(0, 100),
    description: `Manage Secret Manager secrets and who may read them, never a value: the apply identity of ${props.team}-${props.environment}, managed by cdktf-golden-paths`,
    permissions: [...SECRET_MANAGER_APPLY_PERMISSIONS],
    stage: 'GA',
    lifecycle: { ignoreChanges: ['role_id'] },
  });
}
