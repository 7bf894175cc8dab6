import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve, sep } from 'path';
import { cyclesOf, sourceFiles, specifiersOf } from './import-graph';

/**
 * The layer order of src/ (docs/architecture.md): a folder imports only
 * folders of lower layers; the folders of one layer are independent of one
 * another. Type-only imports count: a type names the shape of the module it
 * comes from, and jsii carries it into the API of every language.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['private'],
  ['catalog', 'guardrails', 'scaffold', 'workload'],
  ['platform'],
  ['team'],
  ['database'],
  ['service'],
  ['index.ts'],
  ['report'],
  ['metrics'],
  ['cli'],
  ['bin'],
];

const root = join(__dirname, '..');

/** One import of a module of src/ by another, across folders. */
interface FolderImport {
  /** The importing file, relative to the repository (`src/private/parallel-synth.ts`). */
  readonly file: string;
  /** The module specifier as written. */
  readonly specifier: string;
  readonly from: string;
  readonly to: string;
}

/** The layer (folder or root file) a path under `src` belongs to: its first segment. */
function layerOf(src: string, path: string): string | undefined {
  const rel = relative(src, path);
  if (rel === '' || rel.startsWith('..')) return rel === '' ? 'index.ts' : undefined;
  const [first, ...rest] = rel.split(sep);
  if (rest.length > 0) return first;
  // A root file, or a folder imported through its index.ts.
  if (existsSync(path) && statSync(path).isDirectory()) return first;
  return first.endsWith('.ts') ? first : `${first}.ts`;
}

/** The imports between layers of the tree `src`: relative specifiers resolved to the folder (or root file) they reach. */
function folderImports(src: string): FolderImport[] {
  return sourceFiles(src).flatMap((path) => {
    const from = layerOf(src, path)!;
    return specifiersOf(path, readFileSync(path, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ file: relative(join(src, '..'), path).split(sep).join('/'), specifier, from, to: layerOf(src, resolve(dirname(path), specifier)) }))
      .filter((i): i is FolderImport => i.to !== undefined && i.to !== from);
  });
}

/** The cycles between folders: one path per strongly connected set of folders, as `a -> b -> a`. */
function folderCycles(imports: readonly FolderImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  return cyclesOf(edges);
}

/** Every breach of `layers` in the tree `src`, one message per line. */
export function layerViolations(src: string, layers: readonly (readonly string[])[] = LAYERS): string[] {
  const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  const name = (layer: string) => (layer.endsWith('.ts') ? `src/${layer}` : `${layer}/`);
  const imports = folderImports(src);
  const messages: string[] = [];
  const present = readdirSync(src).filter((n) => !n.startsWith('.')).sort();
  for (const layer of present.filter((n) => !rank.has(n))) {
    messages.push(`${name(layer)} has no layer: add it to LAYERS (test/layers.test.ts) and to docs/architecture.md`);
  }
  for (const i of imports) {
    const a = rank.get(i.from);
    const b = rank.get(i.to);
    if (a === undefined || b === undefined) continue;
    if (b > a) {
      messages.push(`upward import: ${i.file} imports '${i.specifier}' (${name(i.from)} is layer ${a}, ${name(i.to)} is layer ${b})`);
    } else if (b === a) {
      messages.push(`import between siblings: ${i.file} imports '${i.specifier}' (${name(i.from)} and ${name(i.to)} are both layer ${a}, which are independent)`);
    }
  }
  for (const cycle of folderCycles(imports)) {
    const steps = cycle.slice(1).map((to, k) => {
      const first = imports.find((i) => i.from === cycle[k] && i.to === to)!;
      return `${first.file} imports '${first.specifier}'`;
    });
    messages.push(`folder cycle: ${cycle.map(name).join(' -> ')} (${steps.join('; ')})`);
  }
  return messages;
}

describe('the layer order of src/ (docs/architecture.md)', () => {
  test('no folder imports a higher layer or a sibling, and no folders import each other in a cycle', () => {
    const violations = layerViolations(join(root, 'src'));
    // One line per breach, so that a failure reads as a list.
    expect(violations.join('\n')).toBe('');
  });

  test('docs/architecture.md lists the same layers, lowest first', () => {
    const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), [...m[2].matchAll(/`(?:src\/)?([^`/]+)\/?`/g)].map((f) => f[1])] as const);
    expect(rows.map(([n]) => n)).toEqual(LAYERS.map((_, i) => i));
    expect(rows.map(([, folders]) => [...folders].sort())).toEqual(LAYERS.map((folders) => [...folders].sort()));
  });

  describe('the check, on a fixture tree', () => {
    let src: string;
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), text);
    };
    beforeEach(() => {
      src = join(mkdtempSync(join(tmpdir(), 'layers-')), 'src');
      write('index.ts', "export { Thing } from './low/thing';\n");
      write('low/thing.ts', 'export class Thing {}\n');
      write('high/user.ts', "import { Thing } from '../low/thing';\nexport const thing = new Thing();\n");
    });
    afterEach(() => rmSync(dirname(src), { recursive: true, force: true }));
    const layers = [['low'], ['high'], ['index.ts']];

    test('passes a tree whose imports point down', () => {
      expect(layerViolations(src, layers)).toEqual([]);
    });

    test('names each upward import (type-only ones too) with its file, module and both layers, and the folder cycle it makes', () => {
      write('low/helper.ts', "import type { thing } from '../high/user';\nexport type T = typeof thing;\n");
      expect(layerViolations(src, layers)).toEqual([
        "upward import: src/low/helper.ts imports '../high/user' (low/ is layer 0, high/ is layer 1)",
        "folder cycle: high/ -> low/ -> high/ (src/high/user.ts imports '../low/thing'; src/low/helper.ts imports '../high/user')",
      ]);
    });

    test('sees exports from, require(), import() and import types, and an import of the package root', () => {
      write('low/a.ts', "export * from '../high/user';\n");
      write('low/b.ts', "const u = require('../high/user');\nexport = u;\n");
      write('low/c.ts', "export const load = () => import('../high/user');\n");
      write('low/d.ts', "export type U = import('../high/user').Thing;\n");
      write('low/e.ts', "import { Thing } from '..';\nexport const t = Thing;\n");
      expect(layerViolations(src, layers).filter((m) => m.startsWith('upward'))).toEqual([
        "upward import: src/low/a.ts imports '../high/user' (low/ is layer 0, high/ is layer 1)",
        "upward import: src/low/b.ts imports '../high/user' (low/ is layer 0, high/ is layer 1)",
        "upward import: src/low/c.ts imports '../high/user' (low/ is layer 0, high/ is layer 1)",
        "upward import: src/low/d.ts imports '../high/user' (low/ is layer 0, high/ is layer 1)",
        "upward import: src/low/e.ts imports '..' (low/ is layer 0, src/index.ts is layer 2)",
      ]);
    });

    test('refuses an import between the folders of one layer, and a folder without a layer', () => {
      write('side/s.ts', "import { Thing } from '../low/thing';\nexport const s = Thing;\n");
      write('low/uses-side.ts', "import { s } from '../side/s';\nexport const x = s;\n");
      write('stray/x.ts', 'export const x = 1;\n');
      expect(layerViolations(src, [['low', 'side'], ['high'], ['index.ts']])).toEqual([
        'stray/ has no layer: add it to LAYERS (test/layers.test.ts) and to docs/architecture.md',
        "import between siblings: src/low/uses-side.ts imports '../side/s' (low/ and side/ are both layer 0, which are independent)",
        "import between siblings: src/side/s.ts imports '../low/thing' (side/ and low/ are both layer 0, which are independent)",
        "folder cycle: low/ -> side/ -> low/ (src/low/uses-side.ts imports '../side/s'; src/side/s.ts imports '../low/thing')",
      ]);
    });
  });
});
