import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { findPlatformRepository, type PlatformRepository, teamFiles } from './platform-repository';
import { writeJson } from './team-repository';
import { ONBOARDING_STACK_PREFIX } from '../platform/onboarded-team';
import { TEAM_FILE_KINDS } from '../private/constants';
import { describeProblem, type PropProblem } from '../private/errors';
import { problems, repositoryNameProblem } from '../private/validation';
import { hasDefaultGroup } from '../team/group-subject';
import { grantsNamespaceName } from '../team/team-names';
import {
  type OnboardingSettings, onboardingSettingsProblems, reservedTeamNameProblem, serviceRepositoriesProblems, teamNameProblems, teamPeopleProblems,
} from '../team/team-validation';

export const ADD_TEAM = {
  name: 'add team',
  usage: `Usage: golden-paths add team <name> --maintainers <logins> [--members <logins>] [--service-repositories <names>]
       golden-paths add team <name> --maintainers <logins> --declare-here

In a platform repository, adds the team <name> in teams/<name>.json, checked as the constructs
check it (a DNS label that is also a Backstage entity name, GitHub logins, repository names; the
platform's own names refused). By default the team is onboarded (TeamOnboarding): the platform
creates its infrastructure repository <name>-infra, its identities, namespaces and the service
repositories you list, and the team deploys from its own repository. With --declare-here the team
lives in this repository (TeamEnvironment): its services and databases go in teams/<name>/.

Options:
  --maintainers <logins>            GitHub logins of the team's maintainers, comma-separated
  --members <logins>                GitHub logins of its other members, comma-separated
  --description <text>              what the team does, in one sentence
  --service-repositories <names>    the repositories the platform creates for the team's services
  --infrastructure-repository <name> the team's infrastructure repository (default: <name>-infra)
  --declare-here                    declare the team and its services in this repository
  -h, --help                        show this help`,
  options: {
    'maintainers': { type: 'string' },
    'members': { type: 'string' },
    'description': { type: 'string' },
    'service-repositories': { type: 'string' },
    'infrastructure-repository': { type: 'string' },
    'declare-here': { type: 'boolean' },
  },
  positionals: [1, 1],
} as const;

/** A comma-separated list, without blanks. */
function list(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

/** The stack ids and namespaces (its own and its database grant Jobs') a team of `kind` named `name` takes. */
function namesTaken(name: string, kind: string | undefined, environments: readonly string[]): string[] {
  const prefix = kind === TEAM_FILE_KINDS.ONBOARDING ? `${ONBOARDING_STACK_PREFIX}${name}` : name;
  return [
    `stack ${prefix}`,
    ...environments.map((e) => `stack ${prefix}-${e}`),
    ...environments.map((e) => `namespace ${name}-${e}`),
    ...environments.map((e) => `namespace ${grantsNamespaceName(name, e)}`),
  ];
}

/** The GitHub repositories the other teams of the repository (all but `except`) have: infrastructure and service repositories, and the services declared here. */
function repositoriesTaken(repo: PlatformRepository, except: string): Map<string, string> {
  const taken = new Map<string, string>();
  for (const team of teamFiles(repo).filter((t) => t.name !== except)) {
    const json = team.json ?? {};
    if (team.kind === TEAM_FILE_KINDS.ONBOARDING) {
      const infrastructure = typeof json.infrastructureRepository === 'string' ? json.infrastructureRepository : `${team.name}-infra`;
      taken.set(infrastructure.toLowerCase(), `the infrastructure repository of ${team.name} (${team.file})`);
      for (const r of Array.isArray(json.serviceRepositories) ? json.serviceRepositories : []) {
        if (typeof r === 'string') taken.set(r.toLowerCase(), `a service repository of ${team.name} (${team.file})`);
      }
    } else if (team.kind === TEAM_FILE_KINDS.TEAM) {
      const services = path.join(repo.teamsDir, team.name);
      for (const f of fs.existsSync(services) ? fs.readdirSync(services).filter((n) => n.endsWith('.json')) : []) {
        taken.set(f.slice(0, -'.json'.length).toLowerCase(), `the repository of a service of ${team.name} (${path.relative(repo.root, path.join(services, f))})`);
      }
    }
  }
  return taken;
}

/** `golden-paths add team`. */
export function addTeam(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommand(ADD_TEAM, argv);
  const repo = findPlatformRepository(io.cwd);
  const name = positionals[0];
  const relative = path.relative(repo.root, path.join(repo.teamsDir, `${name}.json`));
  const declareHere = values['declare-here'] === true;
  const kind = declareHere ? TEAM_FILE_KINDS.TEAM : TEAM_FILE_KINDS.ONBOARDING;
  const maintainers = list(values.maintainers);
  const members = list(values.members);
  const serviceRepositories = list(values['service-repositories']);
  const infrastructureRepository = typeof values['infrastructure-repository'] === 'string' ? values['infrastructure-repository'].trim() : undefined;
  const environments = repo.environments.map((e) => e.name);
  const organization = String(repo.settings.githubOrganization);

  const found: PropProblem[] = [];
  const nameProblems = [...teamNameProblems(name, repo.environments), ...problems(reservedTeamNameProblem(name))];
  found.push(...nameProblems);
  if (nameProblems.length === 0) {
    if (declareHere && name === organization) {
      found.push({ prop: 'name', value: name, problem: 'is the GitHub organization, the id of the Platform in platform.ts, and the team\'s stack would take that id', fix: 'choose another team name, or onboard the team (its stacks are onboarding-<team>)' });
    }
    const others = teamFiles(repo);
    if (others.some((t) => t.name === name)) {
      found.push({ prop: 'name', value: name, problem: `is already a team of this repository (${relative})`, fix: 'choose another name, or change the existing team file' });
    } else {
      const mine = namesTaken(name, kind, environments);
      for (const other of others) {
        const clash = namesTaken(other.name, other.kind, environments).find((n) => mine.includes(n));
        if (clash !== undefined) {
          found.push({ prop: 'name', value: name, problem: `would make the ${clash}, which the team ${other.name} (${other.file}) makes too`, fix: 'choose a name whose stacks and namespaces ("<team>-<environment>", "<team>-grants-<environment>") no other team has' });
          break;
        }
      }
    }
  }
  const signIn = { oidcBridge: repo.settings.oidcBridge === true, googleGroupsDomain: repo.settings.googleGroupsDomain as string | undefined };
  if (!hasDefaultGroup(signIn)) {
    // A team file cannot name a GroupSubject (code, not data): the settings must say how people sign in.
    found.push({
      prop: 'googleGroupsDomain',
      value: undefined,
      problem: `is not set in ${path.relative(repo.root, repo.settingsFile)}, and neither is oidcBridge, so the team's RBAC would bind the Group "${organization}:${name}", which matches nobody signed in to GKE with Google`,
      fix: `set googleGroupsDomain in the settings (the team then binds the Google Group ${name}@<domain>), or oidcBridge: true if people sign in through an OIDC bridge that reports GitHub teams`,
    });
  }
  if (values.maintainers === undefined) {
    found.push({ prop: '--maintainers', value: undefined, problem: 'is missing', fix: 'pass the GitHub logins of the team\'s maintainers, e.g. --maintainers alice,bob' });
  } else {
    found.push(...teamPeopleProblems(maintainers, members).map((p) => ({ ...p, prop: p.prop.replace(/^(maintainers|members)(\[\d+\])?$/, '--$1') })));
  }
  if (declareHere) {
    for (const option of ['service-repositories', 'infrastructure-repository'] as const) {
      if (values[option] !== undefined) {
        found.push({ prop: `--${option}`, value: values[option], problem: 'is for a team onboarded onto its own repository, and --declare-here declares the team here', fix: `leave it out (the team's services are declared in teams/${name}/), or leave out --declare-here` });
      }
    }
  } else {
    const infrastructure = infrastructureRepository ?? `${name}-infra`;
    if (infrastructureRepository !== undefined) found.push(...problems(repositoryNameProblem('--infrastructure-repository', infrastructureRepository)));
    found.push(...serviceRepositoriesProblems(serviceRepositories, infrastructure).map((p) => ({ ...p, prop: '--service-repositories' })));
    const taken = repositoriesTaken(repo, name);
    for (const [prop, repository] of [['--infrastructure-repository', infrastructure], ...serviceRepositories.map((r) => ['--service-repositories', r])] as const) {
      const owner = taken.get(repository.toLowerCase());
      if (owner !== undefined) found.push({ prop, value: repository, problem: `is already ${owner}`, fix: 'give every team its own repositories' });
    }
    const settingsProblems = onboardingSettingsProblems(repo.settings as OnboardingSettings, '/');
    if (settingsProblems.length > 0) {
      const file = path.relative(io.cwd, repo.settingsFile) || repo.settingsFile;
      throw new CliError(`[${file}] onboarding a team needs ${settingsProblems.length === 1 ? 'a setting' : 'settings'} the platform does not have:\n${settingsProblems.map((p) => `  - ${describeProblem(p)}`).join('\n')}\n`
        + 'Fix: set them, or add the team with --declare-here to declare it and its services in this repository.');
    }
  }
  if (found.length === 1) throw CliError.invalid(relative, found[0]);
  if (found.length > 1) throw new CliError(`[${relative}] ${found.length} invalid settings:\n${found.map((p) => `  - ${describeProblem(p)}`).join('\n')}`);

  const description = typeof values.description === 'string' && values.description.trim() !== '' ? values.description.trim() : undefined;
  writeJson(path.join(repo.teamsDir, `${name}.json`), {
    kind,
    name,
    maintainers,
    ...(members.length > 0 ? { members } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(infrastructureRepository !== undefined ? { infrastructureRepository } : {}),
    ...(serviceRepositories.length > 0 ? { serviceRepositories } : {}),
  });
  const stacks = namesTaken(name, kind, environments).filter((n) => n.startsWith('stack ')).map((n) => n.slice('stack '.length));
  if (declareHere) {
    io.out(`${paint(io, 'green', 'Added')} the team ${name} in ${relative}, declared in this repository (stacks ${stacks.join(', ')}).`);
    io.out(`Declare its services and databases in ${path.relative(repo.root, path.join(repo.teamsDir, name))}/, one JSON file each ({ "kind": "service", "name": "...", "description": "..." }), then: golden-paths check.`);
  } else {
    io.out(`${paint(io, 'green', 'Added')} the team ${name} in ${relative}, onboarded onto its infrastructure repository ${infrastructureRepository ?? `${name}-infra`} (stacks ${stacks.join(', ')}).`);
    io.out('Check it with `golden-paths check`, then open a pull request: CI plans it, and merging applies it. After the apply, the team\'s '
      + `repository deploys on its first push; the team writes it with golden-paths init <dir> --team ${name} --platform platform.json (cdktf.out/platform.json).`);
  }
  return 0;
}
