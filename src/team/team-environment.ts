import { Construct, type IConstruct } from 'constructs';
import { GroupSubject } from './group-subject';
import { enclosingTeam, type IQuotaConsumer, type ITeamEnvironment, markTeamScope, type QuotaFootprint, TEAM_SYMBOL } from './team-interfaces';
import { TeamNamespace } from './team-namespace';
import { NAMESPACE_QUOTA_OPTIONS_TYPES, NamespaceQuota, namespaceQuotaProblems, quotaOverruns, type NamespaceQuotaOptions } from './team-quotas';
import { addCatalogSource } from '../catalog/catalog-source';
import type { PlatformEnvironment } from '../platform/environment';
import { Platform } from '../platform/platform';
import { PlatformStackKind, type PlatformStack } from '../platform/platform-stack';
import { TerraformStack, Token } from '../private/cdk';
import { CHILD_ID_PREFIXES, DNS_SUBDOMAIN, FIXED_CHILD_IDS, MANAGED_BY, RESERVED_NAMESPACES } from '../private/constants';
import { describeProblem, pathOf, placementError, propError, throwIfProblems, type PropProblem } from '../private/errors';
import { boundedName } from '../private/naming';
import { defineTeam, onRelease } from '../private/parallel-synth';
import { checkPropTypes, instanceOf, keyedBy, listOf, NUMBER, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import { Team, TeamMembership } from '../private/providers/github';
import { ArtifactRegistryRepository, ArtifactRegistryRepositoryIamMember, BillingBudget, GoogleProvider } from '../private/providers/google';
import type { NamespaceV1 } from '../private/providers/kubernetes';
import { dnsLabelProblem, githubNameProblem, integerProblem, problems } from '../private/validation';

/** The longest name Kubernetes accepts for a namespace. */
const MAX_NAMESPACE_LENGTH = 63;

/** Days after which tagged images beyond the kept newest ones are deleted, unless the team says otherwise. */
const DEFAULT_DELETE_TAGGED_AFTER_DAYS = 90;

/** Teams by name and by namespace, per platform, to refuse duplicates at once. */
/** A team a worker of a parallel synth has synthesized and dropped: its name stays taken. */
interface DroppedTeam {
  readonly name: string;
  readonly path: string;
}
const TEAMS_BY_NAME = new WeakMap<Platform, Map<string, TeamEnvironment | DroppedTeam>>();
const TEAMS_BY_NAMESPACE = new WeakMap<Platform, Map<string, TeamEnvironment | DroppedTeam>>();

/** How long the team's Artifact Registry repository keeps images. */
export interface ImageRetentionOptions {
  /**
   * Versions of each image that are always kept, newest first, whatever their age.
   * @default 20
   */
  readonly keepRecentVersions?: number;
  /**
   * Untagged versions (left behind when a tag moves) older than this many days are deleted.
   * @default 7
   */
  readonly deleteUntaggedAfterDays?: number;
  /**
   * Tagged versions older than this many days are deleted too, unless they are
   * among the `keepRecentVersions` newest (a KEEP policy wins over a DELETE
   * one). CI tags every image with its commit, so without this rule the
   * registry only grows. Keep it longer than any environment may go without a
   * deploy: a deleted image cannot be pulled again. `0` keeps tagged versions forever.
   * @default 90
   */
  readonly deleteTaggedAfterDays?: number;
}

/** The effective image retention of a team's registry. */
export interface ImageRetentionSettings {
  /** Versions of each image always kept. */
  readonly keepRecentVersions: number;
  /** Days after which untagged versions are deleted. */
  readonly deleteUntaggedAfterDays: number;
  /**
   * Days after which tagged versions beyond the kept ones are deleted.
   * @default - tagged versions are never deleted (deleteTaggedAfterDays 0)
   */
  readonly deleteTaggedAfterDays?: number;
}

/** A monthly Cloud Billing budget for a team's Google Cloud resources. */
export interface MonthlyBudgetOptions {
  /** The monthly amount, in whole units of the currency (e.g. 500 for 500 EUR). */
  readonly amount: number;
  /**
   * The ISO 4217 currency of the amount; it must be the billing account's currency.
   * @default - the billing account's currency
   */
  readonly currencyCode?: string;
}

/**
 * Properties of a {@link TeamEnvironment}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 */
export interface TeamEnvironmentProps {
  /**
   * The team name: a DNS-1123 label. It names the GitHub team, the
   * namespaces (`<name>-<env>`, at most 63 characters) and the team's registry.
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
  /**
   * Quotas per environment, keyed by environment name, e.g.
   * `{ prod: { cpu: '40', memory: '40Gi' } }`. A field given is a hard
   * limit: synth fails when the team's workloads at their maximum would not fit.
   * @default - every quota is sized from the team's workloads at their maximum
   * plus 25%, rounded up, and at least cpu "10", memory "10Gi", 30 pods outside
   * production and cpu "20", memory "20Gi", 50 pods in production
   */
  readonly quotas?: { [environment: string]: NamespaceQuotaOptions };
  /**
   * The Kubernetes RBAC subject that stands for the team's people; it gets
   * ClusterRole `edit` in the team's namespaces, `view` in production.
   * @default - the Google Group `<name>@<googleGroupsDomain>` of the platform; behind an OIDC bridge (the platform's oidcBridge), the Group "<organization>:<name>"; with neither, synth fails and asks for it
   */
  readonly groupSubject?: GroupSubject;
  /**
   * Labels that select the ingress controller's namespace; pods there may
   * reach the team's pods.
   * @default { "kubernetes.io/metadata.name": "ingress-nginx" }
   */
  readonly ingressControllerNamespaceLabels?: { [key: string]: string };
  /**
   * How long the team's Artifact Registry repository keeps images.
   * @default - keep the 20 newest versions of each image, delete untagged versions older than 7 days and tagged ones older than 90
   */
  readonly imageRetention?: ImageRetentionOptions;
  /**
   * A monthly budget on the team's Google Cloud resources (those labelled
   * `team: <name>`), alerting at 50%, 90% and 100%. Needs the platform's
   * `billingAccount`.
   * @default - no budget
   */
  readonly monthlyBudget?: MonthlyBudgetOptions;
}

/**
 * A team's home on the platform: its GitHub team and memberships, an Artifact
 * Registry repository for its images, an optional monthly budget, and in every
 * environment a {@link TeamNamespace} (`<team>-<env>`) with quota, container
 * defaults, access and network policies. Services and databases are created
 * inside it and find it with `TeamEnvironment.of(this)`.
 *
 * Namespace quotas are sized at synth from the workloads registered with
 * `addQuotaConsumer` at their maximum replicas. Quotas the team sets are hard
 * limits: when the workloads would not fit, synth fails and says which quota
 * to raise and by how much.
 *
 * Google Cloud resources live in the platform's project (`platform.gcpProject`)
 * and use the stack's default Google provider: the registry and the budget are
 * shared by all environments.
 *
 * When the Platform was created at App scope, the team has its own stack
 * `<name>` (GitHub team, repositories, registry, deployers) and one stack per
 * environment, `<name>-<env>` (namespaces, workloads, databases): services
 * and databases are declared once, here, and each places its parts of an
 * environment in `environmentScope(env, this)`.
 *
 * @example
 * const team = new TeamEnvironment(platform, 'payments', {
 *   name: 'payments',
 *   maintainers: ['alice'],
 *   members: ['bob'],
 *   quotas: { prod: { cpu: '40', memory: '40Gi' } },
 * });
 */
/**
 * The body of a team declared with {@link TeamEnvironment.define}: the
 * library runs it on the new team, in the process that builds the team. In
 * TypeScript an object literal implements it.
 */
export interface ITeamDefinition {
  /** Declares the team's services, databases and anything else in it. */
  define(team: TeamEnvironment): void;
}

export class TeamEnvironment extends Construct implements ITeamEnvironment {
  /** Whether `x` is a TeamEnvironment. */
  public static isTeamEnvironment(x: any): x is TeamEnvironment {
    return x !== null && typeof x === 'object' && TEAM_SYMBOL in x;
  }

  /**
   * Declares a team whose body the library runs: `new TeamEnvironment(platform,
   * id, props)`, then `definition.define(team)`, with the same construct ids
   * and Terraform addresses.
   *
   * In one process (`cdktf synth`, `app.synth()`, tests) the team is built at
   * once and returned. With `golden-paths synth --jobs N` and a Platform at
   * App scope, each of the N worker processes builds only its share of the
   * teams declared this way (by declaration order) and returns `undefined`
   * for the others, which it does not construct at all; the outputs are
   * merged into one `cdktf.out`, identical to one process's. So the body must
   * be all there is to the team: anything added to it afterwards only counts
   * where the team was built. A team name declared twice fails here, in every
   * process alike.
   *
   * @example
   * class PaymentsTeam implements ITeamDefinition {
   *   public define(team: TeamEnvironment): void {
   *     new GoMicroservice(team, 'checkout', { name: 'checkout', description: 'Checkout' });
   *   }
   * }
   * TeamEnvironment.define(platform, 'payments', { name: 'payments', maintainers: ['alice'] }, new PaymentsTeam());
   */
  public static define(platform: Platform, id: string, props: TeamEnvironmentProps, definition: ITeamDefinition): TeamEnvironment | undefined {
    const build = () => {
      const team = new TeamEnvironment(platform, id, props);
      definition.define(team);
      return team;
    };
    // Inside a stack every team shares the platform's stack: nothing to share out.
    if (!Platform.of(platform).ownsStacks) return build();
    return defineTeam(platform, typeof props?.name === 'string' ? props.name : id, `${platform.node.path}/${id}`, build);
  }

  /**
   * The team of `platform` named `name` (its GitHub team slug), if one has
   * been created: teams register by name as they are created, so finding one
   * does not walk the construct tree.
   * @internal
   */
  public static _named(platform: Platform, name: string): TeamEnvironment | undefined {
    const team = TEAMS_BY_NAME.get(platform)?.get(name);
    return team instanceof TeamEnvironment ? team : undefined;
  }

  /** The TeamEnvironment that `scope` belongs to; fails with a clear message when there is none. */
  public static of(scope: IConstruct): TeamEnvironment {
    const found = enclosingTeam(scope) as TeamEnvironment | undefined;
    if (!found) {
      throw placementError(scope, 'is not inside a TeamEnvironment',
        'create services and databases inside their team: new GoMicroservice(team, ...), new ManagedDatabase(team, ...)');
    }
    return found;
  }
  /** At App scope, the team's own stack (`<team>`); inside a stack, `scope` itself. */
  private static teamScope(scope: Construct, id: string, props: TeamEnvironmentProps): Construct {
    const path = `${scope.node.path}/${id}`;
    // The one type check, before anything reads the props (the stack is named after the team).
    checkPropTypes(path, props, TEAM_ENVIRONMENT_PROPS_TYPES, '{ name: "payments", maintainers: ["alice"] }');
    const platform = Platform.of(scope);
    if (!platform.ownsStacks) return scope;
    const bad = dnsLabelProblem('name', props.name, MAX_NAMESPACE_LENGTH);
    if (bad) throw new Error(`[${path}] ${describeProblem(bad)}`);
    return platform._makeStack(props.name, path, PlatformStackKind.TEAM);
  }


  /** The team name. */
  public readonly name: string;
  /** The description of the team. */
  public readonly description: string;
  /** The platform the team belongs to. */
  public readonly platform: Platform;
  /** The Kubernetes RBAC subject of the team's people. */
  public readonly groupSubject: GroupSubject;
  /** The effective image retention of the team's registry. */
  public readonly imageRetention: ImageRetentionSettings;
  /** The GitHub team (closed, no default maintainer). */
  public readonly githubTeam: Team;
  /** The Artifact Registry docker repository of the team's images, named after the team. */
  public readonly artifactRegistry: ArtifactRegistryRepository;
  /** The monthly budget, when the team gives one. */
  public readonly budget?: BillingBudget;
  /**
   * `roles/artifactregistry.reader` on the registry for each GKE node service
   * account the environments name (`gkeNodeServiceAccount`), one per account.
   */
  public readonly registryReaders: ArtifactRegistryRepositoryIamMember[] = [];

  /**
   * The team's own stack (`<team>`) when the platform makes stacks (it was
   * created at App scope); otherwise the stack the platform is in.
   */
  public readonly stack: TerraformStack;

  private readonly _environmentStacks = new Map<string, PlatformStack>();
  private readonly _mirrors = new Map<string, Construct>();
  private readonly _maintainers: string[];
  private readonly _members: string[];
  private readonly _ingressLabels: Record<string, string>;
  private readonly _memberships: TeamMembership[] = [];
  private readonly _namespaces = new Map<string, TeamNamespace>();
  private readonly _quotaConsumers: IQuotaConsumer[] = [];

  public constructor(scope: Construct, id: string, props: TeamEnvironmentProps) {
    // At App scope the team lives in its own stack, so everything declared in it lands there.
    super(TeamEnvironment.teamScope(scope, id, props), id);
    Object.defineProperty(this, TEAM_SYMBOL, { value: true });
    this.platform = Platform.of(scope);
    this.stack = TerraformStack.of(this);
    this.name = props.name;
    this.description = props.description ?? `${props.name} team, managed by cdktf-golden-paths`;
    this._maintainers = [...(props.maintainers ?? [])];
    this._members = [...(props.members ?? [])];
    this.groupSubject = props.groupSubject ?? this.defaultGroupSubject(props.name);
    this._ingressLabels = { ...(props.ingressControllerNamespaceLabels ?? { 'kubernetes.io/metadata.name': 'ingress-nginx' }) };
    const deleteTaggedAfterDays = props.imageRetention?.deleteTaggedAfterDays ?? DEFAULT_DELETE_TAGGED_AFTER_DAYS;
    this.imageRetention = {
      keepRecentVersions: props.imageRetention?.keepRecentVersions ?? 20,
      deleteUntaggedAfterDays: props.imageRetention?.deleteUntaggedAfterDays ?? 7,
      deleteTaggedAfterDays: deleteTaggedAfterDays === 0 ? undefined : deleteTaggedAfterDays,
    };
    const quotas = props.quotas ?? {};

    throwIfProblems(this, [
      ...this.nameProblems(props.name),
      ...this.peopleProblems(),
      ...this.quotaProblems(quotas),
      ...problems(this.groupSubject._problem('groupSubject')),
      ...labelSelectorProblems('ingressControllerNamespaceLabels', this._ingressLabels),
      ...problems(
        integerProblem('imageRetention.keepRecentVersions', this.imageRetention.keepRecentVersions, 1, 10_000),
        integerProblem('imageRetention.deleteUntaggedAfterDays', this.imageRetention.deleteUntaggedAfterDays, 1, 3650),
        integerProblem('imageRetention.deleteTaggedAfterDays', deleteTaggedAfterDays, 0, 3650, 'set a whole number of days such as 90, or 0 to keep tagged images forever'),
      ),
      ...this.budgetProblems(props.monthlyBudget),
    ]);
    this.register();
    this.claimNames();
    addCatalogSource(this, {
      kind: 'team',
      describe: () => ({
        name: this.name,
        description: this.description,
        githubOrganization: this.platform.githubOrganization,
        maintainers: this.maintainers,
        members: this.members,
      }),
    });
    if (this.platform.ownsStacks) {
      for (const env of this.platform.environments) {
        const stack = this.platform._makeStack(`${this.name}-${env.name}`, this.node.path, PlatformStackKind.ENVIRONMENT, env);
        markTeamScope(stack, this);
        this._environmentStacks.set(env.name, stack);
        // Promotion order: the team stack (repositories, GitHub environments, deployer accounts) first,
        // then each environment. A service's first CI run waits for (or skips with a warning) a
        // Deployment its environment stack has not made yet, so no prod apply comes before a repository.
        stack.addDependency(this.stack);
      }
    }

    this.githubTeam = new Team(this, FIXED_CHILD_IDS.TEAM_GITHUB_TEAM, {
      name: this.name,
      description: this.description,
      privacy: 'closed',
      createDefaultMaintainer: false,
    });
    const memberships = [
      ['maintainer', CHILD_ID_PREFIXES.TEAM_MAINTAINER, this._maintainers],
      ['member', CHILD_ID_PREFIXES.TEAM_MEMBER, this._members],
    ] as const;
    for (const [role, idPrefix, users] of memberships) {
      for (const user of users) {
        this._memberships.push(new TeamMembership(this, `${idPrefix}${user.toLowerCase()}`, {
          teamId: this.githubTeam.id,
          username: user,
          role,
        }));
      }
    }

    for (const env of this.platform.environments) {
      const envScope = this.environmentScope(env.name, this);
      this._namespaces.set(env.name, new TeamNamespace(envScope, env.name, { environment: env.name, quota: quotas[env.name] }));
    }

    const seconds = (days: number) => `${days * 24 * 60 * 60}s`;
    const retention = this.imageRetention;
    this.artifactRegistry = new ArtifactRegistryRepository(this, FIXED_CHILD_IDS.TEAM_REGISTRY, {
      project: this.platform.gcpProject,
      location: this.platform.region,
      repositoryId: this.name,
      format: 'DOCKER',
      description: `Container images of the ${this.name} team`,
      labels: this.googleLabels,
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: retention.keepRecentVersions } },
        { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: seconds(retention.deleteUntaggedAfterDays) } },
        ...(retention.deleteTaggedAfterDays === undefined ? [] : [
          { id: 'delete-tagged', action: 'DELETE', condition: { tagState: 'TAGGED', olderThan: seconds(retention.deleteTaggedAfterDays) } },
        ]),
      ],
    });

    const readers = new Set<string>();
    for (const env of this.platform.environments) {
      const nodes = env.gkeNodeServiceAccount;
      if (nodes === undefined || readers.has(nodes)) continue;
      readers.add(nodes);
      this.registryReaders.push(new ArtifactRegistryRepositoryIamMember(this, `${CHILD_ID_PREFIXES.TEAM_REGISTRY_READER}${env.name}`, {
        project: this.artifactRegistry.project,
        location: this.artifactRegistry.location,
        repository: this.artifactRegistry.name,
        role: 'roles/artifactregistry.reader',
        member: `serviceAccount:${nodes}`,
      }));
    }

    if (props.monthlyBudget) {
      this.requireQuotaProject(props.monthlyBudget);
      this.budget = new BillingBudget(this, FIXED_CHILD_IDS.TEAM_BUDGET, {
        billingAccount: this.platform.billingAccount!,
        displayName: boundedName(['team', this.name], 60),
        amount: { specifiedAmount: { units: `${props.monthlyBudget.amount}`, currencyCode: props.monthlyBudget.currencyCode } },
        budgetFilter: { calendarPeriod: 'MONTH', labels: { team: this.name } },
        thresholdRules: [0.5, 0.9, 1.0].map((thresholdPercent) => ({ thresholdPercent })),
      });
    }

    this.node.addValidation({ validate: () => this.quotaCheck() });
  }

  /** The group people of the team are known by: a Google Group on GKE, a GitHub team behind an OIDC bridge. */
  private defaultGroupSubject(name: string): GroupSubject {
    const platform = this.platform;
    if (platform.oidcBridge) return GroupSubject.githubTeam(platform.githubOrganization, name);
    if (platform.googleGroupsDomain !== undefined) return GroupSubject.googleGroup(`${name}@${platform.googleGroupsDomain}`);
    throw propError(this, {
      prop: 'groupSubject',
      value: undefined,
      problem: `is not given, and the platform names neither googleGroupsDomain nor an OIDC bridge, so the default Group "${platform.githubOrganization}:${name}" would never match anyone signed in to GKE with Google`,
      fix: `set googleGroupsDomain in the platform settings (the team then binds the Google Group ${name}@<domain>), give groupSubject (e.g. GroupSubject.googleGroup("${name}@acme.com")), `
        + 'or set oidcBridge: true if people sign in through an OIDC bridge that reports GitHub teams',
    });
  }

  /**
   * The Budget API needs a quota project with user credentials: at App scope
   * the team's stack gets one on its Google provider; inside a stack, the
   * stack's own provider must have one.
   */
  private requireQuotaProject(budget: MonthlyBudgetOptions): void {
    const project = this.platform.gcpProject;
    const provider = this.stack.node.findAll().find((c): c is GoogleProvider => c instanceof GoogleProvider && c.alias === undefined);
    if (this.platform.ownsStacks && provider) {
      // Unless the platform configured the stacks' providers itself.
      if (provider.billingProject === undefined) provider.billingProject = project;
      if (provider.userProjectOverride === undefined) provider.userProjectOverride = true;
      return;
    }
    this.node.addValidation({
      validate: () => (provider?.billingProject !== undefined && provider.userProjectOverride === true ? [] : [`[${pathOf(this)}] ${describeProblem({
        prop: 'monthlyBudget',
        value: budget,
        problem: 'the Cloud Billing Budget API needs a quota project, and the stack\'s Google provider sets no billing_project with user_project_override',
        fix: `configure the provider with billingProject: "${project}" and userProjectOverride: true`,
      })}`]),
    });
  }

  /**
   * Where `owner` (this team, or a construct inside it) puts its parts of one
   * environment. Inside a stack that is `owner` itself, so addresses stay as
   * they are. When the platform makes stacks, it is a construct at the same
   * path in the environment's stack (`<team>-<env>`), so each environment's
   * resources are planned and applied with that environment alone.
   */
  public environmentScope(environment: string, owner: IConstruct): Construct {
    this.platform.environment(environment);
    if (!this.platform.ownsStacks) return owner as Construct;
    if (owner === this) return this._environmentStacks.get(environment)!;
    if (enclosingTeam(owner) !== this || !owner.node.scope) {
      throw placementError(owner, `is not inside the team ${this.node.path}`, 'ask the TeamEnvironment that the construct belongs to');
    }
    const key = `${environment}\u0000${owner.node.path}`;
    let mirror = this._mirrors.get(key);
    if (!mirror) {
      mirror = new Construct(this.environmentScope(environment, owner.node.scope), owner.node.id);
      this._mirrors.set(key, mirror);
    }
    return mirror;
  }

  /**
   * The stack of one environment of the team (`<team>-<env>`) when the
   * platform makes stacks; otherwise the stack the platform is in.
   */
  public environmentStack(environment: string): TerraformStack {
    this.platform.environment(environment);
    return this._environmentStacks.get(environment) ?? this.stack;
  }

  /** GitHub users who maintain the team. */
  public get maintainers(): string[] {
    return [...this._maintainers];
  }

  /** GitHub users who are members of the team (maintainers not included). */
  public get members(): string[] {
    return [...this._members];
  }

  /** The GitHub team memberships: maintainers (role `maintainer`) first, then members (role `member`). */
  public get githubMemberships(): TeamMembership[] {
    return [...this._memberships];
  }

  /**
   * The GitHub team slug, as used in `@org/slug` mentions and CODEOWNERS.
   * GitHub derives it from the name, which is already a lowercase DNS label,
   * so it is known at synth time (no token).
   */
  public get githubTeamSlug(): string {
    return this.name;
  }

  /**
   * Where the team's images live: `<region>-docker.pkg.dev/<gcpProject>/<team>`,
   * a plain string (no token) so image names can be built at synth time.
   */
  public get registryPath(): string {
    return `${this.platform.region}-docker.pkg.dev/${this.platform.gcpProject}/${this.name}`;
  }

  /** The GitHub team id (known after apply). */
  public get githubTeamId(): string {
    return this.githubTeam.id;
  }

  /**
   * Labels for the team's Google Cloud resources: `team: <name>` (what the
   * monthly budget counts) and `managed-by: cdktf-golden-paths`.
   */
  public get googleLabels(): { [key: string]: string } {
    return { 'team': this.name, 'managed-by': MANAGED_BY };
  }

  /** Labels that select the ingress controller's namespace in the network policies. */
  public get ingressControllerNamespaceLabels(): { [key: string]: string } {
    return { ...this._ingressLabels };
  }

  /**
   * The namespace name of this team in an environment: `<team>-<env>`. Known
   * at synth time; resources placed in it should depend on `namespaceResource(env)`.
   */
  public namespaceName(environment: string): string {
    return this.teamNamespace(environment).name;
  }

  /** The namespace resource of this team in an environment. */
  public namespaceResource(environment: string): NamespaceV1 {
    return this.teamNamespace(environment).namespaceResource;
  }

  /**
   * The team's namespace in an environment with all its resources (quota,
   * limit range, role binding, network policies). Fails with the known
   * environments when there is no such environment.
   */
  public teamNamespace(environment: string): TeamNamespace {
    this.platform.environment(environment);
    return this._namespaces.get(environment)!;
  }

  /** The team's namespaces, in the platform's environment order. */
  public get teamNamespaces(): TeamNamespace[] {
    return [...this._namespaces.values()];
  }

  /**
   * Counts a workload against this team's namespace quotas; the quota check
   * at synth time sums every consumer's maximum footprint per environment.
   * Services and databases call this themselves.
   */
  public addQuotaConsumer(consumer: IQuotaConsumer): void {
    this._quotaConsumers.push(consumer);
  }

  /**
   * What the team's workloads take at most from its namespace in an
   * environment: the sum of every quota consumer's largest footprint.
   */
  public maxFootprint(environment: string): QuotaFootprint {
    const footprints = this._quotaConsumers.map((c) => c.maxFootprint(environment));
    return {
      cpuMillicores: footprints.reduce((sum, f) => sum + f.cpuMillicores, 0),
      memoryBytes: footprints.reduce((sum, f) => sum + f.memoryBytes, 0),
      pods: footprints.reduce((sum, f) => sum + f.pods, 0),
    };
  }

  /** The workloads counted against this team's quotas. */
  public get quotaConsumers(): IQuotaConsumer[] {
    return [...this._quotaConsumers];
  }

  /** The platform environments this team is present in. */
  public get environments(): PlatformEnvironment[] {
    return this.platform.environments;
  }

  private nameProblems(name: string): PropProblem[] {
    const label = dnsLabelProblem('name', name, MAX_NAMESPACE_LENGTH);
    if (label || Token.isUnresolved(name)) return problems(label);
    const longest = this.platform.environments.reduce((a, b) => (b.name.length > a.name.length ? b : a));
    const reserved = this.platform.environments.map((e) => `${name}-${e.name}`).find((ns) => reservedNamespace(ns));
    if (reserved !== undefined) {
      return [{
        prop: 'name',
        value: name,
        problem: `would make the namespace "${reserved}", which belongs to Kubernetes, GKE or a cluster add-on (${RESERVED_NAMESPACES.prefixes.map((p) => `"${p}*"`).join(', ')}, ${RESERVED_NAMESPACES.names.map((n) => `"${n}"`).join(', ')})`,
        fix: 'choose a team name whose namespaces ("<team>-<environment>") take none of those names',
      }];
    }
    const namespace = `${name}-${longest.name}`;
    if (namespace.length <= MAX_NAMESPACE_LENGTH) return [];
    return [{
      prop: 'name',
      value: name,
      problem: `would make the namespace "${namespace}" ${namespace.length} characters long, over the ${MAX_NAMESPACE_LENGTH} Kubernetes allows`,
      fix: `shorten the team name to ${MAX_NAMESPACE_LENGTH - 1 - longest.name.length} characters or fewer`,
    }];
  }

  private peopleProblems(): PropProblem[] {
    const found: PropProblem[] = [];
    if (this._maintainers.length === 0) {
      found.push({ prop: 'maintainers', value: this._maintainers, problem: 'is empty, so nobody could manage the team', fix: 'name at least one GitHub user, e.g. maintainers: ["alice"]' });
    }
    const seen = new Map<string, string>();
    for (const [list, users] of [['maintainers', this._maintainers], ['members', this._members]] as const) {
      users.forEach((user, i) => {
        const prop = `${list}[${i}]`;
        const bad = githubNameProblem(prop, user, 'GitHub username');
        if (bad) {
          found.push(bad);
          return;
        }
        const key = user.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, prop);
        } else if (first.startsWith(list)) {
          found.push({ prop, value: user, problem: `repeats ${first} (GitHub usernames ignore case)`, fix: 'list every person once' });
        } else {
          found.push({ prop, value: user, problem: `is already a maintainer (${first}); a person has one role in a team`, fix: `remove "${user}" from members: maintainers have every right members have` });
        }
      });
    }
    return found;
  }

  private quotaProblems(quotas: { [environment: string]: NamespaceQuotaOptions }): PropProblem[] {
    const envs = this.platform.environments;
    const found: PropProblem[] = [];
    for (const key of Object.keys(quotas)) {
      const env = envs.find((e) => e.name === key);
      if (!env) {
        found.push({ prop: `quotas.${key}`, value: quotas[key], problem: 'names no environment of the platform', fix: `key quotas by environment: ${envs.map((e) => `"${e.name}"`).join(', ')}` });
        continue;
      }
      found.push(...namespaceQuotaProblems(`quotas.${key}.`, NamespaceQuota.resolve(env.production, quotas[key])));
    }
    return found;
  }

  private budgetProblems(budget: MonthlyBudgetOptions | undefined): PropProblem[] {
    if (!budget) return [];
    const found = problems(
      integerProblem('monthlyBudget.amount', budget.amount, 1, Number.MAX_SAFE_INTEGER, 'give the monthly amount in whole currency units, e.g. 500'),
      budget.currencyCode === undefined || Token.isUnresolved(budget.currencyCode) || /^[A-Z]{3}$/.test(budget.currencyCode)
        ? undefined
        : { prop: 'monthlyBudget.currencyCode', value: budget.currencyCode, problem: 'is not an ISO 4217 currency code', fix: 'use the billing account\'s currency as three capital letters, e.g. "EUR" or "USD", or leave it out' },
    );
    if (this.platform.billingAccount === undefined) {
      found.push({
        prop: 'monthlyBudget',
        value: budget,
        problem: 'needs a billing account, and the platform has none',
        fix: `set billingAccount on the Platform at ${this.platform.node.path} (e.g. "012345-6789AB-CDEF01"), or leave monthlyBudget out`,
      });
    }
    return found;
  }

  /** Refuses a second team of the same name, or whose namespaces another team already has. */
  /** The names the team takes in the real world, unique across the whole app (every Platform in it). */
  private claimNames(): void {
    const organization = this.platform.githubOrganization;
    this.platform._claimName(this, 'github_team', `${organization}/${this.name}`.toLowerCase(), {
      prop: 'name', value: this.name, problem: `names the GitHub team "${this.name}" of "${organization}" that another team of the app already has`, fix: 'give every team of the app a distinct name',
    });
    for (const env of this.platform.environments) {
      const target = this.platform.deployTarget(env.name);
      const ns = `${this.name}-${env.name}`;
      this.platform._claimName(this, 'namespace', `${target.project}/${target.location}/${target.cluster}/${ns}`, {
        prop: 'name', value: this.name, problem: `would make the namespace "${ns}" in the cluster "${target.cluster}" that another team of the app already has`, fix: 'give every team of the app a distinct name',
      });
    }
  }

  private register(): void {
    if (!TEAMS_BY_NAME.has(this.platform)) onRelease(this.platform, (released) => dropTeams(this.platform, released));
    const byName = mapOf(TEAMS_BY_NAME, this.platform);
    const other = byName.get(this.name);
    if (other) {
      throw propError(this, {
        prop: 'name',
        value: this.name,
        problem: `is already the name of the team at ${pathOfTeam(other)} in this platform`,
        fix: 'give every team a distinct name: it names the GitHub team, the namespaces and the registry',
      });
    }
    const byNamespace = mapOf(TEAMS_BY_NAMESPACE, this.platform);
    const namespaces = this.platform.environments.map((e) => `${this.name}-${e.name}`);
    for (const ns of namespaces) {
      const owner = byNamespace.get(ns);
      if (owner) {
        throw propError(this, {
          prop: 'name',
          value: this.name,
          problem: `would make the namespace "${ns}", which the team "${owner.name}" at ${pathOfTeam(owner)} already has`,
          fix: 'choose a team name that does not end in another team\'s name plus an environment',
        });
      }
    }
    byName.set(this.name, this);
    namespaces.forEach((ns) => byNamespace.set(ns, this));
  }

  /** The quota check: every namespace must hold its consumers at their largest. */
  private quotaCheck(): string[] {
    if (this._quotaConsumers.length === 0) return [];
    return this.teamNamespaces.flatMap((ns) => quotaOverruns({
      environment: ns.environment.name,
      namespace: ns.name,
      quota: ns.quota,
      usages: this._quotaConsumers.map((c) => ({ consumer: this.consumerName(c), footprint: c.maxFootprint(ns.environment.name) })),
    }));
  }

  private consumerName(consumer: IQuotaConsumer): string {
    const prefix = `${this.node.path}/`;
    return consumer.node.path.startsWith(prefix) ? consumer.node.path.slice(prefix.length) : consumer.node.path;
  }
}

function pathOfTeam(team: TeamEnvironment | DroppedTeam): string {
  return team instanceof TeamEnvironment ? team.node.path : team.path;
}

/** Keeps only the names of the teams a parallel synth has dropped. */
function dropTeams(platform: Platform, released: (c: IConstruct) => boolean): void {
  for (const registry of [TEAMS_BY_NAME, TEAMS_BY_NAMESPACE]) {
    const map = registry.get(platform);
    for (const [key, team] of map ?? []) {
      if (team instanceof TeamEnvironment && released(team)) map!.set(key, { name: team.name, path: team.node.path });
    }
  }
}

function mapOf<K extends object, V>(registry: WeakMap<K, Map<string, V>>, key: K): Map<string, V> {
  let map = registry.get(key);
  if (!map) {
    map = new Map();
    registry.set(key, map);
  }
  return map;
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** What is wrong with a Kubernetes label selector (`matchLabels`) that must select something specific. */
function labelSelectorProblems(prop: string, labels: Record<string, string>): PropProblem[] {
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    return [{ prop, value: labels, problem: 'is empty, which selects every namespace and would let any pod in the cluster in', fix: 'give the labels of the ingress controller\'s namespace, e.g. { "kubernetes.io/metadata.name": "ingress-nginx" }' }];
  }
  const found: PropProblem[] = [];
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    const slash = key.lastIndexOf('/');
    const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
    if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) {
      found.push({ prop, value: labels, problem: `has the key "${key}", which is not a Kubernetes label key`, fix: 'use a key such as "kubernetes.io/metadata.name" or "app.kubernetes.io/name"' });
    } else if (value !== '' && !LABEL_NAME.test(value)) {
      found.push({ prop, value: labels, problem: `has the value "${value}" under "${key}", which is not a Kubernetes label value`, fix: 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' });
    }
  }
  return found;
}

/** The runtime types of {@link TeamEnvironmentProps}. */
const TEAM_ENVIRONMENT_PROPS_TYPES: PropTypes<TeamEnvironmentProps> = {
  name: STRING,
  maintainers: listOf(STRING),
  members: optional(listOf(STRING)),
  description: optional(STRING),
  quotas: optional(keyedBy(struct('NamespaceQuotaOptions', NAMESPACE_QUOTA_OPTIONS_TYPES))),
  groupSubject: optional(instanceOf('GroupSubject', (v) => v instanceof GroupSubject)),
  ingressControllerNamespaceLabels: optional(keyedBy(STRING, 'kubernetes.io/metadata.name')),
  imageRetention: optional(struct<ImageRetentionOptions>('ImageRetentionOptions', {
    keepRecentVersions: optional(NUMBER),
    deleteUntaggedAfterDays: optional(NUMBER),
    deleteTaggedAfterDays: optional(NUMBER),
  })),
  monthlyBudget: optional(struct<MonthlyBudgetOptions>('MonthlyBudgetOptions', { amount: NUMBER, currencyCode: optional(STRING) })),
};

/** Whether a namespace belongs to Kubernetes, GKE or a cluster add-on. */
function reservedNamespace(ns: string): boolean {
  return RESERVED_NAMESPACES.prefixes.some((p) => ns.startsWith(p)) || (RESERVED_NAMESPACES.names as readonly string[]).includes(ns);
}
