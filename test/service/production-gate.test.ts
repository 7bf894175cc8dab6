import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { CiVariables, GoMicroservice, Platform, TeamEnvironment } from '../../src';
import { APP_PLATFORM_PROPS, platformFixture, resources, synth } from '../util';

/**
 * The production gate: only a job that GitHub let into the `prod` environment
 * (reviewers, or the deploy-from-main branch policy) can act as the identity
 * that may roll out to prod.
 *
 * GitHub's OIDC reference (docs.github.com/actions/reference/openid-connect-reference):
 * a job that references an environment gets the context
 * `environment:<environment>`; a job without one, on a branch,
 * `ref:refs/heads/<branch>`. Under the repository's subject template of
 * `repository_id` and `context` ("Customizing the subject claims"), the
 * subject is `repository_id:<the repository's immutable id>:<context>`. The
 * pool's provider maps `google.subject` to `assertion.sub`, so IAM names one
 * job kind by `principal://iam.googleapis.com/<pool>/subject/<sub>` (Google
 * Cloud, "Workload Identity Federation": principal identifiers).
 */

const SETTINGS = APP_PLATFORM_PROPS;

const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/github-acme';

/** A member with the pool (a reference inside a stack) and the repository's id written out. */
function named(member: string, stacks: any[]): string {
  const repository = Object.keys(Object.assign({}, ...stacks.map((s) => resources(s, 'github_repository')))).find((k) => k.includes('payment-service_repository'));
  return member
    .replace(/\$\{google_iam_workload_identity_pool\.[^}]+\.name\}/, POOL)
    .replace(`\${github_repository.${repository}.repo_id}`, '<id of payment-service>');
}

/** Every resource of `type` across the synthesized stacks. */
function all(stacks: any[], type: string): any[] {
  return stacks.flatMap((s) => Object.values(resources(s, type)));
}

function appStacks(): any[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-')) });
  const platform = new Platform(app, 'acme', SETTINGS);
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks).map((s: any) => JSON.parse(fs.readFileSync(path.join(app.outdir, s.synthesizedStackPath), 'utf8')));
}

function stackStacks(): any[] {
  const { stack, platform } = platformFixture({ gcpProjectNumber: '123456789012' });
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  return [synth(stack)];
}

describe.each([['at App scope', appStacks], ['inside a stack', stackStacks]])('the production gate %s', (_, make) => {
  const stacks = make();
  const bindings = all(stacks, 'google_service_account_iam_member').filter((b) => b.role === 'roles/iam.workloadIdentityUser' && !b.member.startsWith('serviceAccount:'));
  const envVariable = (env: string) => all(stacks, 'github_actions_environment_variable')
    .find((v) => v.environment.includes(env) && v.variable_name === CiVariables.DEPLOY_SERVICE_ACCOUNT);

  test('no identity is open to every workflow run of the repository', () => {
    expect(bindings.filter((b) => /\/attribute\.repository(_id)?\//.test(b.member))).toEqual([]);
  });

  test('the repository\'s tokens carry the subject the bindings name: its template is repository_id and context', () => {
    expect(all(stacks, 'github_actions_repository_oidc_subject_claim_customization_template')).toEqual([
      expect.objectContaining({ use_default: false, include_claim_keys: ['repository_id', 'context'] }),
    ]);
  });

  test.each(['dev', 'staging', 'prod'])('the deploy job in %s acts as its own deployer, bound to that GitHub environment\'s subject alone', (env) => {
    const email = `payment-service-deploy-${env}@acme-prod.iam.gserviceaccount.com`;
    // The GitHub environment's variable wins over the repository's in the job that runs in it.
    expect(envVariable(env)?.value).toBe(email);
    const account = all(stacks, 'google_service_account').find((a) => a.account_id === `payment-service-deploy-${env}`);
    expect(account).toBeDefined();
    const own = bindings.filter((b) => b.member.endsWith(`:environment:${env}`));
    expect(own).toHaveLength(1);
    expect(named(own[0].member, stacks)).toBe(`principal://iam.googleapis.com/${POOL}/subject/repository_id:<id of payment-service>:environment:${env}`);
    // Kubernetes RBAC in the environment's namespace names that account, and only it.
    const roleBinding = all(stacks, 'kubernetes_role_binding_v1').find((b) => b.metadata.namespace === `payments-${env}` && b.role_ref.kind === 'Role');
    expect(roleBinding.subject).toEqual([{ kind: 'User', name: email, api_group: 'rbac.authorization.k8s.io' }]);
    // It can fetch cluster credentials.
    expect(all(stacks, 'google_project_iam_member').filter((m) => m.member.includes(`deployer_${env}_service-account`))
      .map((m) => m.role)).toEqual(['roles/container.clusterViewer']);
  });

  test('the image build (no environment) acts as the build account, for pushes to main only, which no namespace trusts', () => {
    const build = bindings.filter((b) => !b.member.includes(':environment:'));
    expect(build).toHaveLength(1);
    expect(named(build[0].member, stacks)).toBe(`principal://iam.googleapis.com/${POOL}/subject/repository_id:<id of payment-service>:ref:refs/heads/main`);
    const subjects = all(stacks, 'kubernetes_role_binding_v1').flatMap((b) => b.subject.map((s: any) => s.name));
    expect(subjects).not.toContain('payment-service-deployer@acme-prod.iam.gserviceaccount.com');
    expect(all(stacks, 'google_project_iam_member').map((m) => m.member)).not.toContain('serviceAccount:payment-service-deployer@acme-prod.iam.gserviceaccount.com');
  });
});
