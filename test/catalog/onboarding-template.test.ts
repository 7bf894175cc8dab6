import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefaultNamespaceEntityPolicy, type Entity, EntityPolicies, FieldFormatEntityPolicy, NoForeignRootFieldsEntityPolicy, SchemaValidEntityPolicy } from '@backstage/catalog-model';
import Ajv from 'ajv';
import { App, TerraformStack, Testing } from 'cdktf';
import { createTemplateRenderer } from 'nunjitsu';
import { Platform, PlatformFoundation, type PlatformProps, PlatformTeams, ServiceCatalog, TeamEnvironment, TeamOnboarding } from '../../src';
import { QUICK_ACTION_FILES } from '../../src/catalog/quick-actions';
import { gp } from '../cli/run-cli';
import { APP_PLATFORM_PROPS, errorOf, resources } from '../util';
import { templateEntityV1beta3Validator } from './template-validator';

/**
 * The portal's "Onboard a team" quick action: a Backstage Software Template whose pull request
 * adds to the platform repository the team file `golden-paths add team` writes. Checked with
 * Backstage's own Template validator (@backstage/plugin-scaffolder-common) and rendered with the
 * scaffolder's template engine (nunjitsu, as the existing quick actions are in
 * quick-actions.test.ts), then read by PlatformTeams, the parser the platform repository's synth
 * uses, and synthesized.
 *
 * Actions and inputs, as Backstage documents them:
 * - fetch:template:file (url, targetPath, values): https://backstage.io/docs/reference/plugin-scaffolder-backend.createfetchtemplatefileaction
 * - publish:github:pull-request (repoUrl "host?owner=&repo=", branchName, title, description, commitMessage):
 *   https://backstage.io/docs/features/software-templates/builtin-actions/
 * - parameters are JSON Schema (draft 07) forms: https://backstage.io/docs/features/software-templates/writing-templates
 */

const ROOT = path.join(__dirname, '..', '..');
const SETTINGS = path.join(ROOT, 'examples', 'platform', 'platform-settings.json');

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const ONBOARDING_PROPS: Partial<PlatformProps> = {
  terraformGithubAppId: 123456,
  terraformGithubReaderAppId: 654321,
  stateBucket: 'acme-terraform-state',
  billingAccount: '012345-6789AB-CDEF01',
  catalogRepository: 'backstage-catalog',
  platformRepository: 'acme-platform',
};

function platformApp(props: Partial<PlatformProps> = {}) {
  const app = new App({ outdir: tmpdir('onboarding-template-') });
  const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, ...ONBOARDING_PROPS, ...props });
  const foundation = new PlatformFoundation(platform, 'foundation');
  return { app, platform, foundation };
}

function onboardTemplate(app: App): any {
  return ServiceCatalog.entities(app).find((e) => e.kind === 'Template' && e.metadata.name === 'golden-paths-onboard-team');
}

/** What the scaffolder puts in the pull request: each step's inputs rendered from the parameters, then the skeleton. */
function renderPullRequest(template: any, parameters: Record<string, unknown>) {
  const renderer = createTemplateRenderer();
  const value = (text: string) => renderer.renderValue(text, { parameters: parameters as any }, { coercion: 'json' });
  const [declaration, pullRequest] = template.spec.steps;
  const values = Object.fromEntries(Object.entries<string>(declaration.input.values).map(([k, v]) => [k, value(v)]));
  const skeleton = QUICK_ACTION_FILES.find((f) => `./${f.path}` === declaration.input.url)!;
  return {
    repoUrl: String(value(pullRequest.input.repoUrl)),
    branchName: String(value(pullRequest.input.branchName)),
    file: String(value(declaration.input.targetPath)),
    content: renderer.render(skeleton.content, { values: values as any }),
  };
}

async function validate(entity: Entity): Promise<void> {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy(),
  ]);
  const checked = (await policy.enforce(entity))!;
  expect(await templateEntityV1beta3Validator.check(checked)).toBe(true);
}

/** A platform repository written by `golden-paths init --platform-repository` on the example's settings. */
let repo: string;
beforeAll(async () => {
  const parent = tmpdir('onboarding-template-repo-');
  const result = await gp(parent, 'init', 'acme-platform', '--platform-repository', '--settings', SETTINGS);
  expect(result).toMatchObject({ code: 0, err: '' });
  repo = path.join(parent, 'acme-platform');
});

/** What `golden-paths add team` writes for the same input, or the error it gives. */
async function addTeam(...args: string[]): Promise<{ file: string; content: string }> {
  const teams = path.join(repo, 'teams');
  for (const f of fs.readdirSync(teams).filter((n) => n.endsWith('.json'))) fs.rmSync(path.join(teams, f));
  const result = await gp(repo, 'add', 'team', ...args);
  if (result.code !== 0) throw new Error(result.err || result.out);
  const [name] = fs.readdirSync(teams).filter((n) => n.endsWith('.json'));
  return { file: `teams/${name}`, content: fs.readFileSync(path.join(teams, name), 'utf8') };
}

/** The example settings' environments (dev, staging, prod), as the platform repository of `repo` has them. */
const EXAMPLE_ENVIRONMENTS = JSON.parse(fs.readFileSync(SETTINGS, 'utf8')).environments;

describe('the "Onboard a team" Template', () => {
  test('a platform repository that names itself lists it, valid by Backstage\'s Template validator; the pull request goes to that repository', async () => {
    const { app } = platformApp();
    const template = onboardTemplate(app);
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    await validate(JSON.parse(JSON.stringify(template)));
    expect(template.spec.steps.map((s: any) => s.action)).toEqual(['fetch:template:file', 'publish:github:pull-request']);
    expect(template.spec.steps[1].input.repoUrl).toBe('github.com?owner=acme&repo=acme-platform');
    // Without platformRepository, or in a team repository, there is none.
    expect(onboardTemplate(platformApp({ platformRepository: undefined }).app)).toBeUndefined();
  });

  test('says what it writes: an onboarded team, as add team writes by default; a team declared here is the CLI\'s', async () => {
    const template = onboardTemplate(platformApp().app);
    expect(template.metadata.description).toContain('The same as `golden-paths add team` (an onboarded team, TeamOnboarding)');
    expect(template.metadata.description).toContain('`golden-paths add team --declare-here`');
    // What the form renders is the kind add team writes without --declare-here.
    const rendered = JSON.parse(renderPullRequest(template, { name: 'ops', maintainers: ['dave'], members: [], serviceRepositories: [] }).content);
    expect(rendered.kind).toBe('onboarding');
    expect(JSON.parse((await addTeam('ops', '--maintainers', 'dave')).content).kind).toBe(rendered.kind);
  });

  test('the validator refuses a broken Template: the check above can fail', async () => {
    const broken = JSON.parse(JSON.stringify(onboardTemplate(platformApp().app)));
    broken.spec.parameters = 'name';
    await expect(validate(broken)).rejects.toThrow(/parameters/);
  });

  test('on GitHub Enterprise Server the pull request goes to the server', () => {
    const { app } = platformApp({ githubApiUrl: 'https://github.acme.internal/api/v3', githubOidcIssuer: 'https://github.acme.internal/_services/token', githubActionsAppId: 27 });
    expect(onboardTemplate(app).spec.steps[1].input.repoUrl).toBe('github.acme.internal?owner=acme&repo=acme-platform');
  });

  test('platformRepository is refused unless a repository name', () => {
    expect(errorOf(() => platformApp({ platformRepository: 'acme platform' })))
      .toMatch(/invalid platformRepository "acme platform": is not a GitHub repository name .*Fix: use "acme-platform"/);
  });

  test.each([
    ['the least: a name and a maintainer', { name: 'search', maintainers: ['alice'] }, ['search', '--maintainers', 'alice']],
    ['everything, with quotes and backslashes in the description', {
      name: 'checkout',
      description: '  Checkout "v2" \\ billing  ',
      maintainers: ['alice', 'Bob-1'],
      members: ['carol'],
      infrastructureRepository: 'checkout-platform',
      serviceRepositories: ['cart', 'ledger.v2'],
    }, ['checkout', '--maintainers', 'alice,Bob-1', '--members', 'carol', '--description', '  Checkout "v2" \\ billing  ',
      '--infrastructure-repository', 'checkout-platform', '--service-repositories', 'cart,ledger.v2']],
    ['empty lists and a blank description, as a form leaves them', { name: 'ops', description: '   ', maintainers: ['dave'], members: [], serviceRepositories: [] },
      ['ops', '--maintainers', 'dave', '--description', '   ']],
  ])('the pull request for %s adds byte for byte what golden-paths add team writes, and the next synth accepts it', async (_what, parameters, args) => {
    const { app } = platformApp({ environments: EXAMPLE_ENVIRONMENTS });
    const pr = renderPullRequest(onboardTemplate(app), parameters);
    const cli = await addTeam(...args);
    expect(pr.file).toBe(cli.file);
    expect(pr.content).toBe(cli.content);
    expect(pr.branchName).toBe(`golden-paths/onboard-team-${parameters.name}`);

    // The platform repository's parser, then its synth.
    const teams = tmpdir('onboarding-template-teams-');
    fs.writeFileSync(path.join(teams, path.basename(pr.file)), pr.content);
    const next = new App({ outdir: tmpdir('onboarding-template-synth-') });
    const platform = Platform.fromFile(next, 'acme', path.join(repo, 'platform-settings.json'));
    new PlatformFoundation(platform, 'foundation');
    const read = PlatformTeams.fromDirectory(platform, teams);
    expect(read.onboardings.map((o) => o.name)).toEqual([parameters.name]);
    const [team] = read.onboardings;
    expect(team.infrastructureRepositoryName).toBe((parameters as any).infrastructureRepository ?? `${parameters.name}-infra`);
    expect(team.description).toBe(((parameters as any).description ?? '').trim() || `${parameters.name} team, managed by cdktf-golden-paths`);
    const stack = next.node.findAll().find((c) => TerraformStack.isStack(c) && c.node.id === `onboarding-${parameters.name}`) as TerraformStack;
    const json = JSON.parse(Testing.synth(stack, true));
    const members = Object.values<any>(resources(json, 'github_team_membership'));
    expect(members.map((m) => [m.username, m.role]).sort()).toEqual([
      ...parameters.maintainers.map((u: string) => [u, 'maintainer']), ...((parameters as any).members ?? []).map((u: string) => [u, 'member']),
    ].sort());
  }, 60_000);

  test('the form accepts exactly the team names and GitHub logins the CLI accepts', async () => {
    const { app } = platformApp({ environments: EXAMPLE_ENVIRONMENTS });
    new TeamOnboarding(app.node.findChild('acme') as Platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const template = onboardTemplate(app);
    const ajv = new Ajv({ strict: false });
    const form = ajv.compile({ type: 'object', ...template.spec.parameters[0], properties: { ...template.spec.parameters[0].properties, ...template.spec.parameters[1].properties } });
    // The CLI's repository has the team payments too.
    const taken = await addTeam('payments', '--maintainers', 'alice');
    const cliAccepts = async (...args: string[]) => {
      try {
        fs.writeFileSync(path.join(repo, 'teams', 'payments.json'), taken.content);
        const result = await gp(repo, 'add', 'team', ...args);
        for (const f of fs.readdirSync(path.join(repo, 'teams')).filter((n) => n.endsWith('.json') && n !== 'payments.json')) fs.rmSync(path.join(repo, 'teams', f));
        return result.code === 0;
      } catch {
        return false;
      }
    };
    const names = [
      'search', 'a', 'a1', 'pay--ments', 'Search', '1team', 'team-', '-team', 'payments', 'foundation', 'onboarding', 'onboarding-x', 'onboardingx',
      'constructor', 'kube', 'kube-x', 'kubex', 'gke', 'gmp-a', 'default', 's'.repeat(55), 's'.repeat(56), 'ünï', 'a_b',
    ];
    for (const name of names) {
      expect([name, form({ name, maintainers: ['alice'] })]).toEqual([name, await cliAccepts(name, '--maintainers', 'alice')]);
    }
    const logins = ['alice', 'Bob-1', 'a'.repeat(39), 'a'.repeat(40), '-alice', 'alice-', 'al--ice', '@alice', 'al_ice', 'al.ice'];
    for (const login of logins) {
      expect([login, form({ name: 'search', maintainers: [login] })]).toEqual([login, await cliAccepts('search', '--maintainers', login)]);
    }
    expect(form({ name: 'search', maintainers: [] })).toBe(false);
    expect(await cliAccepts('search', '--maintainers', '')).toBe(false);
  }, 60_000);

  test('the form accepts exactly the repository names the CLI accepts', async () => {
    const { app } = platformApp({ environments: EXAMPLE_ENVIRONMENTS });
    const page = onboardTemplate(app).spec.parameters[2];
    const form = new Ajv({ strict: false }).compile({ type: 'object', ...page });
    for (const name of ['search-infra', 'a.b_c', '.', '..', '...', 'x.git', 'x.GIT', 'x.gitx', 'a b', 'a/b', 'r'.repeat(100), 'r'.repeat(101)]) {
      let cli = true;
      try {
        await addTeam('search', '--maintainers', 'alice', '--infrastructure-repository', name);
      } catch {
        cli = false;
      }
      expect([name, form({ infrastructureRepository: name })]).toEqual([name, cli]);
    }
  }, 60_000);

  test('the names of the platform\'s teams, declared here or onboarded, are refused', () => {
    const { app, platform } = platformApp();
    new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new TeamEnvironment(platform, 'platform', { name: 'platform', maintainers: ['frank'] });
    expect(onboardTemplate(app).spec.parameters[0].properties.name.not.enum).toEqual(['constructor', 'foundation', 'onboarding', 'payments', 'platform']);
  });

  test('a longer environment name shortens the team name', () => {
    const { app } = platformApp({ environments: [{ name: 'dev' }, { name: 'production-eu', production: true }] });
    expect(onboardTemplate(app).spec.parameters[0].properties.name.maxLength).toBe(63 - 1 - 'production-eu'.length);
  });

  test('the catalog repository holds the skeleton beside catalog-info.yaml, escaped for Terraform', () => {
    const { foundation } = platformApp();
    const json = JSON.parse(Testing.synth(TerraformStack.of(foundation)));
    const file = Object.values<any>(resources(json, 'github_repository_file')).find((f) => f.file === 'golden-paths/team.json.njk');
    const skeleton = QUICK_ACTION_FILES.find((f) => f.path === 'golden-paths/team.json.njk')!;
    expect(file.repository).toBe('backstage-catalog');
    expect(file.content).toBe(skeleton.content.replace(/\$\{/g, () => '$${'));
  });
});
