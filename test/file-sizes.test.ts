import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, sep } from 'path';

/**
 * One concept per file (STYLE.md, docs/architecture.md): a file of src/ past
 * this many lines usually holds two, and is split along that seam (props and
 * their validation, the construct, its renderer).
 */
const MAX_LINES = 500;

const root = join(__dirname, '..');

/** Lines of a text as `wc -l` counts them, plus a last line without a newline. */
function lineCount(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text === '' || text.endsWith('\n') ? newlines : newlines + 1;
}

/** Every file under `dir` with its line count, by path relative to `base` (with "/"), largest first. */
function fileSizes(dir: string, base: string): Array<{ file: string; lines: number }> {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return walk(dir)
    .map((path) => ({ file: relative(base, path).split(sep).join('/'), lines: lineCount(readFileSync(path, 'utf8')) }))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

/** The files under `dir` over `max` lines, as "<file>: <n> lines". */
function oversizedFiles(dir: string, base: string, max: number): string[] {
  return fileSizes(dir, base)
    .filter(({ lines }) => lines > max)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
}

describe(`no file of src/ is over ${MAX_LINES} lines`, () => {
  test('src/', () => {
    expect(oversizedFiles(join(root, 'src'), root, MAX_LINES)).toEqual([]);
  });

  describe('the check', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'file-sizes-'));
      mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
      const lines = (n: number) => Array.from({ length: n }, (_, i) => `const x${i} = ${i};\n`).join('');
      writeFileSync(join(dir, 'src', 'at-limit.ts'), lines(500));
      writeFileSync(join(dir, 'src', 'deep', 'over.ts'), lines(501));
      writeFileSync(join(dir, 'src', 'deep', 'no-final-newline.ts'), `${lines(500)}const last = 1;`);
      writeFileSync(join(dir, 'src', 'bigger.ts'), lines(620));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('lists every file over the limit, in any folder, with its size, largest first', () => {
      expect(oversizedFiles(join(dir, 'src'), dir, 500)).toEqual([
        'src/bigger.ts: 620 lines',
        'src/deep/no-final-newline.ts: 501 lines',
        'src/deep/over.ts: 501 lines',
      ]);
    });
  });
});
