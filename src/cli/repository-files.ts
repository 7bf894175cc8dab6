import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './cli';
import { readJson } from './json-file';
import { renderTemplate } from '../scaffold/render-template';
import { listFiles } from '../scaffold/service-template';

/**
 * What `golden-paths init` shares between the team and the platform
 * repository: the templates (real files under `templates/`, with `{{ key }}`
 * placeholders), the versions a new repository depends on, and the library
 * dependency `--library` asks for.
 */

/** The package root: the same two levels up from src/cli and lib/cli. */
const PACKAGE_ROOT = path.join(__dirname, '..', '..');

/** A repository template of this package (`templates/<name>`). */
export function templateDir(name: string): string {
  return path.join(PACKAGE_ROOT, 'templates', name);
}

/** This package's package.json. */
export function ownPackage(): Record<string, any> {
  return readJson(path.join(PACKAGE_ROOT, 'package.json'));
}

/**
 * The version range a new repository asks for `name`: the one this library is
 * built and tested with; an open peer range (">=0.21.0") is closed at the next
 * minor ("^0.21.0").
 */
export function dependencyVersion(own: Record<string, any>, name: string): string {
  return String(own.peerDependencies?.[name] ?? own.devDependencies?.[name] ?? own.dependencies?.[name] ?? 'latest').replace(/^>=\s*/, '^');
}

/** The placeholders of the tools every repository's package.json names, with this library's versions. */
export function toolVersions(own: Record<string, any>): Record<string, string> {
  const version = (name: string) => dependencyVersion(own, name);
  return {
    cdktfVersion: version('cdktf'),
    constructsVersion: version('constructs'),
    providerGoogleVersion: version('@cdktf/provider-google'),
    providerKubernetesVersion: version('@cdktf/provider-kubernetes'),
    providerGithubVersion: version('@cdktf/provider-github'),
    cdktfCliVersion: version('cdktf-cli'),
    typescriptVersion: version('typescript'),
    tsNodeVersion: version('ts-node'),
    swcCoreVersion: version('@swc/core'),
    swcJestVersion: version('@swc/jest'),
    jestVersion: version('jest'),
    typesJestVersion: version('@types/jest'),
    typesNodeVersion: version('@types/node'),
  };
}

/** `value` as a single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/'/g, '\\\'')}'`;
}

/**
 * The placeholders as `file`'s language reads them: in JSON, the content of a
 * JSON string; in TypeScript, the content of a single-quoted string or a block
 * comment (quotes, backslashes and comment ends escaped). Generated code reads
 * data, it never becomes code: only the `code` placeholders hold code (built
 * with tsString).
 */
export function placeholdersFor(
  file: string, values: Readonly<Record<string, string>>, code: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const escape = file.endsWith('.json') ? (v: string) => JSON.stringify(v).slice(1, -1)
    : file.endsWith('.ts') ? (v: string) => JSON.stringify(v).slice(1, -1).replace(/'/g, '\\\'').replace(/\*\//g, '*\\/')
      : (v: string) => v;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, code.has(k) ? v : escape(v)]));
}

/**
 * Renders every file of the template `name` with `values` and hands it to
 * `write` by its path in the new repository: npm leaves `.gitignore` files out
 * of packages, so the templates name it `gitignore`.
 */
export function renderRepositoryTemplate(
  name: string, values: Readonly<Record<string, string>>, code: ReadonlySet<string>, write: (relative: string, content: string) => void,
): void {
  const dir = templateDir(name);
  for (const file of listFiles(dir)) {
    write(file.replace(/(^|\/)gitignore$/, '$1.gitignore'), renderTemplate(fs.readFileSync(path.join(dir, file), 'utf8'), placeholdersFor(file, values, code)));
  }
}

/** Where init copies a library tarball given with --library, in the new repository. */
export const VENDOR = 'vendor';

/**
 * The dependency on this library that --library asks for: a packed tarball
 * (`x.tgz` or `file:x.tgz`) is copied into the repository and depended on by
 * its path there, which works in any clone; another path (`file:<folder>`,
 * `./<folder>`, `../<folder>`, `/<folder>`: a checkout of the library) is
 * depended on by its absolute path, since npm would read a relative one from
 * the new repository rather than from where the command ran; anything else (a
 * version range, a tag, a URL) is written as it is. `undefined`: the default,
 * this version.
 */
export function libraryDependency(cwd: string, value: unknown, where = 'init'): { dependency: string; tarball?: string } | undefined {
  if (value === undefined) return undefined;
  const spec = String(value).trim();
  const isFile = spec.startsWith('file:');
  const file = spec.replace(/^file:/, '');
  const looksLikePath = isFile || /^(\.{1,2}([\\/]|$)|\/)/.test(file);
  if (!looksLikePath && (/^[a-z][a-z0-9+.-]*:/i.test(file) || !/\.(tgz|tar\.gz)$/.test(file))) return { dependency: spec };
  const resolved = path.resolve(cwd, file);
  const stat = fs.statSync(resolved, { throwIfNoEntry: false });
  if (/\.(tgz|tar\.gz)$/.test(file)) {
    if (!stat?.isFile()) {
      throw CliError.invalid(where, { prop: '--library', value: spec, problem: 'is not a file', fix: 'pass the tarball `npm pack` wrote (--library ./cdktf-golden-paths-1.2.3.tgz), or a version range such as --library ^1.2.0' });
    }
    return { dependency: `file:${VENDOR}/${path.basename(resolved)}`, tarball: resolved };
  }
  if (!stat?.isDirectory() || !fs.existsSync(path.join(resolved, 'package.json'))) {
    throw CliError.invalid(where, { prop: '--library', value: spec, problem: stat === undefined ? 'does not exist' : 'is not a folder with a package.json', fix: 'pass a checkout of the library (--library file:../cdktf-golden-paths), the tarball `npm pack` wrote, or a version range such as --library ^1.2.0' });
  }
  return { dependency: `file:${resolved}` };
}

/** Copies the tarball of `library` into the repository's vendor/ folder; the path written, or undefined. */
export function vendorLibrary(dir: string, library: { tarball?: string } | undefined): string | undefined {
  if (library?.tarball === undefined) return undefined;
  // In the repository, so that a clean clone (and CI's npm ci) installs the same library.
  fs.mkdirSync(path.join(dir, VENDOR), { recursive: true });
  fs.copyFileSync(library.tarball, path.join(dir, VENDOR, path.basename(library.tarball)));
  return `${VENDOR}/${path.basename(library.tarball)}`;
}
