import { COMPLIANT, NOT_APPLICABLE, nonCompliant, tf, variant } from './util';
import { ruleById } from '../../src/guardrails/packs';
import { complianceOf, detailsOf, RuleCompliance } from '../../src/guardrails/rule';
import { StackView } from '../../src/guardrails/stack-view';

/**
 * GP-SEC-005: in production, a role that reads secret payloads
 * (`secretmanager.versions.access`) granted on a project, a folder or the
 * organization reads every secret there, so only the platform's break-glass
 * members may hold it. GP-SEC-004 judges the stack that holds the secrets; this
 * rule judges the stack that makes the grant, which may hold no secret at all:
 * the platform's onboarding stack, where the environments' apply identities get
 * their roles.
 *
 * Which roles read payloads, from Google's IAM roles reference:
 * - "Secret Manager roles and permissions"
 *   (https://cloud.google.com/iam/docs/roles-permissions/secretmanager): Secret
 *   Manager Admin holds `secretmanager.*`, Secret Accessor holds
 *   `secretmanager.versions.access`; Secret Manager Editor
 *   (`roles/secretmanager.editor`), Viewer, Secret Version Adder and Secret
 *   Version Manager manage secrets or versions and hold no `versions.access`.
 * - The basic roles ("Roles overview", https://cloud.google.com/iam/docs/roles-overview#basic;
 *   their permission lists, "IAM basic and predefined roles reference",
 *   https://cloud.google.com/iam/docs/understanding-roles): Owner holds
 *   `secretmanager.versions.access`; Editor holds the secrets' management
 *   permissions and `versions.add` but not `versions.access` (the roles API's
 *   `roles.get` for roles/editor and roles/owner, as exported in the public
 *   iann0036/iam-dataset, gcp/roles/editor.json and owner.json, agrees).
 * - A custom role reads when its `permissions` hold `secretmanager.versions.access`
 *   (google_project_iam_custom_role,
 *   https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/project_iam_custom_role).
 */

const APPLY = 'serviceAccount:payments-apply-prod@acme-prod.iam.gserviceaccount.com';

/** The grant the platform's onboarding stack made before: the production apply identity's Secret Manager Admin on its project. */
const ONBOARDING = tf({
  google_project_iam_member: {
    apply_secrets: { project: 'acme-payments-prod', role: 'roles/secretmanager.admin', member: APPLY },
  },
});

function judged(config: any, address: string, breakGlassMembers: string[] = []) {
  const view = StackView.fromConfig(config, { productionEnvironments: ['prod'], breakGlassMembers });
  const element = view.elements.find((e) => e.address === address);
  if (!element) throw new Error(`no element ${address}`);
  const outcome = ruleById('GP-SEC-005')!.check(element, view);
  return { compliance: complianceOf(outcome), details: detailsOf(outcome) };
}

const withRole = (role: string, project = 'acme-payments-prod') => variant(ONBOARDING, (c) => {
  c.resource.google_project_iam_member.apply_secrets.role = role;
  c.resource.google_project_iam_member.apply_secrets.project = project;
});

test('the production apply identity holding Secret Manager Admin on its project is a finding in the stack that grants it', () => {
  expect(judged(ONBOARDING, 'google_project_iam_member.apply_secrets')).toEqual(nonCompliant(
    `${APPLY} holds roles/secretmanager.admin on project "acme-payments-prod", every secret of which it reads: only the platform's break-glass members may`,
  ));
  // The shared project of a platform without team projects is production's too.
  expect(judged(withRole('roles/secretmanager.admin', 'acme-prod'), 'google_project_iam_member.apply_secrets').compliance).toBe(RuleCompliance.NON_COMPLIANT);
});

test('Secret Accessor and Owner read payloads; Editor, Secret Manager Editor, Viewer and the version roles do not', () => {
  for (const role of ['roles/secretmanager.secretAccessor', 'roles/owner']) {
    expect({ role, compliance: judged(withRole(role), 'google_project_iam_member.apply_secrets').compliance }).toEqual({ role, compliance: RuleCompliance.NON_COMPLIANT });
  }
  for (const role of ['roles/editor', 'roles/secretmanager.editor', 'roles/secretmanager.viewer', 'roles/secretmanager.secretVersionAdder',
    'roles/secretmanager.secretVersionManager', 'roles/viewer', 'roles/cloudsql.admin']) {
    expect({ role, verdict: judged(withRole(role), 'google_project_iam_member.apply_secrets') }).toEqual({ role, verdict: COMPLIANT });
  }
});

test('a custom role of the stack is judged by its permissions; one whose permissions the stack does not show may read', () => {
  const custom = (permissions: unknown) => variant(ONBOARDING, (c) => {
    c.resource.google_project_iam_custom_role = {
      secrets: { project: 'acme-payments-prod', role_id: 'secretsApply_payments_prod', title: 'Secrets apply', permissions },
    };
    c.resource.google_project_iam_member.apply_secrets.role = '${google_project_iam_custom_role.secrets.name}';
  });
  // What the onboarding makes: secrets and their IAM, no value.
  const manage = ['secretmanager.secrets.create', 'secretmanager.secrets.delete', 'secretmanager.secrets.get',
    'secretmanager.secrets.getIamPolicy', 'secretmanager.secrets.setIamPolicy', 'secretmanager.secrets.update'];
  expect(judged(custom(manage), 'google_project_iam_member.apply_secrets')).toEqual(COMPLIANT);
  expect(judged(custom([...manage, 'secretmanager.versions.access']), 'google_project_iam_member.apply_secrets')).toEqual(nonCompliant(
    `${APPLY} holds custom role google_project_iam_custom_role.secrets (with secretmanager.versions.access) on project "acme-payments-prod", every secret of which it reads: `
    + 'only the platform\'s break-glass members may',
  ));
  // Named by its full name instead of a reference: the same role.
  const byName = variant(custom([...manage, 'secretmanager.versions.access']), (c) => {
    c.resource.google_project_iam_member.apply_secrets.role = 'projects/acme-payments-prod/roles/secretsApply_payments_prod';
  });
  expect(judged(byName, 'google_project_iam_member.apply_secrets').compliance).toBe(RuleCompliance.NON_COMPLIANT);
  expect(judged(variant(byName, (c) => {
    c.resource.google_project_iam_custom_role.secrets.permissions = manage;
  }), 'google_project_iam_member.apply_secrets')).toEqual(COMPLIANT);
  // A custom role defined elsewhere, or permissions known only at apply: it may read.
  expect(judged(withRole('projects/acme-payments-prod/roles/elsewhere'), 'google_project_iam_member.apply_secrets').details).toEqual([
    `${APPLY} holds projects/acme-payments-prod/roles/elsewhere on project "acme-payments-prod", every secret of which it reads, which may read payloads (its permissions are not in the configuration): `
    + 'only the platform\'s break-glass members may',
  ]);
  expect(judged(custom('${var.permissions}'), 'google_project_iam_member.apply_secrets').compliance).toBe(RuleCompliance.NON_COMPLIANT);
  expect(judged(withRole('${var.role}'), 'google_project_iam_member.apply_secrets').compliance).toBe(RuleCompliance.NON_COMPLIANT);
});

test('the platform\'s break-glass members may hold it; bindings and policies are read member by member', () => {
  const breakGlass = variant(ONBOARDING, (c) => {
    c.resource.google_project_iam_member.apply_secrets.member = 'group:break-glass@acme.com';
  });
  expect(judged(breakGlass, 'google_project_iam_member.apply_secrets', ['group:break-glass@acme.com'])).toEqual(COMPLIANT);
  expect(judged(breakGlass, 'google_project_iam_member.apply_secrets').compliance).toBe(RuleCompliance.NON_COMPLIANT);
  const binding = tf({
    google_project_iam_binding: {
      readers: { project: 'acme-payments-prod', role: 'roles/secretmanager.secretAccessor', members: ['group:break-glass@acme.com', 'user:bob@acme.com'] },
    },
  });
  expect(judged(binding, 'google_project_iam_binding.readers', ['group:break-glass@acme.com'])).toEqual(nonCompliant(
    'user:bob@acme.com holds roles/secretmanager.secretAccessor on project "acme-payments-prod", every secret of which it reads: only the platform\'s break-glass members may',
  ));
  const policy = tf({
    google_project_iam_policy: {
      all: { project: 'acme-payments-prod', policy_data: JSON.stringify({ bindings: [{ role: 'roles/owner', members: ['user:carol@acme.com'] }, { role: 'roles/viewer', members: ['user:dan@acme.com'] }] }) },
    },
  });
  expect(judged(policy, 'google_project_iam_policy.all').details).toEqual([
    'user:carol@acme.com holds roles/owner on project "acme-payments-prod", every secret of which it reads: only the platform\'s break-glass members may',
  ]);
});

test('a folder or the organization reaches every production project under it', () => {
  const folder = tf({ google_folder_iam_member: { f: { folder: 'folders/123', role: 'roles/secretmanager.secretAccessor', member: 'group:platform@acme.com' } } });
  expect(judged(folder, 'google_folder_iam_member.f')).toEqual(nonCompliant(
    'group:platform@acme.com holds roles/secretmanager.secretAccessor on a folder, every production secret under which it reads: only the platform\'s break-glass members may',
  ));
  const org = tf({ google_organization_iam_member: { o: { org_id: '42', role: 'roles/owner', member: 'user:ceo@acme.com' } } });
  expect(judged(org, 'google_organization_iam_member.o').compliance).toBe(RuleCompliance.NON_COMPLIANT);
});

test('a member known only at apply cannot be judged: a finding', () => {
  const computed = variant(ONBOARDING, (c) => {
    c.resource.google_project_iam_member.apply_secrets.member = '${var.member}';
  });
  expect(judged(computed, 'google_project_iam_member.apply_secrets').details).toEqual([
    'member is the expression "${var.member}", known only at apply, so it cannot be judged, and it holds roles/secretmanager.admin on project "acme-payments-prod", every secret of which it reads',
  ]);
});

test('outside production, and in a stack that holds the project\'s production secrets (GP-SEC-004 names them), not its business', () => {
  expect(judged(withRole('roles/secretmanager.admin', 'acme-payments-dev'), 'google_project_iam_member.apply_secrets')).toEqual(NOT_APPLICABLE);
  const withSecret = variant(ONBOARDING, (c) => {
    c.resource.google_secret_manager_secret = {
      stripe: { project: 'acme-payments-prod', secret_id: 'payment-service-prod-stripe-api-key', labels: { environment: 'prod' } },
    };
  });
  expect(judged(withSecret, 'google_project_iam_member.apply_secrets')).toEqual(NOT_APPLICABLE);
  const view = StackView.fromConfig(withSecret, { productionEnvironments: ['prod'] });
  const grant = view.elements.find((e) => e.address === 'google_project_iam_member.apply_secrets')!;
  expect(complianceOf(ruleById('GP-SEC-004')!.check(grant, view))).toBe(RuleCompliance.NON_COMPLIANT);
});
