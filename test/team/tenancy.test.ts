import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import * as YAML from 'yaml';
import { buildPlatformApp } from '../../examples/platform/main';
import { asOnboarded, PAYMENTS, paymentsTeam, SEARCH, searchTeam } from '../../examples/teams';
import { GithubPlan, GoMicroservice, GuardrailLevel, Platform, PlatformFoundation, TeamEnvironment, TeamOnboarding } from '../../src';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { INFRASTRUCTURE_VARIABLES } from '../../src/scaffold/infrastructure-variables';
import { InfrastructureWorkflow } from '../../src/scaffold/infrastructure-workflow';
import { TEAM_APPLY_ROLES } from '../../src/team/team-grants';
import { APP_PLATFORM_PROPS, errorOf } from '../util';

/**
 * The trust boundary between the platform repository and the team
 * repositories (DESIGN.md, "Tenancy"): the platform onboards each team with
 * everything its CI needs, and a team's automation can change only its own
 * things. The platform repository of the examples onboards payments and
 * search; both team repositories are synthesized from its platform.json.
 */

const ORG = 'acme';
const TEAMS = ['payments', 'search'] as const;

interface Output {
  readonly stacks: Record<string, any>;
  readonly outdir: string;
}

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function read(outdir: string): Output {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, any> = {};
  for (const [name, s] of Object.entries<any>(manifest.stacks)) stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8'));
  return { stacks, outdir };
}

function values(stack: any, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

function all(out: Output, type: string, stacks = Object.keys(out.stacks)): Array<{ stack: string; r: any }> {
  return stacks.flatMap((stack) => values(out.stacks[stack], type).map((r) => ({ stack, r })));
}

const platformOut = (() => {
  const app = buildPlatformApp(tmpdir('tenancy-platform-'));
  app.synth();
  return read(app.outdir);
})();
const publishedFile = path.join(platformOut.outdir, 'platform.json');

/** A team repository built from the platform.json the platform repository just wrote. */
function teamRepository(team: 'payments' | 'search'): Output {
  const app = new App({ outdir: tmpdir(`tenancy-${team}-`) });
  const platform = Platform.fromFile(app, 'acme', publishedFile);
  if (team === 'payments') paymentsTeam(platform, asOnboarded(PAYMENTS));
  else searchTeam(platform, asOnboarded(SEARCH));
  app.synth();
  return read(app.outdir);
}
const teamOut: Record<string, Output> = { payments: teamRepository('payments'), search: teamRepository('search') };
const teamsJson = JSON.parse(fs.readFileSync(publishedFile, 'utf8')).teams;
const publishedFoundation = JSON.parse(fs.readFileSync(publishedFile, 'utf8')).foundation;
const platformManifest = JSON.parse(fs.readFileSync(path.join(platformOut.outdir, 'manifest.json'), 'utf8'));

/** The onboarding stacks of a team in the platform repository. */
function onboardingStacks(team: string): string[] {
  return Object.keys(platformOut.stacks).filter((s) => s === `onboarding-${team}` || s.startsWith(`onboarding-${team}-`));
}

const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';
const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/github-acme';

describe('onboarding gives a team repository everything its first push needs', () => {
  test.each(TEAMS)('%s: the infrastructure repository, a deploy gate and an apply identity for every stack the team repository synthesizes', (team) => {
    const onboarding = platformOut.stacks[`onboarding-${team}`];
    const published = teamsJson[team];
    expect(values(onboarding, 'github_repository').map((r) => r.name)).toEqual([`${team}-infra`, ...published.serviceRepositories]);
    expect(published.infrastructureRepository).toBe(`${team}-infra`);

    const teamStacks = Object.keys(teamOut[team].stacks).sort();
    expect(teamStacks).toEqual([team, `${team}-dev`, `${team}-prod`, `${team}-staging`]);
    const gates = values(onboarding, 'github_repository_environment').map((e) => e.environment).sort();
    expect(gates).toEqual(teamStacks);
    expect(Object.keys(published.applyServiceAccounts).sort()).toEqual(teamStacks);

    const accounts = values(onboarding, 'google_service_account').map((a) => `${a.account_id}@${a.project}.iam.gserviceaccount.com`);
    for (const stack of teamStacks) {
      // The gate's variable names the apply identity the platform made, and the platform.json says the same.
      const variable = values(onboarding, 'github_actions_environment_variable')
        .find((v) => v.variable_name === INFRASTRUCTURE_VARIABLES.APPLY_SERVICE_ACCOUNT && String(v.environment).includes(`_${stack}_environment_`));
      expect({ stack, value: variable?.value }).toEqual({ stack, value: published.applyServiceAccounts[stack] });
      expect(accounts).toContain(published.applyServiceAccounts[stack]);
      // The team stack's gate alone holds the writing App's key: the environment stacks have no GitHub provider.
      expect(values(onboarding, 'github_actions_environment_secret').filter((s) => String(s.environment).includes(`_${stack}_environment_`))
        .map((s) => s.secret_name)).toEqual(stack === team ? [INFRASTRUCTURE_VARIABLES.APP_PRIVATE_KEY] : []);
      expect(Object.keys(teamOut[team].stacks[stack].provider).includes('github')).toBe(stack === team);
    }
    expect(accounts).toContain(published.planServiceAccount);
    expect(values(onboarding, 'github_actions_secret').map((s) => s.secret_name)).toEqual([INFRASTRUCTURE_VARIABLES.READER_APP_PRIVATE_KEY]);

    const repoVariables = Object.fromEntries(values(onboarding, 'github_actions_variable').map((v) => [v.variable_name, v.value]));
    expect(repoVariables).toEqual({
      [INFRASTRUCTURE_VARIABLES.WORKLOAD_IDENTITY_PROVIDER]: `${POOL}/providers/github-actions`,
      [INFRASTRUCTURE_VARIABLES.PLAN_SERVICE_ACCOUNT]: published.planServiceAccount,
      [INFRASTRUCTURE_VARIABLES.STATE_BUCKET]: published.stateBucket,
      [INFRASTRUCTURE_VARIABLES.APP_ID]: '123456',
      [INFRASTRUCTURE_VARIABLES.READER_APP_ID]: '234567',
      [INFRASTRUCTURE_VARIABLES.GITHUB_REPOSITORIES]: published.serviceRepositories.join(','),
    });
    // The namespaces the team's workloads and its database grant Jobs go to exist, in the platform's stacks.
    for (const env of ['dev', 'staging', 'prod']) {
      expect(values(platformOut.stacks[`onboarding-${team}-${env}`], 'kubernetes_namespace_v1').map((n) => n.metadata.name).sort())
        .toEqual([`${team}-${env}`, `${team}-grants-${env}`].sort());
    }
  });

  test.each(TEAMS)('%s: every environment, variable and secret the team\'s workflow names, the platform\'s onboarding sets where that job can read it', (team) => {
    const onboarding = platformOut.stacks[`onboarding-${team}`];
    const file = values(onboarding, 'github_repository_file').find((f) => f.file === InfrastructureWorkflow.PATH);
    const workflow = YAML.parse(fromTerraformLiteral(file.content));
    const gateOf = (environmentRef: string) => values(onboarding, 'github_repository_environment')
      .find((e) => environmentRef === `\${github_repository_environment.${Object.entries<any>(onboarding.resource.github_repository_environment).find(([, v]) => v === e)![0]}.environment}`)?.environment;
    const repoVariables = values(onboarding, 'github_actions_variable').map((v) => v.variable_name);
    const repoSecrets = values(onboarding, 'github_actions_secret').map((v) => v.secret_name);
    const gates = values(onboarding, 'github_repository_environment').map((e) => e.environment);
    let checked = 0;
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      const text = JSON.stringify(job);
      const environment: string | undefined = job.environment;
      if (environment !== undefined) expect({ id, environment, exists: gates.includes(environment) }).toEqual({ id, environment, exists: true });
      const envVariables = values(onboarding, 'github_actions_environment_variable').filter((v) => gateOf(v.environment) === environment).map((v) => v.variable_name);
      const envSecrets = values(onboarding, 'github_actions_environment_secret').filter((v) => gateOf(v.environment) === environment).map((v) => v.secret_name);
      for (const [, kind, name] of text.matchAll(/\$\{\{ (vars|secrets)\.(\w+) \}\}/g)) {
        const readable = kind === 'vars' ? [...repoVariables, ...(environment ? envVariables : [])] : [...repoSecrets, ...(environment ? envSecrets : [])];
        expect({ id, reference: `${kind}.${name}`, set: readable.includes(name) }).toEqual({ id, reference: `${kind}.${name}`, set: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test('every gate deploys from main only; admins cannot bypass it and nobody reviews their own deploy; the team stack and production wait for reviewers', () => {
    const onboarding = platformOut.stacks['onboarding-payments'];
    for (const env of values(onboarding, 'github_repository_environment')) {
      expect(env).toEqual(expect.objectContaining({
        can_admins_bypass: false,
        prevent_self_review: true,
        deployment_branch_policy: { custom_branch_policies: true, protected_branches: false },
      }));
      // The team stack holds production's deployer bindings: it is gated like production.
      const reviewed = ['payments', 'payments-prod'].includes(env.environment);
      expect({ gate: env.environment, reviewed: env.reviewers !== undefined }).toEqual({ gate: env.environment, reviewed });
    }
    expect(values(onboarding, 'github_repository_environment_deployment_policy').map((p) => p.branch_pattern)).toEqual(['main', 'main', 'main', 'main']);
    // Only the platform's App bypasses the ruleset on main: no organization admin.
    expect(values(onboarding, 'github_repository_ruleset')[0].bypass_actors).toEqual([{ actor_type: 'Integration', actor_id: 123456, bypass_mode: 'always' }]);
    expect(values(onboarding, 'github_team_repository')[0].permission).toBe('maintain');
  });

  test('the platform keeps the team\'s platform.json (its own team alone) and workflow in its repository, and a push ruleset refuses any other change to them', () => {
    for (const team of TEAMS) {
      const onboarding = platformOut.stacks[`onboarding-${team}`];
      const file = values(onboarding, 'github_repository_file').find((f) => f.file === 'platform.json');
      const { teams, ...settings } = JSON.parse(fs.readFileSync(publishedFile, 'utf8'));
      expect(JSON.parse(fromTerraformLiteral(file.content))).toEqual({ ...settings, teams: { [team]: teams[team] } });
      expect(file).toEqual(expect.objectContaining({ branch: 'main', overwrite_on_create: true }));
      // docs.github.com, "About rulesets": push rulesets are available on GitHub Team in private and internal repositories.
      const push = values(onboarding, 'github_repository_ruleset').find((r) => r.target === 'push');
      // The feedback loop's forms too: the survey stays comparable across teams.
      expect(push.rules.file_path_restriction.restricted_file_paths).toEqual([
        'platform.json', InfrastructureWorkflow.PATH, '.github/ISSUE_TEMPLATE/platform-feedback.yml', '.github/ISSUE_TEMPLATE/platform-feature-request.yml',
      ]);
      // The workflow that gates the deploys is the platform's too, the same file `golden-paths init` writes.
      const workflow = values(onboarding, 'github_repository_file').find((f) => f.file === InfrastructureWorkflow.PATH);
      expect(fromTerraformLiteral(workflow.content)).toBe(new InfrastructureWorkflow({
        teamName: team, githubOrganization: ORG, environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
      }).render());
      expect(push.bypass_actors).toEqual([{ actor_type: 'Integration', actor_id: 123456, bypass_mode: 'always' }]);
    }
  });

  test('the App keys come from sensitive Terraform variables: no key appears in any output', () => {
    const onboarding = platformOut.stacks['onboarding-payments'];
    expect(onboarding.variable).toEqual({
      golden_paths_app_private_key: expect.objectContaining({ sensitive: true, type: 'string', nullable: false }),
      golden_paths_reader_app_private_key: expect.objectContaining({ sensitive: true, type: 'string', nullable: false }),
    });
    for (const s of [...values(onboarding, 'github_actions_environment_secret'), ...values(onboarding, 'github_actions_secret')]) {
      expect(s.plaintext_value).toMatch(/^\$\{var\.golden_paths_(reader_)?app_private_key\}$/);
    }
  });
});

/*
 * The subjects the identities and the deployers trust need each repository's subject template (repository_id and
 * context). Setting it needs the Actions permission (write): GitHub's "Set the customization template for an OIDC
 * subject claim for a repository" (https://docs.github.com/en/rest/actions/oidc). The platform's writing App holds it;
 * the tokens of the team's workflow do not, so the platform sets the template of every repository it makes for a team,
 * before the workflow's first commit, and the team's stacks set none.
 */
describe('the platform sets the OIDC subject of every repository it makes for a team', () => {
  test.each(TEAMS)('%s: the infrastructure repository and each service repository, in the onboarding; none in the team\'s stacks', (team) => {
    const onboarding = platformOut.stacks[`onboarding-${team}`];
    const templates = values(onboarding, 'github_actions_repository_oidc_subject_claim_customization_template');
    const repositories = Object.entries<any>(onboarding.resource.github_repository);
    expect(templates.map((t) => repositories.find(([name]) => t.repository === `\${github_repository.${name}.name}`)?.[1].name).sort())
      .toEqual([`${team}-infra`, ...teamsJson[team].serviceRepositories].sort());
    for (const t of templates) expect(t).toEqual(expect.objectContaining({ use_default: false, include_claim_keys: ['repository_id', 'context'] }));
    // The workflow's first commit comes after the template, so its first run already carries the trusted subject.
    const workflow = values(onboarding, 'github_repository_file').find((f) => f.file === InfrastructureWorkflow.PATH);
    expect(workflow.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^github_actions_repository_oidc_subject_claim_customization_template\./)]));
    for (const [stack, json] of Object.entries<any>(teamOut[team].stacks)) {
      expect({ stack, templates: values(json, 'github_actions_repository_oidc_subject_claim_customization_template') }).toEqual({ stack, templates: [] });
    }
    // What the team's tokens may do: no Actions permission.
    const file = values(onboarding, 'github_repository_file').find((f) => f.file === InfrastructureWorkflow.PATH);
    const permissions = Object.values<any>(YAML.parse(fromTerraformLiteral(file.content)).jobs).flatMap((job) => (job.steps ?? []))
      .flatMap((step: any) => Object.keys(step.with ?? {}).filter((k) => k.startsWith('permission-')));
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions).not.toContain('permission-actions');
  });
});

/** The address name of the team's infrastructure repository in its onboarding stack. */
function infrastructureRepositoryOf(team: string): string {
  return Object.keys(platformOut.stacks[`onboarding-${team}`].resource.github_repository).find((k) => k.startsWith(`${team}_infrastructure-repository_`))!;
}

describe('identities follow the gates', () => {
  test.each(TEAMS)('%s: the plan identity trusts pull requests only, each apply identity its own gate only, and no binding trusts a repository, branch or organization', (team) => {
    const published = teamsJson[team];
    const bindings = all(platformOut, 'google_service_account_iam_member', onboardingStacks(team));
    const accountOf = (id: string) => {
      const ref = /^\$\{google_service_account\.([^.]+)\.name\}$/.exec(id)![1];
      const a = platformOut.stacks[`onboarding-${team}`].resource.google_service_account[ref];
      return `${a.account_id}@${a.project}.iam.gserviceaccount.com`;
    };
    const trusts = new Map<string, string[]>();
    for (const { r } of bindings) {
      expect(r.role).toBe(WORKLOAD_IDENTITY_USER);
      expect(r.member).toMatch(new RegExp(`^principal://iam\\.googleapis\\.com/${POOL}/subject/`));
      const account = accountOf(r.service_account_id);
      trusts.set(account, [...(trusts.get(account) ?? []), r.member.replace(/^.*\/subject\//, '')]);
    }
    // The infrastructure repository by its immutable id, which the onboarding's stack knows after creating it.
    const infra = infrastructureRepositoryOf(team);
    expect(trusts.get(published.planServiceAccount)).toEqual([`repository_id:\${github_repository.${infra}.repo_id}:pull_request`]);
    for (const [stack, account] of Object.entries<string>(published.applyServiceAccounts)) {
      expect({ stack, subjects: trusts.get(account) }).toEqual({ stack, subjects: [`repository_id:\${github_repository.${infra}.repo_id}:environment:${stack}`] });
    }
    expect(trusts.size).toBe(1 + Object.keys(published.applyServiceAccounts).length);
    // The only principal sets: every account of each of the team's environment projects (its deployers), which may read
    // that environment's cluster (IAM principal identifiers, "All service accounts in a project").
    // Each environment's cluster alone, by its resource name (IAM Conditions: https://cloud.google.com/iam/docs/conditions-resource-attributes).
    const sets = all(platformOut, 'google_project_iam_member', onboardingStacks(team)).map(({ r }) => r).filter((g) => g.member.startsWith('principalSet://'));
    expect(sets.map((g) => [g.role, g.project, g.condition.expression])).toEqual(['dev', 'prod', 'staging'].map((env) => (
      ['roles/container.clusterViewer', 'acme-prod', `resource.name == "projects/acme-prod/locations/europe-west1/clusters/${env}"`])));
    for (const g of sets) expect(g.member).toMatch(/^principalSet:\/\/cloudresourcemanager\.googleapis\.com\/projects\/\$\{google_project\.[^.]+\.number\}\/type\/ServiceAccount$/);
  });
});

/**
 * What each resource type a team stack synthesizes needs, and the predefined
 * role of the team's identity that grants it (Google Cloud's IAM roles
 * reference, cloud.google.com/iam/docs/roles-permissions):
 * - google_service_account, google_service_account_iam_member: iam.serviceAccounts.create / setIamPolicy,
 *   roles/iam.serviceAccountAdmin ("Service Account Admin");
 * - google_sql_database_instance, google_sql_database, google_sql_user: cloudsql.instances.create,
 *   cloudsql.databases.create, cloudsql.users.create, roles/cloudsql.admin;
 * - google_redis_instance: redis.instances.create, roles/redis.admin;
 * - google_secret_manager_secret, _secret_iam_member: secretmanager.secrets.create, secrets.setIamPolicy, through
 *   the custom role the onboarding makes (never roles/secretmanager.admin, which reads values; SECRET_ROLE_NEEDS below);
 * - google_secret_manager_secret_version (a database grant Job's admin password alone): secretmanager.versions.add,
 *   roles/secretmanager.secretVersionManager, confined to the secrets <instance>-grants-admin;
 * - google_pubsub_topic, google_pubsub_topic_iam_member (a service's secret rotation topic): pubsub.topics.create,
 *   pubsub.topics.setIamPolicy, roles/pubsub.admin ("Pub/Sub Admin"; the editor role sets no IAM);
 * - google_artifact_registry_repository_iam_member: artifactregistry.repositories.setIamPolicy on the team's
 *   repository, roles/artifactregistry.admin granted on that repository alone;
 * - google_project_iam_member: resourcemanager.projects.setIamPolicy, roles/resourcemanager.projectIamAdmin,
 *   confined with iam.googleapis.com/modifiedGrantsByRole to the roles the golden path grants
 *   (cloud.google.com/iam/docs/setting-limits-on-granting-roles);
 * - data.google_container_cluster (and signing in to GKE): container.clusters.get, roles/container.clusterViewer;
 * - google_monitoring_custom_service, google_monitoring_slo, google_monitoring_alert_policy,
 *   google_monitoring_notification_channel: monitoring.services.create, monitoring.slos.create,
 *   monitoring.alertPolicies.create, monitoring.notificationChannels.create, roles/monitoring.editor ("Monitoring
 *   Editor": full access to Cloud Monitoring in the project), on the environment's project alone.
 */
/** What the custom role of an environment's apply identity must hold for each Secret Manager type of its stack. */
const SECRET_ROLE_NEEDS: Record<string, string[]> = {
  google_secret_manager_secret: ['secretmanager.secrets.create', 'secretmanager.secrets.get', 'secretmanager.secrets.update', 'secretmanager.secrets.delete'],
  google_secret_manager_secret_iam_member: ['secretmanager.secrets.getIamPolicy', 'secretmanager.secrets.setIamPolicy'],
};

const PROJECT_ROLE_OF: Record<string, string> = {
  google_service_account: 'roles/iam.serviceAccountAdmin',
  google_service_account_iam_member: 'roles/iam.serviceAccountAdmin',
  google_sql_database_instance: 'roles/cloudsql.admin',
  google_sql_database: 'roles/cloudsql.admin',
  google_sql_user: 'roles/cloudsql.admin',
  google_redis_instance: 'roles/redis.admin',
  google_pubsub_topic: 'roles/pubsub.admin',
  google_pubsub_topic_iam_member: 'roles/pubsub.admin',
  google_monitoring_custom_service: 'roles/monitoring.editor',
  google_monitoring_slo: 'roles/monitoring.editor',
  google_monitoring_alert_policy: 'roles/monitoring.editor',
  google_monitoring_notification_channel: 'roles/monitoring.editor',
  // The team's dashboard per environment: Monitoring Editor holds monitoring.dashboards.create, update and delete
  // (https://cloud.google.com/iam/docs/roles-permissions/monitoring).
  google_monitoring_dashboard: 'roles/monitoring.editor',
};

describe('least privilege, derived from what the team stacks synthesize', () => {
  test.each(TEAMS)('%s: every grant an apply identity needs for its stack is there, and nothing reaches another team or the platform', (team) => {
    const published = teamsJson[team];
    const grants = all(platformOut, 'google_project_iam_member', onboardingStacks(team)).map(({ r }) => r);
    const grantsOf = (account: string) => grants.filter((g) => g.member === `serviceAccount:${account}`);
    for (const [stack, json] of Object.entries<any>(teamOut[team].stacks)) {
      const account = published.applyServiceAccounts[stack];
      const held = grantsOf(account);
      for (const type of Object.keys(json.resource ?? {})) {
        if (type.startsWith('github_') || type.startsWith('kubernetes_')) continue;
        if (type === 'google_project_iam_member') {
          // A grant in the team stack: the gate's conditional project IAM admin must allow exactly that role on that project.
          for (const g of values(json, type)) {
            const admin = held.find((h) => h.role === 'roles/resourcemanager.projectIamAdmin' && h.project === g.project);
            expect({ stack, role: g.role, project: g.project, allowed: admin?.condition?.expression.includes(`'${g.role}'`) }).toEqual({ stack, role: g.role, project: g.project, allowed: true });
          }
          continue;
        }
        if (type === 'google_artifact_registry_repository_iam_member') {
          const registry = values(platformOut.stacks[`onboarding-${team}`], type).find((m) => m.member === `serviceAccount:${account}`);
          expect({ stack, registry: registry && [registry.repository, registry.role] })
            .toEqual({ stack, registry: [expect.stringMatching(/^\$\{google_artifact_registry_repository\./), TEAM_APPLY_ROLES.registry] });
          for (const m of values(json, type)) expect(m.repository).toBe(team);
          continue;
        }
        if (SECRET_ROLE_NEEDS[type] !== undefined) {
          // A custom role made in the same onboarding stack as the grant, on the project of the stack's secrets.
          for (const r of values(json, type)) {
            const project = r.project ?? json.provider.google[0].project;
            const permissions = held.filter((h) => h.project === project && h.condition === undefined).flatMap((h) => {
              const ref = /^\$\{google_project_iam_custom_role\.([^.]+)\.name\}$/.exec(h.role);
              const custom = ref && onboardingStacks(team)
                .map((s) => platformOut.stacks[s].resource.google_project_iam_custom_role?.[ref[1]]).find((c) => c);
              return custom && custom.project === project ? custom.permissions : [];
            });
            const missing = SECRET_ROLE_NEEDS[type].filter((p) => !permissions.includes(p));
            expect({ stack, type, project, missing }).toEqual({ stack, type, project, missing: [] });
            expect(permissions).not.toContain('secretmanager.versions.access');
          }
          continue;
        }
        if (type === 'google_secret_manager_secret_version') {
          // A database grant Job's admin password: its secret's id ends in -grants-admin, which the condition allows.
          for (const r of values(json, type)) {
            const secret = json.resource.google_secret_manager_secret[/^\$\{google_secret_manager_secret\.([^.]+)\.id\}$/.exec(r.secret)![1]];
            const project = secret.project ?? json.provider.google[0].project;
            const versions = held.find((h) => h.role === 'roles/secretmanager.secretVersionManager' && h.project === project);
            expect({ stack, secret: secret.secret_id, confined: versions?.condition?.expression.includes('endsWith("-grants-admin")') })
              .toEqual({ stack, secret: expect.stringMatching(/-grants-admin$/), confined: true });
          }
          continue;
        }
        const role = PROJECT_ROLE_OF[type];
        expect({ stack, type, known: role !== undefined }).toEqual({ stack, type, known: true });
        // The project each resource lands in: its own attribute, or the stack's provider's.
        for (const r of values(json, type)) {
          const project = r.project ?? json.provider.google[0].project;
          expect({ stack, type, project, granted: held.some((h) => h.role === role && h.project === project && h.condition === undefined) })
            .toEqual({ stack, type, project, granted: true });
          // With projects of its own, a team's resources are in the team's projects, never the platform's.
          expect(project).toMatch(new RegExp(`^acme-${team}(-(dev|staging|prod))?$`));
        }
      }
      if (Object.keys(json.data?.google_container_cluster ?? {}).length > 0) {
        expect(held.some((h) => h.role === TEAM_APPLY_ROLES.cluster)).toBe(true);
      }
      // The lookup of the foundation's provider (test/platform/foundation-check.test.ts): its apply and the team's plan read it.
      for (const lookup of Object.values<any>(json.data?.google_iam_workload_identity_pool_provider ?? {})) {
        for (const email of [account, published.planServiceAccount]) {
          expect({ stack, email, granted: grantsOf(email).some((h) => h.role === TEAM_APPLY_ROLES.foundation && h.project === lookup.project) })
            .toEqual({ stack, email, granted: true });
        }
      }
    }
    // On the platform's project, where every team's identities live, a team holds nothing that reaches them, and sets
    // no IAM at all: it reads its clusters and the foundation's Workload Identity provider, and the platform grants its
    // deployers cluster access.
    for (const g of grants.filter((x) => x.project === 'acme-prod')) expect(['roles/container.clusterViewer', TEAM_APPLY_ROLES.foundation]).toContain(g.role);
    // Nothing broad: no owner, editor or IAM admin without a condition, for any identity of the team.
    for (const g of grants) {
      expect({ role: g.role, conditioned: g.condition !== undefined }).not.toEqual({ role: 'roles/resourcemanager.projectIamAdmin', conditioned: false });
      expect(['roles/owner', 'roles/editor', 'roles/iam.securityAdmin', 'roles/iam.serviceAccountTokenCreator']).not.toContain(g.role);
    }
    // The conditional IAM admin can grant no role that grants IAM (no way to grant itself more).
    for (const g of grants.filter((x) => x.role === 'roles/resourcemanager.projectIamAdmin')) {
      expect(g.condition.expression).toMatch(/^api\.getAttribute\('iam\.googleapis\.com\/modifiedGrantsByRole', \[\]\)\.hasOnly\(\[[^\]]+\]\)$/);
      const grantable = [...g.condition.expression.matchAll(/'(roles\/[^']+)'/g)].map((m: RegExpMatchArray) => m[1]);
      expect(grantable.length).toBeGreaterThan(0);
      for (const role of grantable) {
        expect(['roles/owner', 'roles/editor', 'roles/iam.securityAdmin', 'roles/iam.serviceAccountAdmin', 'roles/iam.serviceAccountTokenCreator',
          'roles/iam.serviceAccountUser', 'roles/iam.workloadIdentityUser']).not.toContain(role);
        expect(role).not.toMatch(/[aA]dmin$/);
      }
    }
  });

  test.each(TEAMS)('%s: Kubernetes access is namespace-scoped: the plan identity reads, each environment\'s apply identity administers that namespace alone and manages grant Jobs in its grants namespace', (team) => {
    const published = teamsJson[team];
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = platformOut.stacks[`onboarding-${team}-${env}`];
      const inNamespace = (ns: string) => (r: any) => r.metadata.namespace === ns;
      const bindings = values(stack, 'kubernetes_role_binding_v1');
      expect([...new Set(bindings.map((b) => b.metadata.namespace))].sort()).toEqual([`${team}-${env}`, `${team}-grants-${env}`].sort());
      const own = bindings.filter(inNamespace(`${team}-${env}`));
      const apply = own.find((b) => b.metadata.name === 'terraform-apply');
      expect(apply.subject).toEqual([{ api_group: 'rbac.authorization.k8s.io', kind: 'User', name: published.applyServiceAccounts[`${team}-${env}`] }]);
      expect(apply.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
      // The SecretProviderClasses of GKE's Secret Manager add-on are a CRD the `admin` role leaves out: the apply identity
      // manages them in its namespace through a Role of their own, and nothing more.
      const classes = own.find((b) => b.metadata.name === 'terraform-apply-secret-provider-classes');
      expect(classes.subject).toEqual(apply.subject);
      expect(classes.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-provider-classes' });
      expect(values(stack, 'kubernetes_role_v1').find((r) => r.metadata.name === 'secret-provider-classes').rule).toEqual([{
        api_groups: ['secrets-store.csi.x-k8s.io'], resources: ['secretproviderclasses'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      }]);
      // So are the PodMonitorings of Managed Service for Prometheus, through which each service is scraped.
      const monitorings = own.find((b) => b.metadata.name === 'terraform-apply-pod-monitorings');
      expect(monitorings.subject).toEqual(apply.subject);
      expect(monitorings.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-monitorings' });
      expect(values(stack, 'kubernetes_role_v1').find((r) => r.metadata.name === 'pod-monitorings').rule).toEqual([{
        api_groups: ['monitoring.googleapis.com'], resources: ['podmonitorings'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      }]);
      expect(own.map((b) => b.metadata.name).sort()).toEqual([
        env === 'prod' ? 'team-view' : 'team-edit', 'terraform-apply', 'terraform-apply-pod-monitorings', 'terraform-apply-secret-provider-classes', 'terraform-plan',
      ]);
      // The plan identity reads both namespaces.
      for (const ns of [`${team}-${env}`, `${team}-grants-${env}`]) {
        const plan = bindings.filter(inNamespace(ns)).find((b) => b.metadata.name === 'terraform-plan');
        expect(plan.subject[0].name).toBe(published.planServiceAccount);
        expect(values(stack, 'kubernetes_role_v1').filter(inNamespace(ns)).find((r) => r.metadata.name === 'terraform-plan').rule)
          .toEqual([{ api_groups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]);
      }
      // In the grants namespace: what a grant Job is made of, no RBAC (test/database/grant-job-isolation.test.ts).
      const grants = bindings.filter(inNamespace(`${team}-grants-${env}`));
      expect(grants.map((b) => b.metadata.name).sort()).toEqual(['team-view', 'terraform-apply', 'terraform-plan']);
      expect(grants.find((b) => b.metadata.name === 'terraform-apply').subject).toEqual(apply.subject);
      expect(grants.find((b) => b.metadata.name === 'terraform-apply').role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'terraform-apply' });
      expect(values(stack, 'kubernetes_role_v1').filter(inNamespace(`${team}-grants-${env}`)).find((r) => r.metadata.name === 'terraform-apply').rule).toEqual([
        { api_groups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { api_groups: [''], resources: ['configmaps', 'serviceaccounts'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { api_groups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ]);
      expect(Object.keys(stack.resource).filter((t) => /cluster_role/.test(t))).toEqual([]);
    }
  });

  test.each(TEAMS)('%s: the team\'s state is its own: its bucket, each gate writing only its stack\'s prefix, nobody else on it', (team) => {
    const published = teamsJson[team];
    expect(published.stateBucket).toBe(`acme-terraform-state-${team}`);
    const buckets = all(platformOut, 'google_storage_bucket').map(({ r }) => r.name);
    expect(buckets).toEqual(['acme-terraform-state-payments', 'acme-terraform-state-search']);
    const bucket = all(platformOut, 'google_storage_bucket', onboardingStacks(team))[0].r;
    expect(bucket).toEqual(expect.objectContaining({ uniform_bucket_level_access: true, public_access_prevention: 'enforced', versioning: { enabled: true }, force_destroy: false }));
    const members = all(platformOut, 'google_storage_bucket_iam_member').map(({ r }) => r).filter((m) => m.bucket.includes(`google_storage_bucket.${Object.keys(platformOut.stacks[`onboarding-${team}`].resource.google_storage_bucket)[0]}.`));
    const own = new Set([published.planServiceAccount, ...Object.values<string>(published.applyServiceAccounts)].map((a) => `serviceAccount:${a}`));
    for (const m of members) expect(own.has(m.member)).toBe(true);
    expect(members.filter((m) => m.role === 'roles/storage.objectViewer').map((m) => m.member)).toEqual([`serviceAccount:${published.planServiceAccount}`]);
    // Terraform's gcs backend keeps a stack's state and lock as <prefix>/<workspace>.tfstate and .tflock
    // (developer.hashicorp.com/terraform/language/backend/gcs): the gate's condition covers its own prefix alone.
    for (const [stack, account] of Object.entries<string>(published.applyServiceAccounts)) {
      const writer = members.find((m) => m.member === `serviceAccount:${account}` && m.role === 'roles/storage.objectUser');
      expect(writer.condition.expression).toBe(`resource.name.startsWith("projects/_/buckets/acme-terraform-state-${team}/objects/${stack}/")`);
      expect(teamOut[team].stacks[stack].terraform.backend).toEqual({ gcs: { bucket: `acme-terraform-state-${team}`, prefix: stack } });
    }
  });
});

describe('the team\'s own projects (teamProjects)', () => {
  test.each(TEAMS)('%s: a project for the team and one per environment, in the platform\'s folder, billed, without a default network, protected, on the Shared VPC', (team) => {
    const onboarding = platformOut.stacks[`onboarding-${team}`];
    const projects = values(onboarding, 'google_project');
    expect(projects.map((p) => p.project_id).sort()).toEqual([`acme-${team}`, `acme-${team}-dev`, `acme-${team}-prod`, `acme-${team}-staging`]);
    for (const p of projects) {
      expect(p).toEqual(expect.objectContaining({
        folder_id: 'folders/123456789012', billing_account: '012345-6789AB-CDEF01', auto_create_network: false, deletion_policy: 'PREVENT',
      }));
      expect(p.labels).toEqual(expect.objectContaining({ 'team': team, 'managed-by': 'cdktf-golden-paths' }));
    }
    // The environments' databases take private IPs on the host project's network (projects/acme-net/...).
    expect(values(onboarding, 'google_compute_shared_vpc_service_project').map((a) => a.host_project)).toEqual(['acme-net', 'acme-net', 'acme-net']);
    expect(teamsJson[team].projects).toEqual({ team: `acme-${team}`, environments: { dev: `acme-${team}-dev`, staging: `acme-${team}-staging`, prod: `acme-${team}-prod` } });
    // The registry is the team's, in its project.
    expect(values(onboarding, 'google_artifact_registry_repository')[0].project).toBe(`acme-${team}`);
    // Each environment's SLOs live in its project and read the metrics the managed collectors write to the cluster's
    // project (acme-prod): that project is in each environment project's metrics scope, and no other is.
    expect(values(onboarding, 'google_monitoring_monitored_project').map((m) => [m.metrics_scope, m.name]).sort()).toEqual(['dev', 'prod', 'staging'].map((env) => [
      `locations/global/metricsScopes/acme-${team}-${env}`, `locations/global/metricsScopes/acme-${team}-${env}/projects/acme-prod`,
    ]));
    expect(values(onboarding, 'google_project_service').filter((s) => s.service === 'monitoring.googleapis.com')).toHaveLength(3);
  });

  test('the team\'s budget counts its projects whole', () => {
    const budget = values(platformOut.stacks['onboarding-payments'], 'google_billing_budget')[0];
    expect(budget.budget_filter.projects).toHaveLength(4);
    for (const p of budget.budget_filter.projects) expect(p).toMatch(/^projects\/\$\{google_project\.[^.]+\.number\}$/);
    expect(budget.budget_filter.labels).toBeUndefined();
    // Its alerts reach the team's Google Group, by an email channel in the platform's project (the foundation enables Monitoring there).
    const channels = Object.entries<any>(platformOut.stacks['onboarding-payments'].resource.google_monitoring_notification_channel);
    expect(channels.map(([, c]) => [c.project, c.type, c.labels])).toEqual([['acme-prod', 'email', { email_address: 'payments@acme.com' }]]);
    expect(budget.all_updates_rule).toEqual({ monitoring_notification_channels: [`\${google_monitoring_notification_channel.${channels[0][0]}.name}`] });
    expect(values(platformOut.stacks.foundation, 'google_project_service').map((s) => s.service)).toContain('monitoring.googleapis.com');
  });

  test('without teamProjects, onboarding warns that the shared project confines nothing between teams', () => {
    const app = new App({ outdir: tmpdir('tenancy-shared-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2 });
    new PlatformFoundation(platform, 'foundation');
    const team = new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const warnings = team.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^The team "payments" shares the Google Cloud project "acme-prod" with the platform and every other team: .*Set teamProjects in the platform settings/)]);
  });

  test.each([
    [{ parent: '123' }, 'invalid teamProjects.parent "123": is not a folder or an organization'],
    [{ parent: 'folders/1', prefix: 'Acme' }, 'invalid teamProjects.prefix "Acme": cannot start a project id'],
  ])('bad settings fail with the fix: %j', (teamProjects, message) => {
    expect(errorOf(() => new Platform(new App({ outdir: tmpdir('tenancy-tp-') }), 'acme', { ...APP_PLATFORM_PROPS, billingAccount: '012345-6789AB-CDEF01', teamProjects })))
      .toContain(message);
  });

  test('projects need a billing account', () => {
    expect(errorOf(() => new Platform(new App({ outdir: tmpdir('tenancy-tp-') }), 'acme', { ...APP_PLATFORM_PROPS, teamProjects: { parent: 'folders/1' } })))
      .toMatch(/invalid teamProjects \{"parent":"folders\/1","prefix":"acme"\}: needs a billing account for the projects it creates/);
  });
});

describe('a team repository holds only what lives inside its tenancy', () => {
  test.each(TEAMS)('%s: no namespace, no cluster-scoped object, no GitHub team or organization setting', (team) => {
    for (const [stack, json] of Object.entries<any>(teamOut[team].stacks)) {
      const types = Object.keys(json.resource ?? {});
      expect({ stack, forbidden: types.filter((t) => /^kubernetes_(namespace|cluster_role|cluster_role_binding|storage_class|priority_class)|^github_(team|team_membership|membership|organization)/.test(t) && t !== 'github_team_repository') })
        .toEqual({ stack, forbidden: [] });
      // No IAM on a project the team does not own.
      for (const g of values(json, 'google_project_iam_member')) {
        expect({ stack, project: g.project }).toEqual({ stack, project: expect.stringMatching(new RegExp(`^acme-${team}(-(dev|staging|prod))?$`)) });
      }
      for (const type of types.filter((t) => t.startsWith('kubernetes_'))) {
        // The team's namespace of the stack's environment, or its grants namespace (the database grant Jobs);
        // a kubernetes_manifest (a SecretProviderClass, a PodMonitoring) carries its object's metadata in its manifest.
        const env = stack.slice(team.length + 1);
        for (const r of values(json, type)) expect([`${team}-${env}`, `${team}-grants-${env}`]).toContain((r.metadata ?? r.manifest.metadata).namespace);
      }
    }
  });

  test('the platform repository\'s onboarding and the team repositories create no real-world resource twice (test/repositories.test.ts checks every type)', () => {
    const names = (out: Output) => all(out, 'github_repository').map(({ r }) => r.name);
    expect(names(platformOut)).toEqual(expect.arrayContaining(['payments-infra', 'search-infra']));
    for (const team of TEAMS) expect(names(teamOut[team])).not.toContain(`${team}-infra`);
  });
});

describe('a team repository cannot reach beyond its team', () => {
  const fromPublished = () => Platform.fromFile(new App({ outdir: tmpdir('tenancy-fail-') }), 'acme', publishedFile);

  test('a team the platform did not onboard fails with the fix', () => {
    expect(errorOf(() => new TeamEnvironment(fromPublished(), 'billing', { name: 'billing', maintainers: ['zoe'] }))).toBe(
      '[acme/billing] invalid name "billing": is not a team the platform onboarded (its platform.json lists "payments", "search"), so nothing gives this repository a namespace, identities or state. '
      + 'Fix: ask the platform team to onboard it: new TeamOnboarding(platform, "billing", { name: "billing", maintainers: [...] }) in the platform repository, then use the platform.json its synth writes.');
  });

  test('quotas, budgets, RBAC subjects and registry retention are the platform\'s to set', () => {
    const message = errorOf(() => new TeamEnvironment(fromPublished(), 'payments', { name: 'payments', maintainers: ['alice'], quotas: { prod: { cpu: '400' } } }));
    expect(message).toMatch(/^\[payments\/payments\] invalid quotas \{"prod":\{"cpu":"400"\}\}: is set by the platform for the onboarded team "payments": its TeamOnboarding makes the namespaces \(quotas now: dev cpu 10, memory 10Gi, 30 pods; staging cpu 20, memory 20Gi, 50 pods; prod cpu 40, memory 40Gi, 100 pods\)/);
    expect(message).toMatch(/Fix: remove quotas here, and ask the platform team to set it on TeamOnboarding "payments" in the platform repository\.$/);
    expect(errorOf(() => new TeamEnvironment(fromPublished(), 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 1 } })))
      .toMatch(/invalid monthlyBudget \{"amount":1\}: is set by the platform/);
  });

  test('workloads that outgrow the platform\'s quota fail at synth, asking the platform team', () => {
    const app = new App({ outdir: tmpdir('tenancy-quota-') });
    const team = new TeamEnvironment(Platform.fromFile(app, 'acme', publishedFile), 'search', asOnboarded(SEARCH));
    new GoMicroservice(team, 'huge', { name: 'huge', repositoryName: 'search-api', description: 'Too big', cpu: '4', memory: '4Gi', autoscaling: { maxReplicas: 10 } });
    expect(errorOf(() => app.synth())).toMatch(/invalid quotas\.prod\.cpu "20": the limits\.cpu quota of namespace "search-prod" is too small: the workloads in it need 40 .*Fix: ask the platform team to raise quotas\.prod\.cpu of the TeamOnboarding "search" by 20 to at least "40"/);
  });

  test('the guardrails the platform set cannot be weakened; stricter is welcome', () => {
    const app = new App({ outdir: tmpdir('tenancy-guardrails-') });
    const team = new TeamEnvironment(Platform.fromFile(app, 'acme', publishedFile), 'search', asOnboarded(SEARCH));
    const guardrails = team.platform.stacks[0].guardrails;
    expect(errorOf(() => guardrails.configure({ enabled: false }))).toBe(
      '[search/guardrails] invalid enabled false: would turn the guardrails off, but the guardrails of this stack are set by the platform\'s published settings (platform.json), and a team repository cannot weaken them. '
      + 'Fix: ask the platform team to change "guardrails" in the platform settings; to accept one finding, suppress it with a reason (Guardrails.suppress).');
    expect(errorOf(() => guardrails.configure({ disabledRules: ['GP-K8S-001'] }))).toMatch(/invalid disabledRules\[0\] "GP-K8S-001": would disable the rule GP-K8S-001/);
    expect(errorOf(() => guardrails.configure({ ruleLevels: { 'GP-K8S-001': GuardrailLevel.WARNING } }))).toMatch(/would lower GP-K8S-001 from an error to a warning/);
    expect(errorOf(() => guardrails.configure({ reports: false }))).toMatch(/would stop writing the reports/);
    guardrails.configure({ ruleLevels: { 'GP-K8S-001': GuardrailLevel.ERROR } });
    expect(guardrails.levelOf('GP-K8S-001')).toBe(GuardrailLevel.ERROR);
  });
});

describe('organization-level GitHub power stays with the platform', () => {
  test.each(TEAMS)('%s: the platform creates the service repositories, private, create-only, and publishes them', (team) => {
    const onboarding = platformOut.stacks[`onboarding-${team}`];
    const listed = teamsJson[team].serviceRepositories;
    expect(listed).toEqual([team === 'payments' ? 'payment-service' : 'search-api']);
    const created = values(onboarding, 'github_repository').filter((r) => r.name !== `${team}-infra`);
    expect(created).toEqual(listed.map((name: string) => expect.objectContaining({
      name,
      visibility: 'private',
      archive_on_destroy: true,
      vulnerability_alerts: true,
      // From the foundation's template repository, which platform.json names to the team's stacks.
      template: { owner: 'acme', repository: publishedFoundation.serviceTemplateRepository, include_all_branches: false },
      // After creation the team's stack keeps it: the platform never reverts what the team sets.
      lifecycle: { ignore_changes: 'all' },
    })));
    expect(created.every((r: any) => r.auto_init === undefined)).toBe(true);
    // Created after the foundation, which makes the template.
    expect(platformManifest.stacks[`onboarding-${team}`].dependencies).toContain('foundation');
    // The workflow's App tokens are minted for these repositories alone.
    const variable = values(onboarding, 'github_actions_variable').find((v) => v.variable_name === INFRASTRUCTURE_VARIABLES.GITHUB_REPOSITORIES);
    expect(variable.value).toBe(listed.join(','));
  });

  test.each(TEAMS)('%s: the team repository adopts its repositories with an import block and creates none', (team) => {
    const stack = teamOut[team].stacks[team];
    const listed: string[] = teamsJson[team].serviceRepositories;
    const repositories = Object.entries<any>(stack.resource.github_repository);
    expect(repositories.map(([, r]) => r.name)).toEqual(listed);
    for (const [id, r] of repositories) {
      // Neither auto_init nor a template: both are for creating a repository, which the platform did.
      expect(r).not.toHaveProperty('auto_init');
      expect(r).not.toHaveProperty('template');
      expect(stack.import).toContainEqual({ to: `github_repository.${id}`, id: r.name });
    }
  });

  test.each(TEAMS)('%s: every GitHub resource of the team repository is in a repository its tokens reach', (team) => {
    const listed = new Set<string>(teamsJson[team].serviceRepositories);
    for (const [stack, json] of Object.entries<any>(teamOut[team].stacks)) {
      const adopted = new Map(Object.entries<any>(json.resource?.github_repository ?? {}).map(([id, r]) => [`\${github_repository.${id}.name}`, r.name]));
      for (const [type, resources] of Object.entries<any>(json.resource ?? {})) {
        if (!type.startsWith('github_') || type === 'github_repository') continue;
        for (const r of Object.values<any>(resources)) {
          const repository = adopted.get(r.repository) ?? r.repository;
          expect({ stack, type, repository, listed: listed.has(repository) }).toEqual({ stack, type, repository, listed: true });
        }
      }
    }
  });

  test('a service whose repository the platform did not create fails at synth, asking the platform team', () => {
    const app = new App({ outdir: tmpdir('tenancy-repository-') });
    const team = new TeamEnvironment(Platform.fromFile(app, 'acme', publishedFile), 'payments', asOnboarded(PAYMENTS));
    expect(errorOf(() => new GoMicroservice(team, 'refunds', { name: 'refunds', description: 'Refunds' }))).toBe(
      '[payments/payments/refunds/repository] invalid serviceName "refunds": is not a repository the platform created for the team "payments" '
      + '(its serviceRepositories in platform.json: "payment-service"); a team\'s stacks can manage only the repositories the platform made for it. '
      + 'Fix: ask the platform team to add "refunds" to serviceRepositories of the TeamOnboarding of "payments" and apply the platform, then push again.');
    // Another team's repository is no way around it.
    expect(errorOf(() => new GoMicroservice(team, 'search', { name: 'search', repositoryName: 'search-api', description: 'Search' })))
      .toMatch(/invalid repositoryName "search-api": is not a repository the platform created for the team "payments"/);
  });

  test('a repository belongs to one team: repeats, another team\'s and the infrastructure repository are refused', () => {
    const app = new App({ outdir: tmpdir('tenancy-repositories-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2 });
    new PlatformFoundation(platform, 'foundation');
    new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'], serviceRepositories: ['payment-service'] });
    expect(errorOf(() => new TeamOnboarding(platform, 'search', { name: 'search', maintainers: ['dave'], serviceRepositories: ['Payment-Service'] })))
      .toMatch(/^\[onboarding-search\/search\] invalid serviceRepositories\[0\] "Payment-Service": is a repository another team or construct of the app already has \(it is already used by onboarding-payments\/payments\)\. Fix: give every service its own repository, owned by one team\.$/);
    const message = errorOf(() => new TeamOnboarding(platform, 'ledger', { name: 'ledger', maintainers: ['dave'], serviceRepositories: ['ledger-api', 'LEDGER-API', 'ledger-infra', 'bad name'] }));
    expect(message).toMatch(/invalid serviceRepositories\[1\] "LEDGER-API": is listed twice \(GitHub names ignore case\)\. Fix: list each repository once\./);
    expect(message).toMatch(/invalid serviceRepositories\[2\] "ledger-infra": is the team's infrastructure repository/);
    expect(message).toMatch(/invalid serviceRepositories\[3\] "bad name": is not a GitHub repository name[^\n]*Fix: use "bad-name"/);
  });

  test('a team without service repositories gets no repository variable, so its workflow mints no token at all', () => {
    const app = new App({ outdir: tmpdir('tenancy-no-repositories-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2 });
    new PlatformFoundation(platform, 'foundation');
    const onboarding = new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(onboarding.serviceRepositories).toEqual([]);
    expect(onboarding.infrastructureRepository.variables.map((v) => v.variableNameInput)).not.toContain(INFRASTRUCTURE_VARIABLES.GITHUB_REPOSITORIES);
  });
});

describe('names the platform keeps', () => {
  const platformWith = () => {
    const app = new App({ outdir: tmpdir('tenancy-names-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2 });
    new PlatformFoundation(platform, 'foundation');
    return platform;
  };

  test.each(['foundation', 'onboarding', 'onboarding-payments'])('a team named "%s" is refused, by the onboarding and by a team repository', (name) => {
    const expected = new RegExp(`invalid name "${name}": would name team stacks like the platform's own \\("foundation", "onboarding", "onboarding-\\*"\\)`);
    expect(errorOf(() => new TeamOnboarding(platformWith(), name, { name, maintainers: ['alice'] }))).toMatch(expected);
    expect(errorOf(() => new TeamEnvironment(platformWith(), name, { name, maintainers: ['alice'] }))).toMatch(expected);
  });

  test('onboarding needs the state bucket, the project number and both GitHub Apps, and says why', () => {
    const app = new App({ outdir: tmpdir('tenancy-settings-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, gcpProjectNumber: undefined });
    const message = errorOf(() => new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] }));
    expect(message).toMatch(/^\[onboarding-payments\/payments\] 4 invalid props:/);
    expect(message).toMatch(/invalid platform\.stateBucket undefined: is not set, and each team gets its own state bucket next to it \(without one, every CI run would start from empty state\)/);
    expect(message).toMatch(/invalid platform\.gcpProjectNumber undefined: is not set/);
    expect(message).toMatch(/invalid platform\.terraformGithubAppId undefined: is not set/);
    expect(message).toMatch(/invalid platform\.terraformGithubReaderAppId undefined: is not set, and pull requests plan through a read-only GitHub App/);
  });

  test('GitHub Free cannot gate a team\'s deploys: onboarding refuses it', () => {
    const app = new App({ outdir: tmpdir('tenancy-free-') });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2, githubPlan: GithubPlan.FREE });
    expect(errorOf(() => new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] })))
      .toMatch(/invalid platform\.githubPlan "free": is GitHub Free, which has no rulesets and no environments on private repositories/);
  });

  test('the read-only App cannot be the App that writes', () => {
    expect(errorOf(() => new Platform(new App({ outdir: tmpdir('tenancy-apps-') }), 'acme', { ...APP_PLATFORM_PROPS, terraformGithubAppId: 7, terraformGithubReaderAppId: 7 })))
      .toMatch(/invalid terraformGithubReaderAppId 7: is the App Terraform writes with, so pull requests would hold a key that can write/);
  });

  test('onboarding is for a platform at App scope', () => {
    const app = new App({ outdir: tmpdir('tenancy-stack-') });
    const { TerraformStack } = jest.requireActual('cdktf');
    const platform = new Platform(new TerraformStack(app, 'one'), 'platform', APP_PLATFORM_PROPS);
    expect(errorOf(() => new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] })))
      .toMatch(/would onboard a team inside a stack, but onboarding makes platform-owned stacks/);
  });
});

/**
 * docs/tenancy.md lists every identity of the example's payments team with
 * every grant it holds, as the platform repository synthesizes them: the
 * table is derived here, never typed. After an intended change, regenerate
 * it with UPDATE_DOCS=1 and review the diff.
 */
describe('the documented grants are the synthesized ones', () => {
  /** What an IAM condition confines a grant to: the roles it may grant, or the one cluster it reaches. */
  function conditionNote(condition: { expression: string } | undefined): string {
    if (condition === undefined) return '';
    const clusters = condition.expression.split(' || ').map((c) => /^resource\.name == "projects\/[^/]+\/locations\/[^/]+\/clusters\/([^"]+)"$/.exec(c)?.[1]);
    if (clusters.every((c) => c !== undefined)) return ` (cluster${clusters.length > 1 ? 's' : ''} ${clusters.map((c) => `\`${c}\``).join(', ')} only)`;
    if (condition.expression.includes('endsWith("-grants-admin")')) return ' (secrets `<instance>-grants-admin` of database grant Jobs only)';
    return ` (may grant only ${[...condition.expression.matchAll(/'(roles\/[^']+)'/g)].map((m) => `\`${m[1]}\``).join(', ')})`;
  }

  /** A role as the table shows it: a predefined one by name, a custom one of the onboarding by its id's fixed part and its permissions. */
  function roleNote(role: string, stacks: string[]): string {
    const ref = /^\$\{google_project_iam_custom_role\.([^.]+)\.name\}$/.exec(role);
    if (!ref) return `\`${role}\``;
    const custom = stacks.map((s) => platformOut.stacks[s].resource.google_project_iam_custom_role?.[ref[1]]).find((c) => c);
    return `custom role \`${custom.role_id.replace(/\$\{.*\}$/, '<created>')}\` (${[...custom.permissions].sort().map((p: string) => `\`${p}\``).join(', ')})`;
  }

  function grantsTable(team: string): string {
    const published = teamsJson[team];
    const identities: Array<[string, string]> = [[published.planServiceAccount, 'plan'], ...Object.entries<string>(published.applyServiceAccounts).map(([stack, a]): [string, string] => [a, `apply, gate \`${stack}\``])];
    const stacks = onboardingStacks(team);
    const rows = identities.map(([account, what]) => {
      const member = `serviceAccount:${account}`;
      const accounts = platformOut.stacks[`onboarding-${team}`].resource.google_service_account;
      const subject = all(platformOut, 'google_service_account_iam_member', stacks).map(({ r }) => r)
        .filter((b) => accounts[/^\$\{google_service_account\.([^.]+)\.name\}$/.exec(b.service_account_id)![1]].account_id === account.split('@')[0])
        .map((b) => `\`${b.member.replace(/^.*\/subject\//, '').replace(/\$\{github_repository\.[^}]+\.repo_id\}/, `<id of ${team}-infra>`)}\``);
      const google = [
        ...all(platformOut, 'google_project_iam_member', stacks).map(({ r }) => r).filter((g) => g.member === member)
          .map((g) => `${roleNote(g.role, stacks)} on \`${g.project}\`${conditionNote(g.condition)}`),
        ...all(platformOut, 'google_artifact_registry_repository_iam_member', stacks).map(({ r }) => r).filter((g) => g.member === member)
          .map((g) => `\`${g.role}\` on the registry \`${team}\``),
      ];
      const kubernetes = all(platformOut, 'kubernetes_role_binding_v1', stacks).map(({ r }) => r).filter((b) => b.subject.some((s: any) => s.name === account))
        .map((b) => `${b.role_ref.kind} \`${b.role_ref.name}\` in \`${b.metadata.namespace}\``);
      const state = all(platformOut, 'google_storage_bucket_iam_member', stacks).map(({ r }) => r).filter((g) => g.member === member)
        .map((g) => `\`${g.role}\`${g.condition ? ` under \`${/objects\/([^"]+)"/.exec(g.condition.expression)![1]}\`` : ''}`);
      const cell = (items: string[]) => (items.length === 0 ? 'none' : items.join('<br>'));
      return `| \`${account}\` (${what}) | ${cell(subject)} | ${cell(google)} | ${cell(kubernetes)} | ${cell(state)} |`;
    });
    const environmentProjects = Object.entries<string>(published.projects.environments);
    const deployers = all(platformOut, 'google_project_iam_member', stacks).map(({ r }) => r).filter((g) => g.member.startsWith('principalSet://'))
      .map((g) => {
        const [env, project] = environmentProjects.find(([e]) => g.member.includes(`google_project.${team}_projects_${e}_`))!;
        return `| every account of \`${project}\` (the ${env} deployers) | none (granted by the platform) | \`${g.role}\` on \`${g.project}\`${conditionNote(g.condition)} | none | none |`;
      });
    return [
      '| identity | trusted OIDC subject | Google Cloud | Kubernetes | state bucket `acme-terraform-state-payments` |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      ...deployers,
    ].join('\n');
  }

  test('docs/tenancy.md shows every grant of every identity of the example\'s payments team', () => {
    const doc = path.join(__dirname, '..', '..', 'docs', 'tenancy.md');
    const text = fs.readFileSync(doc, 'utf8');
    const start = '<!-- grants: generated by test/team/tenancy.test.ts (UPDATE_DOCS=1) -->';
    const end = '<!-- grants: end -->';
    const table = grantsTable('payments');
    const expected = `${text.slice(0, text.indexOf(start) + start.length)}\n${table}\n${text.slice(text.indexOf(end))}`;
    if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(doc, expected);
    expect(text).toContain(start);
    expect(text).toBe(expected);
    expect(table.split('\n')).toHaveLength(2 + 5 + 3);
  });
});
