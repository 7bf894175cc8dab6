import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildApp } from '../../examples/main';
import { CiWorkflow, PlatformWorkflow, ServiceCatalog } from '../../src';
import * as yamlWriter from '../../src/private/yaml-writer';
import { Commented, toYaml, toYamlDocument, writeYaml, type YamlMap, type YamlValue } from '../../src/private/yaml-writer';
import { InfrastructureWorkflow } from '../../src/scaffold/infrastructure-workflow';

// Every document the library renders passes here, to be compared below.
jest.mock('../../src/private/yaml-writer', () => {
  const actual = jest.requireActual('../../src/private/yaml-writer');
  return { ...actual, toYaml: jest.fn(actual.toYaml) };
});

describe('toYaml', () => {
  test('round-trips scalars that plain YAML would misread', () => {
    const tricky = {
      yes: 'yes',
      on: 'on',
      nul: 'null',
      number: '1',
      float: '1.5',
      octal: '0o17',
      empty: '',
      colon: 'a: b',
      hash: 'a #b',
      dash: '- x',
      star: '*ref',
      quote: "it's",
      expression: "${{ github.ref != 'x' }}",
      spaces: ' padded ',
      tab: 'a\tb',
      brace: '{x}',
      exit: '1',
    };
    expect(parse(toYaml(tricky))).toEqual(tricky);
  });

  test('quotes the one-letter YAML 1.1 booleans', () => {
    expect(toYaml({ a: 'y', b: 'n' })).toBe("a: 'y'\nb: 'n'\n");
  });

  test('keeps numbers and booleans typed, and key order', () => {
    const text = toYaml({ b: 1, a: true, c: false, d: 2.5 });
    expect(text).toBe('b: 1\na: true\nc: false\nd: 2.5\n');
  });

  test('writes multi-line strings as literal blocks, keeping or stripping the final newline', () => {
    const text = toYaml({ run: 'echo one\n\necho "two"\n', tail: 'a\nb' });
    expect(text).toBe('run: |\n  echo one\n\n  echo "two"\ntail: |-\n  a\n  b\n');
    expect(parse(text)).toEqual({ run: 'echo one\n\necho "two"\n', tail: 'a\nb' });
  });

  test('nests maps and lists, with empty collections inline', () => {
    const document = { jobs: { a: { needs: ['x', 'z'], steps: [{ name: 'step', with: { k: 'v' } }, { run: 'r' }] } }, none: {}, list: [] };
    const text = toYaml(document);
    expect(text).toBe([
      'jobs:',
      '  a:',
      '    needs:',
      '      - x',
      '      - z',
      '    steps:',
      '      - name: step',
      '        with:',
      '          k: v',
      '      - run: r',
      'none: {}',
      'list: []',
      '',
    ].join('\n'));
    expect(parse(text)).toEqual(document);
  });

  test('writes trailing comments, header comments and skips undefined values', () => {
    const text = toYaml({ uses: new Commented('a/b@0123', 'v1.0.0'), skipped: undefined }, ['first', '', 'second']);
    expect(text).toBe('# first\n#\n# second\nuses: a/b@0123 # v1.0.0\n');
  });

  test('a commented boolean stays a boolean', () => {
    const text = toYaml({ 'continue-on-error': new Commented(true, 'see the docs') });
    expect(text).toBe('continue-on-error: true # see the docs\n');
    expect(parse(text)).toEqual({ 'continue-on-error': true });
  });

  test('block text that starts with spaces or ends with blank lines reads back as written', () => {
    const document = { indented: '  two spaces\nthen none\n', blank: 'a\n\n\n', none: 'x\n  y' };
    expect(parse(toYaml(document))).toEqual(document);
  });

  test('lists in lists, and keys YAML would misread, read back as written', () => {
    const document = { 'l': [['nested', 'twice'], []], 'key: with colon': 'v', '#hash': 'w', 'yes': 'y' };
    const text = toYaml(document);
    expect(parse(text)).toEqual(document);
    expect(text).toContain("'key: with colon': v\n");
  });

  test('a hostile string stays one scalar: no new key, no comment, no document end', () => {
    const hostile = "x\n---\nevil: true # '\"\r\u0007";
    const text = toYaml({ description: hostile, safe: 'ok' });
    expect(parse(text)).toEqual({ description: hostile, safe: 'ok' });
  });

  test('rejects what it cannot write', () => {
    expect(() => toYaml({ n: Number.NaN })).toThrow(/cannot write NaN/);
  });
});

/**
 * toYaml writes the platform's documents directly (writeYaml) and leaves
 * anything else to the yaml package's Document (toYamlDocument): where the
 * direct writer writes a document at all, its text must be the package's.
 */
describe('the direct writer writes what the yaml package writes', () => {
  function documentsOf(render: () => void): Array<[YamlMap, string[]]> {
    const toYamlCalls = (yamlWriter.toYaml as jest.MockedFunction<typeof toYaml>).mock;
    const before = toYamlCalls.calls.length;
    render();
    return toYamlCalls.calls.slice(before).map(([document, header]) => [document, header ?? []]);
  }

  test('on every document of the example platform: workflows, catalog entities', () => {
    const documents = documentsOf(() => {
      const app = buildApp(Testing.app().outdir);
      ServiceCatalog.toYaml(ServiceCatalog.entities(app));
      new PlatformWorkflow({ githubOrganization: 'acme' }).render();
      new InfrastructureWorkflow({
        teamName: 'payments', githubOrganization: 'acme', environments: [{ name: 'dev' }, { name: 'prod', production: true }],
      }).render();
      new CiWorkflow({ serviceName: 'batch', teamSlug: 'data', environments: [], defaultBranch: 'trunk' }).render();
    });
    expect(documents.length).toBeGreaterThan(10);
    for (const [document, header] of documents) {
      const written = writeYaml(document, header);
      expect(written).toBeDefined();
      expect(written).toBe(toYamlDocument(document, header));
    }
  });

  test('a literal block written again, at the same indent or another, is the package\'s text each time', () => {
    // The writer keeps the blocks it wrote by indent: every service's workflow has the same scripts.
    const block = 'set -euo pipefail\nif [ -n "${X}" ]; then\n  echo "${X}"\nfi\n';
    const other = 'line one\n\nline three';
    const document: YamlMap = {
      jobs: { a: { steps: [{ run: block }, { run: other }] }, b: { steps: [{ run: block, with: { script: block } }] } },
      top: block,
      list: [block, other, { deeper: { still: other } }],
    };
    for (let i = 0; i < 3; i++) {
      const written = writeYaml(document);
      expect(written).toBe(toYamlDocument(document));
      expect(parse(written!)).toEqual(document);
    }
  });

  test('on 2,000 random documents (seeded), giving up on what it does not cover', () => {
    let seed = 24;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const pieces = ['a', 'run', 'x y', ':', ': ', ' #', '#', '-', '- ', '?', "'", '"', '\n', '\n\n', '\t', ' ', '{', '[', ']', ',', '*', '&',
      '!', '|', '>', '%', '@', '`', '---', '...', 'true', 'False', 'null', '~', 'yes', 'on', 'y', '0', '12', '1.5', '0x1F', '0o7', '.inf', '1e3',
      '${{ vars.X }}', 'é', '😀', '\u0007', '\r', '\u00a0', 'ab:c'];
    const text = (): string => Array.from({ length: Math.floor(random() * 4) }, () => pick(pieces)).join('');
    const scalar = (): YamlValue => pick([
      () => text(), () => text(), () => text(), () => pick([0, 1, -3, 42, 1.5, -0, 2 ** 60]), () => random() < 0.5,
      () => new Commented(pick<string | number | boolean>([text(), 7, true]), text()),
    ])();
    const value = (depth: number): YamlValue | undefined => {
      const r = random();
      if (depth > 3 || r < 0.5) return random() < 0.05 ? undefined : scalar();
      if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1) ?? text());
      const map: Record<string, YamlValue | undefined> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) map[random() < 0.7 ? pick(['name', 'run', 'with', 'on', 'steps', 'x-y']) : text()] = value(depth + 1);
      return map;
    };
    let written = 0;
    for (let i = 0; i < 2000; i++) {
      const document: Record<string, YamlValue | undefined> = {};
      for (let k = 1 + Math.floor(random() * 4); k > 0; k--) document[random() < 0.6 ? pick(['jobs', 'on', 'name', 'a b']) : text()] = value(0);
      const header = random() < 0.3 ? [text(), '', text()] : [];
      const fast = writeYaml(document as YamlMap, header);
      if (fast === undefined) continue;
      written++;
      expect({ document, text: fast }).toEqual({ document, text: toYamlDocument(document as YamlMap, header) });
    }
    // Enough of them are written directly for the comparison to mean something.
    expect(written).toBeGreaterThan(300);
  });
});
