import type { cdktf } from 'projen';

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

/**
 * eslint keeps its results between runs, by file content, under node_modules/.cache
 * (which git ignores and a fresh clone, CI's included, starts without). With a
 * directory as location, each checkout gets its own file (named after a hash of the
 * working directory), so worktrees sharing node_modules never share results. A second
 * `npm test` then lints only the files that changed: the type-aware parse of the
 * whole program is most of a cold run. A changed configuration or plugin relints
 * everything. One limit, eslint's: an unchanged file keeps its result when only a file
 * it imports changes the types that the type-aware rules (`no-floating-promises`,
 * `return-await`) see; delete node_modules/.cache/eslint to relint every file.
 */
export const ESLINT_CACHE_ARGS = ['--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/'];

export function configureLint(project: cdktf.ConstructLibraryCdktf) {
  const eslint = project.eslint;
  if (!eslint) {
    throw new Error('ESLint must be enabled: it enforces deep provider imports.');
  }
  eslint.addLintPattern('examples');
  eslint.addLintPattern('bench');
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
