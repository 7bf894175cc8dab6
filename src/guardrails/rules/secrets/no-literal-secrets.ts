import { ElementKind, judge, type RuleOutcome, type TerraformElement } from '../../rule';
import { constantExpressionPairs, isConstantExpression, isExpression, JSON_DOCUMENT, literal, type PathStep, pathText } from '../../values';

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

/**
 * Every word {@link judgeName} can find secret contains one of these (lower case): a name whose lower case
 * holds none is no secret's, told without splitting it into words: most names a configuration holds are
 * values (`metadata.name`, a variable's name) read once each, more of them than are remembered.
 */
const SECRET_FRAGMENTS = /plaintext|passw|pwd|passphrase|secret|token|credential|key|string/;

/** Whether an attribute or key name says it holds a secret (remembered: configurations repeat the same keys). */
export function isSecretName(name: string): boolean {
  let known = SECRET_NAMES.get(name);
  if (known === undefined) {
    known = SECRET_FRAGMENTS.test(name.toLowerCase()) && judgeName(name);
    if (SECRET_NAMES.size < 10_000) SECRET_NAMES.set(name, known);
  }
  return known;
}
const SECRET_NAMES = new Map<string, boolean>();

/** Whether a name's words say it holds a secret (the reading {@link isSecretName} short cuts). */
export function judgeName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  if (w.includes('plaintext')) return true;
  const last = w[w.length - 1];
  if (SECRET_WORDS.has(last)) return true;
  if (w.length >= 2 && SECRET_PAIRS.has(`${w[w.length - 2]} ${last}`)) return true;
  return VALUE_WORDS.has(last) && w.slice(0, -1).some((x) => SECRET_STEMS.has(x));
}

/**
 * Whether a value is written in the configuration: a literal string or
 * number, a list of them, or an expression computed from literals alone
 * (`${sensitive("hunter2")}`, `${base64decode("aHVudGVyMg==")}`): Terraform
 * reads all of these as the same value, and each lands in cdk.tf.json.
 */
export function isLiteralValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.length > 0 && value.every(isLiteralValue);
  if (typeof value !== 'string' || value.trim() === '') return false;
  return !isExpression(value) || isConstantExpression(value);
}

/** How a literal value is written, for the detail (never the value itself). */
export function how(value: unknown): string {
  if (typeof value === 'number') return 'a literal number';
  if (typeof value === 'string' && isExpression(value)) return 'a literal inside a function call';
  return 'a literal';
}

/** A JSON document written as a literal string (`"{\"password\": \"x\"}"`), parsed; undefined for any other string. */
function jsonDocument(value: string): unknown {
  // A string that starts with a printable character other than a bracket is none, told without trimming it.
  const first = value.charCodeAt(0);
  if (first > 0x20 && first < 0x7f && first !== 0x7b && first !== 0x5b) return undefined;
  const text = value.trim();
  if (!(text.startsWith('{') && text.endsWith('}')) && !(text.startsWith('[') && text.endsWith(']'))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Secret-named keys of the object constructors inside a constant expression (`${jsonencode({ db_password = "x" })}`). */
function walkExpression(value: string, steps: readonly PathStep[], found: string[]): void {
  for (const pair of constantExpressionPairs(value) ?? []) {
    if (pair.literal && isSecretName(pair.key)) found.push(`${pathText(steps)} holds ${pair.key} as a literal inside a function call`);
  }
}

function walk(value: unknown, steps: PathStep[], found: string[], depth = 0): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      steps.push(i);
      walk(value[i], steps, found, depth);
      steps.pop();
    }
    return;
  }
  if (typeof value === 'string') {
    // A JSON document or an encoded object in a string attribute keeps its keys: judge them too.
    const expression = isExpression(value);
    const document = depth < 4 && !expression ? jsonDocument(value) : undefined;
    if (document !== undefined) {
      steps.push(JSON_DOCUMENT);
      walk(document, steps, found, depth + 1);
      steps.pop();
    } else if (expression) {
      walkExpression(value, steps, found);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  // A name/value pair (an environment variable, an Actions variable) named like a secret.
  const label = literal(obj.name) ?? literal(obj.variable_name) ?? literal(obj.key);
  if (label !== undefined && isSecretName(label) && isLiteralValue(obj.value)) {
    const path = pathText(steps);
    found.push(`${path ? `${path}.` : ''}value (${label}) is ${how(obj.value)}`);
  }
  for (const key of Object.keys(obj)) {
    if (SKIPPED.has(key)) continue;
    const v = obj[key];
    steps.push(key);
    if (isSecretName(key) && isLiteralValue(v)) found.push(`${pathText(steps)} is ${how(v)}`);
    else walk(v, steps, found, depth);
    steps.pop();
  }
}

/**
 * No password-, secret-, token- or key-like attribute anywhere (resources,
 * data sources, providers, variable defaults, outputs, locals) holds a
 * literal value: secrets come from a secret store or a sensitive input, as a
 * Terraform expression. A literal is what Terraform reads as one: a string,
 * a number, or a function call over literals (`${sensitive("...")}`,
 * `${base64decode("...")}`); a JSON document in a string and the objects
 * inside a function call (`${jsonencode({ password = "..." })}`) are judged
 * by their keys. Values are never echoed in findings.
 */
export function noLiteralSecrets(e: TerraformElement): RuleOutcome {
  const found: string[] = [];
  if ((e.kind === ElementKind.VARIABLE || e.kind === ElementKind.OUTPUT) && isSecretName(e.name)) {
    const attribute = e.kind === ElementKind.VARIABLE ? 'default' : 'value';
    if (isLiteralValue(e.config?.[attribute])) found.push(`${attribute} of ${e.address} is ${how(e.config[attribute])}`);
  }
  walk(e.config, [], found);
  return judge(found);
}
