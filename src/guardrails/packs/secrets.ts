import { GuardrailLevel, GuardrailPack, type BuiltInRuleDefinition } from '../rule';
import { noLiteralSecrets } from '../rules/secrets/no-literal-secrets';
import { secretProviderClassNoSync } from '../rules/secrets/secret-provider-class';

/** The Secrets pack: no literal secret anywhere in the configuration, and no mounted secret copied into a Kubernetes Secret. */
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
    message: 'A SecretProviderClass copies the secrets it mounts into a Kubernetes Secret, where every value sits in etcd and anyone who may read Secrets in the namespace reads it.',
    fix: 'Remove spec.secretObjects and read the mounted files (EnvValue.fromSecretManager sets <NAME>_FILE to the file\'s path).',
  },
];
