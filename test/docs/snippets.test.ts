import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from './generated';

/**
 * The TypeScript examples of docs/*.md compile against the library, as the
 * README's do under jsii-rosetta (which reads only the README and the API
 * docs from the assembly): each ```ts block is put into its rosetta fixture
 * (rosetta/default.ts-fixture, or the one its `fixture=` names) at `/// here`,
 * its imports hoisted above it, and the whole set is type-checked in one
 * program with `cdktf-golden-paths` resolved to src/.
 */
interface Snippet {
  readonly doc: string;
  /** The line of the opening fence. */
  readonly line: number;
  readonly fixture: string;
  readonly code: string;
}

export function snippetsOf(doc: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(ts|typescript)\b(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const fixture = /\bfixture=(\S+)/.exec(fence[2])?.[1] ?? 'default';
    snippets.push({ doc, line: i + 1, fixture, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return snippets;
}

/** The snippet in its fixture, and the line of the fixture where the snippet's first line lands. */
export function inFixture(snippet: Snippet, fixture: string): { source: string; firstLine: number } {
  const imports = /^import\b[\s\S]*?from\s+'[^']+';[ \t]*$/gm;
  const hoisted = (snippet.code.match(imports) ?? []).join('\n');
  const body = snippet.code.replace(imports, (m) => m.replace(/[^\n]/g, '')); // keep the line count
  const here = /^[ \t]*\/\/\/ here[ \t]*$/m.exec(fixture)!; // the line, not the fixture's comments that name it
  const before = `${hoisted}\n${fixture.slice(0, here.index)}`;
  return { source: `${before}${body}${fixture.slice(here.index + here[0].length)}`, firstLine: before.split('\n').length };
}

describe('the TypeScript examples of docs/', () => {
  test('compile against the library in their rosetta fixture', () => {
    const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
    const snippets = docs.flatMap((doc) => snippetsOf(doc, fs.readFileSync(path.join(ROOT, doc), 'utf8')));
    expect(snippets.length).toBeGreaterThan(10);
    const files = new Map(snippets.map((s) => {
      const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', `${s.fixture}.ts-fixture`), 'utf8');
      return [path.join(ROOT, 'test', 'docs', '.snippets', `${path.basename(s.doc, '.md')}-${s.line}.ts`), { snippet: s, ...inFixture(s, fixture) }] as const;
    }));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      experimentalDecorators: true,
      types: [],
      baseUrl: ROOT,
      paths: { 'cdktf-golden-paths': ['src/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.fileExists = ((exists) => (f: string) => files.has(f) || exists(f))(host.fileExists.bind(host));
    host.readFile = (f) => files.get(f)?.source ?? read(f);
    const program = ts.createProgram([...files.keys()], options, host);
    // The snippets' own diagnostics: the checker reads of src/ and the packages only what they use
    // (ts.getPreEmitDiagnostics would check every file of the program, src/ whole, to drop it).
    const snippetDiagnostics = [...files.keys()].flatMap((f) => {
      const file = program.getSourceFile(f)!;
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    });
    const problems = snippetDiagnostics.filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
      const { snippet, firstLine } = files.get(d.file!.fileName)!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
      const where = line + 1 >= firstLine ? `${snippet.doc}:${snippet.line + 1 + line + 1 - firstLine}` : `${snippet.doc}:${snippet.line} (fixture ${snippet.fixture})`;
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems.join('\n')).toBe('');
  });

  test('a snippet\'s imports go above its fixture, and its lines keep their numbers', () => {
    const snippet: Snippet = { doc: 'docs/x.md', line: 10, fixture: 'stack', code: "import {\n  Platform,\n} from 'cdktf-golden-paths';\n\nPlatform.of(stack);" };
    const { source, firstLine } = inFixture(snippet, '// fixture\n{\n  /// here\n}\n');
    expect(source).toBe("import {\n  Platform,\n} from 'cdktf-golden-paths';\n// fixture\n{\n\n\n\n\nPlatform.of(stack);\n}\n");
    expect(source.split('\n')[firstLine - 1 + 4]).toBe('Platform.of(stack);');
  });
});
