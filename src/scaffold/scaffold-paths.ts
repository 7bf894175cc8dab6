import { FileOwnership } from './file-ownership';

/**
 * Well-known paths of a service repository: the files the platform keeps in
 * sync, the ownership rule derived from them, and the API description.
 */
export class ScaffoldPaths {
  /**
   * The CI/CD workflow, rendered by `CiWorkflow`.
   */
  public static readonly CI_WORKFLOW = '.github/workflows/ci.yml';

  /**
   * The code owners file naming the owning team.
   */
  public static readonly CODEOWNERS = 'CODEOWNERS';

  /**
   * The Backstage catalog entry; produced by the catalog, not by the scaffold.
   */
  public static readonly CATALOG_INFO = 'catalog-info.yaml';

  /**
   * The OpenAPI document of the service (team-owned); a test in the service
   * keeps it in step with the router.
   */
  public static readonly OPENAPI = 'api/openapi.yaml';

  /**
   * The MkDocs configuration of the service's TechDocs (team-owned): when the
   * repository has it, the catalog's Component points Backstage's TechDocs at
   * the repository (`backstage.io/techdocs-ref: dir:.`).
   */
  public static readonly MKDOCS = 'mkdocs.yml';

  /**
   * Every platform-owned path, sorted.
   */
  public static platformOwned(): string[] {
    return [ScaffoldPaths.CATALOG_INFO, ScaffoldPaths.CI_WORKFLOW, ScaffoldPaths.CODEOWNERS].sort();
  }

  /**
   * The ownership of a repository path: PLATFORM for the platform-owned paths,
   * TEAM for everything else.
   */
  public static ownershipOf(path: string): FileOwnership {
    return ScaffoldPaths.platformOwned().includes(path) ? FileOwnership.PLATFORM : FileOwnership.TEAM;
  }

  private constructor() {}
}
