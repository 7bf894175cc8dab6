import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compiled, compiledApp, compiledRoot } from './setup/compiled-js';

/**
 * The test harness itself (test/setup/): what the speed-ups keep.
 */

describe('the repository transpiled once per jest run (compiled-js)', () => {
  test('a repository file maps to JavaScript that runs on plain node, with the repository\'s data beside it', () => {
    const bin = compiled('src/bin/cdktf-guardrails.ts');
    expect(bin).toBe(path.join(compiledRoot(), 'src', 'bin', 'cdktf-guardrails.js'));
    // The same source, transpiled: the file's exported names are there.
    expect(fs.readFileSync(compiled(path.join(__dirname, '..', 'src', 'index.ts')), 'utf8')).toMatch(/exports/);
    // __dirname-relative reads (the built-in template, the grants SQL, package.json) resolve.
    const script = `const lib = require(${JSON.stringify(compiled('src/index.ts'))}); console.log(typeof lib.GoMicroservice, require(${JSON.stringify(path.join(compiledRoot(), 'package.json'))}).name)`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).toBe('function cdktf-golden-paths');
    for (const data of ['templates/go-microservice/go.mod', 'sql/postgres-grants.sql']) {
      expect(fs.existsSync(path.join(compiledRoot(), data))).toBe(true);
    }
    expect(compiledApp('examples/platform/main.ts')).toBe(`${JSON.stringify(process.execPath)} ${JSON.stringify(compiled('examples/platform/main.ts'))}`);
  });

  test('a file outside what is transpiled is refused with the folders that are', () => {
    expect(() => compiled('projenrc/jest.ts')).toThrow(/^projenrc\/jest\.ts has no transpiled counterpart in .*: is it under src, bench, examples, test\/fixtures\?$/);
  });
});

describe('stacks in a test file (creation-stacks)', () => {
  test('a stack captured on a plain object, as cdktf records a creation stack, is formatted as V8 formats it outside jest', () => {
    const holder = { stack: '' };
    Error.captureStackTrace(holder);
    const lines = holder.stack.split('\n');
    expect(lines[0]).toBe('Error');
    // Not source-mapped: the frame names the test file at a position of its transpiled code, as node prints it.
    expect(lines[1]).toMatch(/^ {4}at Object\.<anonymous> \(.*harness\.test\.ts:\d+:\d+\)$/);
  });

  test('an error\'s stack still goes through jest\'s source maps, to the TypeScript line', () => {
    const error = new Error('where');
    const line = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((l) => l.includes("new Error('where')")) + 1;
    expect(error.stack!.split('\n')[1]).toMatch(new RegExp(`harness\\.test\\.ts:${line}:\\d+\\)$`));
  });
});
