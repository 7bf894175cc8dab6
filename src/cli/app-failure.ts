import * as path from 'path';
import { CliError, ExitCode } from './cli';

/**
 * What a failed app printed, read back for the user: the synth of a team or
 * platform repository runs the app (cdktf.json's `app`) in a process of its
 * own, and only its stderr says why it failed.
 *
 * - Errors in the library's format (`[<where>] ...`, with the `  - ` lines of
 *   an error that lists several problems) are errors of the input: the
 *   declarations, the settings, the props. Exit 2.
 * - Guardrail findings that failed the synth (`[<path>] GP-K8S-001 error at
 *   ...`) are findings. Exit 1, unless an input error came with them.
 * - Anything else is the app's own code stopping: a `services/*.ts`,
 *   `team.ts` or `main.ts` that throws or does not compile. The error's message
 *   and the first place in the repository it passed through (file and line)
 *   are shown, never the stack trace. Exit 2: the code is the user's.
 */
export function appFailure(stderr: string, root?: string): CliError {
  const lines = stderr.split('\n');
  const found: string[] = [];
  let input = false;
  let findings = false;
  let listing = false;
  for (const line of lines) {
    const text = line.replace(/^\s*(Error: |\w*Error: )?(?=\[)/, '');
    if (listing && /^\s+- /.test(line)) {
      found.push(line.replace(/^\s*/, '  '));
      continue;
    }
    listing = false;
    if (/^\[[^\]\n]+\] /.test(text)) {
      if (GUARDRAIL.test(text)) findings = true;
      else input = true;
      found.push(text);
      listing = /:\s*$/.test(text);
    } else if (GUARDRAIL.test(line) && /^\s/.test(line)) {
      found.push(line.trim());
    }
  }
  if (found.length > 0) {
    return new CliError(`synth failed:\n${unique(found).map((l) => `  ${l}`).join('\n')}`, input || !findings ? ExitCode.USAGE : ExitCode.FINDINGS);
  }
  return new CliError(`synth failed:\n  ${codeError(stderr, root)}`, ExitCode.USAGE);
}

/** A line about guardrail findings: a rule id, or the guardrails' own summary. */
const GUARDRAIL = /\bGP-[A-Z0-9]+-\d+\b|\d+ guardrail (error|warning)s?\b/;

function unique(lines: readonly string[]): string[] {
  return lines.filter((l, i) => /^\s+- /.test(l) || lines.indexOf(l) === i);
}

/**
 * The app's code stopped with an error the library did not raise: `[<file>:<line>]
 * <message>. Fix: ...`, where the file is the first one of the repository
 * (outside node_modules) the error passed through, or where the compiler
 * stopped (swc's `,-[<file>:<line>:<column>]`).
 */
function codeError(stderr: string, root: string | undefined): string {
  const lines = stderr.split('\n');
  const compiler = lines.findIndex((l) => /^\s*,-\[.+:\d+:\d+\]\s*$/.test(l));
  if (compiler >= 0) {
    const [, file, line] = /,-\[(.+):(\d+):\d+\]/.exec(lines[compiler])!;
    const message = lines.slice(0, compiler).reverse().find((l) => /^\s*(\w*Error:\s*)?\s*x /.test(l))?.replace(/^\s*(\w*Error:\s*)?\s*x\s*/, '') ?? 'does not compile';
    return `[${shown(file, root)}:${line}] does not compile: ${message}. Fix: correct the code there (tsc --noEmit shows every problem), then synth again.`;
  }
  const messageIndex = lines.findIndex((l) => /^(\w*Error|\w+Exception)(\s\[\w+\])?: /.test(l) || /^Uncaught /.test(l));
  const frames = lines.slice(Math.max(messageIndex, 0)).map(frameOf).filter((f): f is Frame => f !== undefined);
  const own = frames.find((f) => inRepository(f.file, root)) ?? headerFrame(lines, root);
  const last = lines.map((l) => l.trim()).filter((l) => l !== '' && !/^at /.test(l)).slice(-1)[0];
  const what = messageIndex >= 0 ? `stopped with ${cut(lines[messageIndex])}` : last !== undefined ? `failed: ${cut(last)}` : 'exited with an error and printed nothing';
  const where = own ? `${shown(own.file, root)}:${own.line}` : 'app';
  const fix = own ? 'correct the code there, then synth again' : 'run the app (cdktf.json\'s "app") yourself to see its whole output';
  return `[${where}] the app ${what}. Fix: ${fix}.`;
}

interface Frame {
  readonly file: string;
  readonly line: number;
}

function frameOf(line: string): Frame | undefined {
  const m = /^\s+at (?:.*\()?(\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):\d+\)?\s*$/.exec(line);
  return m ? { file: m[1], line: Number(m[2]) } : undefined;
}

/** Node's first line for an uncaught error: `<file>:<line>`, where it was thrown. */
function headerFrame(lines: readonly string[], root: string | undefined): Frame | undefined {
  const m = /^(\/.+|[A-Za-z]:\\.+):(\d+)$/.exec(lines[0]?.trim() ?? '');
  return m && inRepository(m[1], root) ? { file: m[1], line: Number(m[2]) } : undefined;
}

function inRepository(file: string, root: string | undefined): boolean {
  if (file.split(path.sep).includes('node_modules')) return false;
  if (root === undefined) return true;
  const relative = path.relative(root, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function shown(file: string, root: string | undefined): string {
  return root !== undefined && inRepository(file, root) ? path.relative(root, file) : file;
}

function cut(message: string): string {
  const text = message.trim().replace(/[.:]$/, '');
  return text.length > 300 ? `${text.slice(0, 300)}... (cut)` : text;
}
