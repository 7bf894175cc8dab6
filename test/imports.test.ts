import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
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
 * fixtures alone (with tsconfig.dev.json's options, imports not followed):
 * building the program of every file of the repository was most of the run's time.
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
    // noResolve: the program holds the fixtures and not what they import. The rules under test read
    // the import's text; following it, the provider package root alone brought some 1,500
    // declaration files of @cdktf/provider-google into the program (most of the run's time).
    writeFileSync(project, JSON.stringify({ extends: './tsconfig.dev.json', compilerOptions: { noResolve: true }, include: dirs.map((dir) => join(dir, '*.ts')) }));
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

/** Runs a node script in a fresh process (the library as its users load it: JavaScript, transpiled once per jest run: test/setup/compiled-js.ts) and returns the JSON of its last line. */
function inNode(script: string): any {
  const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Script text: the provider modules loaded so far, as `<package>/lib/<resource>` (package roots as `<package>/lib/index`). */
const LOADED_PROVIDER_MODULES = `
  const providerModules = () => [...new Set(Object.keys(require.cache)
    .map((f) => /@cdktf[\\\\/](provider-[a-z0-9-]+)[\\\\/]lib[\\\\/]([^\\\\/]+)/.exec(f))
    .filter((m) => m)
    .map((m) => m[1] + '/lib/' + m[2].replace(/\\.js$/, '')))].sort();
`;

describe('deep provider imports', () => {
  test('loading the library loads no provider module; a construct loads the resource modules it makes, never a package root', () => {
    const { atLoad, afterService, afterDatabase } = inNode(`
      ${LOADED_PROVIDER_MODULES}
      const lib = require(${JSON.stringify(compiled('src/index.ts'))});
      const { App } = require('cdktf');
      const atLoad = providerModules();
      const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'imports-')) });
      const platform = new lib.Platform(app, 'acme', { githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', gcpProjectNumber: '123456789012', oidcBridge: true,
        network: 'projects/acme-net/global/networks/shared', privateServiceAccess: lib.PrivateServiceAccess.EXISTING });
      const team = new lib.TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
      new lib.GoMicroservice(team, 'api', { name: 'api', description: 'API' });
      const afterService = providerModules();
      const db = new lib.ManagedDatabase(team, 'db', { name: 'db', engine: lib.DatabaseEngine.POSTGRES, size: lib.DatabaseSize.SMALL });
      new lib.GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger', databases: [db] });
      const afterDatabase = providerModules();
      require('fs').rmSync(app.outdir, { recursive: true, force: true });
      console.log(JSON.stringify({ atLoad, afterService, afterDatabase }));
    `);
    // The seam (src/private/providers/) loads a resource module when the library first makes one of its
    // resources: importing the library parses none of them (job-v1 and deployment-v1 are about 5 MB each).
    expect(atLoad).toEqual([]);
    // A service makes its Deployment; job-v1 waits for a database's grant Job, made when a service connects.
    expect(afterService).toEqual(expect.arrayContaining(['provider-kubernetes/lib/deployment-v1', 'provider-kubernetes/lib/namespace-v1', 'provider-google/lib/provider']));
    expect(afterService).not.toContain('provider-kubernetes/lib/job-v1');
    expect(afterDatabase).toEqual(expect.arrayContaining(['provider-kubernetes/lib/job-v1', 'provider-google/lib/sql-database-instance']));
    // Resource modules only: a package root (lib/index) would load every resource of its provider.
    expect(afterDatabase.filter((m: string) => m.endsWith('/lib/index'))).toEqual([]);
    expect(afterDatabase.length).toBeGreaterThan(10);
    expect(afterDatabase.length).toBeLessThan(200);
  });

  test('each class of the seam is its resource module\'s class, and reading one loads that module alone', () => {
    const seams = inNode(`
      ${LOADED_PROVIDER_MODULES}
      const result = {};
      for (const provider of ['github', 'google', 'kubernetes']) {
        const seam = require(${JSON.stringify(dirname(compiled('src/private/providers/kubernetes.ts')))} + '/' + provider + '.js');
        result[provider] = Object.keys(seam).map((name) => {
          const before = providerModules();
          const value = seam[name];
          const loaded = providerModules().filter((m) => !before.includes(m));
          const module = Object.values(require.cache).find((m) => /@cdktf[\\\\/]provider-/.test(m.id) && m.exports[name] === value);
          return { name, type: typeof value, same: seam[name] === value, loaded, from: module && /(provider-[a-z0-9-]+)[\\\\/]lib[\\\\/]([^\\\\/]+)/.exec(module.id).slice(1).join('/lib/') };
        });
      }
      console.log(JSON.stringify(result));
    `);
    const kebab = (name: string) => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();
    for (const [provider, classes] of Object.entries(seams) as Array<[string, Array<{ name: string; from: string; loaded: string[] }>]>) {
      expect(classes.length).toBeGreaterThan(10);
      for (const c of classes) {
        // The provider's class from its own resource module (GoogleProvider from lib/provider, the rest from the module named as their class).
        const resource = /^(Github|Google|Kubernetes)Provider$/.test(c.name) ? 'provider' : kebab(c.name);
        const expected = { name: c.name, type: 'function', same: true, from: `provider-${provider}/lib/${resource}` };
        expect(c).toEqual({ ...expected, loaded: c.loaded });
        // The first class read of a module loads it and nothing else of the providers; a later one, nothing.
        expect(c.loaded.filter((m) => m !== expected.from)).toEqual([]);
      }
    }
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
