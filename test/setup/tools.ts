import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The tools some suites run for real (the Go toolchain, PostgreSQL, MariaDB):
 * where they are found and, when one is missing, the one line that says what
 * to install. The jest run prints that line once (test/setup/global-setup.ts);
 * the suites that need the tool are skipped without printing anything more,
 * so a machine with Node.js alone gets one line per missing tool and no stack
 * trace. CI installs every tool (.ci/run).
 */

/** Where to look: PATH, and (`debianDirs`) the folders Debian keeps off PATH. */
export interface ToolSearch {
  readonly path: string;
  readonly debianDirs: boolean;
}

/** This process's PATH, and Debian's folders. */
export const THIS_MACHINE: ToolSearch = { path: process.env.PATH ?? '', debianDirs: true };

export const DEBIAN_GOCODE = '/usr/share/gocode/src';
export const DEBIAN_GO_PACKAGES = 'golang-go golang-github-gin-gonic-gin-dev golang-github-prometheus-client-golang-dev';

function onPath(search: ToolSearch): string[] {
  return search.path.split(path.delimiter).filter(Boolean);
}

/** The first `dir/name` that exists. */
function find(dirs: readonly string[], names: readonly string[]): string | undefined {
  return dirs.flatMap((d) => names.map((n) => path.join(d, n))).find((p) => fs.existsSync(p));
}

/**
 * `go` on PATH and Debian's gin and Prometheus client sources under
 * /usr/share/gocode (the Go suites build offline and vendor from there).
 */
export function goFound(search: ToolSearch = THIS_MACHINE): boolean {
  const go = find(onPath(search), ['go']);
  return go !== undefined
    && spawnSync(go, ['version'], { encoding: 'utf8' }).status === 0
    && search.debianDirs
    && fs.existsSync(path.join(DEBIAN_GOCODE, 'github.com/gin-gonic/gin'))
    && fs.existsSync(path.join(DEBIAN_GOCODE, 'github.com/prometheus/client_golang'));
}

/**
 * The folder of the PostgreSQL server binaries (`initdb`, `pg_ctl`):
 * Debian and Ubuntu keep them off PATH, under /usr/lib/postgresql/<version>/bin
 * (the newest wins); elsewhere (Homebrew, Fedora, the official installers)
 * they are where `pg_config --bindir` says, or on PATH.
 */
export function postgresBinaries(search: ToolSearch = THIS_MACHINE): string | undefined {
  const root = '/usr/lib/postgresql';
  const debian = search.debianDirs && fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin'))
    : [];
  const pgConfig = find(onPath(search), ['pg_config']);
  const configured = pgConfig === undefined ? undefined : spawnSync(pgConfig, ['--bindir'], { encoding: 'utf8' });
  const bindir = configured?.status === 0 ? [configured.stdout.trim()] : [];
  return [...debian, ...bindir, ...onPath(search)].find((b) => fs.existsSync(path.join(b, 'initdb')) && fs.existsSync(path.join(b, 'pg_ctl')));
}

/** The folders other than PATH that MariaDB's commands are looked for in. */
function mariadbDirs(search: ToolSearch, sbin: boolean): string[] {
  const fixed = search.debianDirs ? [...(sbin ? ['/usr/sbin'] : []), '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'] : [];
  return [...fixed, ...onPath(search)];
}

/**
 * The MariaDB server and installer binaries: Debian keeps mariadbd in
 * /usr/sbin, off a user's PATH; Homebrew and other systems put both on PATH.
 */
export function mariadbBinaries(search: ToolSearch = THIS_MACHINE): { server: string; installDb: string } | undefined {
  const dirs = mariadbDirs(search, true);
  const server = find(dirs, ['mariadbd', 'mysqld']);
  const installDb = find(dirs, ['mariadb-install-db', 'mysql_install_db']);
  return server && installDb ? { server, installDb } : undefined;
}

/** The MariaDB client, `mariadb` (or `mysql`, its older name). */
export function mariadbClient(search: ToolSearch = THIS_MACHINE): string | undefined {
  return find(mariadbDirs(search, false), ['mariadb', 'mysql']);
}

/** A tool some suites need. */
export interface TestTool {
  readonly name: 'Go' | 'PostgreSQL' | 'MariaDB';
  /** What the suites do with it. */
  readonly use: string;
  /** What to install, per system. */
  readonly install: string;
  readonly found: (search: ToolSearch) => boolean;
}

export const TEST_TOOLS: readonly TestTool[] = [
  {
    name: 'Go',
    use: 'builds and tests the generated service',
    install: `\`go\` and Debian's gin and Prometheus client sources under ${DEBIAN_GOCODE}: apt-get install ${DEBIAN_GO_PACKAGES} (Debian/Ubuntu; elsewhere run these suites in a Debian container)`,
    found: goFound,
  },
  {
    name: 'PostgreSQL',
    use: 'runs the grants SQL and the grant Job\'s scripts on a throwaway server',
    install: 'its server (initdb, pg_ctl): apt-get install postgresql (Debian/Ubuntu), brew install postgresql (macOS)',
    found: (search) => postgresBinaries(search) !== undefined,
  },
  {
    name: 'MariaDB',
    use: 'runs the MySQL grants SQL and the grant Job\'s scripts on a throwaway server',
    install: 'its server and client (mariadbd, mariadb-install-db, mariadb): apt-get install mariadb-server (Debian/Ubuntu), brew install mariadb (macOS)',
    found: (search) => mariadbBinaries(search) !== undefined && mariadbClient(search) !== undefined,
  },
];

/** The one line of a missing tool. */
export function missingToolLine(tool: TestTool): string {
  return `SKIPPED: the ${tool.name} suites (${tool.use}): ${tool.name} is not installed. Install ${tool.install}.`;
}

/** One line per tool not found: what to install. */
export function missingToolLines(search: ToolSearch = THIS_MACHINE): string[] {
  return TEST_TOOLS.filter((t) => !t.found(search)).map(missingToolLine);
}

/**
 * Whether a missing tool fails the run instead of skipping its suites: in CI
 * (`CI` set to anything but `false` or `0`, as GitHub Actions and .ci/run set
 * it), or with GOLDEN_PATHS_REQUIRE_TOOLS=1, so a CI machine that lost a tool
 * can never pass by skipping the suites that use it.
 */
export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || env.GOLDEN_PATHS_REQUIRE_TOOLS === '1';
}

/** Whether `name` is installed here (once per test file). */
export function toolFound(name: TestTool['name']): boolean {
  return TEST_TOOLS.find((t) => t.name === name)!.found(THIS_MACHINE);
}

/** `describe` where the tool is installed, `describe.skip` (silently: the run has said why) elsewhere. */
export function describeWith(name: TestTool['name']): jest.Describe {
  return toolFound(name) ? describe : describe.skip;
}
