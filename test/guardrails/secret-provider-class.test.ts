import { COMPLIANT, nonCompliant, NOT_APPLICABLE, tf, verdict } from './util';

/**
 * GP-SEC-002: a SecretProviderClass mounts secrets as files and syncs none
 * into a Kubernetes Secret (`spec.secretObjects`, the Secrets Store CSI
 * driver's "Sync as Kubernetes Secret",
 * https://secrets-store-csi-driver.sigs.k8s.io/topics/sync-as-kubernetes-secret);
 * GP-K8S-016 counts the kind as judged.
 */

const spc = (spec: unknown) => ({
  manifest: {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: 'api-secrets', namespace: 'payments-prod' },
    spec,
  },
});
const PARAMETERS = { secrets: '- resourceName: "projects/acme/secrets/api-prod-key/versions/latest"\n  path: "key"\n' };

test('a class that only mounts is compliant, and GP-K8S-016 counts its kind as judged', () => {
  const config = tf({ kubernetes_manifest: { spc: spc({ provider: 'gke', parameters: PARAMETERS }) } });
  expect(verdict('GP-SEC-002', config, 'kubernetes_manifest.spc')).toEqual(COMPLIANT);
  expect(verdict('GP-K8S-016', config, 'kubernetes_manifest.spc')).toEqual(COMPLIANT);
});

test('a class that syncs into Kubernetes Secrets is a finding, naming each Secret', () => {
  const config = tf({
    kubernetes_manifest: {
      spc: spc({
        provider: 'gcp',
        parameters: PARAMETERS,
        secretObjects: [{ secretName: 'api-key', type: 'Opaque', data: [{ objectName: 'key', key: 'KEY' }] }, { secretName: '${var.name}', type: 'Opaque' }],
      }),
    },
  });
  expect(verdict('GP-SEC-002', config, 'kubernetes_manifest.spc')).toEqual(nonCompliant(
    'manifest.spec.secretObjects[0] copies the mounted secrets into the Kubernetes Secret api-key',
    'manifest.spec.secretObjects[1] copies the mounted secrets into the Kubernetes Secret (a computed name)',
  ));
});

test('a spec or a sync known only at apply cannot be judged, and is a finding', () => {
  const computed = tf({ kubernetes_manifest: { a: spc('${local.spec}'), b: spc({ provider: 'gke', parameters: PARAMETERS, secretObjects: '${local.sync}' }) } });
  expect(verdict('GP-SEC-002', computed, 'kubernetes_manifest.a').compliance).toBe('NON_COMPLIANT');
  expect(verdict('GP-SEC-002', computed, 'kubernetes_manifest.b').compliance).toBe('NON_COMPLIANT');
});

test('other manifests and resources are not its business', () => {
  const config = tf({
    kubernetes_manifest: { cm: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'payments-prod' }, data: {} } } },
    kubernetes_secret_v1: { s: { metadata: { name: 'x', namespace: 'payments-prod' } } },
  });
  expect(verdict('GP-SEC-002', config, 'kubernetes_manifest.cm')).toEqual(NOT_APPLICABLE);
  expect(verdict('GP-SEC-002', config, 'kubernetes_secret_v1.s')).toEqual(NOT_APPLICABLE);
  // Any other custom resource still needs a suppression.
  const other = tf({ kubernetes_manifest: { x: { manifest: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x', namespace: 'payments-prod' } } } } });
  expect(verdict('GP-K8S-016', other, 'kubernetes_manifest.x').compliance).toBe('NON_COMPLIANT');
});
