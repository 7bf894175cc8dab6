import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { PAYMENTS } from '../../examples/teams';
import { Platform, PlatformFoundation, type PlatformProps, TeamOnboarding } from '../../src';
import { ruleById } from '../../src/guardrails/packs';
import { detailsOf } from '../../src/guardrails/rule';
import { StackView } from '../../src/guardrails/stack-view';
import { CUSTOM_ROLE_ID, secretManagerApplyRoleIdPrefix } from '../../src/team/secret-manager-apply-role';

/**
 * An environment's apply identity manages its stack's Secret Manager secrets
 * and who may read them, and reads no value. Before, it held
 * `roles/secretmanager.admin` on the environment's project, which holds
 * `secretmanager.versions.access` ("Secret Manager roles and permissions",
 * https://cloud.google.com/iam/docs/roles-permissions/secretmanager): whoever
 * applied a team's production stack could read every secret of it.
 *
 * What the google provider calls for the environment stack's resources
 * (hashicorp/terraform-provider-google at v6.50.0, the version @cdktf/provider-google
 * 16.12 binds: google/services/secretmanager/resource_secret_manager_secret.go,
 * iam_secret_manager_secret.go and resource_secret_manager_secret_version.go), and the
 * permission Secret Manager checks for each (REST reference,
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets):
 * - google_secret_manager_secret: POST projects/<p>/secrets (secretmanager.secrets.create),
 *   GET (secrets.get), PATCH (secrets.update), DELETE (secrets.delete);
 * - google_secret_manager_secret_iam_member: getIamPolicy and setIamPolicy on the
 *   secret (secrets.getIamPolicy, secrets.setIamPolicy);
 * - google_secret_manager_secret_version (a database grant Job's admin password):
 *   :addVersion, GET, :enable/:disable, :destroy (versions.add, .get, .enable,
 *   .disable, .destroy), and :access only to read secret_data back, which it skips
 *   when secret_data_wo_version is set (flattenSecretManagerSecretVersionPayload),
 *   as the grant Job's version has it.
 * google_project_iam_custom_role's role_id is checked against ^[a-zA-Z0-9_\.]{3,64}$
 * (google/verify/validation.go, IAMCustomRoleIDRegex); creating a role whose id is
 * soft-deleted undeletes and updates it (resource_google_project_iam_custom_role.go).
 * The custom role's arguments are those of google_project_iam_custom_role in
 * google 6.50 (@cdktf/provider-google 16.12): role_id, title, description,
 * permissions, stage, project
 * (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/project_iam_custom_role).
 * Its id: `[a-zA-Z0-9_.]{3,64}`, and a deleted role's id is not free again for up
 * to 37 days (IAM, "projects.roles.delete",
 * https://cloud.google.com/iam/docs/reference/rest/v1/projects.roles/delete: 7 days
 * to undelete, then permanent deletion).
 */

const SETTINGS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'platform', 'platform-settings.json'), 'utf8')) as PlatformProps;
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const EXPECTED_PERMISSIONS = [
  'secretmanager.secrets.create', 'secretmanager.secrets.delete', 'secretmanager.secrets.get',
  'secretmanager.secrets.getIamPolicy', 'secretmanager.secrets.setIamPolicy', 'secretmanager.secrets.update',
];
/** Predefined roles that hold secretmanager.versions.access (the IAM roles reference above). */
const PAYLOAD_READERS = ['roles/secretmanager.admin', 'roles/secretmanager.secretAccessor', 'roles/owner'];

function onboard(shared: boolean) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-apply-role-'));
  const app = new App({ outdir });
  const settings: any = { ...SETTINGS };
  if (shared) delete settings.teamProjects;
  const platform = new Platform(app, 'acme', settings);
  new PlatformFoundation(platform, 'foundation');
  new TeamOnboarding(platform, 'payments', PAYMENTS);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, any> = Object.fromEntries(Object.entries<any>(manifest.stacks)
    .filter(([name]) => name.startsWith('onboarding-payments'))
    .map(([name, s]) => [name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8'))]));
  const team = JSON.parse(fs.readFileSync(path.join(outdir, 'platform.json'), 'utf8')).teams.payments;
  const grants = Object.entries(stacks)
    .flatMap(([stack, json]) => Object.values<any>(json.resource?.google_project_iam_member ?? {}).map((g) => ({ stack, ...g })));
  return { stacks, team, grants };
}

describe.each([
  ['the team\'s own projects', false],
  ['the shared project', true],
])('the apply identities\' Secret Manager grants, with %s', (_, shared) => {
  const { stacks, team, grants } = onboard(shared);
  const projectOf = (env: string) => (shared ? 'acme-prod' : `acme-payments-${env}`);

  test('no apply identity holds a role that reads secret values on a project', () => {
    for (const [stack, account] of Object.entries<string>(team.applyServiceAccounts)) {
      const held = grants.filter((g) => g.member === `serviceAccount:${account}`).map((g) => g.role);
      expect({ stack, readers: held.filter((r) => PAYLOAD_READERS.includes(r)) }).toEqual({ stack, readers: [] });
    }
  });

  test.each(ENVIRONMENTS)('%s: the apply identity holds a custom role made beside the grant, on its secrets\' project, with exactly what Terraform calls', (env) => {
    const account = team.applyServiceAccounts[`payments-${env}`];
    const custom = grants.filter((g) => g.member === `serviceAccount:${account}` && g.role.startsWith('${google_project_iam_custom_role.'));
    expect(custom).toHaveLength(1);
    const [grant] = custom;
    expect(grant.project).toBe(projectOf(env));
    expect(grant.condition).toBeUndefined();
    const address = /^\$\{google_project_iam_custom_role\.([^.]+)\.name\}$/.exec(grant.role)![1];
    const role = stacks[grant.stack].resource.google_project_iam_custom_role[address];
    expect(role.project).toBe(projectOf(env));
    expect([...role.permissions].sort()).toEqual(EXPECTED_PERMISSIONS);
    expect(role.permissions).not.toContain('secretmanager.versions.access');
    expect(role.permissions).not.toContain('secretmanager.versions.add');
    expect(role.stage).toBe('GA');
    expect(role.title).toBe(`Secrets apply (payments ${env})`);
    // A new id per creation (the plan's time), kept afterwards: a deleted role's id is not reusable for up to 37 days.
    expect(role.role_id).toBe(`secretsApply_payments_${env}_\${formatdate("YYYYMMDDhhmmss", plantimestamp())}`);
    expect(role.lifecycle.ignore_changes).toEqual(['role_id']);
    const applied = role.role_id.replace(/\$\{.*\}$/, '20261207170000');
    expect(applied).toMatch(CUSTOM_ROLE_ID);
  });

  test.each(ENVIRONMENTS)('%s: a database\'s grant Job admin password: version management confined to those secrets, still no value read', (env) => {
    const account = team.applyServiceAccounts[`payments-${env}`];
    const versions = grants.filter((g) => g.member === `serviceAccount:${account}` && g.role === 'roles/secretmanager.secretVersionManager');
    expect(versions.map((g) => [g.project, g.condition?.expression])).toEqual([[
      projectOf(env), 'resource.name.endsWith("-grants-admin") || resource.name.extract("/secrets/{secret}/versions/").endsWith("-grants-admin")',
    ]]);
  });

  test('GP-SEC-005 finds no production grant that reads secret values in the onboarding stacks, and would find Secret Manager Admin back', () => {
    const findings = (json: any) => {
      const view = StackView.fromConfig(json, { productionEnvironments: ['prod'] });
      return view.elements.flatMap((e) => detailsOf(ruleById('GP-SEC-005')!.check(e, view)));
    };
    for (const [name, json] of Object.entries(stacks)) expect({ name, findings: findings(json) }).toEqual({ name, findings: [] });
    const account = team.applyServiceAccounts['payments-prod'];
    const before = structuredClone(stacks['onboarding-payments']);
    const grant = Object.values<any>(before.resource.google_project_iam_member)
      .find((g) => g.member === `serviceAccount:${account}` && g.role.startsWith('${google_project_iam_custom_role.'));
    grant.role = 'roles/secretmanager.admin';
    expect(findings(before)).toEqual([
      `serviceAccount:${account} holds roles/secretmanager.admin on project "${projectOf('prod')}", every secret of which it reads: only the platform's break-glass members may`,
    ]);
  });
});

test('a long team and environment name still give an id Google accepts', () => {
  const prefix = secretManagerApplyRoleIdPrefix('a-very-long-team-name-of-forty-characters', 'production-europe-west');
  expect(`${prefix}_20261207170000`).toMatch(CUSTOM_ROLE_ID);
  expect(prefix).toMatch(/^secretsApply_a_very_long_team_name_of_fort_[0-9a-f]{6}$/);
  expect(`${prefix}_20261207170000`).toHaveLength(64);
  expect(secretManagerApplyRoleIdPrefix('payments', 'prod')).toBe('secretsApply_payments_prod');
});
