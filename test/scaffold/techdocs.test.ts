import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { FileOwnership, GoldenPath, GoMicroservice, GoServiceScaffold, ScaffoldPaths, ServiceCatalog, ServiceTemplate, TeamEnvironment } from '../../src';
import { platformFixture } from '../util';

/**
 * TechDocs: the service template has an MkDocs configuration and a docs/ folder, and the
 * Component points Backstage at them with `backstage.io/techdocs-ref: dir:.`, "the documentation
 * [...] stored in the same location [...] as the catalog-info.yaml", resolved relative to the
 * entity's location (https://backstage.io/docs/features/software-catalog/well-known-annotations,
 * backstage.io/techdocs-ref; https://backstage.io/docs/reference/plugin-techdocs-common.techdocs_annotation).
 * mkdocs.yml as TechDocs reads it: `site_name`, `nav` of pages relative to `docs_dir` (default
 * `docs`), and the `techdocs-core` plugin (https://pypi.org/project/mkdocs-techdocs-core, "Usage").
 */

/** YAML's printable characters (https://yaml.org/spec/1.2.2/#51-character-set); a YAML reader refuses a file with any other. */
const NOT_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function scaffold(description = 'Payment processing service'): GoServiceScaffold {
  return new GoServiceScaffold({ name: 'payment-service', description, githubOrganization: 'acme', teamSlug: 'payments' });
}

describe('the service template\'s TechDocs', () => {
  const s = scaffold();

  test('mkdocs.yml names the site after the service, and its nav points at docs/index.md, which the scaffold has', () => {
    const mkdocs = parse(s.tryGetFile(ScaffoldPaths.MKDOCS)!.content);
    expect(mkdocs).toMatchObject({ site_name: 'payment-service', site_description: 'Payment processing service', docs_dir: 'docs' });
    expect(mkdocs.plugins).toEqual(['techdocs-core']);
    const pages = (mkdocs.nav as Array<Record<string, string>>).flatMap((entry) => Object.values(entry));
    expect(pages).toEqual(['index.md']);
    for (const page of pages) expect(s.paths).toContain(`${mkdocs.docs_dir}/${page}`);
    const index = s.tryGetFile('docs/index.md')!.content;
    expect(index).toMatch(/^# payment-service\n\nPayment processing service\.\n/);
    expect(index).not.toMatch(/\{\{/);
  });

  test('both are the team\'s, created once', () => {
    expect(ScaffoldPaths.ownershipOf(ScaffoldPaths.MKDOCS)).toBe(FileOwnership.TEAM);
    expect(s.tryGetFile('docs/index.md')!.ownership).toBe(FileOwnership.TEAM);
  });

  test('a description with quotes, a comment sign, a backslash and control characters reads back from mkdocs.yml and api/openapi.yaml, every character printable', () => {
    const description = 'Pays "now": 100% # not a comment \\ back\u007f\u0085\u0090 slash';
    const nasty = scaffold(description);
    for (const file of [ScaffoldPaths.MKDOCS, ScaffoldPaths.OPENAPI]) {
      const content = nasty.tryGetFile(file)!.content;
      expect({ file, printable: !NOT_PRINTABLE.test(content) }).toEqual({ file, printable: true });
      const doc = parse(content);
      expect(file === ScaffoldPaths.MKDOCS ? doc.site_description : doc.info.description).toBe(description);
    }
  });
});

describe('the Component\'s techdocs-ref', () => {
  function component(template?: ServiceTemplate) {
    const { app, platform } = platformFixture(template ? { goldenPath: GoldenPath.goMicroservice({ template }) } : {});
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    return { app: ServiceCatalog.entities(app).find((e) => e.kind === 'Component')!, repository: ServiceCatalog.serviceEntities(service)[0] };
  }

  test('points at the repository itself, in the app\'s catalog and in the repository\'s catalog-info.yaml', () => {
    const { app, repository } = component();
    expect(app.metadata.annotations!['backstage.io/techdocs-ref']).toBe('dir:.');
    expect(repository.metadata.annotations!['backstage.io/techdocs-ref']).toBe('dir:.');
  });

  test('a template without mkdocs.yml gets none: TechDocs would fail to build it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-without-docs-'));
    fs.cpSync(ServiceTemplate.goMicroservice().directory, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'mkdocs.yml'));
    fs.rmSync(path.join(dir, 'docs'), { recursive: true });
    const { app } = component(ServiceTemplate.fromDirectory(dir));
    expect(app.metadata.annotations!['backstage.io/techdocs-ref']).toBeUndefined();
  });
});
