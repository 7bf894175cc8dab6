import { pinned } from './action-pins';
import { Commented, YamlMap } from '../private/yaml-writer';

// A fixed runner image: a new Ubuntu release never changes a build without a library upgrade.
export const RUNNER = 'ubuntu-24.04';

/** A GitHub Actions expression, `${{ <expression> }}`. */
export function expr(expression: string): string {
  return '${{ ' + expression + ' }}';
}

/** The lines of a `run:` script, newline-terminated. */
export function script(lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** The Node.js the Terraform workflows synthesize with. */
const NODE_VERSION = '22';
/** The Terraform the workflows plan and apply with: 1.11 or later, which write-only attributes need. */
const TERRAFORM_VERSION = '1.11.*';

/** Node.js with the npm cache, for the jobs that synthesize. */
export const SETUP_NODE: YamlMap = { name: 'Set up Node.js', uses: pinned('setupNode'), with: { 'node-version': NODE_VERSION, 'cache': 'npm' } };

/** Terraform without its wrapper script, for the jobs that plan or apply. */
export const SETUP_TERRAFORM: YamlMap = { name: 'Set up Terraform', uses: pinned('setupTerraform'), with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } };

/**
 * The synthesized stacks, handed from the job that synthesizes to the jobs
 * that plan and apply: kept 30 days, since a job waiting for an environment's
 * reviewers fails after 30 days.
 */
export const STACKS_ARTIFACT = {
  name: 'stacks',
  retentionDays: new Commented(30, 'https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#required-reviewers'),
} as const;

export const CHECKOUT: YamlMap = {
  name: 'Check out the repository',
  uses: pinned('checkout'),
  with: { 'persist-credentials': false },
};
