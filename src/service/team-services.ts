import * as fs from 'fs';
import * as path from 'path';
import { secretReferenceProblems } from './application-secrets';
import { EnvValue } from './env-value';
import { GoMicroservice, type GoMicroserviceProps } from './go-microservice';
import { ManagedDatabase } from '../database/managed-database';
import type { ManagedDatabaseProps } from '../database/managed-database-props';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import { type FileProblem, isObject, type Kind, objectProblems } from '../platform/platform-settings';
import { combinedError, errorCollector, inputError, propError } from '../private/errors';
import { fileProblemsError, nestingProblem } from '../private/json-shape';
import { envNameProblem } from '../private/kubernetes-names';
import type { TeamEnvironment } from '../team/team-environment';

/** The keys of a service declaration (`"kind": "service"`): GoMicroserviceProps as data. */
const SERVICE_KEYS: Record<string, Kind> = {
  kind: 'string',
  name: 'string',
  description: 'string',
  system: 'string',
  tags: 'string[]',
  lifecycle: 'string',
  databases: 'string[]',
  database: 'object',
  cpu: 'string',
  memory: 'string',
  replicas: 'number',
  autoscaling: 'object',
  environments: 'object',
  port: 'number',
  livenessPath: 'string',
  readinessPath: 'string',
  waitForRollout: 'boolean',
  initialImageTag: 'string',
  secrets: 'object',
};

/** The keys of a database declaration (`"kind": "database"`): ManagedDatabaseProps as data. */
const DATABASE_KEYS: Record<string, Kind> = {
  kind: 'string',
  name: 'string',
  engine: 'string',
  size: 'string',
  backupEnabled: 'boolean',
  backupRetentionDays: 'number',
  version: 'string',
  databaseName: 'string',
  highAvailability: 'boolean',
};

/** The keys of a service's own database (`"database": { "engine": "postgres", "size": "small" }`). */
const OWN_DATABASE_KEYS: Record<string, Kind> = Object.fromEntries(Object.entries(DATABASE_KEYS).filter(([k]) => k !== 'kind' && k !== 'name'));

/** One declaration file, read and shape-checked. */
interface Declaration {
  readonly file: string;
  readonly json: Record<string, unknown>;
}

/**
 * The services and databases of a team declared as data: one JSON file per
 * service or database in a directory (a team repository's `services/`, which
 * `golden-paths add` writes and `golden-paths scale` edits). A service file
 * holds `GoMicroserviceProps` as JSON with `"kind": "service"`, its databases
 * by name (`"databases": ["orders-db"]`) or its own one
 * (`"database": { "engine": "postgres", "size": "small" }`, named `<service>-db`);
 * its Secret Manager secrets as variable name to secret id
 * (`"secrets": { "STRIPE_API_KEY": "stripe-api-key" }`, each the same as
 * `addEnv(name, EnvValue.fromSecretManager(secretId))`), or to the id and a
 * rotation period (`{ "secret": "stripe-api-key", "rotationPeriodDays": 90 }`);
 * a database file holds `ManagedDatabaseProps` with `"kind": "database"`.
 * Each becomes the construct with the id of its name, so renaming the file
 * changes nothing, and renaming the `name` is a new resource.
 *
 * @example
 * TeamServices.fromDirectory(team, 'services');
 */
export class TeamServices {
  /**
   * Declares, under `team`, every service and database of the `.json` files in `directory`
   * (other files are left alone). A missing directory declares nothing.
   *
   * @param team the team the services belong to
   * @param directory the directory of the declaration files
   */
  public static fromDirectory(team: TeamEnvironment, directory: string): TeamServices {
    return new TeamServices(team, directory);
  }

  /** The services declared, in file name order. */
  public readonly services: GoMicroservice[] = [];
  /** The databases declared (their own files first, then those of services), in file name order. */
  public readonly databases: ManagedDatabase[] = [];

  private constructor(team: TeamEnvironment, directory: string) {
    if (fs.existsSync(directory) && !fs.statSync(directory).isDirectory()) {
      throw propError(team, { prop: 'directory', value: directory, problem: 'is a file, not a folder', fix: 'give the folder of the declaration files (a team repository\'s services/), or move the file away' });
    }
    const files = fs.existsSync(directory)
      ? fs.readdirSync(directory).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(directory, f))
      : [];
    // Every file is read and every construct made before failing, so that one synth lists every problem.
    const { errors, attempt } = errorCollector();
    const declarations = files.map((f) => attempt(() => readDeclaration(f))).filter((d): d is Declaration => d !== undefined);
    const byName = new Map<string, ManagedDatabase>();
    /** Databases whose own file is wrong: reported once, not again by each service that uses them. */
    const failed = new Set<string>();
    for (const { json } of declarations.filter((d) => d.json.kind === 'database')) {
      const { kind: _kind, ...props } = json;
      const db = attempt(() => new ManagedDatabase(team, String(props.name), props as unknown as ManagedDatabaseProps));
      if (db === undefined) {
        failed.add(String(props.name));
        continue;
      }
      byName.set(db.name, db);
      this.databases.push(db);
    }
    for (const { file, json } of declarations.filter((d) => d.json.kind === 'service')) {
      const { kind: _kind, database, databases, secrets, ...props } = json;
      const missing = ((databases ?? []) as string[]).map((name, i): FileProblem | undefined => (byName.has(name) || failed.has(name) ? undefined : {
        pointer: `/databases/${i}`,
        value: name,
        problem: 'names no database of this directory',
        fix: `declare it (golden-paths add database ${name} --engine postgres --size small) or use one of ${[...byName.keys()].map((n) => `"${n}"`).join(', ') || 'none yet'}`,
      })).filter((p): p is FileProblem => p !== undefined);
      if (missing.length > 0) attempt(() => fail(file, missing));
      if (missing.length > 0 || ((databases ?? []) as string[]).some((name) => failed.has(name))) continue;
      const connected = ((databases ?? []) as string[]).map((name) => byName.get(name)!);
      if (isObject(database)) {
        const own = attempt(() => new ManagedDatabase(team, `${props.name}-db`, { ...database, name: `${props.name}-db` } as unknown as ManagedDatabaseProps));
        if (own === undefined) continue;
        this.databases.push(own);
        connected.push(own);
      }
      const serviceProps = { ...props, databases: connected } as unknown as GoMicroserviceProps;
      const service = attempt(() => {
        const made = new GoMicroservice(team, String(props.name), serviceProps);
        for (const [name, secret] of Object.entries((secrets ?? {}) as Record<string, string | { secret: string; rotationPeriodDays?: number }>)) {
          made.addEnv(name, typeof secret === 'string' ? EnvValue.fromSecretManager(secret)
            : EnvValue.fromSecretManager(secret.secret, { rotationPeriodDays: secret.rotationPeriodDays }));
        }
        return made;
      });
      if (service) this.services.push(service);
    }
    if (errors.length === 0) return;
    const asError = (e: unknown) => (e instanceof Error ? e : new Error(`[${directory}] ${String(e)}`));
    if (errors.length === 1) throw asError(errors[0]);
    const heading = `${errors.length} declarations are wrong`;
    if (errors.every((e) => GoldenPathsValidationError.isGoldenPathsValidationError(e))) throw combinedError(directory, heading, errors);
    // A defect among them: the same list, but not an error of the input.
    throw new Error(`[${directory}] ${heading}:\n${errors.map((e) => asError(e).message).join('\n')}`);
  }
}

function fail(file: string, found: FileProblem[]): never {
  throw fileProblemsError(file, found);
}

/** The keys of a secret given as an object (`{ "secret": "stripe-api-key", "rotationPeriodDays": 90 }`). */
const SECRET_KEYS: Record<string, Kind> = { secret: 'string', rotationPeriodDays: 'number' };

/** What is wrong with a service's `"secrets"`: variable names to secret ids, or to `{ "secret", "rotationPeriodDays" }`. */
function secretsProblems(secrets: Record<string, unknown>): FileProblem[] {
  return Object.entries(secrets).flatMap(([name, given]): FileProblem[] => {
    const pointer = `/secrets/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const nameProblem = envNameProblem('name', name);
    if (nameProblem) return [{ pointer, value: name, problem: nameProblem.problem, fix: nameProblem.fix }];
    const example = name.toLowerCase().replace(/_/g, '-');
    if (isObject(given)) {
      const shape = objectProblems(pointer, given, SECRET_KEYS);
      if (shape.length > 0) return shape;
      if (given.secret === undefined) return [{ pointer: `${pointer}/secret`, value: undefined, problem: 'is missing', fix: `write the id of the secret in Secret Manager, e.g. "secret": "${example}"` }];
      return secretReferenceProblems('', { secretId: given.secret, rotationPeriodDays: given.rotationPeriodDays })
        .map((p) => ({ pointer: `${pointer}/${p.prop === 'secretId' ? 'secret' : p.prop}`, value: p.value, problem: p.problem, fix: p.fix }));
    }
    if (typeof given !== 'string') {
      return [{ pointer, value: given, problem: 'is not a secret id', fix: `write the id of the secret in Secret Manager, e.g. "${example}", or { "secret": "${example}", "rotationPeriodDays": 90 }` }];
    }
    return secretReferenceProblems('', { secretId: given }).map((p) => ({ pointer, value: p.value, problem: p.problem, fix: p.fix }));
  });
}

function readDeclaration(file: string): Declaration {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw inputError(file, `is not JSON: ${(e as Error).message}`, 'write one JSON object, e.g. { "kind": "service", "name": "payment-service", "description": "Payments" }', e);
  }
  const deep = nestingProblem(json);
  if (deep) fail(file, [deep]);
  if (!isObject(json) || (json.kind !== 'service' && json.kind !== 'database')) {
    fail(file, [{ pointer: '/kind', value: isObject(json) ? json.kind : json, problem: 'is not "service" nor "database"', fix: 'write "kind": "service" or "kind": "database"' }]);
  }
  const found = objectProblems('', json, json.kind === 'service' ? SERVICE_KEYS : DATABASE_KEYS);
  if (typeof json.name !== 'string') found.push({ pointer: '/name', value: json.name, problem: 'is missing', fix: 'name it, e.g. "payment-service"' });
  else if (path.basename(file) !== `${json.name}.json`) found.push({ pointer: '/name', value: json.name, problem: `differs from the file name ${path.basename(file)}`, fix: `rename the file ${json.name}.json` });
  if (json.kind === 'service' && isObject(json.database)) found.push(...objectProblems('/database', json.database, OWN_DATABASE_KEYS));
  if (json.kind === 'service' && isObject(json.secrets)) found.push(...secretsProblems(json.secrets));
  if (found.length > 0) fail(file, found);
  return { file, json };
}
