import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, sep } from 'path';
import * as ts from 'typescript';
import { cyclesOf, resolveRelative, sourceFiles, specifiersOf } from './import-graph';

const root = join(__dirname, '..');
const src = join(root, 'src');

/**
 * The import cycles between the files of the tree `src`, as `a.ts -> b.ts -> a.ts` (paths relative
 * to it): every module specifier of every file (test/import-graph.ts: type-only imports, exports
 * from, require(), import() and import types included), the relative ones resolved to their file.
 */
function fileCycles(tree: string): string[] {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(tree)) {
    const name = relative(tree, file).split(sep).join('/');
    edges.set(name, new Set());
    for (const specifier of specifiersOf(file, readFileSync(file, 'utf8')).filter((s) => s.startsWith('.'))) {
      const target = resolveRelative(file, specifier);
      if (target === undefined) throw new Error(`${name}: '${specifier}' reaches no file`);
      edges.get(name)!.add(relative(tree, target).split(sep).join('/'));
    }
  }
  return cyclesOf(edges).map((cycle) => cycle.join(' -> '));
}

describe('dependencies point one way', () => {
  test('src/ has no import cycle (type-only imports included)', () => {
    expect(fileCycles(src)).toEqual([]);
  });

  test('the cycle check names each cycle of a fixture tree, through any kind of import', () => {
    const tree = mkdtempSync(join(tmpdir(), 'cycles-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(tree, file)), { recursive: true });
      writeFileSync(join(tree, file), text);
    };
    try {
      write('index.ts', "export * from './a';\n");
      write('a.ts', "import type { B } from './b/b';\nexport interface A { b?: B }\n");
      write('b/b.ts', "export type B = import('../c').C;\n");
      write('c.ts', "import { A } from './a';\nexport type C = A;\n");
      write('d.ts', "export const load = () => require('./e');\n");
      write('e.ts', "export { load } from './d';\n");
      write('f.ts', "import '.';\n");
      write('leaf.ts', 'export const leaf = 1;\n');
      expect(fileCycles(tree)).toEqual(['a.ts -> b/b.ts -> c.ts -> a.ts', 'd.ts -> e.ts -> d.ts']);
      write('leaf.ts', "import { A } from './index';\nexport const leaf: A = {};\n");
      write('a.ts', "import { leaf } from './leaf';\nexport interface A { b?: typeof leaf }\n");
      expect(fileCycles(tree)).toEqual(['a.ts -> leaf.ts -> index.ts -> a.ts', 'd.ts -> e.ts -> d.ts']);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  test('the catalog reads the tree through its sources, not by importing the constructs', () => {
    const catalogFiles = readdirSync(join(src, 'catalog')).map((f) => readFileSync(join(src, 'catalog', f), 'utf8'));
    const constructModules = /from '\.\.\/(platform|team|service|database)\//;
    expect(catalogFiles.filter((text) => constructModules.test(text))).toEqual([]);
  });

  test('the database and team parts do not import the constructs above them', () => {
    const importsOf = (dir: string) => readdirSync(join(src, dir)).flatMap((f) =>
      [...readFileSync(join(src, dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${dir}/${f} -> ${m[1]}`));
    expect(importsOf('database').filter((i) => /go-microservice|service-repository|catalog\/catalog'/.test(i))).toEqual([]);
    expect(importsOf('team').filter((i) => /team-environment'/.test(i) && !i.startsWith('team/team-environment.ts'))).toEqual([]);
  });
});

/**
 * What src/index.ts exports, by kind, as the TypeScript compiler sees it. The program holds src/
 * alone: what a symbol of src/ is (class, enum, interface) is declared there, so the compiler
 * reads neither the standard library nor cdktf and the providers (which made the program three
 * times as big). A name src/ only re-exported from a package would stay unresolved: `other`.
 */
function exportsOfIndex(): { runtime: string[]; types: string[]; other: string[] } {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true, noLib: true, types: [],
  };
  const host = ts.createCompilerHost(options);
  host.resolveModuleNames = (names, containing) => names.map((name) =>
    (name.startsWith('.') ? ts.resolveModuleName(name, containing, options, host).resolvedModule : undefined));
  const program = ts.createProgram([join(src, 'index.ts')], options, host);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(src, 'index.ts'))!)!;
  const runtime: string[] = [];
  const types: string[] = [];
  const other: string[] = [];
  const is = (symbol: ts.Symbol, flag: ts.SymbolFlags) => (symbol.flags & flag) !== 0; // eslint-disable-line no-bitwise
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = is(exported, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exported) : exported;
    if (is(symbol, ts.SymbolFlags.Class) || is(symbol, ts.SymbolFlags.Enum)) runtime.push(exported.name);
    else if (is(symbol, ts.SymbolFlags.Interface)) types.push(exported.name);
    else other.push(exported.name);
  }
  return { runtime: runtime.sort(), types: types.sort(), other: other.sort() };
}

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

describe('the package exports exactly its public API', () => {
  const declared = exportsOfIndex();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = Object.keys(require('../src')).sort();

  test('every runtime export is a class or enum jsii can carry: no helper function or constant', () => {
    expect(declared.other).toEqual([]);
    expect(runtime).toEqual(declared.runtime);
  });

  test('helpers and internal constructs stay in their modules', () => {
    const internal = [
      'serviceWorkloadProblems', 'effectiveSettings', 'quotaOverruns', 'IMAGE_ATTRIBUTE', 'REPLICAS_ATTRIBUTE', 'databasesOf',
      'goldenPathProblems', 'sizeSpec', 'entityRef', 'CATALOG_FILE', 'MANAGED_BY', 'DEFAULT_ENVIRONMENTS',
      'GithubReviewerLookup', 'SqlServiceAccess', 'RedisServiceAccess',
    ];
    expect(runtime.filter((name) => internal.includes(name))).toEqual([]);
  });

  test('the names of the documented API are exported', () => {
    expect(runtime).toEqual(expect.arrayContaining([
      'Platform', 'TeamEnvironment', 'ManagedDatabase', 'GoMicroservice', 'GoldenPath', 'DatabaseEngine', 'DatabaseSize',
      'Guardrails', 'GuardrailLevel', 'GuardrailPack', 'ServiceCatalog', 'SqlDatabaseEnvironment', 'RedisEnvironment',
    ]));
  });

  // After `npx projen compile`, .jsii lists the types jsii sees; a stale one (older than src/) is not judged.
  const jsiiFile = join(root, '.jsii');
  const fresh = existsSync(jsiiFile) && statSync(jsiiFile).mtimeMs >= newest(src);
  (fresh ? test : test.skip)('the runtime exports are the classes and enums of the compiled .jsii', () => {
    const assembly = JSON.parse(readFileSync(jsiiFile, 'utf8'));
    const jsiiTypes = Object.values<{ name: string; kind: string; namespace?: string }>(assembly.types ?? {});
    const topLevel = jsiiTypes.filter((t) => t.namespace === undefined);
    expect(topLevel.filter((t) => t.kind !== 'interface').map((t) => t.name).sort()).toEqual(runtime);
    expect(topLevel.filter((t) => t.kind === 'interface').map((t) => t.name).sort()).toEqual(declared.types);
  });
});
