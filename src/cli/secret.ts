import * as path from 'path';
import { CliError, ExitCode, type Io, paint, parseCommand } from './cli';
import { MAX_PAYLOAD_BYTES, SecretManagerApi, SecretManagerError, type SecretVersionInfo } from './secret-manager-api';
import { serviceContainer } from './synthesized-deployment';
import { findRepository, readJson, synthOutput, type TeamRepository } from './team-repository';
import { SECRETS_MOUNT_PATH } from '../service/application-secrets';
import { SECRET_FILE_SUFFIX } from '../service/container-env';

export const SECRET_SET = {
  name: 'secret set',
  usage: `Usage: golden-paths secret set <service> <NAME> --env <env> [--no-synth] < value

Adds a version to the Secret Manager secret the service reads as <NAME> (EnvValue.fromSecretManager,
or "secrets" in services/<service>.json) in one environment, and prints the version. The value is
read from standard input, never from an argument: pipe it from a file or a password manager
(one trailing newline is dropped). Secret Manager is called with your Google credentials
(gcloud auth login); you need roles/secretmanager.secretVersionAdder on the secret.

Options:
  --env <env>  the environment (required)
  --no-synth   read the existing cdktf.out instead of synthesizing
  -h, --help   show this help`,
  options: {
    'env': { type: 'string' },
    'no-synth': { type: 'boolean' },
  },
  positionals: [2, 2],
} as const;

export const SECRET_LIST = {
  name: 'secret list',
  usage: `Usage: golden-paths secret list [service] [--env <env>] [--no-synth]

The Secret Manager secrets the team's services read, per environment: the variable, the secret, how
many versions it has, the latest version and when it was created, and the next rotation when the
secret has a rotation period. Never a value. Needs roles/secretmanager.viewer on the secrets.

Options:
  --env <env>  one environment only
  --no-synth   read the existing cdktf.out instead of synthesizing
  -h, --help   show this help`,
  options: {
    'env': { type: 'string' },
    'no-synth': { type: 'boolean' },
  },
  positionals: [0, 1],
} as const;

/** One secret a service reads in one environment, as the synthesized Terraform declares it. */
export interface DeclaredSecret {
  readonly service: string;
  readonly environment: string;
  /** The variable the service reads it as (without `_FILE`). */
  readonly variable: string;
  /** The secret's id within the service. */
  readonly secretId: string;
  /** The Secret Manager secret id: `<service>-<env>-<secretId>`. */
  readonly secretManagerId: string;
  readonly project: string;
  /** `projects/<project>/secrets/<secretManagerId>`. */
  readonly resourceName: string;
  /** The rotation period (e.g. `2592000s`), when the secret has one. */
  readonly rotationPeriod?: string;
}

/**
 * The secrets each environment stack of `repo` declares, from the synth
 * output in `outdir`: each `<NAME>_FILE` variable of a service's Deployment
 * that names a file of the Secret Manager volume, with the secret made for
 * it in that stack.
 */
export function declaredSecrets(repo: TeamRepository, outdir: string): DeclaredSecret[] {
  const manifest = readJson(path.join(outdir, 'manifest.json'));
  const found: DeclaredSecret[] = [];
  for (const env of repo.environments) {
    const stack = manifest.stacks?.[`${repo.team}-${env.name}`];
    if (!stack) continue;
    const resources = readJson(path.join(outdir, stack.synthesizedStackPath)).resource ?? {};
    const secrets = Object.values<any>(resources.google_secret_manager_secret ?? {});
    for (const deployment of Object.values<any>(resources.kubernetes_deployment_v1 ?? {})) {
      const service = String(first(deployment.metadata)?.name);
      const container = serviceContainer(deployment);
      for (const variable of Array.isArray(container?.env) ? container.env : []) {
        const name = String(variable?.name ?? '');
        const value = String(variable?.value ?? '');
        if (!name.endsWith(SECRET_FILE_SUFFIX) || !value.startsWith(`${SECRETS_MOUNT_PATH}/`)) continue;
        const secretId = value.slice(SECRETS_MOUNT_PATH.length + 1);
        const secretManagerId = `${service}-${env.name}-${secretId}`;
        const secret = secrets.find((s) => s.secret_id === secretManagerId && s.labels?.service === service);
        if (secret === undefined || typeof secret.project !== 'string') continue;
        const rotation = first(secret.rotation);
        found.push({
          service,
          environment: env.name,
          variable: name.slice(0, -SECRET_FILE_SUFFIX.length),
          secretId,
          secretManagerId,
          project: secret.project,
          resourceName: `projects/${secret.project}/secrets/${secretManagerId}`,
          rotationPeriod: typeof rotation?.rotation_period === 'string' ? rotation.rotation_period : undefined,
        });
      }
    }
  }
  return found;
}

/** cdktf writes single blocks as objects and repeated ones as arrays: the first either way. */
function first(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

/** The environment `--env` names, or an error listing the platform's. */
function environmentOption(repo: TeamRepository, value: string | undefined, command: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (value === undefined || !repo.environments.some((e) => e.name === value)) {
    throw CliError.invalid(command, {
      prop: '--env', value, problem: value === undefined ? 'is missing' : 'is not an environment of the platform', fix: `pass one of ${repo.environments.map((e) => `--env ${e.name}`).join(', ')}`,
    });
  }
  return value;
}

/** `golden-paths secret set <service> <NAME> --env <env>`. */
export async function secretSet(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(SECRET_SET, argv);
  const [service, variable] = positionals;
  const repo = findRepository(io.cwd);
  const env = environmentOption(repo, values.env as string | undefined, SECRET_SET.name, true)!;
  // The value first: a mistake in it fails before a synth, and nothing else waits on the terminal.
  const value = await readValue(io);
  const outdir = await synthOutput(repo, io, values['no-synth'] === true, SECRET_SET.name, io.env);
  const declared = declaredSecrets(repo, outdir);
  const secret = declared.find((s) => s.service === service && s.environment === env && s.variable === variable);
  if (secret === undefined) {
    const ofService = declared.filter((s) => s.service === service && s.environment === env).map((s) => s.variable);
    throw CliError.invalid(SECRET_SET.name, {
      prop: 'NAME',
      value: variable,
      problem: `is not a Secret Manager secret of service "${service}" in ${env}`,
      fix: ofService.length > 0
        ? `use one of ${ofService.join(', ')}`
        : `declare it first: addEnv("${variable}", EnvValue.fromSecretManager("<secret id>")) or "secrets": { "${variable}": "<secret id>" } in services/${service}.json, then apply (golden-paths deploy --env ${env})`,
    });
  }
  const api = await SecretManagerApi.connect(io.env ?? process.env, repo.root);
  const added = await api.addVersion(secret.resourceName, value);
  value.fill(0);
  const production = repo.environments.find((e) => e.name === env)?.production ? ' (production)' : '';
  io.out(`${paint(io, 'green', `version ${added.version}`)} of ${secret.resourceName} (${variable} of ${service} in ${env}${production})${added.createTime ? `, created ${added.createTime}` : ''}`);
  io.out(`Pods read it when they start${secret.rotationPeriod ? ', and running pods within the cluster\'s rotation interval when the add-on\'s rotation is on' : ''} (docs/secrets.md).`);
  return ExitCode.OK;
}

/** `golden-paths secret list [service] [--env <env>]`. */
export async function secretList(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(SECRET_LIST, argv);
  const repo = findRepository(io.cwd);
  const env = environmentOption(repo, values.env as string | undefined, SECRET_LIST.name, false);
  const outdir = await synthOutput(repo, io, values['no-synth'] === true, SECRET_LIST.name, io.env);
  const all = declaredSecrets(repo, outdir);
  const wanted = positionals[0];
  if (wanted !== undefined && !all.some((s) => s.service === wanted)) {
    throw CliError.invalid(SECRET_LIST.name, {
      prop: 'service', value: wanted, problem: 'reads no Secret Manager secret', fix: `use one of ${[...new Set(all.map((s) => s.service))].join(', ') || '(none yet: EnvValue.fromSecretManager)'}`,
    });
  }
  const shown = all.filter((s) => (wanted === undefined || s.service === wanted) && (env === undefined || s.environment === env));
  if (shown.length === 0) {
    io.out('No Secret Manager secrets yet. Declare one: addEnv("NAME", EnvValue.fromSecretManager("<secret id>")) (docs/secrets.md).');
    return ExitCode.OK;
  }
  const api = await SecretManagerApi.connect(io.env ?? process.env, repo.root);
  for (const environment of repo.environments) {
    const here = shown.filter((s) => s.environment === environment.name);
    if (here.length === 0) continue;
    io.out(paint(io, 'bold', `${environment.name}${environment.production ? ' (production)' : ''}: stack ${repo.team}-${environment.name}`));
    for (const service of [...new Set(here.map((s) => s.service))]) {
      io.out(`  ${service}`);
      for (const s of here.filter((x) => x.service === service)) {
        io.out(`    ${s.variable}: ${s.resourceName}`);
        let versions: SecretVersionInfo[];
        try {
          versions = await api.listVersions(s.resourceName);
        } catch (e) {
          // Declared, not applied yet: the rest of the list still shows.
          if (!(e instanceof SecretManagerError) || e.status !== 404) throw e;
          io.out(`      ${paint(io, 'yellow', `not in Secret Manager yet: apply the stack first (golden-paths deploy --env ${s.environment})`)}`);
          continue;
        }
        const rotation = s.rotationPeriod ? await api.rotation(s.resourceName) : undefined;
        io.out(`      versions: ${describeVersions(io, versions)}`);
        if (s.rotationPeriod) io.out(`      rotation: every ${period(s.rotationPeriod)}${rotation?.nextRotationTime ? `, next ${rotation.nextRotationTime}` : ''}`);
      }
    }
  }
  return ExitCode.OK;
}

/** A rotation period (`7776000s`) in days when it is whole days. */
function period(seconds: string): string {
  const n = /^(\d+)s$/.exec(seconds) ? Number(seconds.slice(0, -1)) : NaN;
  return Number.isInteger(n) && n > 0 && n % 86400 === 0 ? `${n / 86400} days` : seconds;
}

/** `3 (2 enabled), latest 3 created <time>`, or that there is none yet. */
function describeVersions(io: Io, versions: readonly SecretVersionInfo[]): string {
  if (versions.length === 0) return paint(io, 'yellow', 'none yet: the pods cannot start until one is set (golden-paths secret set)');
  const enabled = versions.filter((v) => v.state === 'ENABLED');
  // The API lists versions newest first; the latest enabled one is what pods mount (versions/latest).
  const latest = enabled[0];
  return `${versions.length} (${enabled.length} enabled)${latest ? `, latest ${latest.version}${latest.createTime ? ` created ${latest.createTime}` : ''}` : paint(io, 'yellow', ', none enabled')}`;
}

/**
 * The value, from standard input: never from an argument (arguments are seen by
 * every process of the machine and kept in shell histories). One trailing
 * newline (`echo`'s, an editor's) is dropped.
 */
async function readValue(io: Io): Promise<Buffer> {
  const stdin = io.stdin;
  if (stdin === undefined || stdin.isTTY) {
    throw new CliError('reads the secret\'s value from standard input, which is a terminal here. Fix: pipe it in, e.g. golden-paths secret set <service> <NAME> --env <env> < value.txt, or from your password manager\'s command line.', ExitCode.USAGE, SECRET_SET.name);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  let value = Buffer.concat(chunks);
  chunks.forEach((c) => c.fill(0));
  const crlf = value.length >= 2 && value[value.length - 2] === 0x0d && value[value.length - 1] === 0x0a;
  const trailing = crlf ? 2 : value[value.length - 1] === 0x0a ? 1 : 0;
  if (trailing > 0) value = value.subarray(0, value.length - trailing);
  if (value.length === 0) throw new CliError('read an empty value from standard input. Fix: pipe the secret\'s value in (an empty secret is never what a service needs).', ExitCode.USAGE, SECRET_SET.name);
  if (value.length > MAX_PAYLOAD_BYTES) {
    throw new CliError(`read ${value.length} bytes from standard input, over the ${MAX_PAYLOAD_BYTES} a Secret Manager version holds. Fix: store a smaller value (a key, not a bundle of files).`, ExitCode.USAGE, SECRET_SET.name);
  }
  return value;
}
