import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { App } from 'cdktf';
import { initTeam } from './run-cli';
import { EnvValue, GoMicroservice, Platform, TeamEnvironment } from '../../src';
import { main } from '../../src/bin/golden-paths';
import type { Io } from '../../src/cli/cli';
import { crc32c, endpointOf } from '../../src/cli/secret-manager-api';
import { compiled } from '../setup/compiled-js';

/**
 * golden-paths secret set / list against a local HTTP server that answers as
 * Secret Manager's REST API (v1) documents it:
 * - addVersion: POST /v1/{parent=projects/*\/secrets/*}:addVersion with `{ "payload": SecretPayload }`
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/addVersion), SecretPayload
 *   `{ "data": base64, "dataCrc32c": int64 as a string }` (https://cloud.google.com/secret-manager/docs/reference/rest/v1/SecretPayload),
 *   answering a SecretVersion `{ name, createTime, state, replicationStatus, etag, clientSpecifiedPayloadChecksum }`
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions#SecretVersion);
 * - versions.list: GET /v1/{parent}/versions, answering `{ versions (newest first), nextPageToken, totalSize }`
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/ListSecretVersionsResponse); an empty list is `{}`
 *   (proto3 JSON leaves out empty fields);
 * - secrets.get: GET /v1/{name}, a Secret with `rotation { nextRotationTime, rotationPeriod }`
 *   (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets#Secret);
 * - errors as `{ "error": { "code", "message", "status" } }` (https://cloud.google.com/apis/design/errors).
 * gcloud is a script on the PATH that prints a token (the test's stand-in for the user's credentials).
 */

const VALUE = 'sk_live_51Hx-the-value-under-test-7Q';
const TOKEN = 'ya29.test-access-token';
const STRIPE = 'projects/acme-payments-prod/secrets/payment-service-prod-stripe-api-key';
const WEBHOOK = 'projects/acme-payments-prod/secrets/payment-service-prod-webhook-signing-key';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body: string;
}

let tmp: string;
let repo: string;
let bin: string;
let server: http.Server;
let endpoint: string;
let received: Received[] = [];
let added: Buffer[] = [];

const version = (n: number, state = 'ENABLED') => ({
  name: `projects/123456789012/secrets/payment-service-prod-stripe-api-key/versions/${n}`,
  createTime: `2026-12-0${n}T10:00:00.123456Z`,
  state,
  ...(state === 'DESTROYED' ? { destroyTime: '2026-12-05T10:00:00Z' } : {}),
  replicationStatus: { userManaged: { replicas: [{ location: 'europe-west1' }] } },
  etag: `"6209b5a8c4f2${n}"`,
});

function answer(req: Received): { status: number; json: unknown } {
  if (req.authorization !== `Bearer ${TOKEN}`) return { status: 401, json: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
  if (req.method === 'POST' && req.url === `/v1/${STRIPE}:addVersion`) {
    const payload = JSON.parse(req.body).payload;
    const data = Buffer.from(payload.data, 'base64');
    if (payload.dataCrc32c !== String(crc32c(data))) return { status: 400, json: { error: { code: 400, message: 'Checksum mismatch.', status: 'INVALID_ARGUMENT' } } };
    added.push(data);
    return { status: 200, json: { ...version(3), clientSpecifiedPayloadChecksum: true } };
  }
  if (req.method === 'GET' && req.url === `/v1/${STRIPE}/versions?pageSize=100`) return { status: 200, json: { versions: [version(3), version(2, 'DISABLED')], nextPageToken: 'page-2', totalSize: 3 } };
  if (req.method === 'GET' && req.url === `/v1/${STRIPE}/versions?pageSize=100&pageToken=page-2`) return { status: 200, json: { versions: [version(1, 'DESTROYED')], totalSize: 3 } };
  if (req.method === 'GET' && req.url === `/v1/${WEBHOOK}/versions?pageSize=100`) return { status: 200, json: {} };
  if (req.method === 'GET' && req.url === `/v1/${WEBHOOK}`) {
    return {
      status: 200,
      json: {
        name: 'projects/123456789012/secrets/payment-service-prod-webhook-signing-key',
        replication: { userManaged: { replicas: [{ location: 'europe-west1' }] } },
        createTime: '2026-12-01T09:00:00.000000Z',
        labels: { 'managed-by': 'cdktf-golden-paths', 'service': 'payment-service', 'environment': 'prod', 'team': 'payments' },
        topics: [{ name: 'projects/acme-payments-prod/topics/payment-service-prod-secret-rotation' }],
        etag: '"16209b5a8c4f20"',
        rotation: { nextRotationTime: '2026-12-31T09:00:00Z' },
      },
    };
  }
  const secret = /^\/v1\/(projects\/[^/:?]+\/secrets\/[^/:?]+)/.exec(req.url)?.[1] ?? req.url;
  return { status: 404, json: { error: { code: 404, message: `Secret [${secret}] not found or has no versions.`, status: 'NOT_FOUND' } } };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-secret-'));
  repo = await initTeam(tmp);
  // The repository's synth output, as `golden-paths synth` writes it: payment-service reads two secrets.
  const app = new App({ outdir: path.join(repo, 'cdktf.out') });
  const platform = Platform.fromFile(app, 'acme', path.join(repo, 'platform.json'));
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
  svc.addEnv('WEBHOOK_SIGNING_KEY', EnvValue.fromSecretManager('webhook-signing-key', { rotationPeriodDays: 30 }), 'prod');
  app.synth();
  // gcloud: prints a token for `auth print-access-token`, logs every command line it gets.
  bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'gcloud'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${path.join(tmp, 'gcloud.log')}"\n`
    + `if [ "$*" = "auth print-access-token" ]; then echo ${TOKEN}; exit 0; fi\necho "ERROR: (gcloud.auth) not signed in" >&2\nexit 1\n`, { mode: 0o755 });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const r: Received = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
      received.push(r);
      const { status, json } = answer(r);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  received = [];
  added = [];
  fs.rmSync(path.join(tmp, 'gcloud.log'), { force: true });
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, GOLDEN_PATHS_SECRET_MANAGER_ENDPOINT: endpoint, ...extra };
}

/** golden-paths in process, with `stdin` as standard input (a terminal when undefined). */
async function gp(stdin: string | Buffer | undefined, argv: string[], extra: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const input = stdin === undefined ? Object.assign(Readable.from([]), { isTTY: true }) : Readable.from([Buffer.from(stdin)]);
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), colour: false, cwd: repo, stdin: input, env: env(extra) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SET = ['secret', 'set', 'payment-service', 'STRIPE_API_KEY', '--env', 'prod', '--no-synth'];

describe('secret set', () => {
  test('adds a version with the value from stdin (one trailing newline dropped) and its CRC32C, and prints the version', async () => {
    const result = await gp(`${VALUE}\n`, SET);
    expect(result).toEqual({
      code: 0,
      err: '',
      out: `version 3 of ${STRIPE} (STRIPE_API_KEY of payment-service in prod (production)), created 2026-12-03T10:00:00.123456Z\n`
        + 'Pods read it when they start (docs/secrets.md).',
    });
    expect(received.map((r) => [r.method, r.url, r.authorization])).toEqual([['POST', `/v1/${STRIPE}:addVersion`, `Bearer ${TOKEN}`]]);
    expect(JSON.parse(received[0].body)).toEqual({ payload: { data: Buffer.from(VALUE).toString('base64'), dataCrc32c: String(crc32c(Buffer.from(VALUE))) } });
    expect(added.map((b) => b.toString())).toEqual([VALUE]);
    // The user's credentials, asked of gcloud; the value is in no command line.
    expect(fs.readFileSync(path.join(tmp, 'gcloud.log'), 'utf8')).toBe('auth print-access-token\n');
  });

  test('bytes are kept as they are: inner newlines, a CRLF dropped once, binary', async () => {
    const binary = Buffer.from([0x00, 0xff, 0x0a, 0x41, 0x0d, 0x0a]);
    expect((await gp(binary, SET)).code).toBe(0);
    expect((await gp('line one\nline two\r\n', SET)).code).toBe(0);
    expect(added).toEqual([Buffer.from([0x00, 0xff, 0x0a, 0x41]), Buffer.from('line one\nline two')]);
  });

  test('run as a process: the value is in no argument, no output, no file, only in the request to Secret Manager', async () => {
    const argv = [compiled('src/bin/golden-paths.ts'), ...SET];
    const child = spawn(process.execPath, argv, { cwd: repo, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.stdin.end(`${VALUE}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^version 3 of /);
    const forms = [VALUE, Buffer.from(VALUE).toString('base64'), Buffer.from(VALUE).toString('hex')];
    for (const form of forms) {
      expect(argv.join(' ')).not.toContain(form);
      expect(stdout + stderr).not.toContain(form);
    }
    expect(fs.readFileSync(path.join(tmp, 'gcloud.log'), 'utf8')).toBe('auth print-access-token\n');
    // Every file the command could have written: the repository (cdktf.out included), the test's folder, the temp folder's new files.
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : files(path.join(dir, e.name))) : [path.join(dir, e.name)]));
    const written = files(tmp);
    expect(written.length).toBeGreaterThan(10);
    for (const file of written) {
      const content = fs.readFileSync(file);
      for (const form of forms) expect({ file, found: content.includes(form) }).toEqual({ file, found: false });
    }
    expect(added.map((b) => b.toString())).toEqual([VALUE]);
  }, 60_000);

  test('refuses a terminal, an empty value and one over 64 KiB, before calling anything', async () => {
    expect(await gp(undefined, SET)).toEqual({
      code: 2,
      out: '',
      err: 'golden-paths secret set: reads the secret\'s value from standard input, which is a terminal here. Fix: pipe it in, e.g. golden-paths secret set <service> <NAME> --env <env> < value.txt, or from your password manager\'s command line.\n'
        + 'Run golden-paths secret set --help for the options.',
    });
    expect((await gp('\n', SET)).err).toMatch(/^golden-paths secret set: read an empty value from standard input\. Fix: /);
    expect((await gp(Buffer.alloc(65537, 0x61), SET)).err).toMatch(/^golden-paths secret set: read 65537 bytes from standard input, over the 65536 a Secret Manager version holds\./);
    expect((await gp(Buffer.alloc(65536, 0x61), SET)).code).toBe(0);
    expect(received).toHaveLength(1);
  });

  test('a variable, a service or an environment that has no such secret says which do', async () => {
    expect(await gp(VALUE, ['secret', 'set', 'payment-service', 'STRIPE_KEY', '--env', 'prod', '--no-synth'])).toEqual({
      code: 2, out: '', err: 'golden-paths secret set: [secret set] invalid NAME "STRIPE_KEY": is not a Secret Manager secret of service "payment-service" in prod. Fix: use one of STRIPE_API_KEY, WEBHOOK_SIGNING_KEY.',
    });
    expect((await gp(VALUE, ['secret', 'set', 'payment-service', 'WEBHOOK_SIGNING_KEY', '--env', 'dev', '--no-synth'])).err)
      .toBe('golden-paths secret set: [secret set] invalid NAME "WEBHOOK_SIGNING_KEY": is not a Secret Manager secret of service "payment-service" in dev. Fix: use one of STRIPE_API_KEY.');
    expect((await gp(VALUE, ['secret', 'set', 'ledger', 'API_KEY', '--env', 'dev', '--no-synth'])).err)
      .toBe('golden-paths secret set: [secret set] invalid NAME "API_KEY": is not a Secret Manager secret of service "ledger" in dev. Fix: declare it first: addEnv("API_KEY", EnvValue.fromSecretManager("<secret id>")) or "secrets": { "API_KEY": "<secret id>" } in services/ledger.json, then apply (golden-paths deploy --env dev).');
    expect((await gp(VALUE, ['secret', 'set', 'payment-service', 'STRIPE_API_KEY', '--no-synth'])).err)
      .toBe('golden-paths secret set: [secret set] invalid --env undefined: is missing. Fix: pass one of --env dev, --env staging, --env prod.');
    expect((await gp(VALUE, ['secret', 'set', 'payment-service', 'STRIPE_API_KEY', '--env', 'qa', '--no-synth'])).err)
      .toBe('golden-paths secret set: [secret set] invalid --env "qa": is not an environment of the platform. Fix: pass one of --env dev, --env staging, --env prod.');
    expect((await gp(VALUE, ['secret', 'set', 'payment-service', VALUE])).code).toBe(2);
    expect(received).toEqual([]);
  });

  test('API errors are reported with the secret and the fix, never with the value', async () => {
    const missing = await gp(VALUE, ['secret', 'set', 'payment-service', 'STRIPE_API_KEY', '--env', 'dev', '--no-synth']);
    expect(missing).toEqual({
      code: 1,
      out: '',
      err: 'golden-paths secret set: [projects/acme-payments-dev/secrets/payment-service-dev-stripe-api-key] Secret Manager answered 404 NOT_FOUND: Secret [projects/acme-payments-dev/secrets/payment-service-dev-stripe-api-key] not found or has no versions. '
        + 'Fix: apply the environment\'s stack first (golden-paths deploy --env <env>): the secret is made there.',
    });
    expect(missing.err).not.toContain(VALUE);
  });

  test('credentials: ADC when gcloud has no signed-in account, a clear error when neither works; the token goes over https or to this machine only', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    const noGcloud = await gp(VALUE, SET, { PATH: empty });
    expect(noGcloud.err).toBe('golden-paths secret set: gcloud is not on the PATH, and Secret Manager is called with your Google credentials. Fix: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install) and run gcloud auth login.');
    const signedOut = path.join(tmp, 'signed-out');
    fs.mkdirSync(signedOut, { recursive: true });
    fs.writeFileSync(path.join(signedOut, 'gcloud'), '#!/bin/sh\necho "ERROR: (gcloud.auth) You do not currently have an active account selected." >&2\nexit 1\n', { mode: 0o755 });
    expect((await gp(VALUE, SET, { PATH: `${signedOut}${path.delimiter}${process.env.PATH}` })).err).toBe('golden-paths secret set: no Google credentials '
      + '(gcloud auth print-access-token: ERROR: (gcloud.auth) You do not currently have an active account selected.; gcloud auth application-default print-access-token: ERROR: (gcloud.auth) You do not currently have an active account selected.). '
      + 'Fix: run gcloud auth login (or gcloud auth application-default login).');
    const adcOnly = path.join(tmp, 'adc-only');
    fs.mkdirSync(adcOnly, { recursive: true });
    fs.writeFileSync(path.join(adcOnly, 'gcloud'), `#!/bin/sh\nif [ "$*" = "auth application-default print-access-token" ]; then echo ${TOKEN}; exit 0; fi\nexit 1\n`, { mode: 0o755 });
    expect((await gp(VALUE, SET, { PATH: `${adcOnly}${path.delimiter}${process.env.PATH}` })).code).toBe(0);
    expect(added.map((b) => b.toString())).toEqual([VALUE]);
    received = [];
    expect(() => endpointOf({ GOLDEN_PATHS_SECRET_MANAGER_ENDPOINT: 'http://secretmanager.example.com' })).toThrow(/is not an https URL, and the requests carry your access token/);
    expect(endpointOf({ GOLDEN_PATHS_SECRET_MANAGER_ENDPOINT: 'https://secretmanager.example.com/' })).toBe('https://secretmanager.example.com');
    expect(endpointOf({})).toBe('https://secretmanager.googleapis.com');
    expect(received).toEqual([]);
  }, 30_000);
});

describe('secret list', () => {
  test('every secret of every environment: versions, the latest enabled one and its time, never a value', async () => {
    const result = await gp('', ['secret', 'list', '--env', 'prod', '--no-synth']);
    expect(result).toEqual({
      code: 0,
      err: '',
      out: [
        'prod (production): stack payments-prod',
        '  payment-service',
        `    STRIPE_API_KEY: ${STRIPE}`,
        '      versions: 3 (1 enabled), latest 3 created 2026-12-03T10:00:00.123456Z',
        `    WEBHOOK_SIGNING_KEY: ${WEBHOOK}`,
        '      versions: none yet: the pods cannot start until one is set (golden-paths secret set)',
        '      rotation: every 30 days, next 2026-12-31T09:00:00Z',
      ].join('\n'),
    });
    // Metadata only: no call reads a payload (versions/*:access).
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /v1/${STRIPE}/versions?pageSize=100`, `GET /v1/${STRIPE}/versions?pageSize=100&pageToken=page-2`, `GET /v1/${WEBHOOK}/versions?pageSize=100`, `GET /v1/${WEBHOOK}`,
    ]);
  });

  test('one service in every environment: a secret not applied yet says so, the others still show; a service that reads no secret', async () => {
    const all = await gp('', ['secret', 'list', 'payment-service', '--no-synth']);
    expect(all).toEqual({
      code: 0,
      err: '',
      out: [
        'dev: stack payments-dev',
        '  payment-service',
        '    STRIPE_API_KEY: projects/acme-payments-dev/secrets/payment-service-dev-stripe-api-key',
        '      not in Secret Manager yet: apply the stack first (golden-paths deploy --env dev)',
        'staging: stack payments-staging',
        '  payment-service',
        '    STRIPE_API_KEY: projects/acme-payments-staging/secrets/payment-service-staging-stripe-api-key',
        '      not in Secret Manager yet: apply the stack first (golden-paths deploy --env staging)',
        'prod (production): stack payments-prod',
        '  payment-service',
        `    STRIPE_API_KEY: ${STRIPE}`,
        '      versions: 3 (1 enabled), latest 3 created 2026-12-03T10:00:00.123456Z',
        `    WEBHOOK_SIGNING_KEY: ${WEBHOOK}`,
        '      versions: none yet: the pods cannot start until one is set (golden-paths secret set)',
        '      rotation: every 30 days, next 2026-12-31T09:00:00Z',
      ].join('\n'),
    });
    expect(await gp('', ['secret', 'list', 'ledger', '--no-synth'])).toEqual({
      code: 2, out: '', err: 'golden-paths secret list: [secret list] invalid service "ledger": reads no Secret Manager secret. Fix: use one of payment-service.',
    });
  });
});

test('CRC32C is the Castagnoli checksum (the check value of "123456789" is 0xE3069283)', () => {
  expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  expect(crc32c(Buffer.alloc(0))).toBe(0);
  expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
});
