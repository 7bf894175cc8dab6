import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');

describe('deep provider imports', () => {
  test('loading the library loads no provider package root', () => {
    const script = `
      require('./src');
      const roots = Object.keys(require.cache).filter((f) => /@cdktf[\\\\/]provider-[a-z0-9-]+[\\\\/]lib[\\\\/]index\\.js$/.test(f));
      const providerModules = Object.keys(require.cache).filter((f) => /@cdktf[\\\\/]provider-/.test(f));
      console.log(JSON.stringify({ roots, providerModules: providerModules.length }));
    `;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
      cwd: root,
      env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_PROJECT: 'tsconfig.dev.json' },
      encoding: 'utf8',
    });
    const { roots, providerModules } = JSON.parse(out.trim().split('\n').pop()!);
    expect(roots).toEqual([]);
    // Only the resource modules the library uses: a root import would load thousands.
    expect(providerModules).toBeLessThan(200);
  });

  test('the lint rule rejects a provider package root and accepts a resource module', () => {
    const dir = mkdtempSync(join(root, 'test', 'lint-fixture-'));
    try {
      // The fixture's import is assembled, so that no scan of this repository mistakes it for a real root import.
      const providerRoot = ['@cdktf', 'provider-google'].join('/');
      writeFileSync(join(dir, 'root.ts'), `import { SqlDatabaseInstance } from '${providerRoot}';\nexport const x = SqlDatabaseInstance;\n`);
      writeFileSync(join(dir, 'deep.ts'), "import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';\nexport const x = SqlDatabaseInstance;\n");
      const result = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--ext', '.ts', '--format', 'json', dir], {
        cwd: root,
        env: { ...process.env, ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
        encoding: 'utf8',
      });
      const reports: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }> = JSON.parse(result.stdout);
      const byFile = Object.fromEntries(reports.map((r) => [r.filePath.split('/').pop(), r.messages]));
      expect(byFile['root.ts']).toEqual([expect.objectContaining({
        ruleId: 'no-restricted-imports',
        message: expect.stringMatching(/Import the resource module \(@cdktf\/provider-<name>\/lib\/<resource>\)/),
      })]);
      expect(byFile['deep.ts']).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('src/ reaches cdktf and the providers only through the runtime seam', () => {
    const dir = mkdtempSync(join(root, 'src', 'lint-fixture-'));
    try {
      writeFileSync(join(dir, 'core.ts'), "import { Token } from 'cdktf';\nexport const x = Token;\n");
      writeFileSync(join(dir, 'provider.ts'), "import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';\nexport const x = SqlDatabase;\n");
      writeFileSync(join(dir, 'seam.ts'), "import { Token } from '../private/cdk';\nimport { SqlDatabase } from '../private/providers/google';\nexport const x = [Token, SqlDatabase];\n");
      const result = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--ext', '.ts', '--format', 'json', '--rule', 'import/order: off', dir], {
        cwd: root,
        env: { ...process.env, ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
        encoding: 'utf8',
      });
      const reports: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }> = JSON.parse(result.stdout);
      const byFile = Object.fromEntries(reports.map((r) => [r.filePath.split('/').pop(), r.messages.map((m) => m.message)]));
      const seam = [expect.stringMatching(/through src\/private\/cdk\.ts and providers through src\/private\/providers/)];
      expect(byFile['core.ts']).toEqual(seam);
      expect(byFile['provider.ts']).toEqual(seam);
      expect(byFile['seam.ts']).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The seam modules themselves may import the runtime: the rule's override leaves them out.
    const config = JSON.parse(readFileSync(join(root, '.eslintrc.json'), 'utf8').replace(/^\/\/.*$/m, ''));
    const override = config.overrides.find((o: { files: string[] }) => o.files.includes('src/**/*.ts'));
    expect(override.excludedFiles).toEqual(['src/private/cdk.ts', 'src/private/providers/*.ts']);
  }, 60_000);
});
