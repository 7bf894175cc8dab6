import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

/**
 * GoldenPathsValidationError as the compiled assembly (.jsii) carries it to
 * every language: exported at the top of the package, with no base class jsii
 * cannot carry, and with every member docs/errors.md documents, typed as it
 * says. The assembly is judged after `npx projen compile`; a stale one (older
 * than src/) is not judged, unless GOLDEN_PATHS_REQUIRE_JSII is set, as
 * `.ci/run` sets it after its compile: then a stale or missing one fails.
 */

const root = join(__dirname, '..', '..');
const PACKAGE = 'cdktf-golden-paths';
const ERROR = `${PACKAGE}.GoldenPathsValidationError`;
const PROBLEM = `${PACKAGE}.ValidationProblem`;

interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: TypeRef };
}
interface Docs { readonly summary?: string; readonly example?: string }
interface Member {
  readonly name: string;
  readonly type?: TypeRef;
  readonly optional?: boolean;
  readonly immutable?: boolean;
  readonly static?: boolean;
  readonly docs?: Docs;
}
interface Method extends Member {
  readonly parameters?: Array<{ readonly name: string; readonly type: TypeRef }>;
  readonly returns?: { readonly type: TypeRef };
}
interface JsiiType {
  readonly kind: string;
  readonly fqn: string;
  readonly namespace?: string;
  readonly base?: string;
  readonly abstract?: boolean;
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly initializer?: { readonly parameters?: Array<{ readonly name: string; readonly type: TypeRef }> };
  readonly methods?: Method[];
  readonly properties?: Member[];
}
interface Assembly { readonly types: Record<string, JsiiType> }

/** A type as written in docs/errors.md's table (`ValidationProblem[]`, `string`). */
function show(t: TypeRef | undefined): string {
  if (t === undefined) return 'void';
  if (t.primitive) return t.primitive;
  if (t.fqn) return t.fqn.replace(`${PACKAGE}.`, '');
  if (t.collection) return `${show(t.collection.elementtype)}[]`;
  return JSON.stringify(t);
}

/** What docs/errors.md documents of the error: the fields of its table, and the calls it shows. */
interface Documented {
  /** `message`, `problems`, `problems[i].path`, ... */
  readonly fields: string[];
  /** Static methods called as `GoldenPathsValidationError.<name>(`. */
  readonly statics: string[];
  /** The constructor's parameters, as `new GoldenPathsValidationError(<a>, <b>)` shows them. */
  readonly constructorParameters: string[];
}

function documented(markdown: string): Documented {
  const table = markdown.split('### What the error carries')[1].split('\n### ')[0];
  return {
    fields: [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]),
    statics: [...new Set([...markdown.matchAll(/GoldenPathsValidationError\.([A-Za-z]+)\(/g)].map((m) => m[1]))],
    constructorParameters: /new GoldenPathsValidationError\(([^)]*)\)/.exec(markdown)?.[1].split(',').map((p) => p.trim()) ?? [],
  };
}

/** What is wrong with the error's types in `assembly`, against what `docs` documents. */
function assemblyProblems(assembly: Assembly, docs: Documented): string[] {
  const found: string[] = [];
  const error = assembly.types[ERROR];
  const problem = assembly.types[PROBLEM];
  if (!error) return [`${ERROR} is not in the assembly`];
  if (!problem) return [`${PROBLEM} is not in the assembly`];
  if (error.kind !== 'class' || error.abstract) found.push(`${ERROR} is a ${error.abstract ? 'abstract ' : ''}${error.kind}, not a class`);
  if (error.namespace !== undefined) found.push(`${ERROR} is in namespace ${error.namespace}, not at the top of the package`);
  // jsii carries no base class that extends Error into the other languages.
  if (error.base !== undefined) found.push(`${ERROR} declares the base class ${error.base}`);
  if (!error.docs?.summary) found.push(`${ERROR} has no summary`);
  if (!error.docs?.example?.includes('isGoldenPathsValidationError')) found.push(`${ERROR}'s example does not tell an input error from a defect`);
  if (problem.kind !== 'interface' || !problem.datatype || problem.namespace !== undefined) found.push(`${PROBLEM} is not a top-level struct`);

  const expect = (where: string, member: Member | undefined, type: string, optional = false) => {
    if (!member) {
      found.push(`${where} is documented but not in the assembly`);
      return;
    }
    if (show(member.type) !== type) found.push(`${where} is ${show(member.type)}, not ${type}`);
    if (Boolean(member.optional) !== optional) found.push(`${where} is ${member.optional ? '' : 'not '}optional`);
    if (member.immutable === false || (member.type && !member.immutable)) found.push(`${where} is not readonly`);
    if (!member.docs?.summary) found.push(`${where} has no summary`);
  };
  const property = (t: JsiiType, name: string) => t.properties?.find((p) => p.name === name && !p.static);
  for (const field of docs.fields) {
    // JavaScript's own Error.cause: the library sets it, the class does not declare it.
    if (field === 'cause') continue;
    const nested = /^problems\[i\]\.(\w+)$/.exec(field);
    if (nested) {
      const optional = ['prop', 'value'].includes(nested[1]);
      expect(`ValidationProblem.${nested[1]}`, property(problem, nested[1]), 'string', optional);
    } else if (field === 'problems') {
      expect('GoldenPathsValidationError.problems', property(error, 'problems'), 'ValidationProblem[]');
    } else {
      expect(`GoldenPathsValidationError.${field}`, property(error, field), 'string');
    }
  }
  for (const name of docs.statics) {
    const method = error.methods?.find((m) => m.name === name);
    if (!method?.static) found.push(`GoldenPathsValidationError.${name}() is documented but is not a static method of the assembly`);
    else if (show(method.returns?.type) !== 'boolean' || method.parameters?.length !== 1) found.push(`GoldenPathsValidationError.${name}() is not a guard (one parameter, boolean)`);
  }
  const parameters = (error.initializer?.parameters ?? []).map((p) => `${p.name}: ${show(p.type)}`);
  const expected = docs.constructorParameters.map((p) => `${p}: ${p === 'problems' ? 'ValidationProblem[]' : 'string'}`);
  if (JSON.stringify(parameters) !== JSON.stringify(expected)) found.push(`new GoldenPathsValidationError(${parameters.join(', ')}) is documented as (${expected.join(', ')})`);
  return found;
}

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

const jsiiFile = join(root, '.jsii');
const fresh = existsSync(jsiiFile) && statSync(jsiiFile).mtimeMs >= newest(join(root, 'src'));
const required = process.env.GOLDEN_PATHS_REQUIRE_JSII !== undefined && process.env.GOLDEN_PATHS_REQUIRE_JSII !== '';
const judged = fresh || required ? describe : describe.skip;

judged('the compiled assembly carries GoldenPathsValidationError as docs/errors.md documents it', () => {
  const docs = documented(readFileSync(join(root, 'docs', 'errors.md'), 'utf8'));
  const assembly = (): Assembly => JSON.parse(readFileSync(jsiiFile, 'utf8'));

  test('the assembly is fresh (newer than src/)', () => {
    expect(fresh).toBe(true);
  });

  test('docs/errors.md documents the fields, the guard and the constructor', () => {
    expect(docs.fields).toEqual(expect.arrayContaining(['message', 'problems', 'problems[i].path', 'problems[i].prop', 'problems[i].value', 'problems[i].problem', 'problems[i].fix']));
    expect(docs.statics).toEqual(['isGoldenPathsValidationError']);
    expect(docs.constructorParameters).toEqual(['message', 'problems']);
  });

  test('every documented member is in the assembly, typed and described as documented', () => {
    expect(assemblyProblems(assembly(), docs)).toEqual([]);
  });

  test('the check fails on an assembly that lost a member, gained a base class or a mutable field', () => {
    const real = assembly();
    const error = real.types[ERROR];
    const withError = (t: Partial<JsiiType>): Assembly => ({ types: { ...real.types, [ERROR]: { ...error, ...t } } });
    expect(assemblyProblems(withError({ properties: error.properties!.filter((p) => p.name !== 'problems') }), docs))
      .toEqual(['GoldenPathsValidationError.problems is documented but not in the assembly']);
    expect(assemblyProblems(withError({ base: 'cdktf-golden-paths.SomeError' }), docs)).toEqual([`${ERROR} declares the base class cdktf-golden-paths.SomeError`]);
    expect(assemblyProblems(withError({ properties: error.properties!.map((p) => (p.name === 'message' ? { ...p, immutable: false } : p)) }), docs))
      .toEqual(['GoldenPathsValidationError.message is not readonly']);
    const { [PROBLEM]: _gone, ...withoutProblem } = real.types;
    expect(assemblyProblems({ types: withoutProblem }, docs)).toEqual([`${PROBLEM} is not in the assembly`]);
  });
});
