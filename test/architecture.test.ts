import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..');
const src = join(root, 'src');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const madge = require('madge');

describe('dependencies point one way', () => {
  test('src/ has no import cycle (type-only imports included)', async () => {
    const result = await madge(src, { fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.dev.json') });
    expect(result.circular()).toEqual([]);
  }, 60_000);

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

/** What src/index.ts exports, by kind, as the TypeScript compiler sees it. */
function exportsOfIndex(): { runtime: string[]; types: string[]; other: string[] } {
  const program = ts.createProgram([join(src, 'index.ts')], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true,
  });
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
