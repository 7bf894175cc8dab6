import { parse } from 'yaml';
import { formatFindings, lintWorkflow } from './lint-workflow';
import { deployGateOf, INFRASTRUCTURE_VARIABLES as VARS } from '../../src/scaffold/infrastructure-variables';
import { InfrastructureWorkflow, InfrastructureWorkflowOptions } from '../../src/scaffold/infrastructure-workflow';

/**
 * The team infrastructure repository's workflow (`golden-paths init` writes
 * it): which job runs as which identity, holding which key. Pull requests
 * plan with read-only identities and no state lock; each stack is applied in
 * the GitHub environment named after it, with that gate's identity only.
 */

interface Step {
  readonly 'id'?: string;
  readonly 'name'?: string;
  readonly 'if'?: string;
  readonly 'uses'?: string;
  readonly 'with'?: Record<string, unknown>;
  readonly 'env'?: Record<string, string>;
  readonly 'run'?: string;
  readonly 'continue-on-error'?: boolean;
}

interface Job {
  readonly needs?: string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions: Record<string, string>;
  readonly concurrency?: Record<string, unknown>;
  readonly steps: Step[];
}

const BASE: InfrastructureWorkflowOptions = {
  teamName: 'payments',
  githubOrganization: 'acme',
  environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
};
const STACKS = ['payments', 'payments-dev', 'payments-staging', 'payments-prod'];
const LINT_TIMEOUT_MS = 30_000;

const workflow = new InfrastructureWorkflow(BASE);
const text = workflow.render();
const jobs = (parse(text) as { jobs: Record<string, Job> }).jobs;
const deployJobs = STACKS.map((stack) => [stack, jobs[`deploy-${stack}`]] as const);

/** A job as YAML text, for what it must never mention. */
const jobText = (job: Job) => JSON.stringify(job);
const authStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith('google-github-actions/auth@'));
const appTokenStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'));

describe('InfrastructureWorkflow jobs', () => {
  test('check, diff, then one deploy job per stack in promotion order, each needing the one before', () => {
    expect(workflow.stacks).toEqual(STACKS);
    expect(Object.keys(jobs)).toEqual(['check', 'diff', ...STACKS.map((s) => `deploy-${s}`)]);
    expect(workflow.jobIds).toEqual(Object.keys(jobs));
    expect(jobs.diff.needs).toEqual(['check']);
    expect(deployJobs.map(([, job]) => job.needs![0])).toEqual(['check', ...STACKS.slice(0, -1).map((s) => `deploy-${s}`)]);
  });

  test('check: no cloud credentials, no OIDC token, no GitHub App; npm test and golden-paths check with SARIF', () => {
    const check = jobs.check;
    expect(check.if).toBeUndefined();
    expect(check.permissions).toEqual({ 'contents': 'read', 'security-events': 'write' });
    expect(authStep(check)).toBeUndefined();
    expect(appTokenStep(check)).toBeUndefined();
    expect(jobText(check)).not.toMatch(/secrets\.|GCP_/);
    expect(check.steps.map((s) => s.run).filter(Boolean)).toEqual([
      'npm ci --no-audit --no-fund', 'npm test', 'npx golden-paths check --sarif golden-paths.sarif',
    ]);
  });

  test('the SARIF upload continues on error, so a repository without code scanning never skips the deploys', () => {
    const upload = jobs.check.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload['continue-on-error']).toBe(true);
    expect(upload.if).toBe("always() && hashFiles('golden-paths.sarif') != ''");
    // The reason, where the team reads the workflow: GitHub's page on code scanning availability.
    expect(text).toMatch(/continue-on-error: true # https:\/\/docs\.github\.com\/\S+uploading-a-sarif-file-to-github\n/);
  });

  test('check hands the stacks\' Terraform JSON, and nothing else, to the jobs that hold credentials', () => {
    const upload = jobs.check.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with).toEqual({ 'name': 'stacks', 'path': 'cdktf.out/stacks/*/cdk.tf.json', 'if-no-files-found': 'error', 'retention-days': 30 });
    for (const id of ['diff', ...STACKS.map((s) => `deploy-${s}`)]) {
      expect(jobs[id].steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/download-artifact@[0-9a-f]{40}$/), with: { name: 'stacks', path: 'stacks' } });
    }
  });

  test.each(['diff', ...STACKS.map((s) => `deploy-${s}`)])('%s runs no code of the team\'s: no checkout, no Node.js, no npm', (id) => {
    const job = jobs[id];
    expect(job.steps.map((s) => s.uses?.split('@')[0]).filter(Boolean)).toEqual(expect.not.arrayContaining(['actions/checkout', 'actions/setup-node']));
    for (const step of job.steps) expect(step.run ?? '').not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b|cdktf /);
    // The job's own GITHUB_TOKEN reads nothing: the artifact comes from this run, the identities from OIDC.
    expect(job.permissions).toEqual({ 'id-token': 'write' });
  });

  test('diff: pull requests only, as the read-only plan identity and the read-only App, outside any environment', () => {
    const diff = jobs.diff;
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    expect(diff.environment).toBeUndefined();
    expect(authStep(diff)!.with).toEqual({
      workload_identity_provider: `\${{ vars.${VARS.WORKLOAD_IDENTITY_PROVIDER} }}`,
      service_account: `\${{ vars.${VARS.PLAN_SERVICE_ACCOUNT} }}`,
    });
    expect(appTokenStep(diff)!.with).toEqual({
      'app-id': `\${{ vars.${VARS.READER_APP_ID} }}`,
      'private-key': `\${{ secrets.${VARS.READER_APP_PRIVATE_KEY} }}`,
      'owner': 'acme',
      'repositories': `\${{ vars.${VARS.GITHUB_REPOSITORIES} }}`,
      'permission-administration': 'read',
      'permission-contents': 'read',
      'permission-environments': 'read',
      'permission-variables': 'read',
      'permission-members': 'read',
    });
  });

  test.each(['diff', 'deploy-payments'])('%s: the App token reaches the team\'s repositories alone, and is not minted without them', (id) => {
    const step = appTokenStep(jobs[id])!;
    // Without repositories, create-github-app-token would scope the token to the whole installation.
    expect(step.if).toBe(`vars.${VARS.GITHUB_REPOSITORIES} != ''`);
    expect(step.with!.repositories).toBe(`\${{ vars.${VARS.GITHUB_REPOSITORIES} }}`);
    // No organization permission beyond reading teams: no repository creation, no team or member changes.
    const permissions = Object.entries(step.with!).filter(([k]) => k.startsWith('permission-'));
    expect(permissions.filter(([k, level]) => /organization|members/.test(k) && level !== 'read')).toEqual([]);
    expect(text).toMatch(/repositories: \$\{\{ vars\.GOLDEN_PATHS_GITHUB_REPOSITORIES \}\} # https:\/\/docs\.github\.com\/en\/apps\/creating-github-apps\/authenticating-with-a-github-app\/generating-an-installation-access-token-for-a-github-app\n/);
  });

  test('diff never references the writing App\'s key or an apply identity', () => {
    expect(jobText(jobs.diff)).not.toContain(`secrets.${VARS.APP_PRIVATE_KEY} `);
    expect(jobText(jobs.diff)).not.toMatch(new RegExp(`\\b${VARS.APP_PRIVATE_KEY}\\b`));
    expect(jobText(jobs.diff)).not.toMatch(new RegExp(`\\b${VARS.APP_ID}\\b`));
    expect(jobText(jobs.diff)).not.toContain(VARS.APPLY_SERVICE_ACCOUNT);
  });

  test('diff plans every stack without taking the state lock, so it never collides with a deploy (test/scaffold/stack-vetting.test.ts runs it)', () => {
    const plan = jobs.diff.steps.at(-1)!;
    expect(plan.env).toEqual({ GITHUB_TOKEN: '${{ steps.github-app.outputs.token }}', STACKS: STACKS.join(' ') });
    expect(plan.run).toContain('terraform -chdir="${work}" plan -lock=false -input=false -no-color');
  });

  test.each(STACKS)('deploy-%s: pushes to main only, in the environment named after its stack, with that gate\'s variables only', (stack) => {
    const job = jobs[`deploy-${stack}`];
    expect(job.environment).toBe(deployGateOf(stack));
    expect(job.environment).toBe(stack);
    expect(job.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(job.concurrency).toEqual({ 'group': `terraform-${stack}`, 'cancel-in-progress': false });
    expect(authStep(job)!.with).toEqual({
      workload_identity_provider: `\${{ vars.${VARS.WORKLOAD_IDENTITY_PROVIDER} }}`,
      service_account: `\${{ vars.${VARS.APPLY_SERVICE_ACCOUNT} }}`,
    });
    if (stack === 'payments') {
      // The team stack alone holds GitHub resources: its gate alone mints a token of the App that writes.
      expect(appTokenStep(job)!.with).toEqual({
        'app-id': `\${{ vars.${VARS.APP_ID} }}`,
        'private-key': `\${{ secrets.${VARS.APP_PRIVATE_KEY} }}`,
        'owner': 'acme',
        'repositories': `\${{ vars.${VARS.GITHUB_REPOSITORIES} }}`,
        'permission-administration': 'write',
        'permission-contents': 'write',
        'permission-workflows': 'write',
        'permission-environments': 'write',
        'permission-variables': 'write',
        'permission-members': 'read',
      });
      expect(job.steps.at(-1)!.env).toEqual({ GITHUB_TOKEN: '${{ steps.github-app.outputs.token }}', STACKS: stack });
    } else {
      // An environment stack has no GitHub provider: its gate never touches the App's key.
      expect(appTokenStep(job)).toBeUndefined();
      expect(jobText(job)).not.toMatch(new RegExp(`${VARS.APP_ID}|${VARS.APP_PRIVATE_KEY}|GITHUB_TOKEN`));
      expect(job.steps.at(-1)!.env).toEqual({ STACKS: stack });
    }
    expect(jobText(job)).not.toMatch(new RegExp(`${VARS.PLAN_SERVICE_ACCOUNT}|${VARS.READER_APP_ID}|${VARS.READER_APP_PRIVATE_KEY}`));
    expect(job.steps.at(-1)!.run).toContain('terraform -chdir="${work}" apply -input=false -auto-approve -no-color');
  });

  test('the file names variables, never an identity: no service account email, provider name or key', () => {
    expect(text).not.toMatch(/@[a-z0-9-]+\.iam\.gserviceaccount\.com|projects\/\d+\/locations|BEGIN [A-Z ]*PRIVATE KEY/);
    const referenced = new Set([...text.matchAll(/\$\{\{ (vars|secrets)\.(\w+) \}\}/g)].map((m) => m[2]));
    // Only the names the platform's TeamOnboarding sets (the state bucket is in the synthesized backend, not the workflow).
    expect([...referenced].sort()).toEqual(Object.values(VARS).filter((v) => v !== VARS.STATE_BUCKET).sort());
  });

  test('the header says which identity and which key each job uses', () => {
    const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
    expect(header).toContain('check (pull requests and pushes): no cloud credentials and no GitHub App; the only job that runs the repository\'s code.');
    expect(header).toContain(`Jobs with credentials run only Terraform on the stacks' JSON, refused if it could run a command; their App tokens reach vars.${VARS.GITHUB_REPOSITORIES} alone.`);
    expect(header).toMatch(new RegExp(`diff \\(pull requests\\): Google Cloud as vars\\.${VARS.PLAN_SERVICE_ACCOUNT}[^]*vars\\.${VARS.READER_APP_ID}, key secrets\\.${VARS.READER_APP_PRIVATE_KEY}`));
    expect(header).toMatch(new RegExp(`deploy-<stack> [^]*vars\\.${VARS.APPLY_SERVICE_ACCOUNT}[^]*vars\\.${VARS.APP_ID}, key secrets\\.${VARS.APP_PRIVATE_KEY}`));
    expect(header).toContain(`in order ${STACKS.join(', ')}`);
  });

  test('a custom default branch is the one pushes deploy from', () => {
    const trunk = parse(new InfrastructureWorkflow({ ...BASE, defaultBranch: 'trunk' }).render());
    expect(trunk.on.push).toEqual({ branches: ['trunk'] });
    expect(trunk.jobs['deploy-payments'].if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/trunk'");
  });
});

describe('InfrastructureWorkflow errors', () => {
  test('a bad team name and no environments, with the prop, the value and the fix', () => {
    expect(() => new InfrastructureWorkflow({ ...BASE, teamName: 'Payments_Team', environments: [] })).toThrow(
      /^\[InfrastructureWorkflow\] 2 invalid props:\n {2}- invalid teamName "Payments_Team": is not a DNS-1123 label[^\n]*\n {2}- invalid environments \[\]: is empty\. Fix: list the platform's environments\.$/);
  });
});

describe('InfrastructureWorkflow actionlint', () => {
  test('finds nothing in the workflow of the example platform', async () => {
    expect(formatFindings(await lintWorkflow(text, InfrastructureWorkflow.PATH))).toEqual([]);
  }, LINT_TIMEOUT_MS);

  test('finds nothing with one environment and a custom branch', async () => {
    const one = new InfrastructureWorkflow({ ...BASE, teamName: 'search', environments: [{ name: 'live', production: true }], defaultBranch: 'trunk' });
    expect(formatFindings(await lintWorkflow(one.render(), InfrastructureWorkflow.PATH))).toEqual([]);
  }, LINT_TIMEOUT_MS);
});
