import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CiWorkflow, TeamEnvironment } from '../src';
import { platformFixture, resource, synth } from './util';

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
const IMAGE = `europe-west1-docker.pkg.dev/acme-prod/payments/payment-service@${DIGEST}`;

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
    expect(keep.steps[1].env).toEqual({ IMAGE: '${{ needs.build-image.outputs.image }}', TAG: `deployed-${env}` });
  });

  test('the tag step, under bash, tags the deployed digest in its own repository', () => {
    const step = yaml.jobs['keep-image-prod'].steps[1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keep-image-'));
    const calls = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'gcloud'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > ${JSON.stringify(calls)}\n`, { mode: 0o755 });
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      encoding: 'utf8',
      env: { PATH: `${dir}:${process.env.PATH}`, IMAGE, TAG: step.env!.TAG },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      'artifacts', 'docker', 'tags', 'add', IMAGE, 'europe-west1-docker.pkg.dev/acme-prod/payments/payment-service:deployed-prod',
    ]);
  });
});
