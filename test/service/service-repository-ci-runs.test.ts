import { FileOwnership, GoMicroservice, TeamEnvironment } from '../../src';
import { platformFixture, resources, synth } from '../util';

/**
 * How many CI runs Terraform's commits to a service repository start.
 *
 * GitHub runs the push workflows of every pushed commit whose tree has them,
 * and each commit through the contents API is a push of its own: before
 * `.github/workflows/ci.yml` is on the branch, no commit starts a run. So the
 * workflow's commit must be the last one, or a new repository runs CI once for
 * the workflow and again for every file committed after it (the catalog's
 * `catalog-info.yaml` was).
 *
 * After that, GitHub skips push workflows for a commit whose message contains
 * `[skip ci]` (and a few equivalents): "Skipping workflow runs",
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/skipping-workflow-runs.
 * A sync of a platform-owned file (CODEOWNERS, the catalog entry) changes
 * nothing the pipeline builds, so its commits carry it. The workflow's commit
 * is the one that starts the first run, and the GitHub provider sends a file's
 * one `commit_message` on create and update alike (its
 * resourceGithubRepositoryFileUpdate reuses the configured message, rewriting
 * only its own default "Add <file>" to "Update <file>"), so the workflow's
 * commits never skip: a changed pipeline runs once, which shows it works.
 */

const FILE = 'github_repository_file';

function chainOf(json: any): string[] {
  const files = Object.entries(resources(json, FILE)).map(([name, f]): [string, any] => [`${FILE}.${name}`, f]);
  const byAddress = new Map(files);
  const previous = (f: any): string[] => (f.depends_on ?? []).filter((d: string) => d.startsWith(`${FILE}.`));
  const waitedFor = new Set(files.flatMap(([, f]) => previous(f)));
  const last = files.filter(([address]) => !waitedFor.has(address));
  expect(last).toHaveLength(1);
  const order: string[] = [];
  let current: any = last[0][1];
  while (current) {
    order.unshift(current.file);
    const prev = previous(current);
    expect(prev.length).toBeLessThanOrEqual(1);
    current = prev.length ? byAddress.get(prev[0]) : undefined;
  }
  expect(order).toHaveLength(files.length);
  return order;
}

function fixture() {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing service' });
  return { stack, svc };
}

describe('a new service repository runs CI once: the workflow is the last commit', () => {
  test('the catalog entry is committed before the workflow, and nothing after it', () => {
    const { stack, svc } = fixture();
    const json = synth(stack);
    const order = chainOf(json);
    expect(order[order.length - 1]).toBe('.github/workflows/ci.yml');
    expect(order.slice(-3)).toEqual(['CODEOWNERS', 'catalog-info.yaml', '.github/workflows/ci.yml']);
    expect(svc.repository.filePaths).toEqual(order);
  });

  test('a file added later with addFile goes in before the workflow too', () => {
    const { stack, svc } = fixture();
    svc.repository.addFile('docs/runbook.md', '# Runbook\n', FileOwnership.PLATFORM);
    svc.repository.addFile('docs/oncall.md', '# On call\n', FileOwnership.TEAM);
    const json = synth(stack);
    const order = chainOf(json);
    expect(order.slice(-4)).toEqual(['catalog-info.yaml', 'docs/runbook.md', 'docs/oncall.md', '.github/workflows/ci.yml']);
    expect(svc.repository.filePaths).toEqual(order);
    // The workflow still waits for everything its first run needs.
    const workflow = Object.values(resources(json, FILE)).find((f: any) => f.file === '.github/workflows/ci.yml') as any;
    expect(workflow.depends_on.some((d: string) => d.startsWith('github_repository_environment.'))).toBe(true);
    expect(workflow.depends_on.some((d: string) => d.startsWith('kubernetes_deployment_v1.'))).toBe(true);
  });
});

describe('platform file syncs start no CI run; the workflow\'s commit starts the first', () => {
  test('every platform-owned file but the workflow commits with [skip ci]; the workflow and team files never do', () => {
    const { stack, svc } = fixture();
    const json = synth(stack);
    for (const f of Object.values(resources(json, FILE)) as any[]) {
      const platformOwned = svc.repository.platformOwnedPaths.includes(f.file);
      const skips = f.commit_message.includes('[skip ci]');
      expect({ file: f.file, skips }).toEqual({ file: f.file, skips: platformOwned && f.file !== '.github/workflows/ci.yml' });
    }
    const messages = Object.fromEntries((Object.values(resources(json, FILE)) as any[]).map((f) => [f.file, f.commit_message]));
    expect(messages.CODEOWNERS).toBe('Sync CODEOWNERS from the platform (cdktf-golden-paths) [skip ci]');
    expect(messages['catalog-info.yaml']).toBe('Sync catalog-info.yaml from the platform (cdktf-golden-paths) [skip ci]');
    expect(messages['.github/workflows/ci.yml']).toBe('Sync .github/workflows/ci.yml from the platform (cdktf-golden-paths)');
  });
});
