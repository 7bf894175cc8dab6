import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import {
  FileOwnership, GoMicroservice, Platform, PlatformFoundation, PrivateServiceAccess, ScaffoldPaths, ServiceTemplateRepository, TeamEnvironment,
} from '../../src';
import { TEMPLATE_DESCRIPTION, TEMPLATE_SERVICE_NAME } from '../../src/platform/service-template-repository';
import { TEMPLATE_TEAM_SLUG } from '../../src/scaffold/ci-workflow-options';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resources, synth } from '../util';

/*
 * What the GitHub provider (integrations/github 6.9, @cdktf/provider-github
 * 15.3) and the GitHub API do with a template, and what the library does about it:
 *
 * - `template { owner, repository, include_all_branches }` makes the provider
 *   call "Create a repository using a template" instead of "Create a
 *   repository"; that request has no auto_init, gitignore_template or
 *   license_template, so they are ignored (provider source
 *   github/resource_github_repository.go, resourceGithubRepositoryCreate;
 *   REST request body: owner, name, description, include_all_branches,
 *   private). The library sends no auto_init with a template.
 * - The template block is not ForceNew since provider PR #609 ("remove
 *   ForceNew on template* as they are concerns only at creation time"), but
 *   the provider reads the template back from the API, so a repository whose
 *   template differs from the configuration shows a change on every plan that
 *   apply cannot make (issues #930 and #2090). The library ignores changes to
 *   `template`: an existing repository is never replaced or touched because
 *   the template was renamed or added.
 * - The new repository gets the template's default branch only
 *   (include_all_branches = false), under the template's branch name. The
 *   foundation makes the template's default branch `main`
 *   (github_branch_default, rename), so the service's github_branch_default
 *   finds `main` already default and makes no API call: since provider 6.x
 *   resourceGithubBranchDefaultCreate renames only when the current default
 *   branch differs.
 * - GitHub copies the template's files after the API has answered (PrairieLearn
 *   PR #9041: "the getContent API will succeed after the repo has been created
 *   but before the contents of the template repository have been copied in";
 *   google/go-github #2291: "Cannot update default branch for an empty
 *   repository" right after CreateFromTemplate). github_repository_file fails
 *   with "branch main not found in repository" until the copy lands
 *   (checkRepositoryBranchExists in the provider's util). So the first
 *   platform-owned file waits for the environments, variables and the
 *   deployer's Google grants, which need no branch; the ruleset comes after the
 *   last file, as before.
 * - A private template can be used by members of the organization that owns it
 *   ("If the repository is not public, the authenticated user must own or be a
 *   member of an organization that owns the repository", REST docs): the
 *   template lives in githubOrganization, next to the service repositories, and
 *   Terraform's GitHub App needs access to it as to every repository it manages.
 * - `is_template = true` marks the template (provider docs, `is_template`).
 */

/** The reference platform, with what App scope needs for services and a foundation. */
const SETTINGS = APP_PLATFORM_PROPS;

const FILE = 'github_repository_file';

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

interface Synthesized {
  readonly outdir: string;
  readonly manifest: any;
  readonly json: Record<string, any>;
}

function synthApp(app: App): Synthesized {
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  const json: Record<string, any> = {};
  for (const name of Object.keys(manifest.stacks)) json[name] = JSON.parse(fs.readFileSync(path.join(app.outdir, manifest.stacks[name].synthesizedStackPath), 'utf8'));
  return { outdir: app.outdir, manifest, json };
}

function values(stack: any, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** `type.name` of the only resource of `type` matching `where`. */
function addressOf(stack: any, type: string, where: (r: any) => boolean = () => true): string {
  const found = Object.entries<any>(stack.resource?.[type] ?? {}).filter(([, r]) => where(r));
  expect(found).toHaveLength(1);
  return `${type}.${found[0][0]}`;
}

/**
 * The file commits of one repository in the order depends_on imposes (each
 * waits for the one before): [address, resource] pairs.
 */
function commitOrder(stack: any, inRepository: (f: any) => boolean = () => true): [string, any][] {
  const files = new Map(Object.entries<any>(stack.resource?.[FILE] ?? {}).filter(([, f]) => inRepository(f)).map(([name, f]) => [`${FILE}.${name}`, f]));
  const previousOf = (f: any) => (f.depends_on ?? []).filter((d: string) => files.has(d));
  const order: [string, any][] = [];
  let next = [...files].find(([, f]) => previousOf(f).length === 0);
  while (next) {
    order.push(next);
    const address = next[0];
    next = [...files].find(([, f]) => previousOf(f).includes(address));
  }
  expect(order).toHaveLength(files.size);
  return order;
}

function serviceRepository(stack: any): any {
  return values(stack, 'github_repository').find((r) => r.is_template !== true);
}

describe('the foundation\'s template repository (App scope)', () => {
  const app = buildPlatformApp(tmpdir('template-platform-'));
  const platform = app.node.findAll().find(Platform.isPlatform) as Platform;
  const foundation = app.node.findAll().find(PlatformFoundation.isPlatformFoundation) as PlatformFoundation;
  const out = synthApp(app);
  const stack = out.json.foundation;
  const template = foundation.serviceTemplate!;

  test('is on by default at App scope, named golden-path-template, and published in platform.json', () => {
    expect(platform.serviceRepositoriesFromTemplate).toBe(true);
    expect(platform.serviceTemplateRepository).toBe('golden-path-template');
    expect(template).toBeInstanceOf(ServiceTemplateRepository);
    expect(template.node.path).toBe('foundation/foundation/service-template');
    expect(template.fullName).toBe('acme/golden-path-template');
    const published = JSON.parse(fs.readFileSync(path.join(out.outdir, 'platform.json'), 'utf8'));
    expect(published.foundation.serviceTemplateRepository).toBe('golden-path-template');
  });

  test('is a private template repository with main as default branch, archived on destroy', () => {
    const repo = values(stack, 'github_repository').find((r) => r.name === 'golden-path-template');
    expect(repo).toEqual(expect.objectContaining({
      name: 'golden-path-template',
      is_template: true,
      visibility: 'private',
      auto_init: true,
      archive_on_destroy: true,
      vulnerability_alerts: true,
    }));
    expect(repo.template).toBeUndefined();
    expect(values(stack, 'github_branch_default')).toEqual([expect.objectContaining({ branch: 'main', rename: true })]);
  });

  test('holds the template\'s team-owned files with the platform\'s values, committed one at a time and kept in sync', () => {
    const order = commitOrder(stack, (f) => String(f.repository).startsWith('${github_repository.'));
    const files = order.map(([, f]) => f);
    const teamOwned = template.scaffold.filesOwnedBy(FileOwnership.TEAM).map((f) => f.path);
    expect(files.map((f) => f.file)).toEqual(template.filePaths);
    expect([...template.filePaths].sort()).toEqual([...teamOwned].sort());
    expect(template.filePaths).toHaveLength(36);
    // No CI workflow, CODEOWNERS or catalog entry: each service commits its own.
    for (const owned of ScaffoldPaths.platformOwned()) expect(template.filePaths).not.toContain(owned);
    for (const f of files) {
      expect(f.branch).toMatch(/^\$\{github_branch_default\.\S+\.branch\}$/);
      expect(f.overwrite_on_create).toBe(true);
      // Kept in sync: a library upgrade updates the template (never the services created from it).
      expect(f.lifecycle).toBeUndefined();
      expect(f.content).not.toMatch(/\{\{ *\w+ *\}\}/);
    }
    order.slice(1).forEach(([, f], i) => expect(f.depends_on).toEqual([order[i][0]]));
  });

  test('renders the platform-wide values and neutral service text', () => {
    const readme = template.scaffold.tryGetFile('README.md')!.content;
    expect(readme).toContain(`# ${TEMPLATE_SERVICE_NAME}\n\n${TEMPLATE_DESCRIPTION}.`);
    expect(readme).toContain(`\`@acme/${TEMPLATE_TEAM_SLUG}\``);
    expect(readme).toContain('`unit-tests`, `lint`, `security-scan`, `coverage`');
    expect(readme).toContain('`<team>-dev`, `<team>-staging`, `<team>-prod`');
    expect(template.scaffold.tryGetFile('go.mod')!.content).toMatch(/^module github\.com\/acme\/golden-path-template$/m);
    expect(template.scaffold.tryGetFile(`cmd/${TEMPLATE_SERVICE_NAME}/main.go`)).toBeDefined();
    expect(template.scaffold.tryGetFile('internal/config/config.go')!.content).toMatch(/DefaultPort\s+= 8080\b/);
    expect(template.scaffold.tryGetFile('api/openapi.yaml')!.content).toContain(`description: "${TEMPLATE_DESCRIPTION}"`);
  });

  test('a ruleset protects its main after the files, bypassed by organization admins and the platform\'s GitHub App', () => {
    const ruleset = values(stack, 'github_repository_ruleset');
    expect(ruleset).toEqual([expect.objectContaining({
      name: 'golden-path-template',
      enforcement: 'active',
      // The example platform names its GitHub App (terraformGithubAppId 123456), which keeps the files in sync.
      bypass_actors: [{ actor_type: 'OrganizationAdmin', actor_id: 1, bypass_mode: 'always' }, { actor_type: 'Integration', actor_id: 123456, bypass_mode: 'always' }],
    })]);
    expect(ruleset[0].rules.pull_request).toEqual(expect.objectContaining({ required_approving_review_count: 1 }));
    const order = commitOrder(stack, (f) => String(f.repository).startsWith('${github_repository.'));
    expect(ruleset[0].depends_on).toEqual([order[order.length - 1][0]]);
  });

  test('service repositories of the same app are created from it, after the foundation stack', () => {
    const team = out.json.platform;
    const repo = serviceRepository(team);
    expect(repo.template).toEqual({ owner: 'acme', repository: 'golden-path-template', include_all_branches: false });
    expect(repo.lifecycle).toEqual({ ignore_changes: ['template'] });
    expect(repo.auto_init).toBeUndefined();
    // Names, not state: the team stack is deployed after the foundation, which makes the template.
    expect(out.manifest.stacks.platform.dependencies).toContain('foundation');
    expect(JSON.stringify(team)).not.toMatch(/terraform_remote_state/);
  });
});

describe('a service repository created from the template repository', () => {
  const app = buildPaymentsApp(tmpdir('template-team-'));
  const service = app.node.findAll().find((c) => c instanceof GoMicroservice) as GoMicroservice;
  const out = synthApp(app);
  const stack = out.json.payments;
  const repo = serviceRepository(stack);
  const files = commitOrder(stack);

  test('names the template the published platform.json names; the platform created the repository from it, the team\'s stack adopts it', () => {
    expect(service.repository.templateRepository).toBe('acme/golden-path-template');
    // The platform's onboarding creates it from the template (test/team/tenancy.test.ts); the team's stack imports it.
    expect(repo).not.toHaveProperty('template');
    expect(repo).not.toHaveProperty('auto_init');
    expect(stack.import).toEqual([{ to: expect.stringMatching(/^github_repository\./), id: 'payment-service' }]);
    expect(out.manifest.stacks.payments.dependencies ?? []).not.toContain('foundation');
  });

  test('commits only the 3 platform-owned files: CODEOWNERS, the catalog entry, then the workflow (its commit starts the first run)', () => {
    expect(files.map(([, f]) => f.file)).toEqual([ScaffoldPaths.CODEOWNERS, ScaffoldPaths.CATALOG_INFO, ScaffoldPaths.CI_WORKFLOW]);
    expect(service.repository.filePaths).toEqual([ScaffoldPaths.CODEOWNERS, ScaffoldPaths.CATALOG_INFO, ScaffoldPaths.CI_WORKFLOW]);
    expect(service.repository.createOncePaths).toEqual([]);
    expect(service.repository.platformOwnedPaths).toHaveLength(3);
    for (const [, f] of files) expect(f.lifecycle).toBeUndefined();
  });

  test('the first commit waits for the environments, variables and deployer grants; each next commit for the previous; protection for the last', () => {
    const [[codeowners, first], [catalog, second], [workflow, third]] = files;
    const dependsOn: string[] = first.depends_on;
    for (const type of ['github_actions_variable', 'github_repository_environment', 'github_actions_environment_variable', 'github_repository_environment_deployment_policy']) {
      for (const name of Object.keys(stack.resource[type])) expect(dependsOn).toContain(`${type}.${name}`);
    }
    expect(dependsOn.some((d) => d.startsWith('google_service_account_iam_member.'))).toBe(true);
    // The catalog entry waits for CODEOWNERS, the workflow for the catalog entry: the workflow is the last commit.
    expect(second.depends_on).toEqual([codeowners]);
    expect(third.depends_on).toEqual([catalog]);
    expect([first, second, third].map((f) => f.file)).toEqual([ScaffoldPaths.CODEOWNERS, ScaffoldPaths.CATALOG_INFO, ScaffoldPaths.CI_WORKFLOW]);
    expect(values(stack, 'github_repository_ruleset')[0].depends_on).toContain(workflow);
    // The default branch is the template's main; the files name it through github_branch_default as before.
    expect(first.branch).toMatch(/^\$\{github_branch_default\.\S+\.branch\}$/);
  });

  test('a service that changes the port or a probe path commits the whole scaffold, rendered with its values', () => {
    // The platform created ledger for payments too (its platform.json lists it).
    const published = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8'));
    published.teams.payments.serviceRepositories.push('ledger');
    const file = path.join(tmpdir('template-team-port-'), 'platform.json');
    fs.writeFileSync(file, JSON.stringify(published));
    const team = new TeamEnvironment(Platform.fromFile(new App({ outdir: path.dirname(file) }), 'acme', file), 'payments', { name: 'payments', maintainers: ['alice'] });
    const custom = new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger', containerPort: 9090 });
    expect(custom.repository.templateRepository).toBeUndefined();
    expect(custom.repository.filePaths).toHaveLength(39);
    expect(custom.repository.scaffold.tryGetFile('internal/config/config.go')!.content).toMatch(/DefaultPort\s+= 9090\b/);
    expect(custom.repository.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data)).toEqual([
      'acme/ledger commits the whole scaffold rather than starting from the template repository acme/golden-path-template: '
      + 'the service changes the golden path\'s containerPort, livenessPath or readinessPath, which the template\'s code has built in.',
    ]);
    // Onboarded: the platform created it from the template; the whole scaffold is committed over the template's files.
    const json = JSON.parse(Testing.synth(team.stack));
    const ledger = values(json, 'github_repository').find((r) => r.name === 'ledger');
    expect(ledger.auto_init).toBeUndefined();
    expect(ledger.template).toBeUndefined();
    expect(values(json, 'github_repository_file').filter((f) => f.repository === `\${github_repository.${Object.keys(json.resource.github_repository).find((k) => json.resource.github_repository[k].name === 'ledger')}.name}`)
      .every((f) => f.overwrite_on_create === true)).toBe(true);
  });
});

describe('the per-file scaffold stays', () => {
  test('inside a stack without a foundation (examples/main.ts): no template, auto_init and every file', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const json = synth(stack);
    expect(platform.serviceRepositoriesFromTemplate).toBe(false);
    expect(svc.repository.templateRepository).toBeUndefined();
    const repo = Object.values<any>(resources(json, 'github_repository'))[0];
    expect(repo.auto_init).toBe(true);
    expect(repo).not.toHaveProperty('template');
    expect(repo).not.toHaveProperty('lifecycle');
    expect(Object.keys(resources(json, FILE))).toHaveLength(39);
  });

  test('inside a stack with a foundation, unless the platform opts in: an existing single-stack user is never switched', () => {
    const { stack, platform } = platformFixture({ privateServiceAccess: PrivateServiceAccess.EXISTING });
    const foundation = new PlatformFoundation(platform, 'foundation');
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const json = synth(stack);
    expect(foundation.serviceTemplate).toBeUndefined();
    expect(Object.values<any>(resources(json, 'github_repository')).map((r) => r.name)).toEqual(['payment-service']);
    expect(Object.keys(resources(json, FILE))).toHaveLength(39);
  });

  test('at App scope when the platform turns it off: no template repository, nothing published, per-file scaffold', () => {
    const app = new App({ outdir: tmpdir('template-off-') });
    const platform = new Platform(app, 'acme', { ...SETTINGS, serviceRepositoriesFromTemplate: false });
    const foundation = new PlatformFoundation(platform, 'foundation');
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const out = synthApp(app);
    expect(foundation.serviceTemplate).toBeUndefined();
    // The foundation makes nothing on GitHub; its GitHub provider only reads the organization's id.
    expect(Object.keys(out.json.foundation.resource).filter((t) => t.startsWith('github_'))).toEqual([]);
    expect(Object.keys(out.json.foundation.data)).toEqual(['github_organization']);
    expect(svc.repository.filePaths).toHaveLength(39);
    const published = JSON.parse(fs.readFileSync(path.join(out.outdir, 'platform.json'), 'utf8'));
    expect(published.serviceRepositoriesFromTemplate).toBe(false);
    expect(published.foundation).not.toHaveProperty('serviceTemplateRepository');
  });

  test('at App scope with the organization\'s id in the settings and no template, the foundation has no GitHub provider at all', () => {
    const app = new App({ outdir: tmpdir('template-off-id-') });
    const platform = new Platform(app, 'acme', { ...SETTINGS, serviceRepositoriesFromTemplate: false, githubOrganizationId: '1342004' });
    new PlatformFoundation(platform, 'foundation');
    const out = synthApp(app);
    expect(out.json.foundation.provider.github).toBeUndefined();
    expect(out.json.foundation.data).toBeUndefined();
    expect(Object.values<any>(out.json.foundation.resource.google_iam_workload_identity_pool_provider)[0].attribute_condition)
      .toBe("assertion.repository_owner_id == '1342004'");
  });

  test('at App scope without a foundation or a published template: per-file scaffold', () => {
    const app = new App({ outdir: tmpdir('template-none-') });
    const platform = new Platform(app, 'acme', SETTINGS);
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    expect(svc.repository.templateRepository).toBeUndefined();
    expect(svc.repository.filePaths).toHaveLength(39);
  });
});

describe('a single stack that opts in', () => {
  const { stack, platform } = platformFixture({ privateServiceAccess: PrivateServiceAccess.EXISTING, serviceRepositoriesFromTemplate: true, serviceTemplateRepository: 'acme-go-template' });
  const foundation = new PlatformFoundation(platform, 'foundation');
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  const json = synth(stack);

  test('the service repository refers to the template repository and waits for its last file', () => {
    const template = foundation.serviceTemplate!;
    expect(template.name).toBe('acme-go-template');
    expect(svc.repository.templateRepository).toBe('acme/acme-go-template');
    const templateAddress = addressOf(json, 'github_repository', (r) => r.is_template === true);
    const repo = serviceRepository(json);
    expect(repo.template).toEqual({ owner: 'acme', repository: `\${${templateAddress}.name}`, include_all_branches: false });
    const lastTemplateFile = commitOrder(json, (f) => f.repository === `\${${templateAddress}.name}`).pop()![0];
    expect(repo.depends_on).toEqual([templateAddress, lastTemplateFile]);
    expect(svc.repository.filePaths).toHaveLength(3);
  });
});

describe('errors', () => {
  test('a foundation created after services', () => {
    const app = new App({ outdir: tmpdir('template-late-') });
    const platform = new Platform(app, 'acme', SETTINGS);
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    expect(errorOf(() => new PlatformFoundation(platform, 'foundation'))).toBe(
      '[foundation/foundation] is created after service repositories of its platform, which were therefore scaffolded file by file instead of from the template repository. '
      + 'Fix: create the PlatformFoundation right after the Platform, before any TeamEnvironment and its services.',
    );
  });

  test('an invalid name, the catalog repository\'s name, or a service repository\'s name', () => {
    expect(errorOf(() => new Platform(new App(), 'acme', { ...SETTINGS, serviceTemplateRepository: 'no spaces' })))
      .toMatch(/^\[acme\] invalid serviceTemplateRepository "no spaces": /);
    expect(errorOf(() => new Platform(new App(), 'acme', { ...SETTINGS, catalogRepository: 'shared', serviceTemplateRepository: 'shared' }))).toBe(
      '[acme] invalid serviceTemplateRepository "shared": is also the catalogRepository, but a template repository holds only the service template. '
      + 'Fix: give the template repository its own name, or leave it out for "golden-path-template".',
    );
    const app = new App({ outdir: tmpdir('template-clash-') });
    const platform = new Platform(app, 'acme', { ...SETTINGS, serviceTemplateRepository: 'payment-service' });
    new PlatformFoundation(platform, 'foundation');
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' })))
      .toContain('invalid repositoryName "payment-service": names a repository of the organization that another service already has (GitHub names ignore case) (it is already used by foundation/foundation/service-template)');
  });
});
