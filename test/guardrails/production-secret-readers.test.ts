import { COMPLIANT, NOT_APPLICABLE, nonCompliant, tf, variant } from './util';
import { ruleById } from '../../src/guardrails/packs';
import { complianceOf, detailsOf, RuleCompliance } from '../../src/guardrails/rule';
import { StackView } from '../../src/guardrails/stack-view';

/**
 * GP-SEC-004: in production, a Secret Manager secret is read by its
 * service's own account and the platform's break-glass members alone. Roles
 * that read payloads (secretmanager.versions.access): Secret Accessor and
 * Admin (https://cloud.google.com/iam/docs/roles-permissions/secretmanager),
 * and of the basic roles Owner (https://cloud.google.com/iam/docs/roles-overview#basic,
 * https://cloud.google.com/iam/docs/understanding-roles). Editor and Secret
 * Manager Editor manage secrets and add versions but hold no
 * `secretmanager.versions.access` (the same references; the roles API's
 * permission lists, as the public iann0036/iam-dataset exports them in
 * gcp/roles/editor.json and gcp/roles/secretmanager.editor.json, agree);
 * at project, folder or organization level they read every secret there
 * (https://cloud.google.com/secret-manager/docs/access-control). The service's
 * account is the one GKE's Secret Manager add-on reads as: the Workload
 * Identity of the pod that mounts the SecretProviderClass naming the secret
 * (https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component).
 */

const SA = 'payment-service-prod@acme-payments-prod.iam.gserviceaccount.com';
const SECRET = '${google_secret_manager_secret.stripe.secret_id}';

/** What EnvValue.fromSecretManager makes in production, written as Terraform JSON. */
const SERVICE = tf({
  google_secret_manager_secret: {
    stripe: {
      project: 'acme-payments-prod',
      secret_id: 'payment-service-prod-stripe-api-key',
      replication: { user_managed: { replicas: [{ location: 'europe-west1' }] } },
      labels: { environment: 'prod', service: 'payment-service', team: 'payments' },
    },
  },
  google_secret_manager_secret_iam_member: {
    accessor: { project: 'acme-payments-prod', secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member: `serviceAccount:${SA}` },
  },
  kubernetes_service_account_v1: {
    ksa: { metadata: { name: 'payment-service', namespace: 'payments-prod', annotations: { 'iam.gke.io/gcp-service-account': SA } } },
  },
  kubernetes_manifest: {
    spc: {
      manifest: {
        apiVersion: 'secrets-store.csi.x-k8s.io/v1',
        kind: 'SecretProviderClass',
        metadata: { name: 'payment-service-secrets', namespace: 'payments-prod' },
        spec: { provider: 'gke', parameters: { secrets: '- resourceName: "projects/acme-payments-prod/secrets/payment-service-prod-stripe-api-key/versions/latest"\n  path: "stripe-api-key"\n' } },
      },
    },
  },
  kubernetes_deployment_v1: {
    app: {
      metadata: { name: 'payment-service', namespace: 'payments-prod' },
      spec: {
        template: {
          spec: {
            service_account_name: 'payment-service',
            container: [{ name: 'app', image: 'x' }],
            volume: [{ name: 'secret-manager', csi: { driver: 'secrets-store-gke.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'payment-service-secrets' } } }],
          },
        },
      },
    },
  },
});

function judged(config: any, address: string, breakGlassMembers: string[] = []) {
  const view = StackView.fromConfig(config, { productionEnvironments: ['prod'], breakGlassMembers });
  const element = view.elements.find((e) => e.address === address);
  if (!element) throw new Error(`no element ${address}`);
  const outcome = ruleById('GP-SEC-004')!.check(element, view);
  return { compliance: complianceOf(outcome), details: detailsOf(outcome) };
}

const withGrant = (type: string, grant: Record<string, unknown>) => variant(SERVICE, (c) => {
  c.resource[type] = { ...(c.resource[type] ?? {}), extra: grant };
});

test('the service\'s own account, the one of the pod that mounts the secret, reads it', () => {
  expect(judged(SERVICE, 'google_secret_manager_secret_iam_member.accessor')).toEqual(COMPLIANT);
});

test('a person, a group, another service account or everyone reading a production secret is a finding on the grant', () => {
  for (const member of ['user:alice@acme.com', 'group:payments@acme.com', 'serviceAccount:ledger-prod@acme-payments-prod.iam.gserviceaccount.com', 'allAuthenticatedUsers']) {
    const config = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member });
    expect(judged(config, 'google_secret_manager_secret_iam_member.extra')).toEqual(nonCompliant(
      `${member} reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.secretAccessor on the secret): `
      + `only the account of the workload that mounts it (${SA}) or a break-glass member may`,
    ));
    // The service's own grant stays compliant.
    expect(judged(config, 'google_secret_manager_secret_iam_member.accessor')).toEqual(COMPLIANT);
  }
});

test('a binding or a policy on the secret is read member by member; roles that do not read payloads are not its business', () => {
  const binding = withGrant('google_secret_manager_secret_iam_binding', {
    secret_id: SECRET, role: 'roles/secretmanager.admin', members: [`serviceAccount:${SA}`, 'user:bob@acme.com'],
  });
  expect(judged(binding, 'google_secret_manager_secret_iam_binding.extra').details).toEqual([
    `user:bob@acme.com reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.admin on the secret): only the account of the workload that mounts it (${SA}) or a break-glass member may`,
  ]);
  const policy = withGrant('google_secret_manager_secret_iam_policy', {
    secret_id: SECRET,
    policy_data: JSON.stringify({ bindings: [{ role: 'roles/owner', members: ['group:ops@acme.com'] }, { role: 'roles/secretmanager.viewer', members: ['group:ops@acme.com'] }] }),
  });
  expect(judged(policy, 'google_secret_manager_secret_iam_policy.extra').details).toEqual([
    `group:ops@acme.com reads production secret "payment-service-prod-stripe-api-key" (roles/owner on the secret): only the account of the workload that mounts it (${SA}) or a break-glass member may`,
  ]);
  for (const role of ['roles/secretmanager.viewer', 'roles/secretmanager.secretVersionAdder', 'roles/secretmanager.secretVersionManager']) {
    expect(judged(withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role, member: 'user:alice@acme.com' }), 'google_secret_manager_secret_iam_member.extra')).toEqual(COMPLIANT);
  }
});

test('Editor and Secret Manager Editor read no payload: not a finding, on the secret or its project', () => {
  for (const role of ['roles/editor', 'roles/secretmanager.editor']) {
    expect({ role, verdict: judged(withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role, member: 'user:alice@acme.com' }), 'google_secret_manager_secret_iam_member.extra') })
      .toEqual({ role, verdict: COMPLIANT });
    expect({ role, verdict: judged(withGrant('google_project_iam_member', { project: 'acme-payments-prod', role, member: 'user:alice@acme.com' }), 'google_project_iam_member.extra') })
      .toEqual({ role, verdict: COMPLIANT });
  }
});

test('a custom role of the stack reads when its permissions hold secretmanager.versions.access', () => {
  const custom = (permissions: string[]) => variant(withGrant('google_secret_manager_secret_iam_member', {
    secret_id: SECRET, role: '${google_project_iam_custom_role.r.id}', member: 'user:alice@acme.com',
  }), (c) => {
    c.resource.google_project_iam_custom_role = { r: { project: 'acme-payments-prod', role_id: 'r', title: 'r', permissions } };
  });
  expect(judged(custom(['secretmanager.secrets.get']), 'google_secret_manager_secret_iam_member.extra')).toEqual(COMPLIANT);
  expect(judged(custom(['secretmanager.versions.access']), 'google_secret_manager_secret_iam_member.extra').details).toEqual([
    'user:alice@acme.com reads production secret "payment-service-prod-stripe-api-key" (custom role google_project_iam_custom_role.r (with secretmanager.versions.access) on the secret): '
    + `only the account of the workload that mounts it (${SA}) or a break-glass member may`,
  ]);
});

test('a custom role or a role known only at apply may read: a finding', () => {
  const custom = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'projects/acme-payments-prod/roles/reader', member: 'user:alice@acme.com' });
  expect(judged(custom, 'google_secret_manager_secret_iam_member.extra').details).toEqual([
    'user:alice@acme.com reads production secret "payment-service-prod-stripe-api-key" (projects/acme-payments-prod/roles/reader on the secret, which may read payloads (its permissions are not in the configuration)): '
    + `only the account of the workload that mounts it (${SA}) or a break-glass member may`,
  ]);
  const computed = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: '${var.role}', member: 'user:alice@acme.com' });
  expect(judged(computed, 'google_secret_manager_secret_iam_member.extra').compliance).toBe(RuleCompliance.NON_COMPLIANT);
});

test('a reading role on the secret\'s project, folder or organization reads every secret there: a finding for anyone, the service\'s account too', () => {
  const project = withGrant('google_project_iam_member', { project: 'acme-payments-prod', role: 'roles/secretmanager.secretAccessor', member: `serviceAccount:${SA}` });
  expect(judged(project, 'google_project_iam_member.extra')).toEqual(nonCompliant(
    `serviceAccount:${SA} reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.secretAccessor on project "acme-payments-prod", every secret of which it reads): `
    + 'a role there reads every secret, so only a break-glass member may hold it',
  ));
  const folder = withGrant('google_folder_iam_member', { folder: 'folders/123', role: 'roles/owner', member: 'group:platform@acme.com' });
  expect(judged(folder, 'google_folder_iam_member.extra').compliance).toBe(RuleCompliance.NON_COMPLIANT);
  // Another project's grants, and project roles that read no secret, are not its business.
  expect(judged(withGrant('google_project_iam_member', { project: 'acme-ledger-prod', role: 'roles/secretmanager.admin', member: 'user:a@acme.com' }), 'google_project_iam_member.extra')).toEqual(NOT_APPLICABLE);
  expect(judged(withGrant('google_project_iam_member', { project: 'acme-payments-prod', role: 'roles/cloudsql.client', member: 'user:a@acme.com' }), 'google_project_iam_member.extra')).toEqual(COMPLIANT);
});

test('the platform\'s break-glass members may read, on the secret or its project', () => {
  const config = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member: 'group:break-glass@acme.com' });
  expect(judged(config, 'google_secret_manager_secret_iam_member.extra', ['group:break-glass@acme.com'])).toEqual(COMPLIANT);
  expect(judged(config, 'google_secret_manager_secret_iam_member.extra', ['group:other@acme.com']).compliance).toBe(RuleCompliance.NON_COMPLIANT);
  const project = withGrant('google_project_iam_member', { project: 'acme-payments-prod', role: 'roles/secretmanager.secretAccessor', member: 'group:break-glass@acme.com' });
  expect(judged(project, 'google_project_iam_member.extra', ['group:break-glass@acme.com'])).toEqual(COMPLIANT);
});

test('a secret no workload of the stack mounts may be read by one service account, not by two, nor by a person', () => {
  const unmounted = variant(SERVICE, (c) => {
    delete c.resource.kubernetes_manifest;
  });
  expect(judged(unmounted, 'google_secret_manager_secret_iam_member.accessor')).toEqual(COMPLIANT);
  const two = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:ledger-prod@acme-payments-prod.iam.gserviceaccount.com' });
  delete two.resource.kubernetes_manifest;
  expect(judged(two, 'google_secret_manager_secret_iam_member.extra').details).toEqual([
    'serviceAccount:ledger-prod@acme-payments-prod.iam.gserviceaccount.com reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.secretAccessor on the secret): '
    + 'one of 2 service accounts that read it, and a secret is its service\'s alone',
  ]);
  const person = withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member: 'user:alice@acme.com' });
  delete person.resource.kubernetes_manifest;
  expect(judged(person, 'google_secret_manager_secret_iam_member.extra').details).toEqual([
    'user:alice@acme.com reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.secretAccessor on the secret): only its service\'s account or a break-glass member may',
  ]);
});

test('a secret named by its literal id or full name is the same secret', () => {
  for (const secretId of ['payment-service-prod-stripe-api-key', 'projects/acme-payments-prod/secrets/payment-service-prod-stripe-api-key']) {
    const config = withGrant('google_secret_manager_secret_iam_member', { project: 'acme-payments-prod', secret_id: secretId, role: 'roles/secretmanager.secretAccessor', member: 'user:alice@acme.com' });
    expect(judged(config, 'google_secret_manager_secret_iam_member.extra').compliance).toBe(RuleCompliance.NON_COMPLIANT);
  }
});

test('outside production, anyone the team grants may read: not its business', () => {
  const dev = variant(withGrant('google_secret_manager_secret_iam_member', { secret_id: SECRET, role: 'roles/secretmanager.secretAccessor', member: 'user:alice@acme.com' }), (c) => {
    c.resource.google_secret_manager_secret.stripe.labels.environment = 'dev';
    c.resource.google_secret_manager_secret.stripe.secret_id = 'payment-service-dev-stripe-api-key';
  });
  expect(judged(dev, 'google_secret_manager_secret_iam_member.extra')).toEqual(NOT_APPLICABLE);
});

test('a service account named by reference is that account: one reader of a secret no workload mounts, as a database\'s grant Job reads its admin password', () => {
  const grantJob = tf({
    google_secret_manager_secret: { admin: { project: 'acme-payments-prod', secret_id: 'payments-db-prod-grants-admin', labels: { environment: 'prod' } } },
    google_service_account: { grants: { project: 'acme-payments-prod', account_id: 'payments-db-prod-grants' } },
    google_secret_manager_secret_iam_member: {
      accessor: { project: 'acme-payments-prod', secret_id: '${google_secret_manager_secret.admin.secret_id}', role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:${google_service_account.grants.email}' },
    },
  });
  expect(judged(grantJob, 'google_secret_manager_secret_iam_member.accessor')).toEqual(COMPLIANT);
  const second = variant(grantJob, (c) => {
    c.resource.google_secret_manager_secret_iam_member.other = {
      secret_id: '${google_secret_manager_secret.admin.secret_id}', role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:payments-deployer@acme-payments-prod.iam.gserviceaccount.com',
    };
  });
  expect(judged(second, 'google_secret_manager_secret_iam_member.accessor').details).toEqual([
    'serviceAccount:payments-db-prod-grants@acme-payments-prod.iam.gserviceaccount.com reads production secret "payments-db-prod-grants-admin" (roles/secretmanager.secretAccessor on the secret): '
    + 'one of 2 service accounts that read it, and a secret is its service\'s alone',
  ]);
  // Any other expression cannot be judged: a finding.
  const computed = variant(grantJob, (c) => {
    c.resource.google_secret_manager_secret_iam_member.accessor.member = '${var.reader}';
  });
  expect(judged(computed, 'google_secret_manager_secret_iam_member.accessor').details).toEqual([
    expect.stringMatching(/^member is the expression "\$\{var\.reader\}", known only at apply, so it cannot be judged, and it may read production secret "payments-db-prod-grants-admin"/),
  ]);
});
