import type { cdktf } from 'projen';

/**
 * A provider's package root re-exports every resource it has: loading it costs
 * seconds and hundreds of MB per process. Only `@cdktf/provider-X/lib/<resource>`
 * may be imported, in the library, its tests, the example and the benchmark.
 */
export const PROVIDER_ROOT_IMPORT_MESSAGE =
  'Import the resource module (@cdktf/provider-<name>/lib/<resource>), never a provider package root: the root loads every resource of the provider (seconds and hundreds of MB per process).';

export function configureLint(project: cdktf.ConstructLibraryCdktf) {
  const eslint = project.eslint;
  if (!eslint) {
    throw new Error('ESLint must be enabled: it enforces deep provider imports.');
  }
  eslint.addLintPattern('examples');
  eslint.addLintPattern('bench');
  eslint.addRules({
    'no-restricted-imports': ['error', {
      patterns: [{
        regex: '^@cdktf/provider-[a-z0-9-]+/?$',
        message: PROVIDER_ROOT_IMPORT_MESSAGE,
      }],
    }],
  });
}
