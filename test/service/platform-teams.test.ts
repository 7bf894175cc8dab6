import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, PlatformFoundation, PlatformTeams } from '../../src';
import { errorOf } from '../util';

/**
 * PlatformTeams: the teams of a platform repository's teams/ directory (JSON
 * files), each onboarded onto its own repository or declared here with its
 * services in teams/<team>/.
 */

const SETTINGS = path.join(__dirname, '..', '..', 'examples', 'platform', 'platform-settings.json');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-teams-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(relative: string, json: unknown): void {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), typeof json === 'string' ? json : JSON.stringify(json));
}

function platform(): { app: App; platform: Platform } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'platform-teams-out-')) });
  const p = Platform.fromFile(app, 'acme', SETTINGS);
  new PlatformFoundation(p, 'foundation');
  return { app, platform: p };
}

function synth(app: App): { stacks: Record<string, { dependencies: string[] }>; stack: (name: string) => any; published: any } {
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  return {
    stacks: manifest.stacks,
    stack: (name) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')),
    published: JSON.parse(fs.readFileSync(path.join(app.outdir, 'platform.json'), 'utf8')),
  };
}

test('an onboarding file onboards the team; a team file declares it here with the services of its folder', () => {
  write('payments.json', { kind: 'onboarding', name: 'payments', maintainers: ['alice'], members: ['bob'], serviceRepositories: ['payment-service'] });
  write('platform.json', { kind: 'team', name: 'platform', maintainers: ['frank'], description: 'The platform team' });
  write('platform/developer-portal.json', { kind: 'service', name: 'developer-portal', description: 'Backstage', database: { engine: 'postgres', size: 'small' } });
  write('README.md', 'not a team');
  const { app, platform: p } = platform();
  const teams = PlatformTeams.fromDirectory(p, dir);
  expect(teams.names).toEqual(['payments', 'platform']);
  expect(teams.onboardings.map((t) => t.name)).toEqual(['payments']);
  expect(teams.teams.map((t) => t.name)).toEqual(['platform']);

  const out = synth(app);
  expect(Object.keys(out.stacks).sort()).toEqual([
    'foundation', 'onboarding-payments', 'onboarding-payments-dev', 'onboarding-payments-prod', 'onboarding-payments-staging',
    'platform', 'platform-dev', 'platform-prod', 'platform-staging',
  ]);
  // Published for the team's own repository: what golden-paths init reads there.
  expect(out.published.teams.payments).toMatchObject({ infrastructureRepository: 'payments-infra', serviceRepositories: ['payment-service'] });
  expect(Object.values<any>(out.stack('onboarding-payments').resource.github_team_membership).map((m) => [m.username, m.role]))
    .toEqual([['alice', 'maintainer'], ['bob', 'member']]);
  // The team declared here: its service and the service's own database in each environment.
  expect(Object.values<any>(out.stack('platform').resource.github_repository).map((r) => r.name)).toEqual(['developer-portal']);
  expect(Object.values<any>(out.stack('platform-prod').resource.google_sql_database_instance).map((d) => d.name)).toEqual(['developer-portal-db-prod']);
  expect(out.stack('platform-prod').resource.kubernetes_deployment_v1).toBeDefined();
});

test('a missing directory declares nothing', () => {
  const { platform: p } = platform();
  expect(PlatformTeams.fromDirectory(p, path.join(dir, 'none')).names).toEqual([]);
});

describe('errors name the file, the JSON pointer, the value and the fix; every file is read first', () => {
  test('a wrong kind, an unknown key, a name that is not the file\'s, a missing maintainer list', () => {
    write('a.json', { kind: 'squad', name: 'a', maintainers: ['x'] });
    write('b.json', { kind: 'onboarding', name: 'bee', maintainers: ['x'], maintainer: ['y'] });
    write('c.json', { kind: 'team', name: 'c', serviceRepositories: ['c-api'] });
    const { platform: p } = platform();
    const message = errorOf(() => PlatformTeams.fromDirectory(p, dir));
    expect(message).toBe(`[${dir}] 3 team files are wrong:\n`
      + `[${dir}/a.json] invalid /kind "squad": is not "onboarding" nor "team". Fix: write "kind": "onboarding" (the team deploys from its own infrastructure repository) or "kind": "team" (its services are declared here, under teams/<team>/).\n`
      + `[${dir}/b.json] 2 invalid settings:\n`
      + '  - invalid /maintainer ["y"]: is not a setting. Fix: use one of "kind", "name", "maintainers", "members", "description", "quotas", '
      + '"ingressControllerNamespaceLabels", "imageRetention", "monthlyBudget", "infrastructureRepository", "serviceRepositories".\n'
      + '  - invalid /name "bee": differs from the file name b.json. Fix: rename the file bee.json.\n'
      + `[${dir}/c.json] 2 invalid settings:\n`
      + '  - invalid /serviceRepositories ["c-api"]: is an onboarded team\'s setting, and this team is declared here ("kind": "team"): its services are in teams/c/. '
      + 'Fix: remove it, or make the file "kind": "onboarding" to onboard the team onto its own infrastructure repository.\n'
      + '  - invalid /maintainers undefined: is missing. Fix: list the GitHub logins of the team\'s maintainers, e.g. ["alice"].');
  });

  test('a file that is not JSON, and a folder of services for no team declared here', () => {
    write('a.json', '{ "kind": ');
    write('b.json', { kind: 'onboarding', name: 'b', maintainers: ['x'] });
    write('b/api.json', { kind: 'service', name: 'api', description: 'API' });
    write('c/api.json', { kind: 'service', name: 'api', description: 'API' });
    const { platform: p } = platform();
    const message = errorOf(() => PlatformTeams.fromDirectory(p, dir));
    expect(message).toMatch(new RegExp(`^\\[${dir}/a\\.json\\] is not JSON: .*\\. Fix: write one JSON object, e\\.g\\. \\{ "kind": "onboarding", "name": "payments", "maintainers": \\["alice"\\] \\}\\.$`, 'm'));
    expect(message).toContain(`[${dir}/b] holds declarations of no team of this repository: b.json onboards the team, whose services its own infrastructure repository declares. Fix: move the services to the team's infrastructure repository, or make b.json "kind": "team".`);
    expect(message).toContain(`[${dir}/c] holds declarations of no team of this repository: there is no c.json. Fix: add the team (golden-paths add team c --declare-here --maintainers <logins>), or remove the folder.`);
  });

  test('what the constructs refuse, they refuse from a file too: a reserved team name', () => {
    write('foundation.json', { kind: 'onboarding', name: 'foundation', maintainers: ['x'] });
    const { platform: p } = platform();
    expect(errorOf(() => PlatformTeams.fromDirectory(p, dir))).toContain('invalid name "foundation": would name team stacks like the platform\'s own');
  });

  test('a file where the folder should be', () => {
    const file = path.join(dir, 'teams');
    fs.writeFileSync(file, '');
    const { platform: p } = platform();
    expect(errorOf(() => PlatformTeams.fromDirectory(p, file))).toBe(`[acme] invalid directory "${file}": is a file, not a folder. Fix: give the folder of the team files (a platform repository's teams/), or move the file away.`);
  });
});
