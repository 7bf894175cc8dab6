import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'util';
import { describeProblem, type PropProblem } from '../private/errors';

/** The command's name, as users type it. */
export const COMMAND = 'golden-paths';

/** Exit statuses: 0 ok, 1 findings or a failed diff/deploy, 2 a usage or input error. */
export enum ExitCode {
  OK = 0,
  FINDINGS = 1,
  USAGE = 2,
}

/**
 * An error the user can act on: printed as one message (never a stack trace),
 * then the command exits with `exitCode`.
 */
export class CliError extends Error {
  /** A usage or input error in the library's one format: `[<where>] invalid <prop> <value>: <problem>. Fix: <fix>.` */
  public static invalid(where: string, problem: PropProblem, exitCode = ExitCode.USAGE): CliError {
    return new CliError(`[${where}] ${describeProblem(problem)}`, exitCode);
  }

  public constructor(message: string, public readonly exitCode: ExitCode = ExitCode.USAGE, public readonly helpFor?: string) {
    super(message);
  }
}

/** What a file-system error code means for the path the user gave, and how to mend it. */
const FILE_PROBLEMS: ReadonlyMap<string, { readonly problem: string; readonly fix: string }> = new Map([
  ['ENOENT', { problem: 'does not exist', fix: 'create it, or run the command where it is (golden-paths init writes a team repository\'s files)' }],
  ['ENOTDIR', { problem: 'is not a folder: a file stands where a folder is expected (on its path)', fix: 'move the file away, or give the path of a folder' }],
  ['EISDIR', { problem: 'is a folder, where a file is expected', fix: 'give the path of a file, not of a folder' }],
  ['EEXIST', { problem: 'exists already', fix: 'remove it, or choose another path' }],
  ['EACCES', { problem: 'cannot be read or written (permission denied)', fix: 'check its permissions' }],
  ['EPERM', { problem: 'cannot be changed (operation not permitted)', fix: 'check its permissions' }],
  ['ENOTEMPTY', { problem: 'is a folder that is not empty', fix: 'empty it, or choose another path' }],
  ['ELOOP', { problem: 'is a symbolic link that loops', fix: 'point the link at a real file or folder' }],
  ['ENAMETOOLONG', { problem: 'is a path too long for the file system', fix: 'choose a shorter path' }],
]);

/**
 * A file-system error (a file where a folder is expected and the reverse, a
 * missing file) as an input error naming the path, in the house format; undefined
 * for anything else. The paths a command touches are the user's, so such an
 * error is never the command's own defect.
 */
export function fileProblem(e: unknown, file?: string): CliError | undefined {
  // Not instanceof Error: errors of node's own modules may come from another realm (a test's vm context).
  const error = (e !== null && typeof e === 'object' ? e : {}) as NodeJS.ErrnoException & { dest?: string };
  const where = typeof error.path === 'string' ? error.path : file;
  if (typeof error.code !== 'string' || !/^E[A-Z]+$/.test(error.code) || where === undefined) return undefined;
  const known = FILE_PROBLEMS.get(error.code);
  const what = known?.problem ?? `cannot be used (${error.code})`;
  const fix = known?.fix ?? 'check the path';
  const target = typeof error.dest === 'string' && error.code === 'EEXIST' ? error.dest : where;
  return new CliError(`[${target}] ${what}. Fix: ${fix}.`);
}

/**
 * `-h`/`--help` was given: not an error. The command line's entry point prints
 * `usage` on stdout and exits 0, so no command handles its own help.
 */
export class HelpRequested extends Error {
  public constructor(public readonly usage: string) {
    super('help requested');
  }
}

/** Where a command writes: stdout, stderr, colour when the stream is a terminal. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Whether to colour the output (a TTY, and NO_COLOR unset). */
  readonly colour: boolean;
  /** The working directory commands resolve paths against. */
  readonly cwd: string;
  /**
   * What the command reads from standard input (`golden-paths secret set` reads a value there).
   * @default - none: the command refuses to read
   */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /**
   * The environment variables the command sees (and the programs it runs).
   * @default - process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** The process's streams, coloured only on a terminal. */
export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    colour: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
    cwd: process.cwd(),
    stdin: process.stdin,
    env: process.env,
  };
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

/** `text` in a colour when `io` wants colour, else unchanged. */
export function paint(io: Io, colour: keyof typeof CODES, text: string): string {
  return io.colour ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

/** One progress line of a long step. */
export function progress(io: Io, text: string): void {
  io.err(paint(io, 'dim', `> ${text}`));
}

/** The options of a subcommand and its help text. */
export interface CommandSpec<O extends ParseArgsConfig['options']> {
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  /** How many positional arguments the command takes: [min, max]. */
  readonly positionals: readonly [number, number];
}

/** The options every subcommand has. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses `argv` for `spec` with node:util's parseArgs; a mistake becomes a
 * usage error that points at the command's --help, and `--help` itself a
 * {@link HelpRequested}.
 */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(spec: CommandSpec<O>, argv: readonly string[]) {
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...argv], options: { ...HELP_OPTION, ...spec.options }, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' messages name the option; drop its advice about "--" (not how this command works).
    throw new CliError(`${(e as Error).message.replace(/ To specify a positional argument.*$/s, '')}`, ExitCode.USAGE, spec.name);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) throw new HelpRequested(spec.usage);
  const [min, max] = spec.positionals;
  if (parsed.positionals.length < min) throw new CliError('missing argument', ExitCode.USAGE, spec.name);
  if (parsed.positionals.length > max) throw new CliError(`unexpected argument "${parsed.positionals[max]}"`, ExitCode.USAGE, spec.name);
  return { values, positionals: parsed.positionals };
}

/** A whole number option within [min, max]. */
export function integerOption(where: string, prop: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  // Number("") and Number(" ") are 0, Number("0x10") is 16: only decimal digits are a count.
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw CliError.invalid(where, { prop, value, problem: `is not a whole number from ${min} to ${max}`, fix: `pass a number such as --${prop} ${Math.max(min, 2)}` });
  }
  return n;
}
