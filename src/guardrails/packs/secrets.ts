import { MANIFEST_TYPE } from '../manifest';
import { GuardrailLevel, GuardrailPack, resourcesOf, scopeOf, type BuiltInRuleDefinition } from '../rule';
import { isIamResource } from '../rules/google/iam';
import { kubernetesSecretLiteralData, kubernetesSecretLiteralDataScope } from '../rules/secrets/kubernetes-secret-literal-data';
import { noLiteralSecrets } from '../rules/secrets/no-literal-secrets';
import { productionProjectSecretReaders } from '../rules/secrets/production-project-secret-readers';
import { productionSecretReaders } from '../rules/secrets/production-secret-readers';
import { secretProviderClassNoSync } from '../rules/secrets/secret-provider-class';

/**
 * The Secrets pack: no literal secret anywhere in the configuration, no mounted secret copied into a
 * Kubernetes Secret, no Kubernetes Secret with literal data, and no production secret read by anyone
 * but its service's account and the platform's break-glass members, whether the secret's stack or the
 * stack that grants on its project is judged.
 */
export const SECRETS_RULES: readonly BuiltInRuleDefinition[] = [
  {
    id: 'GP-SEC-001',
    pack: GuardrailPack.SECRETS,
    name: 'no-literal-secrets',
    level: GuardrailLevel.ERROR,
    checks: 'no password-, secret-, token- or key-like attribute (or environment variable) holds a literal value, anywhere, including a number, a function call over literals (`${sensitive("...")}`, `${base64decode("...")}`) and the keys of a JSON document or `jsonencode({...})`; values are never echoed',
    check: noLiteralSecrets,
    message: 'A password-, secret-, token- or key-like attribute holds a literal value, which ends up in cdk.tf.json, the state and the repository.',
    fix: 'Take the value from a secret store or a sensitive variable (e.g. a google_secret_manager_secret_version data source, a random_password resource, or IAM authentication with no password at all).',
  },
  {
    id: 'GP-SEC-002',
    pack: GuardrailPack.SECRETS,
    name: 'secret-provider-class-no-sync',
    level: GuardrailLevel.ERROR,
    checks: 'a `SecretProviderClass` (a `kubernetes_manifest`, the Secrets Store CSI driver\'s kind that GKE\'s Secret Manager add-on reads) mounts secrets as files and copies none into a Kubernetes Secret (no `spec.secretObjects`)',
    check: secretProviderClassNoSync,
    judges: resourcesOf(MANIFEST_TYPE),
    message: 'A SecretProviderClass copies the secrets it mounts into a Kubernetes Secret, where every value sits in etcd and anyone who may read Secrets in the namespace reads it.',
    fix: 'Remove spec.secretObjects and read the mounted files (EnvValue.fromSecretManager sets <NAME>_FILE to the file\'s path).',
  },
  {
    id: 'GP-SEC-003',
    pack: GuardrailPack.SECRETS,
    name: 'kubernetes-secret-literal-data',
    level: GuardrailLevel.ERROR,
    checks: 'a Kubernetes Secret Terraform creates (`kubernetes_secret_v1`, `kubernetes_secret`, `kubernetes_secret_v1_data`, or a `kubernetes_manifest` of kind `Secret`) holds no literal value in its data (`data`, `binary_data`, their write-only `_wo` forms, a manifest\'s `stringData`), whatever the keys are named, in a team namespace or any other; values are never echoed',
    check: kubernetesSecretLiteralData,
    judges: kubernetesSecretLiteralDataScope,
    message: 'A Kubernetes Secret made by Terraform holds literal data: the value sits in cdk.tf.json and the repository (and, but for write-only arguments, the state), besides etcd.',
    fix: 'Keep the value in Secret Manager and mount it as a file (EnvValue.fromSecretManager, then golden-paths secret set), or fill the Secret from a reference (a resource attribute, a sensitive variable) instead of a literal.',
  },
  {
    id: 'GP-SEC-004',
    pack: GuardrailPack.SECRETS,
    name: 'production-secret-readers',
    level: GuardrailLevel.ERROR,
    checks: 'in production, a Secret Manager secret is read by its service\'s account alone: a role that reads payloads (`secretAccessor`, `admin`, Owner, a custom role holding `secretmanager.versions.access` or whose permissions the stack does not show) on the secret goes to the Google service account of the workload that mounts it (or, when no workload of the stack mounts it, to one service account), and on its project, folder or organization to nobody; the platform\'s break-glass members (`guardrails.breakGlassMembers`) excepted',
    check: productionSecretReaders,
    judges: scopeOf(isIamResource),
    message: 'A principal other than the secret\'s own service account can read a production secret\'s value.',
    fix: 'Grant roles/secretmanager.secretAccessor on the secret to its service\'s account only (EnvValue.fromSecretManager does); people who must read production secrets in an emergency belong in the platform\'s break-glass group (guardrails.breakGlassMembers in the settings).',
  },
  {
    id: 'GP-SEC-005',
    pack: GuardrailPack.SECRETS,
    name: 'production-project-secret-readers',
    level: GuardrailLevel.ERROR,
    checks: 'in production, a role that reads secret payloads (`secretAccessor`, `admin`, Owner, a custom role holding `secretmanager.versions.access` or whose permissions the stack does not show) granted on a project, a folder or the organization goes to the platform\'s break-glass members alone, judged in the stack that makes the grant even when it holds no secret (the onboarding, which grants the apply identities); a grant on a project whose production secrets are in the same stack is GP-SEC-004\'s',
    check: productionProjectSecretReaders,
    judges: scopeOf(isIamResource),
    message: 'A role granted on a production project, folder or organization reads every secret value there.',
    fix: 'Grant a role that manages secrets without reading them (the onboarding\'s custom role: secretmanager.secrets.* and their IAM, no secretmanager.versions.access), and roles/secretmanager.secretAccessor on one secret to its service\'s account; keep project-wide reading to the platform\'s break-glass group (guardrails.breakGlassMembers in the settings).',
  },
];
