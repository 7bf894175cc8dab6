#!/usr/bin/env node
/**
 * cdktf-guardrails: runs the guardrail packs over existing synthesized
 * configurations (any cdktf project's `cdk.tf.json`), prints the findings,
 * optionally writes SARIF and JSON reports, and exits non-zero on errors.
 * The command's body is `cli/guardrails-command.ts`, which `golden-paths
 * check` runs too: an entry point imports, and is imported by no module.
 */
import { describeFailure, run } from '../cli/guardrails-command';
import { TOOL_NAME } from '../guardrails/report';

export { configFiles, engineConfigFor, loadRulePacks, parseArgs, run } from '../cli/guardrails-command';

if (require.main === module) {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (e) {
    console.error(`${TOOL_NAME}: failed: ${describeFailure(e)}`);
    process.exitCode = 2;
  }
}
