import { execFile, spawnSync, SpawnSyncReturns } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEBIAN_GOCODE, DEBIAN_GO_PACKAGES } from '../setup/tools';

/**
 * Builds a scaffolded Go module offline. Debian's golang-*-dev packages
 * install module sources under /usr/share/gocode/src; `writeVendor` links the
 * ones the module needs into vendor/ and writes a matching vendor/modules.txt,
 * so `go build -mod=vendor` compiles without the module proxy. The vendor
 * directory is a test fixture: it never goes into the generated repository.
 *
 * go.mod may require newer releases than Debian ships (gin v1.12 against
 * Debian's gin 1.8.1): Go 1.19's vendor consistency check only compares
 * vendor/modules.txt with go.mod (each requirement listed at the same version
 * and marked `## explicit`), never the sources behind it. The `go 1.x`
 * annotation matters too: it is the language version vendored packages
 * compile with (without it, -lang=go1.16 and gin's `any` fails).
 *
 * Debian's older releases may import modules the current releases no longer
 * need: Debian's client_golang 1.14 reaches github.com/golang/protobuf and
 * github.com/matttproud/golang_protobuf_extensions, which a go.mod tidied for
 * client_golang v1.24 does not list. (A major version path whose Debian
 * sources lack the /vN directory, as xxhash/v2's do, links to the directory
 * without it.) Go's vendor check wants every vendored module required, so
 * writeVendor adds those, and only those, to the go.mod of the temporary
 * module (a fixture, like vendor/) as `v0.0.0-debian` requirements, and
 * returns them apart (`debianOnly`); the template's go.mod stays what
 * `go mod tidy` writes for the real releases. A package in no module go.mod
 * requires and in no module under /usr/share/gocode/src fails writeVendor.
 *
 * `buildAndTestGoModule(files)` does all of it for a set of `{path, content}`
 * files: vendor, go vet, go build (or the module's make build), go test -cover (or its make cover),
 * coverage by package.
 */

export { DEBIAN_GOCODE, DEBIAN_GO_PACKAGES } from '../setup/tools';

export interface GoRequire {
  readonly path: string;
  readonly version: string;
}

export interface VendoredModule extends GoRequire {
  /** The `go` directive of the vendored sources, when they have a go.mod. */
  readonly goVersion?: string;
  readonly packages: string[];
}

/**
 * The default scaffold go-toolchain.test.ts vets, builds (make build) and tests (make cover at its
 * coverage threshold): the payments team's payment-service, as a GoMicroservice of the golden path
 * commits it (service-repository-tools.test.ts checks that the committed repository is this scaffold).
 */
export const PAYMENT_SERVICE_SCAFFOLD = {
  name: 'payment-service',
  description: 'Payment processing service',
  githubOrganization: 'acme',
  teamSlug: 'payments',
} as const;

/**
 * Where the Go build cache lives between runs of the suite: the user cache
 * (`$XDG_CACHE_HOME`, else `~/.cache`), as Go's own default does, so that a
 * second `npm test` reuses every compiled dependency. Deleting it only makes
 * the next run slower.
 */
export const GO_CACHE_ROOT = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdktf-golden-paths', 'go');

/** An environment for offline, vendored builds, with a build cache shared across runs. */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const cacheRoot = GO_CACHE_ROOT;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    GOCACHE: path.join(cacheRoot, 'build-cache'),
    GOPATH: path.join(cacheRoot, 'gopath'),
    // -trimpath keeps absolute paths out of cache keys: every temporary module reuses the
    // compiled dependencies of the previous one. -vet=off (go test's flag; the other commands
    // ignore it) leaves out the few vet checks go test runs before its tests: every module here
    // has been through the whole `go vet ./...` first, which includes them.
    GOFLAGS: '-mod=vendor -trimpath -vet=off',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GO111MODULE: 'on',
    CGO_ENABLED: '0',
    // The compiler's backend on one thread per package (-c=1) instead of up to four: go already
    // compiles packages side by side (-p), so on a busy machine the extra threads buy no time and
    // cost CPU (about a tenth of the cold cache's compile: the standard library with -trimpath,
    // gin's and Prometheus' dependencies). The compiled code and the cache keys are the same.
    GO19CONCURRENTCOMPILATION: '0',
    ...extra,
  };
}

/**
 * The Go commands of jest's workers take turns on the shared build cache, through
 * util-linux's flock (released when the command exits, however it exits). On a cold
 * cache the first command compiles the standard library and gin and their
 * dependencies (with -trimpath and cgo off, none of it comes precompiled); two suites
 * doing that at once would each compile all of it, on a 2-core machine twice the
 * first run's Go time. Taking turns, the second finds it in the cache. Without flock
 * (not on Linux) they run side by side: the same results, slower on a cold cache.
 */
const FLOCK = spawnSync('flock', ['--version']).status === 0;
function takingTurns(command: string, args: string[]): [string, string[]] {
  if (!FLOCK) {
    return [command, args];
  }
  fs.mkdirSync(GO_CACHE_ROOT, { recursive: true });
  return ['flock', [path.join(GO_CACHE_ROOT, 'lock'), command, ...args]];
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = goEnv()): SpawnSyncReturns<string> {
  const [file, fileArgs] = takingTurns(command, args);
  return spawnSync(file, fileArgs, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a command and fails with its output when it exits non-zero. */
export function mustRun(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export function parseRequires(goMod: string): GoRequire[] {
  return [...goMod.matchAll(/^\t(\S+) (v\S+)(?: \/\/ indirect)?$/gm)].map(m => ({ path: m[1], version: m[2] }));
}

function goFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'vendor') {
      found.push(...goFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.go')) {
      found.push(full);
    }
  }
  return found;
}

/** Import paths outside the standard library and the module itself, from every .go file. */
export function externalImports(moduleDir: string, modulePath: string): string[] {
  const imports = new Set<string>();
  for (const file of goFiles(moduleDir)) {
    const source = fs.readFileSync(file, 'utf8');
    const blocks = [...source.matchAll(/^import \(([\s\S]*?)^\)/gm)].map(m => m[1]);
    blocks.push(...[...source.matchAll(/^import (?:\w+ )?("[^"]+")$/gm)].map(m => m[1]));
    for (const block of blocks) {
      for (const [, importPath] of block.matchAll(/"([^"]+)"/g)) {
        const first = importPath.split('/')[0];
        if (first.includes('.') && importPath !== modulePath && !importPath.startsWith(`${modulePath}/`)) {
          imports.add(importPath);
        }
      }
    }
  }
  return [...imports].sort();
}

function debianGoVersion(modulePath: string): string | undefined {
  const goMod = path.join(DEBIAN_GOCODE, modulePath, 'go.mod');
  if (!fs.existsSync(goMod)) {
    return undefined;
  }
  return /^go (\d+\.\d+)/m.exec(fs.readFileSync(goMod, 'utf8'))?.[1];
}

/**
 * Links every module the build needs into `<moduleDir>/vendor` and writes
 * vendor/modules.txt: `# path version`, `## explicit; go 1.x`, then the
 * packages, for every requirement of go.mod (as `go mod vendor` would).
 */
export function writeVendor(moduleDir: string, debianOnlyModules: VendoredModule[] = []): VendoredModule[] {
  const goMod = fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const modulePath = /^module (\S+)$/m.exec(goMod)![1];
  const requires = parseRequires(goMod).sort((a, b) => (a.path < b.path ? -1 : 1));

  // The packages the build needs, resolved against Debian's sources in GOPATH mode.
  const listed = debianDependencies(externalImports(moduleDir, modulePath), moduleDir);
  // GOPATH mode resolves an import of a major version path (github.com/cespare/xxhash/v2) to the directory
  // without the suffix when only that one exists, as it does under Debian's tree: back to the module's path.
  const majorVersioned = requires
    .map(r => ({ path: r.path, base: r.path.replace(/\/v\d+$/, '') }))
    .filter(r => r.base !== r.path && !fs.existsSync(path.join(DEBIAN_GOCODE, r.path)) && fs.existsSync(path.join(DEBIAN_GOCODE, r.base)));
  const packages = listed.split('\n').filter(Boolean).map((pkg) => {
    const versioned = majorVersioned.find(r => pkg === r.base || pkg.startsWith(`${r.base}/`));
    return versioned ? versioned.path + pkg.slice(versioned.base.length) : pkg;
  });

  const byModule = new Map<string, string[]>(requires.map(r => [r.path, []]));
  const debianOnly = new Map<string, string[]>();
  for (const pkg of packages) {
    const owner = requires
      .filter(r => pkg === r.path || pkg.startsWith(`${r.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (owner) {
      byModule.get(owner.path)!.push(pkg);
      continue;
    }
    const debianModule = debianModuleOf(pkg);
    if (!debianModule) {
      throw new Error(`package ${pkg} belongs to no module required by go.mod, nor to a module under ${DEBIAN_GOCODE}`);
    }
    debianOnly.set(debianModule, [...debianOnly.get(debianModule) ?? [], pkg]);
  }

  fs.rmSync(path.join(moduleDir, 'vendor'), { recursive: true, force: true });
  const modules: VendoredModule[] = [];
  const lines: string[] = [];
  for (const requirement of requires) {
    const modulePackages = byModule.get(requirement.path)!.sort();
    const goVersion = debianGoVersion(requirement.path);
    lines.push(`# ${requirement.path} ${requirement.version}`);
    lines.push(goVersion ? `## explicit; go ${goVersion}` : '## explicit');
    lines.push(...modulePackages);
    if (modulePackages.length > 0) {
      const link = path.join(moduleDir, 'vendor', requirement.path);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      const source = majorVersioned.find(r => r.path === requirement.path)?.base ?? requirement.path;
      fs.symlinkSync(path.join(DEBIAN_GOCODE, source), link, 'dir');
    }
    modules.push({ ...requirement, goVersion, packages: modulePackages });
  }
  // Modules only Debian's older sources import: required by the fixture's go.mod alone.
  const fixtureRequires: string[] = [];
  for (const [debianModule, modulePackages] of [...debianOnly].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`# ${debianModule} ${DEBIAN_ONLY_VERSION}`, '## explicit', ...modulePackages.sort());
    fixtureRequires.push(`\t${debianModule} ${DEBIAN_ONLY_VERSION}`);
    const link = path.join(moduleDir, 'vendor', debianModule);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(DEBIAN_GOCODE, debianModule), link, 'dir');
    debianOnlyModules.push({ path: debianModule, version: DEBIAN_ONLY_VERSION, packages: modulePackages });
  }
  if (fixtureRequires.length > 0) {
    fs.writeFileSync(path.join(moduleDir, 'go.mod'), `${goMod.trimEnd()}\n\n// Only in the test fixture: modules Debian's older releases import.\nrequire (\n${fixtureRequires.join('\n')}\n)\n`);
  }
  fs.mkdirSync(path.join(moduleDir, 'vendor'), { recursive: true });
  fs.writeFileSync(path.join(moduleDir, 'vendor', 'modules.txt'), lines.join('\n') + '\n');
  return modules;
}

/**
 * `go list -deps` of the imports in GOPATH mode against Debian's sources: every non-standard package
 * they need. The answer depends on the import list alone (GOPATH mode reads no go.mod), so a process
 * asks once per list: the modules of a suite import the same packages.
 */
const debianDependencyLists = new Map<string, string>();
function debianDependencies(imports: string[], moduleDir: string): string {
  const key = imports.join('\n');
  let listed = debianDependencyLists.get(key);
  if (listed === undefined) {
    const result = run('go', ['list', '-deps', '-f', '{{if not .Standard}}{{.ImportPath}}{{end}}', ...imports], moduleDir,
      { ...goEnv(), GO111MODULE: 'off', GOPATH: path.dirname(DEBIAN_GOCODE), GOFLAGS: '' });
    if (result.status !== 0) {
      throw new Error(`cannot resolve ${imports.join(', ')} from ${DEBIAN_GOCODE} (apt-get install ${DEBIAN_GO_PACKAGES}):\n${result.stderr}`);
    }
    listed = result.stdout;
    debianDependencyLists.set(key, listed);
  }
  return listed;
}

/** The version the fixture's go.mod and vendor/modules.txt give a module only Debian's sources import. */
export const DEBIAN_ONLY_VERSION = 'v0.0.0-debian';

/**
 * The Debian module that holds a package: the nearest directory up from it under
 * /usr/share/gocode/src with a go.mod, else the package's first three path
 * elements (a repository such as github.com/matttproud/golang_protobuf_extensions,
 * whose Debian release has no go.mod).
 */
function debianModuleOf(pkg: string): string | undefined {
  if (!fs.existsSync(path.join(DEBIAN_GOCODE, pkg))) {
    return undefined;
  }
  const elements = pkg.split('/');
  for (let n = elements.length; n >= 1; n--) {
    const candidate = elements.slice(0, n).join('/');
    if (fs.existsSync(path.join(DEBIAN_GOCODE, candidate, 'go.mod'))) {
      return candidate;
    }
  }
  return elements.length >= 3 ? elements.slice(0, 3).join('/') : undefined;
}

/** The go.sum `h1:` hash of a go.mod file (dirhash Hash1 over the single file "go.mod"). */
export function goModHash(goModFile: string): string {
  return goModContentHash(fs.readFileSync(goModFile));
}

/** The go.sum `h1:` hash of go.mod content. */
export function goModContentHash(content: string | Buffer): string {
  const fileHash = createHash('sha256').update(content).digest('hex');
  return 'h1:' + createHash('sha256').update(`${fileHash}  go.mod\n`).digest('base64');
}

/** A go.sum `/go.mod` line checked against the Debian sources of the same module release. */
export interface DebianGoModCheck {
  readonly path: string;
  readonly version: string;
  /** The checksum go.sum records. */
  readonly goSum: string;
  /** The checksum of Debian's go.mod, or of `module <path>` when the release has none (as Go synthesizes it). */
  readonly debian: string;
}

/**
 * The Debian package that installed each directory, where exactly one did: one
 * `dpkg-query -S` for all of them (each call reads the whole package database).
 */
function debianOwners(dirs: string[]): Map<string, string> {
  const owners = new Map<string, string>();
  if (dirs.length === 0) {
    return owners;
  }
  const result = spawnSync('dpkg-query', ['-S', ...dirs], { encoding: 'utf8' });
  for (const [, packages, dir] of (result.stdout ?? '').matchAll(/^([^:\n]+): (\/.*)$/gm)) {
    if (!packages.includes(', ')) {
      owners.set(dir, packages);
    }
  }
  return owners;
}

/**
 * Every `/go.mod` line of a go.sum whose module Debian ships at exactly that
 * version, with both checksums: a real, independent check of go.sum lines.
 */
export function debianGoModChecks(goSum: string): DebianGoModCheck[] {
  const lines = [...goSum.matchAll(/^(\S+) (v\S+)\/go\.mod (h1:\S+)$/gm)]
    .map(([, modulePath, version, goSumHash]) => ({ modulePath, version, goSumHash, dir: path.join(DEBIAN_GOCODE, modulePath) }));
  const owners = debianOwners([...new Set(lines.map(line => line.dir).filter(dir => fs.existsSync(dir)))]);
  const versions = debianUpstreamVersions([...new Set(owners.values())]);
  const checks: DebianGoModCheck[] = [];
  for (const { modulePath, version, goSumHash, dir } of lines) {
    const owner = owners.get(dir);
    if (!owner || versions.get(owner) !== version) {
      continue;
    }
    const goModFile = path.join(dir, 'go.mod');
    const debian = fs.existsSync(goModFile) ? goModHash(goModFile) : goModContentHash(`module ${modulePath}\n`);
    checks.push({ path: modulePath, version, goSum: goSumHash, debian });
  }
  return checks;
}

/** The upstream version of an installed Debian package ("1.8.1-1" gives "v1.8.1"), if installed. */
export function debianUpstreamVersion(debianPackage: string): string | undefined {
  return debianUpstreamVersions([debianPackage]).get(debianPackage);
}

/**
 * The upstream versions of installed Debian packages, by package: one `dpkg-query -W` for all
 * of them (each call reads the whole package database); a package not installed is left out.
 */
export function debianUpstreamVersions(debianPackages: string[]): Map<string, string> {
  const versions = new Map<string, string>();
  if (debianPackages.length === 0) {
    return versions;
  }
  const result = spawnSync('dpkg-query', ['-W', '-f', '${binary:Package}\t${Version}\n', ...debianPackages], { encoding: 'utf8' });
  for (const [, debianPackage, version] of (result.stdout ?? '').matchAll(/^([^\t\n]+)\t([^\t\n]+)$/gm)) {
    const upstream = version.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/\+.*$/, '');
    versions.set(debianPackage, `v${upstream}`);
  }
  return versions;
}

/** Every file of a directory tree as it is on disk (placeholders and all), with paths relative to `root`, sorted. */
export function readTree(root: string, dir = ''): Array<{ path: string; content: string }> {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(entry => {
      const relative = path.join(dir, entry.name);
      return entry.isDirectory() ? readTree(root, relative) : [{ path: relative, content: fs.readFileSync(path.join(root, relative), 'utf8') }];
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Writes files into a fresh temporary directory and returns its path. */
export function writeTree(files: Array<{ path: string; content: string }>, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  return dir;
}

/** Per-package result of `go test -cover`: a percentage, or undefined for a package without tests. */
export interface PackageCoverage {
  readonly pkg: string;
  readonly percent: number | undefined;
}

/** Per-package results of `go test -cover` output (`ok`, `?` and `FAIL` lines). */
export function parseCoverage(output: string): PackageCoverage[] {
  return output.split('\n').filter(line => /^(ok|\?|FAIL)\s/.test(line)).map(line => {
    const pkg = line.split(/\s+/)[1];
    const percent = /coverage: ([\d.]+)% of statements/.exec(line)?.[1];
    return { pkg, percent: percent === undefined ? undefined : Number(percent) };
  });
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Like `run`, without blocking the event loop (jest timeouts and other tests keep running): exit status and output. */
export function runAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = goEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [file, fileArgs] = takingTurns(command, args);
    execFile(file, fileArgs, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${command} ${args.join(' ')} did not run (${error.code ?? error.signal ?? error.message}):\n${stdout}\n${stderr}`));
      } else {
        resolve({ status: error ? error.code as number : 0, stdout, stderr });
      }
    });
  });
}

/** Like `mustRun`, without blocking the event loop (jest timeouts and other tests keep running). */
export async function mustRunAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = goEnv()): Promise<string> {
  const { status, stdout, stderr } = await runAsync(command, args, cwd, env);
  if (status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${status}):\n${stdout}\n${stderr}`);
  }
  return stdout + stderr;
}

/** What `buildAndTestGoModule` ran and measured. */
export interface GoModuleResult {
  /** The module directory; already removed unless `keep` was set. */
  readonly dir: string;
  /** The modules vendor/modules.txt lists for go.mod's requirements, with the Debian packages they provide. */
  readonly vendored: VendoredModule[];
  /** Modules only Debian's older sources import, required by the fixture's go.mod alone (see writeVendor). */
  readonly debianOnly: VendoredModule[];
  /** Output of `go vet ./...` (empty when clean). */
  readonly vet: string;
  /** Output of `go build ./...`, or of `make -s build` (empty when clean; undefined when `build` was false). */
  readonly build?: string;
  /**
   * Output of `go test -count=1 -cover -covermode=atomic -coverprofile=coverage.out ./...`, or of
   * `make cover` (its go test's output, then its total and threshold line, and when the total is
   * below the threshold, the line saying so).
   */
  readonly testOutput: string;
  /**
   * The exit status of the test run: 0, or for `make cover`, non-zero when its go test passed and
   * the total is below the threshold (any other failure rejects).
   */
  readonly testStatus: number;
  /** Statement coverage in percent by import path; undefined for a package without tests. */
  readonly coverageByPackage: Record<string, number | undefined>;
  /** Total statement coverage in percent, from `go tool cover -func` (with `total`, or printed by `make cover`). */
  readonly totalCoverage?: number;
}

/** Options for `buildAndTestGoModule`. */
export interface BuildAndTestOptions {
  /** Prefix of the temporary directory. */
  readonly prefix?: string;
  /** Keep the directory (with vendor/, coverage.out) for further commands; the caller removes it. */
  readonly keep?: boolean;
  /**
   * How the tests run: `go test -count=1 -cover -covermode=atomic -coverprofile=coverage.out ./...`
   * (the default), or the module's own `make cover`, for a module whose Makefile is under test:
   * its go test (`-covermode=atomic -coverprofile=coverage.out`) is the test run, and the total it
   * prints (go tool cover -func's) is `totalCoverage`. Each test run links a test binary per package.
   */
  readonly tests?: 'go test' | 'make cover';
  /** With `make cover`: the COVERAGE_THRESHOLD to give make (the Makefile's own by default). */
  readonly coverageThreshold?: number;
  /**
   * How the module is built besides its tests: `go build ./...` (the default), the module's own
   * `make -s build` (the service binary in bin/, for a module whose Makefile is under test), or
   * not at all (go test compiles every package that has tests, and a test binary links the package).
   */
  readonly build?: 'go build' | 'make build' | false;
  /** After a `go test` run, measure the total coverage too (`go tool cover -func`). */
  readonly total?: boolean;
}

/**
 * Writes `{path, content}` files (a whole Go module: go.mod at the root) into
 * a temporary directory, vendors Debian's sources for it (`writeVendor`), and
 * runs `go vet`, `go build` (or `make build`, or none) and `go test -cover` (or
 * `make cover`) offline. Any failing command rejects with its output, but for
 * `make cover`'s threshold check (see `testStatus`). Needs `go` on PATH and Debian's gin sources
 * (`apt-get install golang-go golang-github-gin-gonic-gin-dev
 * golang-github-prometheus-client-golang-dev`); check
 * `describeWith('Go')` (test/setup/tools.ts) to skip without them.
 */
export async function buildAndTestGoModule(
  files: ReadonlyArray<{ readonly path: string; readonly content: string }>,
  options: BuildAndTestOptions = {},
): Promise<GoModuleResult> {
  if (!fs.existsSync(path.join(DEBIAN_GOCODE, 'github.com/gin-gonic/gin'))) {
    throw new Error(`gin sources are missing from ${DEBIAN_GOCODE}: apt-get install ${DEBIAN_GO_PACKAGES}`);
  }
  const dir = writeTree([...files], options.prefix ?? 'golden-path-go-');
  try {
    const debianOnly: VendoredModule[] = [];
    const vendored = writeVendor(dir, debianOnly);
    const vet = await mustRunAsync('go', ['vet', './...'], dir);
    const build = options.build === false ? undefined
      : options.build === 'make build' ? await mustRunAsync('make', ['-s', 'build'], dir)
        : await mustRunAsync('go', ['build', './...'], dir);
    let testOutput: string;
    let testStatus = 0;
    let totalCoverage: number | undefined;
    if (options.tests === 'make cover') {
      const threshold = options.coverageThreshold === undefined ? [] : [`COVERAGE_THRESHOLD=${options.coverageThreshold}`];
      const cover = await runAsync('make', ['cover', ...threshold], dir);
      testOutput = cover.stdout + cover.stderr;
      testStatus = cover.status;
      // The recipe stops at a failing go test before it prints the total: only the threshold check fails after it.
      const total = /^total coverage: ([\d.]+)% \(threshold/m.exec(testOutput);
      if (!total) {
        throw new Error(`make cover ${threshold.join(' ')} failed (exit ${cover.status}) before it printed the total:\n${testOutput}`);
      }
      totalCoverage = Number(total[1]);
    } else {
      testOutput = await mustRunAsync('go', ['test', '-count=1', '-cover', '-covermode=atomic', '-coverprofile=coverage.out', './...'], dir);
      if (options.total) {
        const functions = await mustRunAsync('go', ['tool', 'cover', '-func=coverage.out'], dir);
        const total = /^total:\s+\(statements\)\s+([\d.]+)%/m.exec(functions);
        if (!total) {
          throw new Error(`go tool cover printed no total:\n${functions}`);
        }
        totalCoverage = Number(total[1]);
      }
    }
    const coverageByPackage: Record<string, number | undefined> = {};
    for (const { pkg, percent } of parseCoverage(testOutput)) {
      coverageByPackage[pkg] = percent;
    }
    return { dir, vendored, debianOnly, vet, build, testOutput, testStatus, coverageByPackage, totalCoverage };
  } finally {
    if (!options.keep) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
