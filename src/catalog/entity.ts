/** Backstage's entity API version for the kinds this library generates. */
export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';

/** Metadata of a catalog entity (Backstage's `metadata`). */
export interface CatalogEntityMetadata {
  /** The entity name, unique per kind in the catalog's default namespace. */
  readonly name: string;
  /**
   * A human-readable title.
   * @default - Backstage shows the name
   */
  readonly title?: string;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Annotations that Backstage plugins read (GitHub, Kubernetes, source location).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Tags.
   * @default - none
   */
  readonly tags?: string[];
  /**
   * Links Backstage shows on the entity's page (each environment's dashboard of a service).
   * @default - none
   */
  readonly links?: CatalogEntityLink[];
}

/** A link of a catalog entity (Backstage's `metadata.links[]`). */
export interface CatalogEntityLink {
  /** The URL. */
  readonly url: string;
  /**
   * The text shown for it.
   * @default - the URL
   */
  readonly title?: string;
  /**
   * The icon Backstage shows beside it, by its system icon key (`dashboard`).
   * @default - Backstage's default link icon
   */
  readonly icon?: string;
}

/** A Backstage catalog entity (Group, User, System, Component, API, Resource, and the quick actions' Templates). */
export interface CatalogEntity {
  /** `backstage.io/v1alpha1`, or `scaffolder.backstage.io/v1beta3` for a Template. */
  readonly apiVersion: string;
  /** The entity kind. */
  readonly kind: string;
  /** The entity metadata. */
  readonly metadata: CatalogEntityMetadata;
  /** The kind-specific spec, as Backstage defines it. */
  readonly spec: { [key: string]: any };
}

/** The reference Backstage uses in relations: `kind:name` in the default namespace. */
export function entityRef(kind: string, name: string): string {
  return `${kind.toLowerCase()}:${name}`;
}
