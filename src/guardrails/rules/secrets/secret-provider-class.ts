import { MANIFEST_TYPE, manifestKind } from '../../manifest';
import { ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { block, dig, isExpression, list, literal, unresolved } from '../../values';

/** The kind of the Secrets Store CSI driver's custom resource (`secrets-store.csi.x-k8s.io`), which GKE's Secret Manager add-on reads. */
export const SECRET_PROVIDER_CLASS_KIND = 'SecretProviderClass';

/**
 * A SecretProviderClass (a `kubernetes_manifest` of that kind) mounts
 * secrets as files and copies none into a Kubernetes Secret: no
 * `spec.secretObjects`, the Secrets Store CSI driver's sync
 * (https://secrets-store-csi-driver.sigs.k8s.io/topics/sync-as-kubernetes-secret),
 * which would put every value in etcd, readable by whoever may read Secrets in
 * the namespace. GKE's Secret Manager add-on does not sync
 * (https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component, "Limitations");
 * the open-source driver does.
 */
export function secretProviderClassNoSync(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== MANIFEST_TYPE) return RuleCompliance.NOT_APPLICABLE;
  if (manifestKind(e.config) !== SECRET_PROVIDER_CLASS_KIND) return RuleCompliance.NOT_APPLICABLE;
  const spec = block(dig(block(e.config?.manifest), 'spec'));
  if (isExpression(spec)) return judge([unresolved('manifest.spec', spec)]);
  const sync = spec?.secretObjects;
  if (isExpression(sync)) return judge([unresolved('manifest.spec.secretObjects', sync)]);
  const objects = list(sync);
  return judge(objects.map((o: any, i: number) => `manifest.spec.secretObjects[${i}] copies the mounted secrets into the Kubernetes Secret ${literal(o?.secretName) ?? '(a computed name)'}`));
}
