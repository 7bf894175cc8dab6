import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { missingToolLines, toolsRequired } from './setup/tools';

/**
 * A machine with Node.js alone (no Go, PostgreSQL or MariaDB) gets one line
 * per missing tool from the test run, saying what to install; the suites that
 * need it are skipped (test/setup/global-setup.ts prints the lines once).
 * Tools are found wherever they are installed: on PATH, or in the folders
 * Debian keeps off PATH.
 */

function folder(executables: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-tools-'));
  for (const name of executables) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

test('nothing installed: one line per tool, each saying what to install', () => {
  expect(missingToolLines({ path: folder(), debianDirs: false })).toEqual([
    'SKIPPED: the Go suites (builds and tests the generated service): Go is not installed. Install `go` and Debian\'s gin and Prometheus client sources under /usr/share/gocode/src: apt-get install golang-go golang-github-gin-gonic-gin-dev golang-github-prometheus-client-golang-dev (Debian/Ubuntu; elsewhere run these suites in a Debian container).',
    'SKIPPED: the PostgreSQL suites (runs the grants SQL and the grant Job\'s scripts on a throwaway server): PostgreSQL is not installed. Install its server (initdb, pg_ctl): apt-get install postgresql (Debian/Ubuntu), brew install postgresql (macOS).',
    'SKIPPED: the MariaDB suites (runs the MySQL grants SQL and the grant Job\'s scripts on a throwaway server): MariaDB is not installed. Install its server and client (mariadbd, mariadb-install-db, mariadb): apt-get install mariadb-server (Debian/Ubuntu), brew install mariadb (macOS).',
  ]);
});

test('PostgreSQL and MariaDB on PATH (Homebrew, Fedora) are found there; Go needs Debian\'s sources too', () => {
  const bin = folder(['go', 'initdb', 'pg_ctl', 'mariadbd', 'mariadb-install-db', 'mariadb']);
  expect(missingToolLines({ path: bin, debianDirs: false })).toEqual([expect.stringMatching(/^SKIPPED: the Go suites .*: Go is not installed\. Install `go` and Debian's gin/)]);
});

test('PostgreSQL where pg_config --bindir says', () => {
  const server = folder(['initdb', 'pg_ctl']);
  const bin = folder();
  fs.writeFileSync(path.join(bin, 'pg_config'), `#!/bin/sh\necho ${server}\n`, { mode: 0o755 });
  expect(missingToolLines({ path: bin, debianDirs: false }).map((l) => l.split(' ')[2])).toEqual(['Go', 'MariaDB']);
});

test('in CI a missing tool fails the run instead of skipping its suites', () => {
  expect([undefined, '', 'false', '0', 'FALSE'].map((CI) => toolsRequired({ CI }))).toEqual([false, false, false, false, false]);
  expect(['true', '1', 'yes', 'TRUE'].map((CI) => toolsRequired({ CI }))).toEqual([true, true, true, true]);
  expect(toolsRequired({ GOLDEN_PATHS_REQUIRE_TOOLS: '1' })).toBe(true);
});
