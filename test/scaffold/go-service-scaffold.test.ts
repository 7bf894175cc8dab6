import { parse } from 'yaml';
import { CiWorkflow, FileOwnership, GoServiceScaffold, GoServiceScaffoldOptions, RequiredCheck, ScaffoldPaths } from '../../src';
import { errorOf } from '../util';

const BASE: GoServiceScaffoldOptions = {
  name: 'payment-service',
  description: 'Payment processing service',
  githubOrganization: 'acme',
  teamSlug: 'payments',
};

function scaffold(overrides: Partial<GoServiceScaffoldOptions> = {}): GoServiceScaffold {
  return new GoServiceScaffold({ ...BASE, ...overrides });
}

function content(s: GoServiceScaffold, path: string): string {
  const file = s.tryGetFile(path);
  if (!file) {
    throw new Error(`no file at ${path}`);
  }
  return file.content;
}

const EXPECTED_PATHS = [
  '.dockerignore',
  '.github/workflows/ci.yml',
  '.gitignore',
  '.golangci.yml',
  'CODEOWNERS',
  'Dockerfile',
  'Makefile',
  'README.md',
  'api/openapi.yaml',
  'cmd/payment-service/main.go',
  'cmd/payment-service/main_test.go',
  'configs/config.yaml',
  'docs/index.md',
  'go.mod',
  'go.sum',
  'internal/config/config.go',
  'internal/config/config_test.go',
  'internal/handlers/api.go',
  'internal/handlers/api_test.go',
  'internal/handlers/health.go',
  'internal/handlers/health_test.go',
  'internal/handlers/items.go',
  'internal/handlers/items_test.go',
  'internal/handlers/metrics_test.go',
  'internal/handlers/openapi_test.go',
  'internal/handlers/request_ids.go',
  'internal/handlers/request_ids_test.go',
  'internal/logging/logger.go',
  'internal/logging/logger_test.go',
  'internal/metrics/metrics.go',
  'internal/metrics/metrics_test.go',
  'internal/repository/memory.go',
  'internal/repository/memory_test.go',
  'internal/service/items.go',
  'internal/service/items_test.go',
  'mkdocs.yml',
  'pkg/buildinfo/buildinfo.go',
  'pkg/buildinfo/buildinfo_test.go',
];

describe('GoServiceScaffold files', () => {
  const s = scaffold();

  test('the golden layout, sorted by path', () => {
    expect(s.paths).toEqual(EXPECTED_PATHS);
    expect(s.files.map(file => file.path)).toEqual(EXPECTED_PATHS);
  });

  test('every Go package with code has tests', () => {
    const goFiles = s.paths.filter(path => path.endsWith('.go'));
    const dirs = new Set(goFiles.map(path => path.slice(0, path.lastIndexOf('/'))));
    for (const dir of dirs) {
      expect(goFiles.some(path => path.startsWith(`${dir}/`) && path.endsWith('_test.go'))).toBe(true);
    }
  });

  test('the CI workflow and CODEOWNERS are platform-owned; everything else is team-owned', () => {
    expect(s.filesOwnedBy(FileOwnership.PLATFORM).map(file => file.path)).toEqual(['.github/workflows/ci.yml', 'CODEOWNERS']);
    const team = s.filesOwnedBy(FileOwnership.TEAM).map(file => file.path);
    expect(team).toHaveLength(EXPECTED_PATHS.length - 2);
    expect(team).toEqual(expect.arrayContaining(['cmd/payment-service/main.go', 'README.md', 'Makefile', 'go.mod', 'Dockerfile']));
    for (const file of s.files) {
      expect(file.ownership).toBe(ScaffoldPaths.ownershipOf(file.path));
    }
  });

  test('catalog-info.yaml is reserved as platform-owned but produced elsewhere', () => {
    expect(ScaffoldPaths.platformOwned()).toEqual(['.github/workflows/ci.yml', 'CODEOWNERS', 'catalog-info.yaml']);
    expect(ScaffoldPaths.ownershipOf(ScaffoldPaths.CATALOG_INFO)).toBe(FileOwnership.PLATFORM);
    expect(ScaffoldPaths.ownershipOf('internal/handlers/api.go')).toBe(FileOwnership.TEAM);
    expect(s.tryGetFile(ScaffoldPaths.CATALOG_INFO)).toBeUndefined();
    expect(s.tryGetFile(ScaffoldPaths.OPENAPI)?.ownership).toBe(FileOwnership.TEAM);
  });

  test('CODEOWNERS names the team for every path', () => {
    expect(content(s, 'CODEOWNERS')).toMatch(/^\* @acme\/payments$/m);
  });

  test('the workflow file is the rendering of the exposed CiWorkflow', () => {
    expect(s.ciWorkflow).toBeInstanceOf(CiWorkflow);
    expect(content(s, ScaffoldPaths.CI_WORKFLOW)).toBe(s.ciWorkflow.render());
    expect(s.ciWorkflow.requiredChecks).toEqual(RequiredCheck.all());
    expect(s.ciWorkflow.serviceName).toBe('payment-service');
    expect(s.ciWorkflow.teamSlug).toBe('payments');
  });

  test('the output is deterministic and callers cannot mutate it', () => {
    expect(scaffold().files).toEqual(s.files);
    const files = s.files;
    (files[0] as { content: string }).content = 'changed';
    files.pop();
    expect(s.files).toEqual(scaffold().files);
  });

  test('every file ends with a newline and has no tab-indented YAML', () => {
    for (const file of s.files) {
      expect(file.content.endsWith('\n')).toBe(true);
      if (/\.ya?ml$/.test(file.path)) {
        expect(file.content).not.toMatch(/^\t/m);
      }
    }
  });
});

describe('GoServiceScaffold defaults', () => {
  const s = scaffold();

  test('are exposed as attributes', () => {
    expect(s.repositoryName).toBe('payment-service');
    expect(s.modulePath).toBe('github.com/acme/payment-service');
    expect(s.containerPort).toBe(8080);
    expect(s.livenessPath).toBe('/healthz');
    expect(s.readinessPath).toBe('/readyz');
    expect(s.coverageThreshold).toBe(80);
    expect(GoServiceScaffold.GO_VERSION).toBe('1.26');
    expect(GoServiceScaffold.GIN_VERSION).toBe('v1.12.0');
  });

  test('reach the files: module path, port, probes and threshold', () => {
    expect(content(s, 'go.mod')).toMatch(/^module github\.com\/acme\/payment-service\n\ngo 1\.26\n/);
    expect(content(s, 'internal/config/config.go')).toContain('DefaultPort            = 8080');
    expect(content(s, 'configs/config.yaml')).toMatch(/^port: 8080$/m);
    expect(content(s, 'internal/handlers/api.go')).toContain('HealthPath    = "/healthz"');
    expect(content(s, 'internal/handlers/api.go')).toContain('ReadinessPath = "/readyz"');
    expect(content(s, 'Makefile')).toMatch(/^COVERAGE_THRESHOLD \?= 80$/m);
    expect(content(s, 'Dockerfile')).toMatch(/^EXPOSE 8080 9464$/m);
    expect(content(s, 'Dockerfile')).toMatch(/^ENV METRICS_PORT=9464$/m);
    expect(content(s, 'internal/metrics/metrics.go')).toContain('const Path = "/metrics"');
    expect(content(s, 'internal/config/config.go')).toMatch(/^\tDefaultMetricsPort += 9464$/m);
    expect(content(s, 'cmd/payment-service/main.go')).toContain('const serviceName = "payment-service"');
  });

  test('the OpenAPI document describes exactly the probes and the items API', () => {
    const spec = parse(content(s, 'api/openapi.yaml'));
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.description).toBe('Payment processing service');
    const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map(method => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(operations).toEqual(['GET /healthz', 'GET /readyz', 'GET /v1/items', 'GET /v1/items/{id}', 'POST /v1/items']);
  });

  test('the Makefile has the build, test, lint and cover targets, with tab-indented recipes', () => {
    const makefile = content(s, 'Makefile');
    for (const target of ['build', 'test', 'lint', 'cover']) {
      expect(makefile).toMatch(new RegExp(`^${target}: ## `, 'm'));
    }
    expect(makefile).toMatch(/^\tgo test -race \.\/\.\.\.$/m);
    expect(makefile).not.toMatch(/^ {2,}\S/m);
  });

  test('the Dockerfile is multi-stage, static and runs as a numeric non-root user', () => {
    const dockerfile = content(s, 'Dockerfile');
    expect(dockerfile).toMatch(/^FROM golang:1\.26 AS build$/m);
    expect(dockerfile).toContain('CGO_ENABLED=0');
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/payment-service"\]$/m);
  });

  test('the lint configuration is golangci-lint v2 with the module as local import prefix', () => {
    const config = parse(content(s, '.golangci.yml'));
    expect(config.version).toBe('2');
    expect(config.formatters.settings.goimports['local-prefixes']).toEqual(['github.com/acme/payment-service']);
  });

  test('the README documents the checks, the environments and the platform-owned files', () => {
    const readme = content(s, 'README.md');
    expect(readme).toMatch(/^# payment-service$/m);
    expect(readme).toContain('`unit-tests`, `lint`, `security-scan`, `coverage`');
    expect(readme).toContain('`payments-dev`, `payments-staging`, `payments-prod`');
    expect(readme).toContain('Deploys to `prod` wait for a reviewer\'s approval');
    expect(readme).toContain('`.github/workflows/ci.yml`, `CODEOWNERS`, `catalog-info.yaml` are kept in sync');
  });
});

describe('GoServiceScaffold options', () => {
  test('override the repository, module path, port, probes and threshold', () => {
    const s = scaffold({
      repositoryName: 'payments-api',
      containerPort: 9000,
      livenessPath: '/live',
      readinessPath: '/ready',
      coverageThreshold: 90,
    });
    expect(s.modulePath).toBe('github.com/acme/payments-api');
    expect(content(s, 'go.mod')).toMatch(/^module github\.com\/acme\/payments-api$/m);
    expect(content(s, 'internal/handlers/api.go')).toContain('HealthPath    = "/live"');
    expect(content(s, 'Dockerfile')).toMatch(/^ENV PORT=9000$/m);
    expect(content(s, 'Makefile')).toMatch(/^COVERAGE_THRESHOLD \?= 90$/m);
    expect(s.ciWorkflow.coverageThreshold).toBe(90);
    expect(Object.keys(parse(content(s, 'api/openapi.yaml')).paths)).toEqual(['/live', '/ready', '/v1/items', '/v1/items/{id}']);
  });

  test('an explicit module path wins over the default', () => {
    expect(scaffold({ modulePath: 'example.com/x/y' }).modulePath).toBe('example.com/x/y');
  });

  test('the description is normalised to one line and quoted safely in YAML', () => {
    const s = scaffold({ description: '  Handles "payments":\n  refunds # and more  ' });
    expect(s.description).toBe('Handles "payments": refunds # and more');
    expect(parse(content(s, 'api/openapi.yaml')).info.description).toBe('Handles "payments": refunds # and more');
    expect(content(s, 'cmd/payment-service/main.go')).toContain('// Handles "payments": refunds # and more.\n');
  });

  test('environments, checks and the default branch reach the workflow', () => {
    const s = scaffold({
      environments: [{ name: 'qa' }, { name: 'live', production: true }],
      requiredChecks: [RequiredCheck.UNIT_TESTS, RequiredCheck.COVERAGE],
      defaultBranch: 'trunk',
    });
    expect(s.ciWorkflow.jobIds).toEqual(['unit-tests', 'coverage', 'build-image', 'deploy-qa', 'keep-image-qa', 'deploy-live', 'keep-image-live']);
    expect(s.ciWorkflow.defaultBranch).toBe('trunk');
    expect(content(s, 'README.md')).toContain('`payments-qa`, `payments-live`');
  });
});

describe('GoServiceScaffold errors', () => {
  // A scaffold built directly judges its own options, with the rules GoMicroservice uses, in the one error format.
  test.each([
    ['Payment_Service', 'payment-service'],
    ['-payments', 'payments'],
    ['payments-', 'payments'],
    ['9lives', 'lives'],
    [''.padEnd(64, 'a'), undefined],
    ['', 'my-name'],
  ])('a bad service name %j names the prop, the value and the fix', (name, suggestion) => {
    const message = errorOf(() => scaffold({ name }));
    expect(message).toMatch(new RegExp(`^\\[GoServiceScaffold\\] invalid name ${JSON.stringify(name)}: `));
    if (suggestion) expect(message).toContain(`: is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "${suggestion}".`);
  });

  test.each([[0], [65536], [80.5], [-1]])('containerPort %j is out of range', containerPort => {
    expect(() => scaffold({ containerPort })).toThrow(
      `[GoServiceScaffold] invalid containerPort ${containerPort}: must be a whole number between 1 and 65535. Fix: use the TCP port the container listens on, such as 8080.`,
    );
  });

  test('an empty description', () => {
    expect(() => scaffold({ description: ' \n ' })).toThrow('[GoServiceScaffold] invalid description " \\n ": is empty. Fix: say what the service does in one line, e.g. "Payment processing service".');
  });

  test('a bad team slug, organization, repository and module path, all at once', () => {
    const message = errorOf(() => scaffold({ teamSlug: 'Payments Team', githubOrganization: 'acme corp', repositoryName: 'pay/ments', modulePath: 'github.com/acme/pay ments' }));
    expect(message).toMatch(/^\[GoServiceScaffold\] 4 invalid props:\n/);
    expect(message).toContain('  - invalid teamSlug "Payments Team": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)');
    expect(message).toContain('  - invalid githubOrganization "acme corp": is not a valid GitHub organization');
    expect(message).toContain('  - invalid repositoryName "pay/ments": is not a GitHub repository name');
    expect(message).toContain('  - invalid modulePath "github.com/acme/pay ments": is not a Go module path');
    expect(errorOf(() => scaffold({ modulePath: 'github.com/../x' }))).toMatch(/^\[GoServiceScaffold\] invalid modulePath "github.com\/..\/x": is not a Go module path/);
  });

  test('the team slug "<team>" renders a template, which names no team yet; nothing else that is no DNS label passes', () => {
    const template = scaffold({ teamSlug: '<team>' });
    expect(template.teamSlug).toBe('<team>');
    expect(template.tryGetFile(ScaffoldPaths.CODEOWNERS)!.content).toContain('* @acme/<team>');
    expect(template.tryGetFile('README.md')!.content).toContain('`<team>-dev`, `<team>-staging`, `<team>-prod`');
    for (const teamSlug of ['<team', '<Team>', '<team>-x', 'team>']) {
      expect(errorOf(() => scaffold({ teamSlug }))).toMatch(new RegExp(`^\\[GoServiceScaffold\\] invalid teamSlug "${teamSlug}": is not a DNS-1123 label`));
    }
  });

  test('bad probe paths: the one probe-path rule of the library', () => {
    expect(errorOf(() => scaffold({ livenessPath: 'healthz' }))).toMatch(/^\[GoServiceScaffold\] invalid livenessPath "healthz": is not a probe path the kubelet and the scaffold accept.*Fix: use a path such as "\/healthz"\.$/);
    expect(errorOf(() => scaffold({ readinessPath: '/ready/:id' }))).toMatch(/invalid readinessPath "\/ready\/:id": is not a probe path/);
    expect(errorOf(() => scaffold({ livenessPath: '/v1/items/health' }))).toBe(
      '[GoServiceScaffold] invalid livenessPath "/v1/items/health": collides with the scaffold\'s items API under /v1/items. Fix: use a path outside /v1/items, such as "/healthz".',
    );
    expect(errorOf(() => scaffold({ livenessPath: '/probe', readinessPath: '/probe' }))).toBe(
      '[GoServiceScaffold] invalid readinessPath "/probe": is the same path as livenessPath, so a pod that is only not ready would be restarted. Fix: serve readiness and liveness on separate paths, such as "/readyz" and "/healthz".',
    );
  });

  test('healthPath is the deprecated name of livenessPath and still works', () => {
    const s = scaffold({ healthPath: '/live' });
    expect(s.livenessPath).toBe('/live');
    expect(s.healthPath).toBe('/live');
    expect(errorOf(() => scaffold({ healthPath: 'live' }))).toContain('invalid livenessPath "live"');
  });

  test('a coverage threshold outside 0..100', () => {
    expect(() => scaffold({ coverageThreshold: 120 })).toThrow(
      '[GoServiceScaffold] invalid coverageThreshold 120: must be a percentage between 0 and 100. Fix: use a percentage such as 80.',
    );
  });

  test('an unresolved token cannot be written into files', () => {
    expect(() => scaffold({ name: '${TfToken[TOKEN.1]}' })).toThrow(/^\[GoServiceScaffold\] invalid name "\$\{TfToken\[TOKEN\.1\]\}": is an unresolved token, but it is written into repository files/);
  });

  test('workflow options are judged as the scaffold\'s own props', () => {
    expect(() => scaffold({ requiredChecks: ['unit-test'] })).toThrow(/^\[GoServiceScaffold\] invalid requiredChecks\[0\] "unit-test": is not a check the CI workflow can run/);
  });
});
