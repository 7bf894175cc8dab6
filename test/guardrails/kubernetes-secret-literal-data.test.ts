import { COMPLIANT, nonCompliant, NOT_APPLICABLE, tf, verdict } from './util';

/**
 * GP-SEC-003: a Kubernetes Secret made by Terraform holds no literal data.
 * The provider's Secret resources and their data arguments:
 * kubernetes_secret_v1 `data`, `binary_data`, `data_wo`, `binary_data_wo`
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/secret_v1#argument-reference),
 * kubernetes_secret_v1_data `data`
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/secret_v1_data);
 * a Secret manifest's `data`, `stringData`, `binaryData` (https://kubernetes.io/docs/concepts/configuration/secret/).
 */

const VALUE = 'sk_live_51Hx-the-value-under-test';
const metadata = { name: 'payment-provider', namespace: 'payments-prod' };

test('a Secret whose data comes from references is compliant, as the library\'s Redis connection Secret is', () => {
  const config = tf({
    kubernetes_secret_v1: {
      redis: {
        metadata,
        type: 'Opaque',
        data: { REDIS_AUTH: '${google_redis_instance.cache.auth_string}', REDIS_CA_CERT: '${join("\\n", google_redis_instance.cache.server_ca_certs[*].cert)}' },
      },
      whole: { metadata, data: '${var.provider_keys}' },
      empty: { metadata, type: 'kubernetes.io/service-account-token', data: { token: '' } },
    },
  });
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret_v1.redis')).toEqual(COMPLIANT);
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret_v1.whole')).toEqual(COMPLIANT);
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret_v1.empty')).toEqual(COMPLIANT);
});

test('literal data in a team namespace is a finding, whatever the key is named, and the value is never echoed', () => {
  const config = tf({
    kubernetes_secret_v1: {
      s: {
        metadata,
        data: { STRIPE: VALUE, PORT: 8443, WRAPPED: `\${sensitive("${VALUE}")}`, REF: '${var.ok}' },
        binary_data: { cert: Buffer.from(VALUE).toString('base64') },
        data_wo: { KEY: VALUE },
        data_wo_revision: 1,
      },
    },
    kubernetes_secret: { old: { metadata, data: { api: VALUE } } },
    kubernetes_secret_v1_data: { d: { metadata, data: { webhook: VALUE } } },
  });
  const found = verdict('GP-SEC-003', config, 'kubernetes_secret_v1.s');
  expect(found).toEqual(nonCompliant(
    'data["STRIPE"] is a literal', 'data["PORT"] is a literal number', 'data["WRAPPED"] is a literal inside a function call',
    'binary_data["cert"] is a literal', 'data_wo["KEY"] is a literal',
  ));
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret.old')).toEqual(nonCompliant('data["api"] is a literal'));
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret_v1_data.d')).toEqual(nonCompliant('data["webhook"] is a literal'));
  expect(JSON.stringify(found)).not.toContain(VALUE);
  expect(JSON.stringify(found)).not.toContain(Buffer.from(VALUE).toString('base64'));
});

test('a data map written whole as a constant expression is a finding', () => {
  const config = tf({ kubernetes_secret_v1: { s: { metadata, data: `\${tomap({ key = "${VALUE}" })}` } } });
  expect(verdict('GP-SEC-003', config, 'kubernetes_secret_v1.s')).toEqual(nonCompliant('data is a literal inside a function call'));
});

test('a Secret written as a kubernetes_manifest is judged the same (GP-K8S-016 refuses its kind too)', () => {
  const manifest = (extra: Record<string, unknown>) => ({ manifest: { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', ...extra } });
  const config = tf({
    kubernetes_manifest: {
      literal: manifest({ stringData: { token: VALUE }, data: { key: Buffer.from(VALUE).toString('base64') } }),
      computed: manifest({ data: { key: '${base64encode(random_password.p.result)}' } }),
    },
  });
  expect(verdict('GP-SEC-003', config, 'kubernetes_manifest.literal')).toEqual(nonCompliant('manifest.data["key"] is a literal', 'manifest.stringData["token"] is a literal'));
  expect(verdict('GP-SEC-003', config, 'kubernetes_manifest.computed')).toEqual(COMPLIANT);
  expect(verdict('GP-K8S-016', config, 'kubernetes_manifest.computed').compliance).toBe('NON_COMPLIANT');
});

test('a ConfigMap, another manifest and a Secret read as a data source are not its business', () => {
  const config = tf({
    kubernetes_config_map_v1: { c: { metadata, data: { LOG_LEVEL: 'info' } } },
    kubernetes_manifest: { cm: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: 'b' } } } },
  }, { data: { kubernetes_secret_v1: { read: { metadata } } } });
  expect(verdict('GP-SEC-003', config, 'kubernetes_config_map_v1.c')).toEqual(NOT_APPLICABLE);
  expect(verdict('GP-SEC-003', config, 'kubernetes_manifest.cm')).toEqual(NOT_APPLICABLE);
  expect(verdict('GP-SEC-003', config, 'data.kubernetes_secret_v1.read')).toEqual(NOT_APPLICABLE);
});
