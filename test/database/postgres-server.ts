import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { missingToolLine, postgresBinaries, TEST_TOOLS } from '../setup/tools';

/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries
 * (`initdb`, `pg_ctl`), a data directory in a temporary folder, a unix socket
 * and no TCP listener, trust authentication. The server refuses to run as
 * root, so when the tests run as root it runs as the `postgres` user.
 */
export class PostgresServer {
  /** The folder of the server binaries (`initdb`, `pg_ctl`), or undefined when none is installed (test/setup/tools.ts). */
  public static binaries(): string | undefined {
    return postgresBinaries();
  }

  /** Starts a new server; call `stop()` when done. */
  public static start(): PostgresServer {
    const bin = PostgresServer.binaries();
    if (!bin) throw new Error(missingToolLine(TEST_TOOLS.find((t) => t.name === 'PostgreSQL')!));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    fs.chmodSync(dir, 0o700);
    const data = path.join(dir, 'data');
    const run = (cmd: string, args: string[]) => {
      const full = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] as const : [path.join(bin, cmd), args] as const;
      const result = spawnSync(full[0], full[1], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
    };
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-k ${dir} -c listen_addresses= -c fsync=off`, 'start']);
    return new PostgresServer(bin, dir, data, run);
  }

  private constructor(
    public readonly bin: string,
    /** The directory of the unix socket (the `host` for clients). */
    public readonly socketDir: string,
    private readonly data: string,
    private readonly run: (cmd: string, args: string[]) => void,
  ) {}

  /** The server's major version. */
  public get version(): number {
    return Number(/postgresql\/(\d+)\//.exec(this.bin)![1]);
  }

  /**
   * Runs psql as `user` on `database`: `sql` as a command (`-c`) or a file
   * (`-f`), with `-v` variables. Returns its status and output; never throws.
   */
  public psql(opts: { user: string; database: string; sql?: string; file?: string; variables?: Record<string, string> }) {
    const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', this.socketDir, '-U', opts.user, '-d', opts.database];
    for (const [k, v] of Object.entries(opts.variables ?? {})) args.push('-v', `${k}=${v}`);
    if (opts.file) args.push('-f', opts.file);
    if (opts.sql) args.push('-c', opts.sql);
    const result = spawnSync('psql', args, { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
  }

  /** Runs SQL that must succeed, as `user` on `database`, and returns its output. */
  public exec(user: string, database: string, sql: string): string {
    const r = this.psql({ user, database, sql });
    if (r.status !== 0) throw new Error(`psql as ${user} on ${database} failed: ${r.stderr}\n${sql}`);
    return r.stdout;
  }

  /** Stops the server and removes its files. */
  public stop(): void {
    try {
      this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(this.socketDir, { recursive: true, force: true });
    }
  }
}
