import * as fs from 'fs';
import * as path from 'path';

/**
 * What a first reader of README.md meets (issue 25, a first run on a plain
 * machine): the contents with the platform team's path near the top, the
 * prerequisites next to the quick start with one install line per common
 * system, and no badge for a package registry the library is not published
 * to (it is unpublished: docs/installing.md).
 */

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const lines = README.split('\n');

/** The section under `heading`, up to the next heading of its level. */
function section(heading: string): string {
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

test('no badge advertises a package registry', () => {
  const badges = lines.filter((l) => /^\[?!\[/.test(l));
  expect(badges.filter((b) => /npmjs\.com|shields\.io\/(npm|pypi|nuget|maven)|pypi\.org|nuget\.org|maven|sonatype|pkg\.go\.dev/i.test(b))).toEqual([]);
});

test('the contents come before the first section, and name the platform team\'s path', () => {
  const contents = lines.indexOf('## Contents');
  expect(contents).toBeGreaterThan(0);
  expect(lines.findIndex((l) => /^## /.test(l))).toBe(contents);
  expect(section('## Contents')).toContain('](#for-platform-teams)');
  expect(section('## Contents')).toContain('](#quick-start)');
});

test('the quick start holds the prerequisites, one install line per common system, with every tool the tests run', () => {
  const quickStart = section('## Quick start');
  expect(quickStart).toMatch(/\*\*Prerequisites\.\*\* Node\.js 20\.9 or later/);
  const debian = quickStart.split('\n').find((l) => l.startsWith('| Debian, Ubuntu |'));
  const macos = quickStart.split('\n').find((l) => l.startsWith('| macOS (Homebrew) |'));
  for (const tool of ['golang-go', 'golang-github-gin-gonic-gin-dev', 'postgresql', 'mariadb-server', 'jq', 'kubernetes-client']) expect(debian).toContain(tool);
  for (const tool of ['node', 'postgresql', 'mariadb', 'jq', 'kubernetes-cli']) expect(macos).toContain(tool);
  expect(quickStart.indexOf('Prerequisites')).toBeLessThan(quickStart.indexOf('npm test'));
});
