/**
 * `npm test`'s eslint step reuses results only for the exact tree it linted:
 * the type-aware rules make a file's result depend on the files it imports,
 * so a cache keyed per file could pass a file that a change elsewhere broke
 * (typescript-eslint/typescript-eslint#4694).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', 'projenrc', 'eslint-tree-cache.js');

/** The arguments the wrapper passes to the command (echo prints them). */
function argsFor(cwd: string): string {
  return execFileSync('node', [SCRIPT, 'echo', 'src'], { cwd, encoding: 'utf8' }).trim();
}

function cacheLocation(cwd: string): string | undefined {
  return /--cache-location (\S+)/.exec(argsFor(cwd))?.[1];
}

describe('eslint cache keyed on the whole tree', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the same tree reuses its cache; any change, even to another file, takes a new one', () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'b.ts'), 'export async function b() {}\n');
    const first = cacheLocation(dir);
    expect(first).toMatch(/^node_modules[\\/]\.cache[\\/]eslint[\\/][0-9a-f]{16}$/);
    expect(argsFor(dir)).toBe(`--cache --cache-strategy content --cache-location ${first} src`);
    expect(cacheLocation(dir)).toBe(first);

    fs.writeFileSync(path.join(dir, 'b.ts'), 'export function b() {}\n');
    const changed = cacheLocation(dir);
    expect(changed).not.toBe(first);

    fs.writeFileSync(path.join(dir, 'c.ts'), '');
    expect(cacheLocation(dir)).not.toBe(changed);

    fs.rmSync(path.join(dir, 'c.ts'));
    fs.writeFileSync(path.join(dir, 'b.ts'), 'export async function b() {}\n');
    expect(cacheLocation(dir)).toBe(first);
  });

  test('ignored files (node_modules, the cache itself) do not change the key', () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    const first = cacheLocation(dir);
    fs.mkdirSync(path.join(dir, 'node_modules', '.cache', 'eslint'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', '.cache', 'eslint', 'old'), '{}');
    expect(cacheLocation(dir)).toBe(first);
  });

  test('outside a git checkout eslint runs without a cache', () => {
    expect(argsFor(dir)).toBe('src');
  });
});
