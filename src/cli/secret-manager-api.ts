/**
 * The few calls of Secret Manager's REST API (v1) that `golden-paths secret`
 * makes, with the caller's own Google credentials:
 * - `projects.secrets.addVersion`: `POST /v1/projects/*\/secrets/*:addVersion`, body
 *   `{ "payload": { "data": <base64>, "dataCrc32c": "<int64>" } }`, answering a SecretVersion
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/addVersion,
 *   https://cloud.google.com/secret-manager/docs/reference/rest/v1/SecretPayload);
 * - `projects.secrets.versions.list`: `GET /v1/projects/*\/secrets/*\/versions`, answering
 *   `{ "versions": [SecretVersion], "nextPageToken", "totalSize" }`, newest first
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/list,
 *   https://cloud.google.com/secret-manager/docs/reference/rest/v1/ListSecretVersionsResponse);
 * - `projects.secrets.get`: `GET /v1/projects/*\/secrets/*`, answering a Secret, whose `rotation`
 *   holds `nextRotationTime` and `rotationPeriod`
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/get).
 * A SecretVersion is `{ name: "projects/<number>/secrets/<id>/versions/<n>", createTime, state, ... }`
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions#SecretVersion);
 * errors are Google's `{ "error": { "code", "message", "status" } }` (https://cloud.google.com/apis/design/errors).
 *
 * Nothing here reads a version's payload (`:access`), and the value set is
 * only ever in memory and in the request body: never in an argument of a
 * process, a log line or a file.
 */
import { CliError, ExitCode } from './cli';
import { run } from './process';

/** Secret Manager's endpoint. */
export const SECRET_MANAGER_ENDPOINT = 'https://secretmanager.googleapis.com';
/** The variable that points the command at another endpoint (a Private Service Connect one, or a test server on this machine). */
export const SECRET_MANAGER_ENDPOINT_VARIABLE = 'GOLDEN_PATHS_SECRET_MANAGER_ENDPOINT';
/** The most a version may hold: "Must be no larger than 64KiB" (SecretPayload.data). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** One version of a secret, as the API describes it (never its payload). */
export interface SecretVersionInfo {
  /** Its number (the last segment of its name). */
  readonly version: string;
  readonly createTime?: string;
  /** ENABLED, DISABLED or DESTROYED. */
  readonly state?: string;
}

/** What `projects.secrets.get` tells of a secret's rotation. */
export interface SecretRotationInfo {
  readonly nextRotationTime?: string;
  readonly rotationPeriod?: string;
}

/** An error Secret Manager answered, with its HTTP status. */
export class SecretManagerError extends CliError {
  public constructor(message: string, public readonly status: number) {
    super(message, ExitCode.FINDINGS);
  }
}

/** A client of Secret Manager's REST API with one access token. */
export class SecretManagerApi {
  /** A client with the caller's credentials (gcloud), at the endpoint `env` names or Secret Manager's own. */
  public static async connect(env: NodeJS.ProcessEnv, cwd: string): Promise<SecretManagerApi> {
    const endpoint = endpointOf(env);
    return new SecretManagerApi(endpoint, await accessToken(env, cwd));
  }

  private constructor(private readonly endpoint: string, private readonly token: string) {}

  /** Adds a version holding `data` to the secret `projects/<project>/secrets/<id>`; returns it. */
  public async addVersion(secret: string, data: Buffer): Promise<SecretVersionInfo> {
    const body = JSON.stringify({ payload: { data: data.toString('base64'), dataCrc32c: String(crc32c(data)) } });
    return versionInfo(await this.call('POST', `/v1/${secret}:addVersion`, secret, body));
  }

  /** Every version of a secret, newest first (never their payloads). */
  public async listVersions(secret: string): Promise<SecretVersionInfo[]> {
    const versions: SecretVersionInfo[] = [];
    let pageToken: string | undefined;
    do {
      const query = `?pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const page = await this.call('GET', `/v1/${secret}/versions${query}`, secret);
      versions.push(...(Array.isArray(page.versions) ? page.versions : []).map(versionInfo));
      pageToken = typeof page.nextPageToken === 'string' && page.nextPageToken !== '' ? page.nextPageToken : undefined;
    } while (pageToken !== undefined);
    return versions;
  }

  /** The secret's rotation schedule, if it has one. */
  public async rotation(secret: string): Promise<SecretRotationInfo | undefined> {
    const found = await this.call('GET', `/v1/${secret}`, secret);
    const rotation = found.rotation;
    return rotation !== null && typeof rotation === 'object'
      ? { nextRotationTime: text(rotation.nextRotationTime), rotationPeriod: text(rotation.rotationPeriod) } : undefined;
  }

  private async call(method: 'GET' | 'POST', pathAndQuery: string, secret: string, body?: string): Promise<any> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${pathAndQuery}`, {
        method,
        headers: { 'Authorization': `Bearer ${this.token}`, 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body,
      });
    } catch (e) {
      throw new CliError(`[${secret}] Secret Manager (${this.endpoint}) cannot be reached: ${(e as Error).message}. Fix: check the network (and ${SECRET_MANAGER_ENDPOINT_VARIABLE}, when set).`, ExitCode.FINDINGS);
    }
    const answer = await response.text();
    let json: any;
    try {
      json = answer === '' ? {} : JSON.parse(answer);
    } catch {
      json = undefined;
    }
    if (response.ok && json !== undefined) return json;
    throw apiError(secret, response.status, json);
  }
}

/** The endpoint to call: Secret Manager's, or the one `env` names (https, or http on this machine only: the request carries a token). */
export function endpointOf(env: NodeJS.ProcessEnv): string {
  const given = env[SECRET_MANAGER_ENDPOINT_VARIABLE];
  if (given === undefined || given === '') return SECRET_MANAGER_ENDPOINT;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw CliError.invalid(SECRET_MANAGER_ENDPOINT_VARIABLE, { prop: SECRET_MANAGER_ENDPOINT_VARIABLE, value: given, problem: 'is not a URL', fix: `unset it, or set it to an https URL such as ${SECRET_MANAGER_ENDPOINT}` });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw CliError.invalid(SECRET_MANAGER_ENDPOINT_VARIABLE, {
      prop: SECRET_MANAGER_ENDPOINT_VARIABLE,
      value: given,
      problem: 'is not an https URL, and the requests carry your access token',
      fix: `unset it, or set it to an https URL such as ${SECRET_MANAGER_ENDPOINT}`,
    });
  }
  return given.replace(/\/+$/, '');
}

/**
 * The caller's access token: `gcloud auth print-access-token` (the account
 * `gcloud auth login` signed in), else the Application Default Credentials'
 * (`gcloud auth application-default print-access-token`). The token stays in
 * memory; the commands run carry no secret.
 */
async function accessToken(env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const attempts = [['auth', 'print-access-token'], ['auth', 'application-default', 'print-access-token']];
  const failures: string[] = [];
  for (const args of attempts) {
    let finished;
    try {
      finished = await run('gcloud', args, { cwd, env, capture: true });
    } catch {
      throw new CliError('gcloud is not on the PATH, and Secret Manager is called with your Google credentials. Fix: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install) and run gcloud auth login.');
    }
    const token = finished.stdout.trim();
    if (finished.code === 0 && /^[\x21-\x7e]+$/.test(token)) return token;
    failures.push(`gcloud ${args.join(' ')}: ${finished.stderr.trim().split('\n')[0] || `exit ${finished.code}`}`);
  }
  throw new CliError(`no Google credentials (${failures.join('; ')}). Fix: run gcloud auth login (or gcloud auth application-default login).`);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function versionInfo(v: any): SecretVersionInfo {
  const name = text(v?.name) ?? '';
  return { version: name.split('/').pop() ?? '', createTime: text(v?.createTime), state: text(v?.state) };
}

/** An API error as what it means here and how to mend it. */
function apiError(secret: string, status: number, json: any): SecretManagerError {
  const message = (text(json?.error?.message) ?? `HTTP ${status}`).replace(/\.+$/, '');
  const code = text(json?.error?.status);
  const fixes: Record<number, string> = {
    401: 'sign in again: gcloud auth login',
    403: 'ask for roles/secretmanager.secretVersionAdder on the secret (to set) or roles/secretmanager.viewer (to list), or check that the Secret Manager API is on in its project',
    404: 'apply the environment\'s stack first (golden-paths deploy --env <env>): the secret is made there',
  };
  return new SecretManagerError(`[${secret}] Secret Manager answered ${status}${code ? ` ${code}` : ''}: ${message}. Fix: ${fixes[status] ?? 'try again; if it persists, check the secret in the Cloud console'}.`, status);
}

/** CRC32C (Castagnoli, reflected polynomial 0x82F63B78) of `data`, as SecretPayload.dataCrc32c wants it. */
export function crc32c(data: Uint8Array): number {
  /* eslint-disable no-bitwise -- a checksum is bit arithmetic (node's zlib has CRC32, not CRC32C) */
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
  /* eslint-enable no-bitwise */
}
