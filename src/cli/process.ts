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
}

/** A started command: `done` resolves with its exit code and stderr once it exits. */
export interface Started {
  readonly done: Promise<{ code: number; stderr: string }>;
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
  let running = true;
  child.stdout?.resume();
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.inherit) process.stderr.write(chunk);
  });
  const done = new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    child.on('error', (e) => {
      running = false;
      reject(new CliError(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      running = false;
      resolve({ code: code ?? 1, stderr });
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

/** Runs a command to its end; resolves with its exit code and stderr. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<{ code: number; stderr: string }> {
  return start(command, args, options).done;
}

/** Whether `command` is on the PATH (of `env`). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}
