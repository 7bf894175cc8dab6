import { CiVariables, GoMicroservice, GoServiceScaffold, TeamEnvironment } from '../../src';
import { PAYMENT_SERVICE_SCAFFOLD } from '../scaffold/go-vendor';
import { lintWorkflow } from '../scaffold/lint-workflow';
import { platformFixture, resources, synth } from '../util';

/**
 * The repository a GoMicroservice commits, taken from the SYNTHESIZED
 * Terraform JSON (what Terraform would write to GitHub), checked with the real
 * tools: actionlint lints its workflow, and its Go module is, byte for byte,
 * the scaffold test/scaffold/go-toolchain.test.ts vets, builds with its
 * `make build` and tests with its `make cover` at the golden coverage
 * threshold (the Go toolchain runs once over that module, in that suite).
 */

/**
 * A string of Terraform JSON as Terraform reads it: `$${` is a literal `${` and `%%{` a literal `%{`
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
 */
function terraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

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
    // The workflow as Terraform writes it: the JSON string escapes each `${{` of an expression as `$${{`.
    const text = terraformLiteral(workflow.content);
    const findings = await lintWorkflow(text, workflow.path);
    // eslint-disable-next-line no-console
    console.log(`actionlint ${workflow.path}: ${findings.length} findings`);
    expect(findings).toEqual([]);
    expect(text).toContain(`\${{ vars.${CiVariables.WORKLOAD_IDENTITY_PROVIDER} }}`);
    expect(text).not.toContain('$${');
  });

  test('is the scaffold the Go toolchain builds, vets and tests, at the golden coverage threshold, once Terraform has read it', () => {
    const scaffold = new GoServiceScaffold(PAYMENT_SERVICE_SCAFFOLD);
    const expected = new Map(scaffold.files.map((f) => [f.path, f.content]));
    // Every file (the .go files, go.mod and go.sum, the OpenAPI document and configs the tests read, the Makefile
    // whose make build and make cover run) is what Terraform writes (a shell `${` is escaped in the JSON).
    expect(files.filter((f) => f.path !== 'catalog-info.yaml' && expected.get(f.path) !== terraformLiteral(f.content)).map((f) => f.path)).toEqual([]);
    expect(files.filter((f) => f.content !== terraformLiteral(f.content)).map((f) => f.path).sort()).toEqual(['.github/workflows/ci.yml', 'Dockerfile', 'Makefile']);
    expect(scaffold.coverageThreshold).toBe(platform.goldenPath.coverageThreshold);
  });
});
