import type { KindValidator } from '@backstage/catalog-model';

/**
 * Backstage's own Template validator, from @backstage/plugin-scaffolder-common,
 * typed as the catalog-model KindValidator it is. Loaded by name rather than
 * imported: the package's type declarations bring in @backstage/integration's
 * (Azure's SDKs, Octokit 19 and a copy of GitHub's OpenAPI types, about 7 MB
 * of declarations) for this one value, into the TypeScript program every
 * typecheck and eslint's type-aware rules build of the whole tree.
 */
export const templateEntityV1beta3Validator: KindValidator = jest.requireActual('@backstage/plugin-scaffolder-common').templateEntityV1beta3Validator;
