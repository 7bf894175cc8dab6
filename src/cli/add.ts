import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { findRepository, SERVICES_DIR, type TeamRepository, writeJson } from './team-repository';
import { catalogNameProblem } from '../catalog/validation';
import { DatabaseEngine, DatabaseSize } from '../database/database-engine';
import { readPlatformSettings } from '../platform/platform-settings';
import { ENVIRONMENT_STACK_CHILD_IDS } from '../platform/stack-layout';
import { DECLARATION_RULES, descriptionProblem, dnsLabelProblem, prototypeNameProblem } from '../private/validation';

const ENGINES = Object.values(DatabaseEngine) as string[];
const SIZES = Object.values(DatabaseSize) as string[];

export const ADD_SERVICE = {
  name: 'add service',
  usage: `Usage: golden-paths add service <name> [--description <text>] [--database <engine>:<size>] [--system <name>]

Declares a Go/gin service of the team in services/<name>.json: its GitHub repository, CI,
Kubernetes workloads in every environment and catalog entry. Nothing else is edited.

Options:
  --description <text>       what the service does, in one sentence (default: "The <name> service")
  --database <engine>:<size> the service's own database, named <name>-db: engine ${ENGINES.join('|')},
                             size ${SIZES.join('|')} (e.g. postgres:small)
  --system <name>            the catalog system it belongs to (default: the team)
  -h, --help                 show this help`,
  options: {
    description: { type: 'string' },
    database: { type: 'string' },
    system: { type: 'string' },
  },
  positionals: [1, 1],
} as const;

export const ADD_DATABASE = {
  name: 'add database',
  usage: `Usage: golden-paths add database <name> --engine <${ENGINES.join('|')}> --size <${SIZES.join('|')}>

Declares a managed database of the team in services/<name>.json (Cloud SQL or Memorystore in
every environment). Services use it by naming it under "databases" in their file.

Options:
  --engine <engine>  ${ENGINES.join(', ')}
  --size <size>      ${SIZES.join(', ')}
  -h, --help         show this help`,
  options: {
    engine: { type: 'string' },
    size: { type: 'string' },
  },
  positionals: [1, 1],
} as const;

/** The names taken under services/: each file's, and `<service>-db` for a service with its own database. */
function takenNames(dir: string): Set<string> {
  const taken = new Set<string>();
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')) : []) {
    const name = f.slice(0, -'.json'.length);
    taken.add(name);
    try {
      const json = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (json?.kind === 'service' && json.database) taken.add(`${name}-db`);
    } catch {
      // An unreadable file still takes its name; synth reports what is wrong with it.
    }
  }
  return taken;
}

/**
 * A name the team's app would refuse as a construct id: the declaration's
 * name is its id in every environment's stack (a team repository's
 * Platform is at App scope), where the library's own constructs keep theirs
 * (TeamEnvironment refuses them at synth with the same list).
 */
function reservedNameProblem(name: string, what: 'service' | 'database') {
  if (!ENVIRONMENT_STACK_CHILD_IDS.includes(name)) return undefined;
  return {
    prop: 'name',
    value: name,
    problem: `is reserved: the library's own constructs in every environment's stack have that id. Reserved: ${ENVIRONMENT_STACK_CHILD_IDS.map((r) => `"${r}"`).join(', ')}`,
    fix: `choose another name, e.g. "${name}-${what === 'database' ? 'db' : 'service'}"`,
  };
}

/** The file of a new declaration, refusing an invalid name or one already taken. */
function newFile(io: Io, name: string, what: 'service' | 'database', ownDatabase = false): { repo: TeamRepository; file: string; relative: string } {
  const repo = findRepository(io.cwd);
  const relative = `${SERVICES_DIR}/${name}.json`;
  // The name names the repository, the workloads, the catalog entry and the database instance.
  // What synth accepts: a DNS label that is also a catalog entity name (no double hyphens); the
  // portal's Templates carry the same rules (DECLARATION_RULES).
  const nameProblem = dnsLabelProblem('name', name, DECLARATION_RULES.nameMaxLength) ?? catalogNameProblem('name', name)
    ?? prototypeNameProblem('name', name) ?? reservedNameProblem(name, what);
  if (nameProblem) throw CliError.invalid(relative, nameProblem);
  const taken = takenNames(repo.servicesDir);
  const clash = [name, ...(ownDatabase ? [`${name}-db`] : [])].find((n) => taken.has(n));
  if (clash !== undefined) {
    throw CliError.invalid(relative, { prop: 'name', value: clash, problem: 'is already declared in this repository (names are unique across services and databases)', fix: 'choose another name, or change the existing declaration under services/' });
  }
  return { repo, file: path.join(repo.servicesDir, `${name}.json`), relative };
}

function choice(where: string, option: string, value: unknown, allowed: string[]): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw CliError.invalid(where, { prop: `--${option}`, value, problem: value === undefined ? 'is missing' : `is not one of ${allowed.join(', ')}`, fix: `pass --${option} ${allowed[0]}` });
  }
  return value;
}

/** `golden-paths add service`. */
export function addService(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommand(ADD_SERVICE, argv);
  const name = positionals[0];
  const { repo, file, relative } = newFile(io, name, 'service', values.database !== undefined);
  let database: Record<string, string> | undefined;
  if (values.database !== undefined) {
    const [engine, size, extra] = String(values.database).split(':');
    if (extra !== undefined || !ENGINES.includes(engine) || !SIZES.includes(size)) {
      throw CliError.invalid(relative, { prop: '--database', value: values.database, problem: `is not <engine>:<size> with an engine of ${ENGINES.join(', ')} and a size of ${SIZES.join(', ')}`, fix: 'pass --database postgres:small' });
    }
    database = { engine, size };
  }
  const description = typeof values.description === 'string' && values.description.trim() !== '' ? values.description.trim() : `The ${name} service`;
  // What synth would refuse, refused here: a description GitHub cannot hold, a system that is no catalog name.
  const optionProblem = descriptionProblem('--description', description)
    ?? (typeof values.system === 'string' ? catalogNameProblem('--system', values.system) : undefined);
  if (optionProblem) throw CliError.invalid(relative, optionProblem);
  writeJson(file, {
    kind: 'service',
    name,
    description,
    ...(typeof values.system === 'string' ? { system: values.system } : {}),
    ...(database ? { database } : {}),
  });
  io.out(`${paint(io, 'green', 'Added')} the service ${name} in ${relative}${database ? ` with its ${database.engine} database ${name}-db (${database.size})` : ''}.`);
  const created = serviceRepositoriesOf(repo);
  if (created !== undefined && !created.some((r) => r.toLowerCase() === name.toLowerCase())) {
    // Creating a repository is the platform's: until platform.json lists it, synth refuses the service.
    io.out(`Next: ask the platform team to add "${name}" to serviceRepositories of your team's TeamOnboarding; `
      + `its apply creates the repository and updates platform.json here (it lists ${created.length > 0 ? created.map((r) => `"${r}"`).join(', ') : 'none yet'}).`);
  }
  io.out('Check it with `golden-paths check`, then open a pull request: CI plans it, and merging deploys it.');
  return 0;
}

/** The service repositories the platform created for the repository's team (platform.json), or undefined when the team is not onboarded. */
function serviceRepositoriesOf(repo: TeamRepository): readonly string[] | undefined {
  return readPlatformSettings(repo.platformFile).teams.get(repo.team)?.serviceRepositories;
}

/** `golden-paths add database`. */
export function addDatabase(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommand(ADD_DATABASE, argv);
  const name = positionals[0];
  const { file, relative } = newFile(io, name, 'database');
  const engine = choice(relative, 'engine', values.engine, ENGINES);
  const size = choice(relative, 'size', values.size, SIZES);
  writeJson(file, { kind: 'database', name, engine, size });
  io.out(`${paint(io, 'green', 'Added')} the ${engine} database ${name} (${size}) in ${relative}.`);
  io.out(`A service uses it with "databases": ["${name}"] in its file under ${SERVICES_DIR}/.`);
  return 0;
}
