import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefaultNamespaceEntityPolicy, EntityPolicies, FieldFormatEntityPolicy, NoForeignRootFieldsEntityPolicy, SchemaValidEntityPolicy, type Entity } from '@backstage/catalog-model';
import Ajv from 'ajv';
import { App, TerraformStack, Testing } from 'cdktf';
import { createTemplateRenderer } from 'nunjitsu';
import { parseAllDocuments } from 'yaml';
import { PAYMENTS } from '../../examples/teams';
import { DatabaseEngine, DatabaseSize, Platform, PlatformFoundation, type PlatformProps, ServiceCatalog, TeamOnboarding } from '../../src';
import { QUICK_ACTION_FILES } from '../../src/catalog/quick-actions';
import { gp, initTeam } from '../cli/run-cli';
import { APP_PLATFORM_PROPS, resources } from '../util';
import { templateEntityV1beta3Validator } from './template-validator';

/**
 * The portal's quick actions: Backstage Software Templates that open a pull
 * request adding what `golden-paths add` writes. Checked with Backstage's own
 * Template validator (@backstage/plugin-scaffolder-common) and rendered with
 * the scaffolder's own template engine (nunjitsu, which the scaffolder
 * backend's `fetch:template:file` renders skeletons with since 4.x).
 *
 * Actions and inputs, as Backstage documents them:
 * - fetch:template:file (url, targetPath, values): https://backstage.io/docs/reference/plugin-scaffolder-backend.createfetchtemplatefileaction
 * - publish:github:pull-request (repoUrl "host?owner=&repo=", branchName, title, description, commitMessage):
 *   https://backstage.io/docs/features/software-templates/builtin-actions/ and the action's input schema in
 *   backstage/backstage plugins/scaffolder-backend-module-github/src/actions/githubPullRequest.ts
 */

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const ONBOARDING_PROPS: Partial<PlatformProps> = {
  terraformGithubAppId: 123456,
  terraformGithubReaderAppId: 654321,
  stateBucket: 'acme-terraform-state',
  billingAccount: '012345-6789AB-CDEF01',
  catalogRepository: 'backstage-catalog',
};

function onboardedPlatform(props: Partial<PlatformProps> = {}) {
  const app = new App({ outdir: tmpdir('quick-actions-') });
  const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, ...ONBOARDING_PROPS, ...props });
  const foundation = new PlatformFoundation(platform, 'foundation');
  new TeamOnboarding(platform, 'payments', PAYMENTS);
  new TeamOnboarding(platform, 'search', { name: 'search', maintainers: ['carol'], infrastructureRepository: 'search-platform' });
  return { app, platform, foundation };
}

function templatesOf(app: App): any[] {
  return ServiceCatalog.entities(app).filter((e) => e.kind === 'Template');
}

async function validate(entity: Entity): Promise<void> {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy(),
  ]);
  const checked = (await policy.enforce(entity))!;
  expect(await templateEntityV1beta3Validator.check(checked)).toBe(true);
}

/** Renders what the scaffolder would put in the pull request: each step's inputs from the parameters, then the skeleton. */
interface RenderedPullRequest {
  readonly repoUrl: string;
  readonly branchName: string;
  readonly file: string;
  readonly content: string;
}

function renderPullRequest(template: any, parameters: Record<string, unknown>): RenderedPullRequest {
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

let repo: string;
beforeAll(async () => {
  repo = await initTeam(tmpdir('quick-actions-repo-'));
});

/** What `golden-paths add` writes for the same input, in a team repository written by `golden-paths init`. */
async function added(...args: string[]): Promise<{ file: string; content: string }> {
  const services = path.join(repo, 'services');
  fs.rmSync(services, { recursive: true, force: true });
  const result = await gp(repo, 'add', ...args);
  if (result.code !== 0) throw new Error(result.err || result.out);
  const [name] = fs.readdirSync(services);
  return { file: `services/${name}`, content: fs.readFileSync(path.join(services, name), 'utf8') };
}

describe('the portal\'s quick actions (Backstage Software Templates)', () => {
  test('a platform that onboards teams lists "Create a service" and "Provision a database", each valid by Backstage\'s Template validator', async () => {
    const { app } = onboardedPlatform();
    const templates = templatesOf(app);
    expect(templates.map((t) => [t.apiVersion, t.metadata.name])).toEqual([
      ['scaffolder.backstage.io/v1beta3', 'golden-paths-create-service'],
      ['scaffolder.backstage.io/v1beta3', 'golden-paths-provision-database'],
    ]);
    for (const t of templates) await validate(JSON.parse(JSON.stringify(t)));
    // Each team is a choice, by its infrastructure repository (a renamed one included).
    expect(templates[0].spec.parameters[0].properties.repository.oneOf).toEqual([
      { const: 'payments-infra', title: 'payments' },
      { const: 'search-platform', title: 'search' },
    ]);
    expect(templates[0].spec.steps.map((s: any) => s.action)).toEqual(['fetch:template:file', 'publish:github:pull-request']);
  });

  test('the validator refuses a broken Template: the check above can fail', async () => {
    const { app } = onboardedPlatform();
    const broken = JSON.parse(JSON.stringify(templatesOf(app)[0]));
    delete broken.spec.steps;
    await expect(validate(broken)).rejects.toThrow(/steps/);
  });

  test('no onboarded team, no Templates (a team repository\'s catalog has none)', () => {
    const app = new App({ outdir: tmpdir('quick-actions-none-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS });
    new PlatformFoundation(platform, 'foundation');
    expect(templatesOf(app)).toEqual([]);
  });

  test.each([
    ['a service', { repository: 'payments-infra', name: 'refunds', description: 'Refunds and chargebacks' }, ['service', 'refunds', '--description', 'Refunds and chargebacks']],
    ['a service with its own database and a system', { repository: 'payments-infra', name: 'ledger', description: '  Ledger "v2" \\ entries  ', system: 'finance', database: 'postgres', databaseSize: 'medium' },
      ['service', 'ledger', '--description', '  Ledger "v2" \\ entries  ', '--system', 'finance', '--database', 'postgres:medium']],
    ['a service without a database', { repository: 'payments-infra', name: 'notifier', description: 'Sends e-mails', database: 'none', databaseSize: 'small' }, ['service', 'notifier', '--description', 'Sends e-mails']],
    ['a database', { repository: 'payments-infra', name: 'cache', engine: 'redis', size: 'small' }, ['database', 'cache', '--engine', 'redis', '--size', 'small']],
  ])('the pull request for %s adds byte for byte what golden-paths add writes', async (_what, parameters, args) => {
    const { app } = onboardedPlatform();
    const template = templatesOf(app).find((t) => (args[0] === 'service' ? t.spec.type === 'service' : t.spec.type === 'resource'));
    const pr = renderPullRequest(template, parameters);
    const cliFile = await added(...args);
    expect(pr.file).toBe(cliFile.file);
    expect(pr.content).toBe(cliFile.content);
    expect(JSON.parse(pr.content).name).toBe(parameters.name);
    expect(pr.repoUrl).toBe('github.com?owner=acme&repo=payments-infra');
    expect(pr.branchName).toMatch(new RegExp(`^golden-paths/(create-service|provision-database)-${parameters.name}$`));
  });

  test('the parameter schemas accept exactly the names, descriptions, engines and sizes the CLI accepts', async () => {
    const { app } = onboardedPlatform();
    const [service, database] = templatesOf(app);
    const ajv = new Ajv({ strict: false });
    const serviceSchema = ajv.compile({ type: 'object', ...service.spec.parameters[1] });
    const databaseSchema = ajv.compile({ type: 'object', ...database.spec.parameters[1] });
    const names = ['api', 'payment-service', 'a1', 'pay--api', 'Payments', '1api', 'api-', '-api', 'a'.repeat(40), 'a'.repeat(41), 'ünïcode', 'a_b', ''];
    for (const name of names) {
      let cliAccepts = true;
      try {
        await added('service', name, '--description', 'x');
      } catch {
        cliAccepts = false;
      }
      expect([name, serviceSchema({ name, description: 'x' })]).toEqual([name, cliAccepts]);
    }
    const long = 'd'.repeat(351);
    expect(serviceSchema({ name: 'api', description: long })).toBe(false);
    await expect(added('service', 'api', '--description', long)).rejects.toThrow(/350/);
    expect(serviceSchema({ name: 'api', description: 'x', system: 'bad system' })).toBe(false);
    await expect(added('service', 'api', '--description', 'x', '--system', 'bad system')).rejects.toThrow(/--system/);
    expect(service.spec.parameters[1].properties.database.enum).toEqual(['none', ...Object.values(DatabaseEngine)]);
    expect(database.spec.parameters[1].properties.engine.enum).toEqual(Object.values(DatabaseEngine));
    expect(database.spec.parameters[1].properties.size.enum).toEqual(Object.values(DatabaseSize));
    expect(databaseSchema({ name: 'db', engine: 'oracle', size: 'small' })).toBe(false);
  });

  test('on GitHub Enterprise Server and GHE.com the pull request goes to that host', () => {
    const server = templatesOf(onboardedPlatform({ githubApiUrl: 'https://github.acme.internal/api/v3', githubOidcIssuer: 'https://github.acme.internal/_services/token', githubActionsAppId: 27 }).app);
    expect(server[0].spec.steps[1].input.repoUrl).toBe('github.acme.internal?owner=acme&repo=${{ parameters.repository }}');
    const gheCom = templatesOf(onboardedPlatform({ githubApiUrl: 'https://api.octocorp.ghe.com', githubOidcIssuer: 'https://token.actions.octocorp.ghe.com', githubActionsAppId: 99 }).app);
    expect(gheCom[0].spec.steps[1].input.repoUrl).toBe('octocorp.ghe.com?owner=acme&repo=${{ parameters.repository }}');
  });

  test('the catalog repository gets the Templates in catalog-info.yaml and their skeletons beside it, escaped for Terraform', () => {
    const { foundation } = onboardedPlatform();
    const json = JSON.parse(Testing.synth(TerraformStack.of(foundation)));
    const files = Object.values<any>(resources(json, 'github_repository_file')).filter((f) => f.repository === 'backstage-catalog');
    const byPath = new Map(files.map((f) => [f.file, f]));
    expect([...byPath.keys()].sort()).toEqual(['catalog-info.yaml', 'golden-paths/database.json.njk', 'golden-paths/service.json.njk', 'golden-paths/team.json.njk']);
    for (const skeleton of QUICK_ACTION_FILES) {
      const file = byPath.get(skeleton.path);
      expect(file.repository).toBe('backstage-catalog');
      // Terraform would read "${{" as an interpolation: the file holds it as "$${{", which Terraform writes as "${{".
      expect(file.content).toBe(skeleton.content.replace(/\$\{/g, () => '$${'));
    }
    const catalog = byPath.get('catalog-info.yaml').content as string;
    expect(catalog).toContain('kind: Template');
    expect(catalog).not.toMatch(/(?<!\$)\$\{\{/);
  });

  test('the synth output holds the skeletons beside catalog-info.yaml, where the Templates\' relative URLs point', () => {
    const { app } = onboardedPlatform();
    app.synth();
    const docs = parseAllDocuments(fs.readFileSync(path.join(app.outdir, 'catalog-info.yaml'), 'utf8')).map((d) => d.toJS());
    const urls = docs.filter((d) => d.kind === 'Template').map((t) => t.spec.steps[0].input.url);
    expect(urls).toEqual(['./golden-paths/service.json.njk', './golden-paths/database.json.njk']);
    for (const url of urls) {
      const skeleton = QUICK_ACTION_FILES.find((f) => `./${f.path}` === url)!;
      expect(fs.readFileSync(path.join(app.outdir, url), 'utf8')).toBe(skeleton.content);
    }
  });
});
