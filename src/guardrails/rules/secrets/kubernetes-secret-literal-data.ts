import { how, isLiteralValue } from './no-literal-secrets';
import { MANIFEST_TYPE, manifestKind } from '../../manifest';
import { type ElementScope, ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { block, isConstantExpression, isExpression, literal } from '../../values';

/**
 * The data attributes of the Kubernetes provider's Secret resources, whose
 * every value is secret: `kubernetes_secret_v1` (and its older name
 * `kubernetes_secret`) `data`, `binary_data` and their write-only forms
 * `data_wo`, `binary_data_wo`
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/secret_v1#argument-reference);
 * `kubernetes_secret_v1_data` `data`
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/secret_v1_data).
 * A write-only argument is kept out of the state, not out of `cdk.tf.json`.
 */
const DATA_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  kubernetes_secret_v1: ['data', 'binary_data', 'data_wo', 'binary_data_wo'],
  kubernetes_secret: ['data', 'binary_data', 'data_wo', 'binary_data_wo'],
  kubernetes_secret_v1_data: ['data'],
};

/** A Secret written as a `kubernetes_manifest`: its `data`, `stringData` and `binaryData` (the API's names). */
const MANIFEST_DATA = ['data', 'stringData', 'binaryData'];

/** The literal values of one data map (by key, never by value), or the map itself written as a constant. */
function literalData(map: unknown, at: string): string[] {
  if (typeof map === 'string') return isExpression(map) && isConstantExpression(map) ? [`${at} is a literal inside a function call`] : [];
  const entries = block(map);
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) return [];
  return Object.entries(entries)
    .filter(([, value]) => isLiteralValue(value))
    .map(([key, value]) => `${at}[${JSON.stringify(key)}] is ${how(value)}`);
}

/**
 * A Kubernetes Secret that Terraform creates holds no literal data: every
 * value of its data is a Terraform expression that reads it from elsewhere (a
 * resource's attribute, a sensitive variable), never a value written in the
 * configuration, where it would sit in `cdk.tf.json`, the repository and
 * (but for write-only arguments) the state, besides etcd. A service's own
 * secrets belong in Secret Manager, mounted as files
 * (`EnvValue.fromSecretManager`). Judged in every namespace, team
 * namespaces included; values are never echoed.
 */
export function kubernetesSecretLiteralData(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE) return RuleCompliance.NOT_APPLICABLE;
  const attributes = DATA_ATTRIBUTES[e.elementType];
  if (attributes !== undefined) return judge(attributes.flatMap((a) => literalData(e.config?.[a], a)));
  if (e.elementType !== MANIFEST_TYPE || manifestKind(e.config) !== 'Secret') return RuleCompliance.NOT_APPLICABLE;
  const manifest = block(e.config?.manifest);
  if (literal(manifest?.apiVersion) !== undefined && literal(manifest.apiVersion) !== 'v1') return RuleCompliance.NOT_APPLICABLE;
  return judge(MANIFEST_DATA.flatMap((a) => literalData(manifest?.[a], `manifest.${a}`)));
}

/** The elements GP-SEC-003 judges: Secret resources, and manifests (of which it judges the Secrets). */
export const kubernetesSecretLiteralDataScope: ElementScope = (kind, type) =>
  kind === ElementKind.RESOURCE && (DATA_ATTRIBUTES[type] !== undefined || type === MANIFEST_TYPE);
