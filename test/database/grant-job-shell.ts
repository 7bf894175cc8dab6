import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Runs a grant Job's container scripts under sh, in a temp folder that stands
 * in for the pod's volumes, with stand-ins on PATH for what only exists in
 * the cluster (gcloud, wget, the proxy's endpoints) and a simulated clock:
 * `date +%s` prints it and `sleep N` advances it by N at once (logging N), so
 * a test of a 15-minute retry budget takes milliseconds and knows every wait.
 */
export class GrantJobShell {
  public readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-job-'));

  public constructor() {
    // The stand-ins read and write the clock with sh's builtins (read, echo): a retry loop calls them
    // hundreds of times, and each `cat` or `mv` would be a process more.
    fs.writeFileSync(this.clockFile, '1000000000\n');
    this.stub('date', `if [ "$1" = "+%s" ]; then read -r now < ${this.clockFile}; echo "$now"; else exec /bin/date "$@"; fi`);
    this.stub('sleep', `echo "$1" >> ${this.dir}/sleeps.log; read -r now < ${this.clockFile}; echo $(( now + $1 )) > ${this.clockFile}`);
    this.stub('wget', `echo "$*" >> ${this.dir}/wget.log`);
  }

  public get clockFile(): string {
    return path.join(this.dir, 'clock');
  }

  /** Seconds the simulated clock has advanced. */
  public get elapsed(): number {
    return Number(fs.readFileSync(this.clockFile, 'utf8')) - 1000000000;
  }

  /** The waits `sleep` was asked for, in order. */
  public get sleeps(): number[] {
    const log = path.join(this.dir, 'sleeps.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map(Number) : [];
  }

  /** The URLs wget was called with. */
  public get wgetCalls(): string[] {
    const log = path.join(this.dir, 'wget.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  }

  /** Puts an executable `name` on PATH that runs the sh `body`. */
  public stub(name: string, body: string): void {
    fs.writeFileSync(path.join(this.dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }

  /**
   * A stand-in that fails (printing `error`, exiting `status`) until the
   * simulated clock has advanced `seconds`, then runs `then` (sh).
   */
  public failFor(name: string, seconds: number, error: string, status: number, then: string): void {
    this.stub(name, [
      `read -r now < ${this.clockFile}; if [ $(( now - 1000000000 )) -lt ${seconds} ]; then echo "${error}" >&2; exit ${status}; fi`,
      then,
    ].join('\n'));
  }

  /** Runs a container's script (`command[2]`, with its shell) with its env, the pod's paths replaced by the temp folder. */
  public run(container: any, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const [shell, [args, options]] = this.prepare(container, env);
    const result = spawnSync(shell, args, { ...options, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The same, without blocking this process (for stand-ins served from it, such as the proxy's HTTP endpoints). */
  public runAsync(container: any, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const [shell, [args, options]] = this.prepare(container, env);
    return new Promise((resolve, reject) => {
      const child = spawn(shell, args, options);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  private prepare(container: any, env: Record<string, string>): [string, [string[], { env: Record<string, string> }]] {
    const script = (container.command[2] as string).replace(/\/secrets\//g, `${this.dir}/`);
    const own = Object.fromEntries((container.env as any[]).map((e) => [e.name, e.value]));
    return [container.command[0], [['-c', script], {
      env: { ...own, ADMIN_LOGIN_DIR: this.dir, HOME: this.dir, ...env, PATH: `${this.dir}:${process.env.PATH}` },
    }]];
  }

  public remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
