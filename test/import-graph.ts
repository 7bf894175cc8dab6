import { existsSync, readdirSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import * as ts from 'typescript';

/**
 * The import graph of a TypeScript tree, read file by file with the
 * TypeScript parser (no program, no type checking): what test/layers.test.ts
 * checks folder by folder and test/architecture.test.ts file by file.
 */

/** Every `.ts` file under `dir`, sorted by name at each level. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every module specifier of a file: imports (`import type` included), exports
 * from another module, `import x = require()`, `require()`, `import()` and
 * `import('...')` types.
 */
export function specifiersOf(fileName: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      literal(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      literal(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword
      || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      literal(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      literal(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/**
 * The file a relative specifier of `from` reaches, as Node resolves a `.ts`
 * tree: `<path>.ts`, or `<path>/index.ts` for a folder; undefined when neither exists.
 */
export function resolveRelative(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  if (target.endsWith('.ts') && existsSync(target)) return target;
  if (existsSync(`${target}.ts`)) return `${target}.ts`;
  if (existsSync(target) && statSync(target).isDirectory() && existsSync(join(target, 'index.ts'))) return join(target, 'index.ts');
  return undefined;
}

/**
 * The cycles of a directed graph: one path per strongly connected set of nodes
 * (Tarjan's algorithm), as `a -> b -> a`, from the set's first node (by name)
 * along edges inside it, back to the start. A node that reaches itself alone
 * is a cycle too (`a -> a`).
 */
export function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const next = (n: string) => [...(edges.get(n) ?? [])].sort();
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const connect = (n: string): void => {
    index.set(n, counter);
    low.set(n, counter++);
    stack.push(n);
    for (const m of next(n)) {
      if (!index.has(m)) {
        connect(m);
        low.set(n, Math.min(low.get(n)!, low.get(m)!));
      } else if (stack.includes(m)) {
        low.set(n, Math.min(low.get(n)!, index.get(m)!));
      }
    }
    if (low.get(n) === index.get(n)) {
      const component: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        component.push(m);
      } while (m !== n);
      if (component.length > 1 || next(n).includes(n)) components.push(component.sort());
    }
  };
  [...edges.keys()].sort().forEach((n) => index.has(n) || connect(n));
  return components.map((component) => {
    const start = component[0];
    const path = [start];
    const seen = new Set([start]);
    const walk = (n: string): boolean => {
      for (const m of next(n).filter((x) => component.includes(x))) {
        if (m === start) return path.push(m) > 0;
        if (seen.has(m)) continue;
        seen.add(m);
        path.push(m);
        if (walk(m)) return true;
        path.pop();
      }
      return false;
    };
    walk(start);
    return path;
  });
}
