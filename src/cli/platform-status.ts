import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, type Io, paint } from './cli';
import { readJson } from './json-file';
import { type PlatformRepository, teamFiles } from './platform-repository';
import { cdktfProject, synthProject } from './synth';
import { ONBOARDING_STACK_PREFIX, PLATFORM_SETTINGS_FILE } from '../platform/onboarded-team';
import { TEAM_FILE_KINDS } from '../private/constants';

/** What one synthesized stack holds, as status shows it. */
interface StackSummary {
  readonly resources: number;
  /** Its Deployments' names (a team's services, in an environment stack). */
  readonly deployments: string[];
  /** Its Cloud SQL and Memorystore instances' names. */
  readonly databases: string[];
}

/** One team of the platform repository as status shows it. */
export interface PlatformTeamStatus {
  readonly name: string;
  /** "onboarding", "team", or undefined when its file does not say (synth reports why). */
  readonly kind?: string;
  readonly stacks: Array<{ readonly name: string; readonly resources?: number }>;
  /** Onboarded: the team's infrastructure repository, as platform.json publishes it. */
  readonly infrastructureRepository?: string;
  /** Onboarded: the service repositories the platform creates for it. */
  readonly serviceRepositories?: readonly string[];
  /** Declared here: its services, and its databases (instance names without the environment). */
  readonly services?: readonly string[];
  readonly databases?: readonly string[];
}

/**
 * The foundation and every team of the platform repository, from the synth
 * output in `outdir`: each team's stacks and their resources, an onboarded
 * team's repositories (platform.json), the services and databases of a team
 * declared here.
 */
export function platformTeams(repo: PlatformRepository, outdir: string): { stacks: Map<string, StackSummary>; teams: PlatformTeamStatus[] } {
  const manifest = readJson(path.join(outdir, 'manifest.json'));
  const stacks = new Map<string, StackSummary>();
  for (const [name, stack] of Object.entries<any>(manifest.stacks ?? {})) {
    const resources = readJson(path.join(outdir, stack.synthesizedStackPath)).resource ?? {};
    const names = (type: string, key: (r: any) => unknown) => Object.values<any>(resources[type] ?? {}).map(key).filter((n): n is string => typeof n === 'string');
    stacks.set(name, {
      resources: Object.values<Record<string, unknown>>(resources).reduce((n, byName) => n + Object.keys(byName).length, 0),
      deployments: names('kubernetes_deployment_v1', (d) => (Array.isArray(d.metadata) ? d.metadata[0] : d.metadata)?.name),
      databases: [...names('google_sql_database_instance', (d) => d.name), ...names('google_redis_instance', (d) => d.name)],
    });
  }
  const publishedFile = path.join(outdir, PLATFORM_SETTINGS_FILE);
  const published = fs.existsSync(publishedFile) ? readJson(publishedFile) : {};
  const environments = repo.environments.map((e) => e.name);
  const teams = teamFiles(repo).map((t): PlatformTeamStatus => {
    const prefix = t.kind === TEAM_FILE_KINDS.ONBOARDING ? `${ONBOARDING_STACK_PREFIX}${t.name}` : t.name;
    const own = [prefix, ...environments.map((e) => `${prefix}-${e}`)].map((name) => ({ name, resources: stacks.get(name)?.resources }));
    if (t.kind === TEAM_FILE_KINDS.ONBOARDING) {
      const entry = published.teams?.[t.name];
      const repositories = { infrastructureRepository: entry?.infrastructureRepository, serviceRepositories: entry?.serviceRepositories ?? [] };
      return { name: t.name, kind: t.kind, stacks: own, ...repositories };
    }
    const envStacks = environments.map((e) => stacks.get(`${t.name}-${e}`)).filter((s): s is StackSummary => s !== undefined);
    const suffix = new RegExp(`-(${environments.map((e) => e.replace(/[^a-z0-9-]/g, '')).join('|')})$`);
    return {
      name: t.name,
      kind: t.kind,
      stacks: own,
      services: [...new Set(envStacks.flatMap((s) => s.deployments))].sort(),
      databases: [...new Set(envStacks.flatMap((s) => s.databases.map((d) => d.replace(suffix, ''))))].sort(),
    };
  });
  return { stacks, teams };
}

/** `golden-paths status` in the platform repository. */
export async function platformStatus(repo: PlatformRepository, io: Io, options: { noSynth: boolean; live: boolean; team?: string }): Promise<number> {
  if (options.live) {
    throw CliError.invalid('status', { prop: '--live', value: true, problem: 'shows the rollouts of a team\'s services, and this is the platform repository', fix: 'run golden-paths status --live in the team\'s repository, or leave --live out' });
  }
  const project = cdktfProject(repo.root);
  const files = teamFiles(repo);
  if (options.team !== undefined && !files.some((t) => t.name === options.team)) {
    throw CliError.invalid('status', { prop: 'team', value: options.team, problem: 'is not a team of this platform repository', fix: `use one of ${files.map((t) => t.name).join(', ') || '(none yet: golden-paths add team <name> --maintainers <logins>)'}` });
  }
  if (!options.noSynth) await synthProject(project, io, { jobs: os.availableParallelism(), fastSynth: true });
  if (!fs.existsSync(path.join(project.outdir, 'manifest.json'))) {
    throw new CliError(`${project.outdir}: no synth output. Fix: run golden-paths status without --no-synth.`);
  }
  const { stacks, teams } = platformTeams(repo, project.outdir);
  const total = [...stacks.values()].reduce((n, s) => n + s.resources, 0);
  const environments = repo.environments.map((e) => `${e.name}${e.production ? ' (production)' : ''}`).join(', ');
  const count = (n: number | undefined) => (n === undefined ? 'not synthesized' : `${n}`);
  io.out(paint(io, 'bold', `Platform ${String(repo.settings.githubOrganization)} (${path.relative(repo.root, repo.settingsFile)})`));
  io.out(`  environments: ${environments}`);
  io.out(`  stacks:       ${stacks.size}, ${total} resources`);
  io.out(`  foundation:   ${count(stacks.get('foundation')?.resources)} resources`);
  const shown = options.team === undefined ? teams : teams.filter((t) => t.name === options.team);
  if (shown.length === 0) io.out('No teams yet. Add one: golden-paths add team <name> --maintainers <logins>');
  else io.out(paint(io, 'bold', `Teams (${path.relative(repo.root, repo.teamsDir)}/): ${teams.length}`));
  for (const t of shown) {
    if (t.kind === TEAM_FILE_KINDS.ONBOARDING) {
      io.out(`  ${t.name}: onboarded, deploys from ${t.infrastructureRepository ?? `${t.name}-infra`}`);
      io.out(`    service repositories: ${t.serviceRepositories?.join(', ') || 'none yet'}`);
    } else if (t.kind === TEAM_FILE_KINDS.TEAM) {
      io.out(`  ${t.name}: declared here`);
      io.out(`    services:  ${t.services?.join(', ') || 'none yet'}`);
      io.out(`    databases: ${t.databases?.join(', ') || 'none'}`);
    } else {
      io.out(`  ${t.name}: ${paint(io, 'yellow', 'its file names no kind (synth says what is wrong)')}`);
    }
    io.out(`    stacks:    ${t.stacks.map((s) => `${s.name} (${count(s.resources)})`).join(', ')}`);
  }
  return 0;
}
