import { ElementKind, judge, type RuleOutcome, type TerraformElement } from '../../rule';
import { isExpression, literal } from '../../values';

/** Last words that make an attribute secret (`db_password`, `api_token`, `credentials`). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey', 'privatekey', 'secretkey', 'accesskey']);
/** Last two words that make an attribute secret (`private_key`, `client_secret`, `raw_key`). */
const SECRET_PAIRS = new Set([
  'api key', 'private key', 'secret key', 'access key', 'client key', 'auth key', 'signing key', 'master key',
  'raw key', 'client secret', 'access token', 'auth token', 'refresh token', 'bearer token', 'connection string',
]);
/** Words that, after a secret word, still name the secret (`secret_data`, `password_value`). */
const VALUE_WORDS = new Set(['value', 'data', 'string', 'text', 'content', 'wo']);
const SECRET_STEMS = new Set(['password', 'secret', 'token', 'credential', 'credentials', 'passphrase']);
/** Keys never walked: cdktf metadata and meta-arguments that hold addresses, not values. */
const SKIPPED = new Set(['//', 'depends_on', 'lifecycle']);

/** The words of an attribute or key name: `dbPassword`, `DB_PASSWORD`, `db-password` → db, password. */
export function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Whether an attribute or key name says it holds a secret (remembered: configurations repeat the same keys). */
export function isSecretName(name: string): boolean {
  let known = SECRET_NAMES.get(name);
  if (known === undefined) {
    known = judgeName(name);
    if (SECRET_NAMES.size < 10_000) SECRET_NAMES.set(name, known);
  }
  return known;
}
const SECRET_NAMES = new Map<string, boolean>();

function judgeName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  if (w.includes('plaintext')) return true;
  const last = w[w.length - 1];
  if (SECRET_WORDS.has(last)) return true;
  if (w.length >= 2 && SECRET_PAIRS.has(`${w[w.length - 2]} ${last}`)) return true;
  return VALUE_WORDS.has(last) && w.slice(0, -1).some((x) => SECRET_STEMS.has(x));
}

function isLiteralValue(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && !isExpression(value);
}

function walk(value: unknown, path: string, found: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  // A name/value pair (an environment variable, an Actions variable) named like a secret.
  const label = literal(obj.name) ?? literal(obj.variable_name) ?? literal(obj.key);
  if (label !== undefined && isSecretName(label) && isLiteralValue(obj.value)) {
    found.push(`${path ? `${path}.` : ''}value (${label}) is a literal`);
  }
  for (const [key, v] of Object.entries(obj)) {
    if (SKIPPED.has(key)) continue;
    const at = path ? `${path}.${key}` : key;
    if (isLiteralValue(v) && isSecretName(key)) found.push(`${at} is a literal`);
    else walk(v, at, found);
  }
}

/**
 * No password-, secret-, token- or key-like attribute anywhere (resources,
 * data sources, providers, variable defaults, outputs, locals) holds a
 * literal value: secrets come from a secret store or a sensitive input, as a
 * Terraform expression. Values are never echoed in findings.
 */
export function noLiteralSecrets(e: TerraformElement): RuleOutcome {
  const found: string[] = [];
  if ((e.kind === ElementKind.VARIABLE || e.kind === ElementKind.OUTPUT) && isSecretName(e.name)) {
    const attribute = e.kind === ElementKind.VARIABLE ? 'default' : 'value';
    if (isLiteralValue(e.config?.[attribute])) found.push(`${attribute} of ${e.address} is a literal`);
  }
  walk(e.config, '', found);
  return judge(found);
}
