import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './cli';

/** How `start` and `run` start a command. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly shell?: boolean;
  /** Stream the command's output and take the terminal's input (cdktf deploy asks for approval). */
  readonly inherit?: boolean;
  /** In a process group of its own, so that `stop` also stops what it started (a shell's children). */
  readonly group?: boolean;
  /** Collect stdout too (into `stdout`), instead of dropping it; ignored with `inherit`. */
  readonly capture?: boolean;
}

/** How a command ended: its exit code, its stderr and (with `capture`) its stdout. */
export interface Finished {
  readonly code: number;
  readonly stderr: string;
  /** Empty unless the command ran with `capture`. */
  readonly stdout: string;
}

/** A started command: `done` resolves with its exit code and stderr once it exits. */
export interface Started {
  readonly done: Promise<Finished>;
  /** Sends SIGTERM (to its process group, with `group`), unless it has exited. */
  stop(): void;
}

/** Starts a command, collecting its stderr (stdout and stderr also stream through when `inherit`, else stdout is dropped). */
export function start(command: string, args: readonly string[], options: RunOptions): Started {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    shell: options.shell ?? false,
    detached: options.group ?? false,
    stdio: [options.inherit ? 'inherit' : 'ignore', options.inherit ? 'inherit' : 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  let running = true;
  if (options.capture && !options.inherit) child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  else child.stdout?.resume();
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.inherit) process.stderr.write(chunk);
  });
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', (e) => {
      running = false;
      reject(new CliError(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      running = false;
      resolve({ code: code ?? 1, stderr, stdout });
    });
  });
  const stop = () => {
    if (!running || child.pid === undefined) return;
    try {
      process.kill(options.group ? -child.pid : child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { done, stop };
}

/** Runs a command to its end; resolves with its exit code and stderr (and stdout, with `capture`). */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
  return start(command, args, options).done;
}

/** Whether `command` is on the PATH (of `env`). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return which(command, env) !== undefined;
}

/** The file the PATH (of `env`) finds for `command`, or undefined when none. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.PATH ?? '').split(path.delimiter).filter((dir) => dir).map((dir) => path.join(dir, command)).find((file) => fs.existsSync(file));
}
