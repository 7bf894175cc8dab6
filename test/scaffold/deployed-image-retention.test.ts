import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CiWorkflow, TeamEnvironment } from '../../src';
import { platformFixture, resource, synth } from '../util';

/**
 * The registry never deletes an image an environment runs (issue 25, item 10).
 * The cleanup policies kept the 20 newest versions of each image and deleted
 * tagged ones after 90 days, so an environment that had not been deployed for
 * 90 days and 20 builds lost the digest it runs, and the next reschedule failed
 * to pull it.
 *
 * - After each successful rollout CI tags the image the environment runs
 *   `deployed-<environment>`: `gcloud artifacts docker tags add` "create[s] or
 *   update[s] a tag" (https://cloud.google.com/sdk/gcloud/reference/artifacts/docker/tags/add),
 *   so the tag moves with each deploy and names exactly one digest per environment. The job runs on
 *   ubuntu-24.04, whose image lists "Google Cloud CLI" among its CLI tools
 *   (https://github.com/actions/runner-images/blob/main/images/ubuntu/Ubuntu2404-Readme.md).
 * - The team registry keeps versions tagged `deployed-*` (a conditional keep
 *   policy, tag prefix): "When an artifact matches the criteria for both a delete
 *   policy and a keep policy, the artifact is kept"
 *   (https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy-overview).
 */

const DIGEST = `sha256:${'b'.repeat(64)}`;
const REPOSITORY = 'europe-west1-docker.pkg.dev/acme-prod/payments/payment-service';
const IMAGE = `${REPOSITORY}@${DIGEST}`;

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly run?: string;
}
interface Job {
  readonly needs?: string[];
  readonly if?: string;
  readonly environment?: string;
  readonly outputs?: Record<string, string>;
  readonly concurrency?: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}

describe('the team registry', () => {
  test('keeps every version tagged deployed-*, next to the 20 newest and the age rules', () => {
    const { stack, platform } = platformFixture();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const registry = resource(synth(stack), 'google_artifact_registry_repository');
    expect(registry.cleanup_policy_dry_run).toBe(false);
    expect(registry.cleanup_policies).toEqual([
      { id: 'keep-recent', action: 'KEEP', most_recent_versions: { keep_count: 20 } },
      { id: 'keep-deployed', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['deployed-'] } },
      { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '604800s' } },
      { id: 'delete-tagged', action: 'DELETE', condition: { tag_state: 'TAGGED', older_than: '7776000s' } },
    ]);
  });
});

describe('the service CI', () => {
  const yaml = parse(new CiWorkflow({ serviceName: 'payment-service', teamSlug: 'payments' }).render()) as { jobs: Record<string, Job> };

  test.each(['dev', 'staging', 'prod'])('tags the image %s runs once its rollout has succeeded', (env) => {
    const deploy = yaml.jobs[`deploy-${env}`];
    expect(deploy.outputs).toEqual({ 'rolled-out': '${{ steps.rollout.outputs.rolled-out }}' });
    const keep = yaml.jobs[`keep-image-${env}`];
    expect(keep.needs).toEqual(['build-image', `deploy-${env}`]);
    expect(keep.if).toBe(`needs.deploy-${env}.outputs.rolled-out == 'true'`);
    expect(keep.concurrency).toEqual({ 'group': `keep-image-${env}`, 'cancel-in-progress': false });
    expect(keep.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    // No GitHub environment: the repository's deployer variable names the build account, which may write
    // to the registry; an environment's deployer keeps only its rollout rights.
    expect(keep).not.toHaveProperty('environment');
    const auth = keep.steps.find((s) => s.uses?.startsWith('google-github-actions/auth@'))!;
    expect(auth.with).toMatchObject({ service_account: '${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}' });
    expect(keep.steps[1].env).toEqual({ IMAGE: '${{ needs.build-image.outputs.image }}', TAG: `deployed-${env}`, GITHUB_TOKEN: '${{ github.token }}' });
  });

  test('the tag step, under bash, tags the deployed digest in its own repository', () => {
    const run = runKeepImage({ listed: [] });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.gcloud).toEqual([
      `artifacts docker tags list ${REPOSITORY} --format value(tag.basename(),version.basename())`,
      `artifacts docker tags add ${IMAGE} ${REPOSITORY}:deployed-prod`,
    ]);
    expect(run.curl).toEqual([]);
  });
});

/**
 * An older run's keep-image job can start after a newer one's (issue 25, item 21b): the jobs of an
 * environment share a concurrency group, which runs them one at a time but "order is not guaranteed
 * for jobs or runs that queue within 5 minutes of each other" (GitHub, "Control the concurrency of
 * workflows and jobs"). Moving the tag back to the older image would leave the digest the environment
 * runs (the newer one, which the deploy's order guard kept) to the age and count policies. The step
 * reads which image the tag names (`gcloud artifacts docker tags list`, rows of `tag.basename()` and
 * `version.basename()` as the command's own format has them, tab-separated by the `value` format:
 * https://cloud.google.com/sdk/gcloud/reference/topic/formats), the commit tag the build job put on that
 * image, and asks GitHub's compare API (`GET /repos/{owner}/{repo}/compare/{base}...{head}`, status
 * `behind` when head is older: https://docs.github.com/en/rest/commits/commits#compare-two-commits)
 * before moving the tag.
 */
describe('the tag never moves back to an older commit\'s image', () => {
  const NEWER = 'c'.repeat(40);
  const OLDER = 'a'.repeat(40);
  const THIS = 'd'.repeat(40);
  const OTHER_DIGEST = `sha256:${'e'.repeat(64)}`;

  test('a newer commit\'s image has the tag: this older run leaves it there, with a notice', () => {
    const run = runKeepImage({
      listed: [[NEWER, OTHER_DIGEST], ['deployed-prod', OTHER_DIGEST], [THIS, DIGEST], ['deployed-dev', DIGEST]],
      status: 'behind',
      sha: THIS,
    });
    expect(run.status).toBe(0);
    expect(run.gcloud.filter((c) => c.includes('tags add'))).toEqual([]);
    expect(run.curl).toEqual([`https://api.github.com/repos/acme/payment-service/compare/${NEWER}...${THIS}`]);
    expect(run.stdout).toContain(`::notice title=A newer image keeps the tag::deployed-prod names the image of ${NEWER}, which is newer than ${THIS}: this older run leaves it there.`);
  });

  test.each(['ahead', 'diverged'])('the tag names an image this commit is %s of: it moves here, as the rollout did', (status) => {
    const run = runKeepImage({ listed: [[OLDER, OTHER_DIGEST], ['deployed-prod', OTHER_DIGEST], [THIS, DIGEST]], status, sha: THIS });
    expect(run.status).toBe(0);
    expect(run.curl).toEqual([`https://api.github.com/repos/acme/payment-service/compare/${OLDER}...${THIS}`]);
    expect(run.gcloud).toContain(`artifacts docker tags add ${IMAGE} ${REPOSITORY}:deployed-prod`);
  });

  test('the tag already names this commit\'s image: tagged again, no comparison', () => {
    const run = runKeepImage({ listed: [[THIS, DIGEST], ['deployed-prod', DIGEST]], sha: THIS });
    expect(run.status).toBe(0);
    expect(run.curl).toEqual([]);
    expect(run.gcloud).toContain(`artifacts docker tags add ${IMAGE} ${REPOSITORY}:deployed-prod`);
  });

  test('a failed listing or comparison fails the job before the tag moves', () => {
    const listing = runKeepImage({ listed: [], listFails: true });
    expect(listing.status).not.toBe(0);
    expect(listing.gcloud.filter((c) => c.includes('tags add'))).toEqual([]);
    const comparison = runKeepImage({ listed: [[OLDER, OTHER_DIGEST], ['deployed-prod', OTHER_DIGEST]], compareFails: true, sha: THIS });
    expect(comparison.status).not.toBe(0);
    expect(comparison.gcloud.filter((c) => c.includes('tags add'))).toEqual([]);
  });

  test('the job hands the step the token the comparison needs', () => {
    const yaml = parse(new CiWorkflow({ serviceName: 'payment-service', teamSlug: 'payments' }).render()) as { jobs: Record<string, Job> };
    expect(yaml.jobs['keep-image-prod'].steps[1].env).toMatchObject({ GITHUB_TOKEN: '${{ github.token }}' });
  });
});

interface KeepImageRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Each gcloud call, its arguments joined by spaces. */
  readonly gcloud: string[];
  /** The URL of each curl call. */
  readonly curl: string[];
}

/** Runs the prod keep-image step under bash with stand-ins for gcloud (answering `tags list` with `listed`) and curl (answering the compare API with `status`). */
function runKeepImage(o: {
  listed: Array<[string, string]>; status?: string; sha?: string; listFails?: boolean; compareFails?: boolean;
}): KeepImageRun {
  const yaml = parse(new CiWorkflow({ serviceName: 'payment-service', teamSlug: 'payments' }).render()) as { jobs: Record<string, Job> };
  const step = yaml.jobs['keep-image-prod'].steps[1];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keep-image-'));
  const listing = path.join(dir, 'listing');
  const base = 'projects/acme-prod/locations/europe-west1/repositories/payments/packages/payment-service';
  // What `--format value(tag.basename(),version.basename())` prints of the tags' full resource names.
  fs.writeFileSync(listing, o.listed.map(([tag, digest]) => `${path.basename(`${base}/tags/${tag}`)}\t${path.basename(`${base}/versions/${digest}`)}\n`).join(''));
  fs.writeFileSync(path.join(dir, 'gcloud'), [
    '#!/usr/bin/env bash',
    `echo "$*" >> ${JSON.stringify(path.join(dir, 'gcloud-calls'))}`,
    `if [ "$3" = tags ] && [ "$4" = list ]; then ${o.listFails ? 'echo "ERROR: (gcloud.artifacts.docker.tags.list) PERMISSION_DENIED" >&2; exit 1' : `cat ${JSON.stringify(listing)}`}; fi`,
  ].join('\n') + '\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'curl'), [
    '#!/usr/bin/env bash',
    `echo "\${@: -1}" >> ${JSON.stringify(path.join(dir, 'curl-calls'))}`,
    o.compareFails ? 'echo "curl: (22) The requested URL returned error: 404" >&2; exit 22' : `echo '{"status": "${o.status ?? 'ahead'}"}'`,
  ].join('\n') + '\n', { mode: 0o755 });
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    encoding: 'utf8',
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      IMAGE,
      TAG: step.env!.TAG,
      GITHUB_TOKEN: 'token',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_REPOSITORY: 'acme/payment-service',
      GITHUB_SHA: o.sha ?? 'f'.repeat(40),
    },
  });
  const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter((l) => l !== '') : []);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, gcloud: lines(path.join(dir, 'gcloud-calls')), curl: lines(path.join(dir, 'curl-calls')) };
}
