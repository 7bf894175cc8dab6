import type { IConstruct } from 'constructs';
import { nameTakenError, propError, type PropProblem } from './errors';
import { noteClaim, onRelease } from './parallel-synth';

/**
 * The names the library keeps apart, one registry per app. A name has a
 * kind, and collides only with a name of its own kind. A construct claims a
 * name in one of two places, or both at once:
 *
 * - **in its platform**: the short name its Platform keeps apart and finds
 *   the holder by (a team by its name, a team's namespaces, a database), so
 *   the same name in two platforms is fine;
 * - **in the real world**: the name qualified by what makes it unique out
 *   there (organization, project, cluster), which must be unique across the
 *   whole app (every Platform in it) and across the parts of a parallel
 *   synth, which check it again in the rest (see `parallel-synth.ts`).
 *
 * A parallel synth drops batches of teams it has synthesized: their names
 * stay taken, by the holder's path (and label), and are no longer found.
 * The registry lets go of them itself, through the one release hook it
 * installs for its app.
 */

/**
 * What a name names; the value is the Terraform resource type (or catalog
 * kind) the name is unique among, where there is one.
 */
export const NameKind = {
  /** A team: its name in its platform; in the world its GitHub team, `<organization>/<name>` lowercased. */
  TEAM: 'github_team',
  /** A namespace of a team: its name in the team's platform; in the world `<project>/<location>/<cluster>/<name>`. */
  NAMESPACE: 'namespace',
  /** A ManagedDatabase: its name in its platform. */
  DATABASE: 'database',
  /** A GitHub repository: `<organization>/<name>` lowercased (GitHub names ignore case). */
  GITHUB_REPOSITORY: 'github_repository',
  /** A Google service account: its email. */
  GOOGLE_SERVICE_ACCOUNT: 'google_service_account',
  /** A Cloud SQL instance: `<project>/<instance>`. */
  CLOUD_SQL_INSTANCE: 'google_sql_database_instance',
  /** A Memorystore for Redis instance: `<project>/<region>/<instance>`. */
  REDIS_INSTANCE: 'google_redis_instance',
  /** A Secret Manager secret: `<project>/<secret id>`. */
  SECRET_MANAGER_SECRET: 'google_secret_manager_secret',
  /** A Backstage Component of the app's catalog: its name. */
  CATALOG_COMPONENT: 'catalog Component',
} as const;

/** One of {@link NameKind}'s kinds. */
export type NameKind = typeof NameKind[keyof typeof NameKind];

/** Who has a name: the construct while it is in the tree, and always its path. */
export interface NameHolder {
  /** The construct path of the holder. */
  readonly path: string;
  /** The holder, until a parallel synth drops it. */
  readonly owner?: IConstruct;
  /** What the holder is called in another claimant's error (a team's name), when the claim gave it. */
  readonly label?: string;
}

/** A name a construct claims: its kind, and where it must be unique. */
export interface NameClaim {
  readonly kind: NameKind;
  /** The name among its platform's names of the kind; `conflict` is the error when another construct has it. */
  readonly inPlatform?: {
    readonly platform: IConstruct;
    readonly key: string;
    readonly conflict: (holder: NameHolder) => PropProblem;
  };
  /**
   * The name in the real world; when another construct has it, the error is
   * `problem` followed by "(it is already used by <its path>)", in one
   * process as in the rest of a parallel synth.
   */
  readonly inWorld?: {
    readonly key: string;
    readonly problem: PropProblem;
  };
  /** What the claimant is called in another claimant's error about this name. */
  readonly label?: string;
}

interface Entry {
  owner?: IConstruct;
  readonly path: string;
  readonly label?: string;
}

const REGISTRIES = new WeakMap<IConstruct, NameRegistry>();

/** The names claimed in one app. */
export class NameRegistry {
  /** The registry of the app `scope` is in. */
  public static of(scope: IConstruct): NameRegistry {
    const root = scope.node.root;
    let registry = REGISTRIES.get(root);
    if (!registry) {
      const made = registry = new NameRegistry();
      REGISTRIES.set(root, made);
      onRelease(root, (released) => made.release(released));
    }
    return registry;
  }

  /** The world's id of a name (the same in every process of a parallel synth). */
  private static worldId(kind: NameKind, key: string): string {
    return `${kind}\u0000${key}`;
  }

  private static platformId(platform: IConstruct, kind: NameKind, key: string): string {
    return `${kind}\u0000${key}\u0000in\u0000${platform.node.path}`;
  }

  private readonly names = new Map<string, Entry>();

  private constructor() {}

  /**
   * Claims names for `owner`, failing at the first one another construct
   * has; claiming a name again for the same owner is fine. Every name in a
   * platform is checked before any name in the world (the platform's errors
   * name the holder and what the user chose; the world's, the qualified
   * name), and recorded once all of them are free.
   */
  public claim(owner: IConstruct, claims: readonly NameClaim[]): void {
    for (const { kind, inPlatform } of claims) {
      if (!inPlatform) continue;
      const holder = this.names.get(NameRegistry.platformId(inPlatform.platform, kind, inPlatform.key));
      if (holder && holder.owner !== owner) throw propError(owner, inPlatform.conflict(holderOf(holder)));
    }
    for (const { kind, inPlatform, label } of claims) {
      if (inPlatform) this.names.set(NameRegistry.platformId(inPlatform.platform, kind, inPlatform.key), entryOf(owner, label));
    }
    for (const { kind, inWorld, label } of claims) {
      if (!inWorld) continue;
      const id = NameRegistry.worldId(kind, inWorld.key);
      const holder = this.names.get(id);
      if (holder && holder.owner !== owner) throw nameTakenError(owner, inWorld.problem, holder.path);
      this.names.set(id, entryOf(owner, label));
      noteClaim(owner, id, inWorld.problem);
    }
  }

  /**
   * Takes a name in a platform for `owner` if no one has it, without failing
   * when someone does: a construct that judges its name after its other
   * props reserves it first, so the name stays its own even when those
   * props fail; its later {@link claim} finds it free.
   */
  public reserve(owner: IConstruct, platform: IConstruct, kind: NameKind, key: string, label?: string): void {
    const id = NameRegistry.platformId(platform, kind, key);
    if (!this.names.has(id)) this.names.set(id, entryOf(owner, label));
  }

  /** The construct that has the name `key` of `kind` in `platform`, unless none has or a parallel synth dropped it. */
  public lookup(platform: IConstruct, kind: NameKind, key: string): IConstruct | undefined {
    return this.names.get(NameRegistry.platformId(platform, kind, key))?.owner;
  }

  /** Lets go of the holders a parallel synth has dropped (those `released` says yes to): their names stay taken, by path. */
  private release(released: (c: IConstruct) => boolean): void {
    for (const entry of this.names.values()) {
      if (entry.owner !== undefined && released(entry.owner)) entry.owner = undefined;
    }
  }
}

function entryOf(owner: IConstruct, label?: string): Entry {
  return { owner, path: owner.node.path, label };
}

function holderOf(entry: Entry): NameHolder {
  return { path: entry.path, owner: entry.owner, label: entry.label };
}
