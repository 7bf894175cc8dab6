import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { platformFixture, synth } from './util';
import { buildApp } from '../examples/main';

/**
 * No plaintext secret in synthesized Terraform: every value that holds a
 * credential must be a Terraform reference (`${...}`), so the secret itself
 * only ever exists in the provider and the state, never in the JSON.
 */

/** Attribute names whose value is a credential (the names of references to one, such as `secret_ref`, are not). */
const SECRET_KEY = /(^|_)(password|passwd|secret|token|api_?key|private_?key|client_?key|access_?key|auth_?string|credentials?|plaintext_value|secret_data)$/i;
/** Environment variable names that announce a credential (`DB_PASSWORD`, `REDIS_AUTH`; not `..._AUTHENTICATION`). */
const SECRET_ENV_NAME = /^([A-Za-z0-9]+_)*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|AUTH|AUTH_STRING|CREDENTIALS?)(_[A-Za-z0-9]+)*$/i;
/** Resource types whose data values are all secret. */
const SECRET_DATA = /^(kubernetes_secret(_v1)?|kubernetes_secret_v1_data)$/;
const SECRET_DATA_KEYS = ['data', 'binary_data', 'string_data'];
/** A value that is one Terraform expression and nothing else. */
const REFERENCE = /^\$\{[^]*\}$/;

export interface Finding {
  /** Where in the JSON: `resource.<type>.<name>.<path>`. */
  readonly path: string;
  /** The literal found. */
  readonly value: string;
}

function isLiteral(value: unknown): value is string | number | boolean {
  if (typeof value === 'string') return value.length > 0 && !REFERENCE.test(value);
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Every literal credential in one synthesized stack. */
export function findPlaintextSecrets(json: any): Finding[] {
  const found: Finding[] = [];
  const walk = (node: unknown, path: string, type: string, secretContext: boolean) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, type, secretContext));
      return;
    }
    if (node === null || typeof node !== 'object') {
      if (secretContext && isLiteral(node) && typeof node === 'string') found.push({ path, value: node });
      return;
    }
    const entries = Object.entries(node as Record<string, unknown>).filter(([k]) => k !== '//');
    // { name: "DB_PASSWORD", value: "hunter2" }: an environment variable holding a credential.
    const record = node as Record<string, unknown>;
    // `<NAME>_FILE` holding an absolute path names the file a secret is mounted as (EnvValue.fromSecretManager), not the secret.
    const secretFile = typeof record.name === 'string' && /_FILE$/.test(record.name) && typeof record.value === 'string' && record.value.startsWith('/');
    if (typeof record.name === 'string' && SECRET_ENV_NAME.test(record.name) && isLiteral(record.value) && !secretFile) {
      found.push({ path: `${path}.value`, value: String(record.value) });
    }
    for (const [key, value] of entries) {
      const secretData = SECRET_DATA.test(type) && SECRET_DATA_KEYS.includes(key) && path.split('.').length === 3;
      walk(value, `${path}.${key}`, type, secretContext || secretData || SECRET_KEY.test(key));
    }
  };
  for (const block of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(json[block] ?? {})) {
      for (const [name, attributes] of Object.entries(byName as Record<string, unknown>)) {
        walk(attributes, `${block}.${type}.${name}`, type, false);
      }
    }
  }
  for (const [name, config] of Object.entries(json.provider ?? {})) {
    walk(config, `provider.${name}`, name, false);
  }
  for (const [name, output] of Object.entries(json.output ?? {})) {
    walk({ [name]: (output as any).value }, 'output', 'output', false);
  }
  return found;
}

describe('the example platform has no plaintext secrets', () => {
  const app = buildApp(Testing.app().outdir);
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const synthesized = stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack, true))] as const);

  test('there is something to scan: databases with passwordless users and a redis Secret', () => {
    expect(stacks.length).toBeGreaterThan(0);
    const all = synthesized.map(([, json]) => json);
    const count = (type: string) => all.reduce((n, json) => n + Object.keys(json.resource?.[type] ?? {}).length, 0);
    expect(count('google_sql_database_instance')).toBeGreaterThan(0);
    expect(count('google_redis_instance')).toBeGreaterThan(0);
    expect(count('google_sql_user')).toBeGreaterThan(0);
    expect(count('kubernetes_secret_v1')).toBeGreaterThan(0);
  });

  test.each(stacks.map((s) => s.node.id))('stack %s', (id) => {
    const json = synthesized.find(([name]) => name === id)![1];
    expect(findPlaintextSecrets(json)).toEqual([]);
  });

  test('service users have no password; the grant admin\'s is random and write-only; the redis Secret refers to the instance', () => {
    for (const [, json] of synthesized) {
      const users = Object.values(json.resource?.google_sql_user ?? {}) as any[];
      for (const user of users.filter((u) => u.type !== undefined)) {
        expect(user.type).toBe('CLOUD_IAM_SERVICE_ACCOUNT');
        expect(user.password).toBeUndefined();
        expect(user.password_wo).toBeUndefined();
      }
      // Write-only arguments are never stored in the plan or the state (Terraform 1.11+,
      // https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only):
      // the admin's password is a fresh uuid() held in a local, sent once through
      // google_sql_user.password_wo and google_secret_manager_secret_version.secret_data_wo.
      const admins = users.filter((u) => u.type === undefined);
      expect(admins.length).toBeGreaterThan(0);
      const versions = Object.values(json.resource?.google_secret_manager_secret_version ?? {}) as any[];
      for (const admin of admins) {
        expect(admin.name).toBe('golden_paths_admin');
        expect(admin.password).toBeUndefined();
        const local = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(admin.password_wo)![1];
        expect(json.locals[local]).toBe('${uuid()}');
        expect(admin.password_wo_version).toBe(1);
        expect(versions.filter((v) => v.secret_data_wo === admin.password_wo)).toHaveLength(1);
      }
      for (const version of versions) {
        expect(version.secret_data).toBeUndefined();
        expect(version.secret_data_wo).toMatch(/^\$\{local\.[A-Za-z0-9_-]+\}$/);
      }
      const databaseSecrets = (Object.values(json.resource?.kubernetes_secret_v1 ?? {}) as any[])
        .filter((secret) => secret.metadata.labels?.['golden-paths.dev/database'] !== undefined);
      for (const secret of databaseSecrets) {
        for (const value of Object.values(secret.data ?? {})) {
          expect(value).toMatch(/^\$\{(google_redis_instance\.[^}]+\.auth_string|join\("\\n", google_redis_instance\.[^}]+\.server_ca_certs\[\*\]\.cert\))\}$/);
        }
      }
    }
  });
});

describe('the scanner', () => {
  // The guardrails would refuse this stack (GP-SEC-001): turn them off to test the scanner on its own.
  const { stack } = platformFixture({ guardrails: { enabled: false } });
  new SqlUser(stack, 'user', { instance: 'db', name: 'app', password: 'changeme' });
  new SecretV1(stack, 'secret', { metadata: { name: 'app' }, data: { url: 'postgres://app:hunter2@db/app', ref: '${var.fine}' } });
  new DeploymentV1(stack, 'deployment', {
    metadata: { name: 'app' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          container: [{
            name: 'app',
            image: 'app:1',
            env: [
              { name: 'API_TOKEN', value: 'abc123' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } },
              { name: 'LOG_LEVEL', value: 'info' },
            ],
          }],
        },
      },
    },
  });
  new TerraformOutput(stack, 'leak', { value: { api_key: 'sk-live-1' } });
  const findings = findPlaintextSecrets(synth(stack));

  test('flags literal passwords, Secret data, credential env vars and outputs', () => {
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: expect.stringMatching(/^resource\.google_sql_user\.user\.password$/), value: 'changeme' }),
      expect.objectContaining({ path: expect.stringMatching(/^resource\.kubernetes_secret_v1\.secret\.data\.url$/), value: 'postgres://app:hunter2@db/app' }),
      expect.objectContaining({ path: expect.stringMatching(/\.env\[0\]\.value$/), value: 'abc123' }),
      expect.objectContaining({ path: 'output.leak.api_key', value: 'sk-live-1' }),
    ]));
    expect(findings).toHaveLength(4);
  });

  test('leaves references, key names and plain settings alone', () => {
    const paths = findings.map((f) => f.path).join('\n');
    expect(paths).not.toMatch(/data\.ref|secret_key_ref|LOG_LEVEL|\.name$/);
    expect(findPlaintextSecrets({
      resource: {
        google_sql_database_instance: {
          x: { settings: { database_flags: [{ name: 'cloudsql_iam_authentication', value: 'on' }, { name: 'cloudsql.iam_authentication', value: 'on' }] } },
        },
        kubernetes_secret_v1: { y: { data: { REDIS_AUTH: '${google_redis_instance.r.auth_string}' }, wait_for_service_account_token: false } },
      },
    })).toEqual([]);
    // The path of a mounted secret's file is no secret; a credential in a variable named like one still is.
    const env = (variables: unknown[]) => ({
      resource: { kubernetes_deployment_v1: { d: { spec: { template: { spec: { container: [{ env: variables }] } } } } } },
    });
    expect(findPlaintextSecrets(env([{ name: 'STRIPE_API_KEY_FILE', value: '/var/run/secrets/app/stripe-api-key' }]))).toEqual([]);
    expect(findPlaintextSecrets(env([{ name: 'STRIPE_API_KEY_FILE', value: 'sk_live_1' }, { name: 'STRIPE_API_KEY', value: '/sk_live_1' }])).map((f) => f.value))
      .toEqual(['sk_live_1', '/sk_live_1']);
  });
});
