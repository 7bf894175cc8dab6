import { Component, type cdktf } from 'projen';

/**
 * A provider's package root re-exports every resource it has: loading it costs
 * seconds and hundreds of MB per process. Only `@cdktf/provider-X/lib/<resource>`
 * may be imported, in the library, its tests, the example and the benchmark.
 */
export const PROVIDER_ROOT_IMPORT_MESSAGE =
  'Import the resource module (@cdktf/provider-<name>/lib/<resource>), never a provider package root: the root loads every resource of the provider (seconds and hundreds of MB per process).';

/**
 * cdktf is archived upstream: the library reaches its core only through
 * src/private/cdk.ts and each provider only through src/private/providers/<name>.ts,
 * so a move to another runtime touches a handful of files.
 */
export const RUNTIME_SEAM_MESSAGE =
  'Import cdktf through src/private/cdk.ts and providers through src/private/providers/<name>.ts: they are the library\'s only doors to the cdktf runtime.';


export function configureLint(project: cdktf.ConstructLibraryCdktf) {
  const eslint = project.eslint;
  if (!eslint) {
    throw new Error('ESLint must be enabled: it enforces deep provider imports.');
  }
  eslint.addLintPattern('examples');
  eslint.addLintPattern('bench');
  // A second `npm test` of an unchanged tree reuses eslint's results: the
  // type-aware parse of the whole program is most of a cold run. The cache is
  // keyed on the whole tree (see projenrc/eslint-tree-cache.js), never on one
  // file, so a change anywhere lints everything again.
  // Wrapped last: projen rebuilds the command each time a lint pattern is added, up to preSynthesize.
  new (class extends Component {
    public preSynthesize() {
      const task = eslint!.eslintTask;
      const step = task.steps[0];
      if (step.execArgs?.[0] !== 'eslint') throw new Error(`unexpected eslint task step: ${JSON.stringify(step)}`);
      task.reset();
      task.execArgs(['node', 'projenrc/eslint-tree-cache.js', ...step.execArgs], { receiveArgs: step.receiveArgs });
    }
  })(project);
  const providerRoot = { regex: '^@cdktf/provider-[a-z0-9-]+/?$', message: PROVIDER_ROOT_IMPORT_MESSAGE };
  eslint.addRules({ 'no-restricted-imports': ['error', { patterns: [providerRoot] }] });
  eslint.addOverride({
    files: ['src/**/*.ts'],
    excludedFiles: ['src/private/cdk.ts', 'src/private/providers/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [providerRoot, { regex: '^(cdktf|@cdktf/provider-[a-z0-9-]+/.+)$', message: RUNTIME_SEAM_MESSAGE }],
      }],
    },
  });
}
