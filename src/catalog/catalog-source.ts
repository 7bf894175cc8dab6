import type { IConstruct } from 'constructs';
import type { DatabaseDescription, ServiceDescription, TeamDescription } from './entities';
import type { PlatformRepositoryDescription } from './onboarding-template';
import type { OnboardingDescription } from './quick-actions';

/**
 * How the catalog reads the construct tree: a team, a service or a database
 * registers what the catalog needs to know of it, and the catalog reads these
 * descriptions without importing the constructs (dependencies point one way:
 * constructs know the catalog, not the other way round).
 */
export type CatalogSource =
  | { readonly kind: 'team'; describe(): TeamDescription }
  | { readonly kind: 'service'; describe(): ServiceDescription; openApiDocument(): string }
  | { readonly kind: 'database'; describe(): DatabaseDescription }
  | { readonly kind: 'onboarding'; describe(): OnboardingDescription }
  | { readonly kind: 'platform-repository'; describe(): PlatformRepositoryDescription };

const SOURCE = Symbol.for('cdktf-golden-paths.CatalogSource');

/** Registers `construct` with the catalog; its description is read at synth, when the tree is complete. */
export function addCatalogSource(construct: IConstruct, source: CatalogSource): void {
  Object.defineProperty(construct, SOURCE, { value: source });
}

/** What `construct` registered with the catalog, if anything. */
export function catalogSourceOf(construct: IConstruct): CatalogSource | undefined {
  return (construct as unknown as { [SOURCE]?: CatalogSource })[SOURCE];
}
