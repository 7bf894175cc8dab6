import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import {
  buildAndTestGoModule, debianGoModChecks, GoModuleResult, mustRun, parseCoverage,
  parseRequires, PAYMENT_SERVICE_SCAFFOLD, readTree,
} from './go-vendor';
import { FileOwnership, GoServiceScaffold, Platform, PlatformFoundation, PrivateServiceAccess, ServiceTemplate } from '../../src';
import { describeWith } from '../setup/tools';

/**
 * The real Go toolchain builds, vets and tests the scaffolded service, offline,
 * against Debian's gin sources. CI installs them (apt-get install golang-go
 * golang-github-gin-gonic-gin-dev golang-github-prometheus-client-golang-dev); without `go` on PATH
 * these tests skip.
 *
 * go.mod pins a current gin release and its dependencies; Debian ships gin
 * 1.8.1 and Go 1.19. The vendor directory maps every module go.mod requires to
 * Debian's sources, and vendor/modules.txt lists each at the version go.mod
 * requires, so `go build -mod=vendor` accepts the real go.mod unchanged. The
 * service uses only gin API that both releases have.
 */

// Without Go, the run has said what to install, once (test/setup/tools.ts).
const describeGo = describeWith('Go');

const GO_TIMEOUT_MS = 180_000;

/**
 * The tree the PlatformFoundation commits to the service template repository
 * (App scope, the golden path's values): every service repository created from
 * it starts with exactly these files, so they must build and pass their tests.
 */
let templateTree: Array<{ path: string; content: string }> | undefined;
function templateRepositoryTree(): Array<{ path: string; content: string }> {
  return (templateTree ??= renderTemplateRepository());
}

function renderTemplateRepository(): Array<{ path: string; content: string }> {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-template-app-')) });
  const platform = new Platform(app, 'acme', {
    githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', privateServiceAccess: PrivateServiceAccess.EXISTING,
  });
  const template = new PlatformFoundation(platform, 'foundation').serviceTemplate!;
  return template.scaffold.filesOwnedBy(FileOwnership.TEAM).map(({ path: p, content }) => ({ path: p, content }));
}

describe('the template tree and the template repository\'s tree are the same Go code', () => {
  // One Go run covers both: templates/go-microservice as it stands and the template repository the
  // foundation renders from it differ only where a placeholder or stand-in is replaced by its value.
  test('same files; every differing line of a Go file or go.mod holds a stand-in or a placeholder', () => {
    const raw = new Map(readTree(ServiceTemplate.goMicroservice().directory).map((f) => [f.path.replace(/(^|\/)gitignore$/, '$1.gitignore'), f.content]));
    const rendered = templateRepositoryTree();
    expect(rendered.map((f) => f.path).sort()).toEqual([...raw.keys()].sort());
    const placeholder = /\{\{ *\w+ *\}\}|example\.com\/golden-path\/go-microservice|\b18080\b|\b19090\b|\/healthz|\/readyz|"\/metrics"/;
    for (const file of rendered.filter((f) => /\.go$|^go\.mod$/.test(f.path))) {
      const before = raw.get(file.path)!.split('\n');
      const after = file.content.split('\n');
      expect({ file: file.path, lines: after.length }).toEqual({ file: file.path, lines: before.length });
      const unexplained = before.filter((line, i) => line !== after[i] && !placeholder.test(line));
      expect({ file: file.path, unexplained }).toEqual({ file: file.path, unexplained: [] });
    }
  });
});

describeGo('the template repository\'s tree with the Go toolchain', () => {
  // templates/go-microservice rendered as the PlatformFoundation commits it to the template repository:
  // what a new service repository holds on day one, before its team changes anything.
  test('go vet, go build and go test pass on the template repository\'s tree, every package tested and gofmt-formatted', async () => {
    const { dir, vet, build, testOutput } = await buildAndTestGoModule(templateRepositoryTree(), { prefix: 'golden-path-go-tree-', keep: true });
    try {
      expect(vet).toBe('');
      expect(build).toBe('');
      const packages = parseCoverage(testOutput);
      expect(packages.map(p => p.pkg)).toContain('github.com/acme/golden-path-template/cmd/go-microservice');
      expect(packages).toHaveLength(8);
      expect(packages.filter(p => p.percent === undefined)).toEqual([]);
      expect(mustRun('gofmt', ['-l', 'cmd', 'internal', 'pkg'], dir)).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, GO_TIMEOUT_MS);
});

describeGo('the default scaffold with the Go toolchain', () => {
  // The repository a GoMicroservice commits for the payments team (test/service/service-repository-tools.test.ts).
  const scaffold = new GoServiceScaffold(PAYMENT_SERVICE_SCAFFOLD);
  let result: GoModuleResult;
  let dir: string;

  beforeAll(async () => {
    // The tests run once, through the scaffold's own `make cover` (go test -covermode=atomic
    // -coverprofile, then go tool cover -func's total against the threshold), and the module is built
    // once, by its own `make build` (the service binary, every package it imports): what a team runs.
    // Every package has tests, so go test compiles the ones the binary does not import.
    result = await buildAndTestGoModule(scaffold.files, { prefix: 'golden-path-go-', keep: true, tests: 'make cover', build: 'make build' });
    dir = result.dir;
    // eslint-disable-next-line no-console
    console.log(`make cover (threshold ${scaffold.coverageThreshold}%):\n${result.testOutput}`);
  }, GO_TIMEOUT_MS);

  afterAll(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('go vet and make build report nothing', () => {
    expect(result.vet).toBe('');
    expect(result.build).toBe('');
  });

  test('vendor/modules.txt lists every go.mod requirement as explicit, with its go version', () => {
    const modulesTxt = fs.readFileSync(path.join(dir, 'vendor', 'modules.txt'), 'utf8');
    const goMod = scaffold.tryGetFile('go.mod')!.content;
    for (const requirement of parseRequires(goMod)) {
      expect(modulesTxt).toContain(`# ${requirement.path} ${requirement.version}\n## explicit`);
    }
    const gin = result.vendored.find(module => module.path === 'github.com/gin-gonic/gin')!;
    expect(gin.goVersion).toMatch(/^1\.\d+$/);
    expect(gin.packages).toContain('github.com/gin-gonic/gin');
    expect(modulesTxt).toMatch(/^# github\.com\/gin-gonic\/gin v1\.12\.0\n## explicit; go 1\.\d+\ngithub\.com\/gin-gonic\/gin\n/m);
    // go.mod's requirements, and apart from them the modules only Debian's client_golang 1.14 imports, which the
    // fixture's go.mod alone requires (the current release needs none of them).
    expect(result.vendored.map(module => module.path).sort()).toEqual(parseRequires(goMod).map(r => r.path).sort());
    expect(result.debianOnly.map(module => module.path)).toEqual([
      'github.com/golang/protobuf', 'github.com/matttproud/golang_protobuf_extensions',
    ]);
    // Debian installs xxhash v2 without its /v2 directory: the v2 requirement links to it.
    expect(fs.realpathSync(path.join(dir, 'vendor', 'github.com/cespare/xxhash/v2'))).toBe('/usr/share/gocode/src/github.com/cespare/xxhash');
    expect(goMod).not.toContain('v0.0.0-debian');
  });

  test('every package has tests and meets the coverage threshold, and so does the total', () => {
    const packages = parseCoverage(result.testOutput);
    expect(Object.keys(result.coverageByPackage).sort()).toEqual(packages.map(p => p.pkg).sort());
    expect(packages.map(p => p.pkg).sort()).toEqual([
      'github.com/acme/payment-service/cmd/payment-service',
      'github.com/acme/payment-service/internal/config',
      'github.com/acme/payment-service/internal/handlers',
      'github.com/acme/payment-service/internal/logging',
      'github.com/acme/payment-service/internal/metrics',
      'github.com/acme/payment-service/internal/repository',
      'github.com/acme/payment-service/internal/service',
      'github.com/acme/payment-service/pkg/buildinfo',
    ]);
    expect(packages.filter(p => p.percent === undefined).map(p => p.pkg)).toEqual([]);
    expect(packages.filter(p => p.percent! < scaffold.coverageThreshold).map(p => `${p.pkg}: ${p.percent}%`)).toEqual([]);
    expect(result.totalCoverage).toBeGreaterThanOrEqual(scaffold.coverageThreshold);
  });

  test('every Go file is gofmt-formatted', () => {
    const unformatted = mustRun('gofmt', ['-l', '.'], dir).split('\n').filter(line => line && !line.startsWith('vendor/'));
    expect(unformatted).toEqual([]);
  });

  test('go.mod declares a two-part go version, no toolchain line, and the current gin release', () => {
    const goMod = scaffold.tryGetFile('go.mod')!.content;
    expect(goMod).toMatch(/^go 1\.26$/m);
    expect(goMod).not.toMatch(/^toolchain /m);
    expect(goMod).toMatch(/^require \(\n\tgithub\.com\/gin-gonic\/gin v1\.12\.0\n\tgithub\.com\/prometheus\/client_golang v1\.24\.1\n\tgopkg\.in\/yaml\.v2 v2\.4\.0\n\)$/m);
    // Every module whose packages Debian's gin 1.8.1 build needs is a requirement (checked by writeVendor), plus
    // the ones gin 1.12 brings.
    for (const modulePath of ['github.com/quic-go/quic-go', 'go.mongodb.org/mongo-driver/v2', 'golang.org/x/net']) {
      expect(goMod).toMatch(new RegExp(`^\\t${modulePath.replace(/[.]/g, '\\.')} v\\S+ // indirect$`, 'm'));
    }
  });

  test('go.sum has both checksums for every requirement, and the /go.mod checksums match the Debian sources of the same release', () => {
    const goSum = scaffold.tryGetFile('go.sum')!.content;
    for (const { path: modulePath, version } of parseRequires(scaffold.tryGetFile('go.mod')!.content)) {
      const escaped = `${modulePath.replace(/[.]/g, '\\.')} ${version.replace(/[.]/g, '\\.')}`;
      expect(goSum).toMatch(new RegExp(`^${escaped} h1:[A-Za-z0-9+/]{43}=$`, 'm'));
      expect(goSum).toMatch(new RegExp(`^${escaped}/go\\.mod h1:[A-Za-z0-9+/]{43}=$`, 'm'));
    }
    expect(goSum.split('\n').filter(Boolean).every(line => /^\S+ v\S+ h1:[A-Za-z0-9+/]{43}=$/.test(line))).toBe(true);
    const checks = debianGoModChecks(goSum);
    expect(checks.filter(check => check.debian !== check.goSum)).toEqual([]);
    expect(checks.map(check => `${check.path} ${check.version}`)).toEqual(expect.arrayContaining([
      'gopkg.in/yaml.v2 v2.4.0', 'gopkg.in/yaml.v3 v3.0.1', 'github.com/davecgh/go-spew v1.1.1',
    ]));
  });

  test('make cover passes at the threshold', () => {
    // (It fails above the measured coverage: the customised scaffold's run below.)
    expect(result.testStatus).toBe(0);
    expect(result.testOutput).toContain(`total coverage: ${result.totalCoverage}% (threshold ${scaffold.coverageThreshold}%)`);
    expect(result.testOutput).not.toContain('is below the threshold');
  });

  test('make build produces a binary that serves, answers the probes and stops cleanly on SIGTERM', async () => {
    // beforeAll's `make -s build` built it.
    const binary = path.join(dir, 'bin', 'payment-service');
    expect(fs.existsSync(binary)).toBe(true);

    const child = spawn(binary, [], { env: { PORT: '0', METRICS_PORT: '0', LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: string[] = [];
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    try {
      const port = await waitForPort(child, logs);
      expect(await get(port, '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect(await get(port, '/readyz')).toEqual({ status: 200, body: '{"status":"ready"}' });
      expect((await get(port, '/v1/items')).body).toBe('{"items":[]}');
      // The collector's scrape, on the metrics port: the request above, counted with its route and status; the probes not.
      const metricsPort = Number(/"metrics_address":"[^"]*:(\d+)"/.exec(logs.join(''))![1]);
      const scrape = await get(metricsPort, '/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.body).toContain('http_requests_total{method="GET",route="/v1/items",status="200"} 1\n');
      expect(scrape.body).toMatch(/^build_info\{commit="unknown",goversion="go[\d.]+",version="dev"\} 1$/m);
      expect(scrape.body).not.toContain('route="/healthz"');
      expect((await get(port, '/metrics')).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(logs.join('')).toContain('"msg":"stopped"');
  }, GO_TIMEOUT_MS);
});

describeGo('a customised scaffold with the Go toolchain', () => {
  // go vet checks every package, and go test compiles every package (each has tests) and runs the
  // tests, through the scaffold's `make cover` with a threshold above any coverage: the tests pass
  // and the Makefile's threshold check fails. The dependencies come from the build cache the default
  // scaffold filled.
  test('compiles and passes its tests with another module path, ports, probe and metrics paths; make cover fails above the measured coverage', async () => {
    const scaffold = new GoServiceScaffold({
      name: 'ledger',
      description: 'Keeps the books: double-entry "ledger" with quotes',
      githubOrganization: 'Example-Org',
      teamSlug: 'finance',
      modulePath: 'example.com/platform/ledger-svc',
      containerPort: 9090,
      livenessPath: '/live',
      readinessPath: '/ready/now',
      metricsPort: 9100,
      metricsPath: '/internal/metrics',
      coverageThreshold: 85,
    });
    const { dir, vet, testOutput, testStatus, totalCoverage, coverageByPackage } = await buildAndTestGoModule(scaffold.files, {
      prefix: 'golden-path-go-custom-', keep: true, build: false, tests: 'make cover', coverageThreshold: 101,
    });
    try {
      expect(vet).toBe('');
      const packages = parseCoverage(testOutput);
      expect(packages).toHaveLength(8);
      expect(packages.filter(p => !testOutput.includes(`ok  \t${p.pkg}\t`)).map(p => p.pkg)).toEqual([]);
      for (const [pkg, percent] of Object.entries(coverageByPackage)) {
        expect(pkg.startsWith('example.com/platform/ledger-svc/')).toBe(true);
        expect(percent ?? 0).toBeGreaterThanOrEqual(85);
      }
      expect(scaffold.tryGetFile('Makefile')!.content).toMatch(/^COVERAGE_THRESHOLD \?= 85$/m);
      expect(testStatus).not.toBe(0);
      expect(testOutput).toMatch(/^total coverage: [\d.]+% \(threshold 101%\)$/m);
      expect(Number(/^coverage ([\d.]+)% is below the threshold of 101%$/m.exec(testOutput)?.[1])).toBe(totalCoverage);
      expect(mustRun('gofmt', ['-l', 'cmd', 'internal', 'pkg'], dir)).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, GO_TIMEOUT_MS);
});

function waitForPort(child: ChildProcess, logs: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start: ${logs.join('')}`)), 15_000);
    child.stderr!.on('data', chunk => logs.push(String(chunk)));
    child.stdout!.on('data', chunk => {
      logs.push(String(chunk));
      const address = /"msg":"starting".*"address":"[^"]*:(\d+)"/.exec(logs.join(''));
      if (address) {
        clearTimeout(timer);
        resolve(Number(address[1]));
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}: ${logs.join('')}`));
    });
  });
}

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath }, response => {
      let body = '';
      response.on('data', chunk => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
