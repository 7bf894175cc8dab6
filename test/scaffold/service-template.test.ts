import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from './go-vendor';
import { FileOwnership, GoldenPath, GoMicroservice, GoServiceScaffold, ScaffoldPaths, ServiceTemplate, TeamEnvironment } from '../../src';
import { GIN_VERSION, GO_VERSION } from '../../src/scaffold/go-dependencies';
import { renderTemplate, STAND_INS } from '../../src/scaffold/render-template';
import { listFiles } from '../../src/scaffold/service-template';
import { errorOf, platformFixture, resources, synth } from '../util';

const TEMPLATES = path.join(__dirname, '..', '..', 'templates');

/** Writes `files` into a fresh temporary directory and returns its path. */
function templateDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-template-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const listTree = (root: string) => readTree(root).map(file => file.path);

describe('the built-in template', () => {
  test('is templates/go-microservice at the package root, and the golden path\'s default', () => {
    expect(ServiceTemplate.goMicroservice().directory).toBe(path.join(TEMPLATES, 'go-microservice'));
    expect(GoldenPath.goMicroservice().template.directory).toBe(path.join(TEMPLATES, 'go-microservice'));
    expect(GoldenPath.goMicroservice({ coverageThreshold: 90 }).template.directory).toBe(path.join(TEMPLATES, 'go-microservice'));
  });

  test('holds no Go source in TypeScript: every .go file of a scaffold comes from the tree', () => {
    const scaffold = new GoServiceScaffold({ name: 'payment-service', description: 'Payments', githubOrganization: 'acme', teamSlug: 'payments' });
    const goFiles = scaffold.paths.filter(p => p.endsWith('.go')).map(p => p.replace('cmd/payment-service/', 'cmd/go-microservice/'));
    expect(goFiles.sort()).toEqual(listTree(path.join(TEMPLATES, 'go-microservice')).filter(p => p.endsWith('.go')));
    const sources = listTree(path.join(__dirname, '..', '..', 'src')).filter(p => p.endsWith('.ts'));
    for (const source of sources) {
      expect([source, /(^|`)package \w+$/m.test(fs.readFileSync(path.join(__dirname, '..', '..', 'src', source), 'utf8'))]).toEqual([source, false]);
    }
  });

  test('go.mod declares the Go and gin versions the library states', () => {
    const goMod = fs.readFileSync(path.join(TEMPLATES, 'go-microservice', 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^go ${GO_VERSION.replace('.', '\\.')}$`, 'm'));
    expect(goMod).toContain(`\tgithub.com/gin-gonic/gin ${GIN_VERSION}\n`);
    expect(goMod).toMatch(/^module example\.com\/golden-path\/go-microservice$/m);
  });

  test('uses only known placeholders, and rendering leaves no placeholder or stand-in behind', () => {
    const scaffold = new GoServiceScaffold({
      name: 'ledger',
      description: 'Keeps the books',
      githubOrganization: 'acme',
      teamSlug: 'finance',
      containerPort: 9000,
      livenessPath: '/live',
      readinessPath: '/ready',
      metricsPort: 9500,
      metricsPath: '/internal-metrics',
    });
    for (const file of scaffold.filesOwnedBy(FileOwnership.TEAM)) {
      expect([file.path, file.content.match(/\{\{[^}]*\}\}/g)]).toEqual([file.path, null]);
      for (const standIn of Object.keys(STAND_INS)) {
        // Stand-ins are whole words: "/metrics" stands for the path, not inside the import path ".../internal/metrics".
        const wholeWord = new RegExp(`(?<![\\w-])${standIn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w-])`);
        expect([file.path, standIn, wholeWord.test(file.content)]).toEqual([file.path, standIn, false]);
      }
    }
    expect(scaffold.tryGetFile('internal/metrics/metrics.go')!.content).toContain('const Path = "/internal-metrics"');
    expect(scaffold.tryGetFile('internal/config/config.go')!.content).toMatch(/^\tDefaultMetricsPort += 9500$/m);
    expect(scaffold.tryGetFile('Dockerfile')!.content).toMatch(/^EXPOSE 9000 9500$/m);
    expect(scaffold.paths).toContain('.gitignore');
    expect(scaffold.paths).not.toContain('gitignore');
  });
});

describe('renderTemplate', () => {
  const values = { name: 'ledger', modulePath: 'github.com/acme/go-microservice', containerPort: '9000', livenessPath: '/live', readinessPath: '/ready', description: '$& {{ name }} $1' };

  test('fills {{ key }} with or without inner spaces, and leaves unknown keys as they are', () => {
    expect(renderTemplate('# {{ name }} / {{name}} / {{ unknown }} / {{ .Go }}', values)).toBe('# ledger / ledger / {{ unknown }} / {{ .Go }}');
  });

  test('renders in one pass: values with "$" or placeholders are written as they are', () => {
    expect(renderTemplate('{{ description }}', values)).toBe('$& {{ name }} $1');
    // The module path value contains the name stand-in: it is not rendered again.
    expect(renderTemplate('import "example.com/golden-path/go-microservice/internal/config"', values)).toBe('import "github.com/acme/go-microservice/internal/config"');
  });

  test('leaves a stand-in as written when the values lack its key (templates other than the Go service)', () => {
    expect(renderTemplate('see /healthz of go-microservice for {{ team }}', { team: 'payments' })).toBe('see /healthz of go-microservice for payments');
  });

  test('gives what one replace over the text gives, for every file of the built-in template, rendered again with other values', () => {
    // renderTemplate remembers where a text's placeholders are; this is the one-pass replace it stands for.
    const stand = Object.keys(STAND_INS).sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
    const pattern = new RegExp(`\\{\\{ *(\\w+) *\\}\\}|(?<![\\w-])(?:${stand})(?![\\w-])`, 'g');
    const replaced = (text: string, v: Record<string, string>) =>
      text.replace(pattern, (m: string, key?: string) => (key === undefined ? v[STAND_INS[m]] ?? m : v[key] ?? m));
    const texts = listFiles(path.join(TEMPLATES, 'go-microservice')).flatMap((file) => [file, fs.readFileSync(path.join(TEMPLATES, 'go-microservice', file), 'utf8')]);
    const other = { ...values, name: 'search-api', containerPort: '8081', modulePath: 'example.com/golden-path/go-microservice', description: '{{ name }}' };
    for (const v of [values, other, {}, values]) {
      for (const text of texts) expect(renderTemplate(text, v)).toBe(replaced(text, v));
    }
    expect(texts.length).toBeGreaterThan(10);
  });

  test('replaces stand-ins as whole words only', () => {
    expect(renderTemplate('cmd/go-microservice/main.go :18080 "/healthz" /readyz:', values)).toBe('cmd/ledger/main.go :9000 "/live" /ready:');
    expect(renderTemplate('118080 180801 my-go-microservice go-microservice-x /healthzz', values)).toBe('118080 180801 my-go-microservice go-microservice-x /healthzz');
  });
});

describe('ServiceTemplate.fromDirectory', () => {
  const custom = {
    'go.mod': 'module example.com/golden-path/go-microservice\n\ngo 1.26\n',
    'Dockerfile': 'FROM golang:{{ goVersion }}\nEXPOSE 18080\n',
    'api/openapi.yaml': 'openapi: 3.0.3\ninfo:\n  title: {{ name }}\n  description: "{{ descriptionEscaped }}"\n',
    'cmd/{{ name }}/main.go': 'package main\n\n// {{ descriptionSentence }}\nfunc main() {}\n',
    'docs/runbook.md': '# Runbook of {{ name }}\n\nPage @{{ githubOrganization }}/{{ teamSlug }}.\n',
    'gitignore': '/bin/\n',
  };

  test('a platform team\'s template becomes the files of every service repository', () => {
    const dir = templateDir(custom);
    try {
      const { stack, platform } = platformFixture({ goldenPath: GoldenPath.goMicroservice({ template: ServiceTemplate.fromDirectory(dir) }) });
      const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
      const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing service', system: 'commerce' });

      expect(service.repository.scaffold.template.directory).toBe(dir);
      const files = Object.values(resources(synth(stack), 'github_repository_file'));
      const byPath = Object.fromEntries(files.map((f: any) => [f.file, f.content]));
      expect(Object.keys(byPath).sort()).toEqual([
        '.github/workflows/ci.yml', '.gitignore', 'CODEOWNERS', 'Dockerfile', 'api/openapi.yaml', 'catalog-info.yaml',
        'cmd/payment-service/main.go', 'docs/runbook.md', 'go.mod',
      ]);
      expect(byPath['docs/runbook.md']).toBe('# Runbook of payment-service\n\nPage @acme/payments.\n');
      expect(byPath['cmd/payment-service/main.go']).toBe('package main\n\n// Payment processing service.\nfunc main() {}\n');
      expect(byPath['go.mod']).toBe('module github.com/acme/payment-service\n\ngo 1.26\n');
      expect(byPath.Dockerfile).toBe('FROM golang:1.26\nEXPOSE 8080\n');
      expect(byPath['.gitignore']).toBe('/bin/\n');
      expect(byPath['api/openapi.yaml']).toBe('openapi: 3.0.3\ninfo:\n  title: payment-service\n  description: "Payment processing service"\n');
      // Team-owned files are created once; the workflow, CODEOWNERS and the catalog entry stay platform-owned.
      expect(service.repository.platformOwnedPaths.sort()).toEqual(ScaffoldPaths.platformOwned());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('resolves a relative directory against the working directory', () => {
    const dir = templateDir(custom);
    try {
      expect(ServiceTemplate.fromDirectory(path.relative(process.cwd(), dir)).directory).toBe(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing directory fails at construction with the prop, the value and the fix', () => {
    expect(errorOf(() => ServiceTemplate.fromDirectory('/nonexistent/acme-go'))).toBe(
      '[ServiceTemplate.fromDirectory] invalid directory "/nonexistent/acme-go": does not exist (resolved to /nonexistent/acme-go). '
      + `Fix: create it, or pass the path of an existing template directory (relative paths start at ${process.cwd()}).`,
    );
    expect(errorOf(() => ServiceTemplate.fromDirectory(''))).toMatch(/^\[ServiceTemplate\.fromDirectory\] invalid directory "": is not a directory path\. Fix: /);
  });

  test('a file instead of a directory, a template without go.mod or Dockerfile, or with platform-owned files, is refused', () => {
    const dir = templateDir({ ...custom, 'CODEOWNERS': '* @someone\n', '.github/workflows/ci.yml': 'on: push\n' });
    const bare = templateDir({ 'README.md': '# {{ name }}\n', 'Dockerfile': 'FROM scratch\n' });
    try {
      expect(errorOf(() => ServiceTemplate.fromDirectory(path.join(dir, 'go.mod')))).toMatch(/invalid directory ".*go\.mod": is a file, not a directory\. Fix: /);
      expect(errorOf(() => ServiceTemplate.fromDirectory(bare))).toMatch(
        /invalid directory ".*": has no go\.mod, api\/openapi\.yaml\. Fix: add them: the CI workflow builds go\.mod and the Dockerfile, and the catalog's API entity reads api\/openapi\.yaml\.$/,
      );
      expect(errorOf(() => ServiceTemplate.fromDirectory(dir))).toMatch(
        /invalid directory ".*": holds \.github\/workflows\/ci\.yml, CODEOWNERS, which the platform writes and keeps in sync\. Fix: remove them from the template\.$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  test('a file that cannot be read (here a dangling link) is refused', () => {
    const dir = templateDir(custom);
    fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'docs', 'link.md'));
    try {
      expect(errorOf(() => ServiceTemplate.fromDirectory(dir))).toMatch(
        /invalid directory ".*": cannot be read \(ENOENT: .*link\.md.*\)\. Fix: give the user running synth read access to the directory and its files\.$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
