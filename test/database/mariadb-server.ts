import { execFileSync, spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeWith, mariadbBinaries, mariadbClient, missingToolLine, TEST_TOOLS } from '../setup/tools';

/** `describe` where a MariaDB server and client are installed; elsewhere `describe.skip` (the run has said what to install: test/setup/tools.ts). */
export function describeWithMariadb(): jest.Describe {
  return describeWith('MariaDB');
}

/**
 * A throwaway MariaDB server for tests: Debian's `mariadb-server`
 * (`mariadb-install-db`, `mariadbd`), a data directory in a temporary folder,
 * a unix socket and no TCP listener, `root` with no password on the socket.
 * As root, the server runs as the `mysql` user (`--user`), which owns the folder.
 */
export class MariadbServer {
  /** The server and installer binaries, or undefined when none is installed (test/setup/tools.ts). */
  public static binaries(): { server: string; installDb: string } | undefined {
    return mariadbBinaries();
  }

  /** The client, `mariadb` (or `mysql`, its older name), or undefined. */
  public static client(): string | undefined {
    return mariadbClient();
  }

  /** Starts a new server and waits until it answers; call `stop()` when done. */
  public static async start(): Promise<MariadbServer> {
    const bin = MariadbServer.binaries();
    const client = MariadbServer.client();
    if (!bin || !client) throw new Error(missingToolLine(TEST_TOOLS.find((t) => t.name === 'MariaDB')!));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mariadb-'));
    const asRoot = process.getuid?.() === 0;
    const data = path.join(dir, 'data');
    const socket = path.join(dir, 'mysqld.sock');
    const user = asRoot ? ['--user=mysql'] : [];
    if (asRoot) execFileSync('chown', ['mysql:mysql', dir]);
    fs.chmodSync(dir, 0o755);
    const install = spawnSync(bin.installDb, [
      '--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve',
    ], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
    const server = spawn(bin.server, [
      '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, '--skip-networking', `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${path.join(dir, 'error.log')}`, '--skip-name-resolve', '--innodb-buffer-pool-size=16M', '--skip-log-bin', ...user,
    ], { stdio: 'ignore' });
    const mariadb = new MariadbServer(client, dir, socket, server);
    for (let attempt = 0; ; attempt++) {
      if (mariadb.sql({ user: 'root', sql: 'SELECT 1' }).status === 0) return mariadb;
      if (attempt >= 300 || server.exitCode !== null) {
        const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
        mariadb.stop();
        throw new Error(`mariadbd did not start: ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private constructor(
    /** The client binary. */
    public readonly client: string,
    private readonly dir: string,
    /** The server's unix socket. */
    public readonly socket: string,
    private readonly server: ChildProcess,
  ) {}

  /**
   * Runs the client as `user` (on the socket; no password unless given), optionally on
   * `database`: `sql` as a statement (`-e`) or the text of `file` on its
   * standard input. Returns its status and output; never throws.
   */
  public sql(opts: { user: string; database?: string; sql?: string; file?: string; password?: string }) {
    const args = ['--no-defaults', `--socket=${this.socket}`, '-u', opts.user, '--batch', '--raw', '--skip-column-names'];
    if (opts.password !== undefined) args.push(`--password=${opts.password}`);
    if (opts.database) args.push(opts.database);
    if (opts.sql) args.push('-e', opts.sql);
    const input = opts.file ? fs.readFileSync(opts.file, 'utf8') : undefined;
    const result = spawnSync(this.client, args, { encoding: 'utf8', input });
    return { status: result.status, stdout: (result.stdout ?? '').trim(), stderr: (result.stderr ?? '').trim() };
  }

  /** Runs SQL that must succeed, as `user`, and returns its output. */
  public exec(user: string, sql: string, database?: string): string {
    const r = this.sql({ user, sql, database });
    if (r.status !== 0) throw new Error(`${path.basename(this.client)} as ${user} failed: ${r.stderr}\n${sql}`);
    return r.stdout;
  }

  /** Stops the server and removes its files. */
  public stop(): void {
    try {
      this.server.kill('SIGKILL');
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
