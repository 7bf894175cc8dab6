import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { compiled } from './setup/compiled-js';

const root = join(__dirname, '..');

/** ESLint's messages for each file, by file name. */
type LintMessages = Record<string, Array<{ ruleId: string; message: string }>>;

/**
 * Lints fixture files with the repository's own configuration and rules, in
 * one eslint run, without writing into the repository (other suites read src/
 * as they run): eslint runs in a temp folder laid out as the repository, its
 * configuration, tsconfigs and packages linked from it, and src/private too,
 * which the seam fixture imports. The type-aware parser gets a program of the
 * fixtures alone (with tsconfig.dev.json's options): building the program of
 * every file of the repository was most of the run's time.
 */
function lintFixtures(fixtures: Array<{ under: string; files: Record<string, string> }>): LintMessages {
  const mirror = mkdtempSync(join(tmpdir(), 'lint-fixtures-'));
  try {
    for (const name of ['.eslintrc.json', 'node_modules', 'package.json', 'tsconfig.json', 'tsconfig.dev.json']) symlinkSync(join(root, name), join(mirror, name));
    mkdirSync(join(mirror, 'src'));
    symlinkSync(join(root, 'src', 'private'), join(mirror, 'src', 'private'));
    const dirs = fixtures.map(({ under, files }) => {
      const dir = join(mirror, under, 'lint-fixture');
      mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      return dir;
    });
    const project = join(mirror, 'tsconfig.fixtures.json');
    writeFileSync(project, JSON.stringify({ extends: './tsconfig.dev.json', include: dirs.map((dir) => join(dir, '*.ts')) }));
    const result = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--ext', '.ts', '--format', 'json', '--parser-options', `project:${project}`, ...dirs], {
      cwd: mirror,
      env: { ...process.env, ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
    });
    const reports: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }> = JSON.parse(result.stdout);
    return Object.fromEntries(reports.map((r) => [basename(r.filePath), r.messages]));
  } finally {
    rmSync(mirror, { recursive: true, force: true });
  }
}

describe('deep provider imports', () => {
  test('loading the library loads no provider package root', () => {
    const script = `
      require(${JSON.stringify(compiled('src/index.ts'))});
      const loaded = Object.keys(require.cache);
      const roots = loaded.filter((f) => /@cdktf[\\\\/]provider-[a-z0-9-]+[\\\\/]lib[\\\\/]index\\.js$/.test(f));
      const providerModules = loaded.filter((f) => /@cdktf[\\\\/]provider-/.test(f));
      console.log(JSON.stringify({ roots, providerModules: providerModules.length }));
    `;
    // The library as its users load it: JavaScript (transpiled once per jest run: test/setup/compiled-js.ts).
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    const { roots, providerModules } = JSON.parse(out.trim().split('\n').pop()!);
    expect(roots).toEqual([]);
    // The library does load provider modules (the count is live), but only the resource modules it uses: a root import would load thousands.
    expect(providerModules).toBeGreaterThan(10);
    expect(providerModules).toBeLessThan(200);
  });
});

describe('deep provider imports, enforced by lint rules', () => {
  let lint: LintMessages;
  beforeAll(() => {
    // The fixture's import is assembled, so that no scan of this repository mistakes it for a real root import.
    const providerRoot = ['@cdktf', 'provider-google'].join('/');
    lint = lintFixtures([
      {
        under: 'test',
        files: {
          'root.ts': `import { SqlDatabaseInstance } from '${providerRoot}';\nexport const x = SqlDatabaseInstance;\n`,
          'deep.ts': "import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';\nexport const x = SqlDatabaseInstance;\n",
        },
      },
      {
        under: 'src',
        files: {
          'core.ts': "import { Token } from 'cdktf';\nexport const x = Token;\n",
          'provider.ts': "import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';\nexport const x = SqlDatabase;\n",
          'seam.ts': "import { Token } from '../private/cdk';\nimport { SqlDatabase } from '../private/providers/google';\nexport const x = [Token, SqlDatabase];\n",
        },
      },
    ]);
  }, 60_000);

  test('the lint rule rejects a provider package root and accepts a resource module', () => {
    expect(lint['root.ts']).toEqual([expect.objectContaining({
      ruleId: 'no-restricted-imports',
      message: expect.stringMatching(/Import the resource module \(@cdktf\/provider-<name>\/lib\/<resource>\)/),
    })]);
    expect(lint['deep.ts']).toEqual([]);
  });

  test('src/ reaches cdktf and the providers only through the runtime seam', () => {
    const seam = [expect.objectContaining({
      ruleId: 'no-restricted-imports',
      message: expect.stringMatching(/through src\/private\/cdk\.ts and providers through src\/private\/providers/),
    })];
    expect(lint['core.ts']).toEqual(seam);
    expect(lint['provider.ts']).toEqual(seam);
    expect(lint['seam.ts']).toEqual([]);
    // The seam modules themselves may import the runtime: the rule's override leaves them out.
    const config = JSON.parse(readFileSync(join(root, '.eslintrc.json'), 'utf8').replace(/^\/\/.*$/m, ''));
    const override = config.overrides.find((o: { files: string[] }) => o.files.includes('src/**/*.ts'));
    expect(override.excludedFiles).toEqual(['src/private/cdk.ts', 'src/private/providers/*.ts']);
  });
});
