import { Team } from '@cdktf/provider-github/lib/team';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct, type IConstruct } from 'constructs';
import { placementError, throwIfProblems } from './errors';
import type { PlatformEnvironment } from './environment';
import { Platform } from './platform';
import { dnsLabelProblem, problems } from './validation';

const TEAM_SYMBOL = Symbol.for('cdktf-golden-paths.TeamEnvironment');

/** What a workload at its largest takes from a namespace's quota. */
export interface QuotaFootprint {
  /** CPU limits of all its pods together, in millicores. */
  readonly cpuMillicores: number;
  /** Memory limits of all its pods together, in bytes. */
  readonly memoryBytes: number;
  /** Pods it may run. */
  readonly pods: number;
}

/** Something that runs in a team's namespaces and counts against their quotas. */
export interface IQuotaConsumer {
  /** The consumer's construct node, to name it in messages. */
  readonly node: IConstruct['node'];
  /** Its largest footprint in one environment (autoscaled to the maximum, sidecars included). */
  maxFootprint(environment: string): QuotaFootprint;
}

/** Properties of a {@link TeamEnvironment}. */
export interface TeamEnvironmentProps {
  /**
   * The team name: a DNS-1123 label. It names the GitHub team, the
   * namespaces (`<name>-<env>`) and the team's registry.
   */
  readonly name: string;
  /** GitHub users who maintain the team. At least one is required. */
  readonly maintainers: string[];
  /**
   * GitHub users who are members of the team.
   * @default - no members besides the maintainers
   */
  readonly members?: string[];
  /**
   * A description of the team, shown on GitHub and in the catalog.
   * @default - "<name> team, managed by cdktf-golden-paths"
   */
  readonly description?: string;
}

/**
 * A team's home on the platform: its GitHub team, and in every environment a
 * namespace (`<team>-<env>`) with quotas, access and network policies.
 * Services and databases are created inside it.
 *
 * @example
 * const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
 */
export class TeamEnvironment extends Construct {
  /** Whether `x` is a TeamEnvironment. */
  public static isTeamEnvironment(x: any): x is TeamEnvironment {
    return x !== null && typeof x === 'object' && TEAM_SYMBOL in x;
  }

  /** The TeamEnvironment that `scope` belongs to; fails with a clear message when there is none. */
  public static of(scope: IConstruct): TeamEnvironment {
    const found = scope.node.scopes.slice().reverse().find(TeamEnvironment.isTeamEnvironment);
    if (!found) {
      throw placementError(scope, 'is not inside a TeamEnvironment',
        'create services and databases inside their team: new GoMicroservice(team, ...), new ManagedDatabase(team, ...)');
    }
    return found;
  }

  /** The team name. */
  public readonly name: string;
  /** The description of the team. */
  public readonly description: string;
  /** The platform the team belongs to. */
  public readonly platform: Platform;
  /** The GitHub team. */
  public readonly githubTeam: Team;

  private readonly _maintainers: string[];
  private readonly _members: string[];
  private readonly _namespaces = new Map<string, NamespaceV1>();
  private readonly _quotaConsumers: IQuotaConsumer[] = [];

  public constructor(scope: Construct, id: string, props: TeamEnvironmentProps) {
    super(scope, id);
    Object.defineProperty(this, TEAM_SYMBOL, { value: true });
    this.platform = Platform.of(scope);
    this.name = props.name;
    this.description = props.description ?? `${props.name} team, managed by cdktf-golden-paths`;
    this._maintainers = [...props.maintainers];
    this._members = [...(props.members ?? [])];

    throwIfProblems(this, problems(dnsLabelProblem('name', props.name, 63 - 1 - longestEnvironmentName(this.platform))));

    this.githubTeam = new Team(this, 'github-team', {
      name: this.name,
      description: this.description,
      privacy: 'closed',
      createDefaultMaintainer: false,
    });

    for (const env of this.platform.environments) {
      const scopeOfEnv = new Construct(this, env.name);
      this._namespaces.set(env.name, new NamespaceV1(scopeOfEnv, 'namespace', {
        provider: env.kubernetesProvider,
        metadata: {
          name: this.namespaceName(env.name),
          labels: {
            'app.kubernetes.io/managed-by': 'cdktf-golden-paths',
            'golden-paths.dev/team': this.name,
            'golden-paths.dev/environment': env.name,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      }));
    }
  }

  /** GitHub users who maintain the team. */
  public get maintainers(): string[] {
    return [...this._maintainers];
  }

  /** GitHub users who are members of the team (maintainers not included). */
  public get members(): string[] {
    return [...this._members];
  }

  /**
   * The GitHub team slug, as used in `@org/slug` mentions and CODEOWNERS.
   * GitHub derives it from the name, which is already a lowercase DNS label,
   * so it is known at synth time (no token).
   */
  public get githubTeamSlug(): string {
    return this.name;
  }

  /** The GitHub team id (known after apply). */
  public get githubTeamId(): string {
    return this.githubTeam.id;
  }

  /** The namespace name of this team in an environment: `<team>-<env>`. */
  public namespaceName(environment: string): string {
    this.platform.environment(environment);
    return `${this.name}-${environment}`;
  }

  /** The namespace resource of this team in an environment. */
  public namespace(environment: string): NamespaceV1 {
    this.platform.environment(environment);
    return this._namespaces.get(environment)!;
  }

  /**
   * Counts a workload against this team's namespace quotas; the quota check
   * at synth time sums every consumer's maximum footprint per environment.
   * Services and databases call this themselves.
   */
  public addQuotaConsumer(consumer: IQuotaConsumer): void {
    this._quotaConsumers.push(consumer);
  }

  /** The workloads counted against this team's quotas. */
  public get quotaConsumers(): IQuotaConsumer[] {
    return [...this._quotaConsumers];
  }

  /** The platform environments this team is present in. */
  public get environments(): PlatformEnvironment[] {
    return this.platform.environments;
  }
}

function longestEnvironmentName(platform: Platform): number {
  return Math.max(...platform.environments.map((e) => e.name.length));
}
