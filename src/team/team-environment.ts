import { Construct, type IConstruct } from 'constructs';
import { defaultGroupSubject, GroupSubject } from './group-subject';
import { alertDestination, alertNotificationProblems, TeamAlertChannels, type AlertDestination } from './team-alerts';
import { makeMonthlyBudget } from './team-budget';
import { TeamDashboards, teamDashboardProblems, teamDashboardSettings, type DashboardServicePanel, type TeamDashboardSettings } from './team-dashboards';
import { checkDefinition, runDefinition } from './team-definition';
import { imageRetentionOf, TEAM_ENVIRONMENT_PROPS_TYPES, type ImageRetentionSettings, type TeamEnvironmentProps } from './team-environment-props';
import { makeGithubTeam } from './team-github';
import { makeImageRegistry } from './team-image-registry';
import { enclosingTeam, type IQuotaConsumer, type ITeamEnvironment, markTeamScope, type QuotaFootprint, TEAM_SYMBOL } from './team-interfaces';
import { claimTeamNames, grantsNamespaceName, registeredTeam } from './team-names';
import { TeamNamespace } from './team-namespace';
import { sumOfFootprints, teamQuotaOverruns } from './team-quotas';
import { onboardedTeamOf, onboardedTeamProblems } from './team-tenancy';
import {
  imageRetentionProblems, labelSelectorProblems, MAX_NAMESPACE_LENGTH, monthlyBudgetProblems, reservedTeamNameProblem, teamNameProblems,
  teamPeopleProblems, teamQuotaProblems,
} from './team-validation';
import { addCatalogSource } from '../catalog/catalog-source';
import type { PlatformEnvironment } from '../platform/environment';
import type { OnboardedTeam } from '../platform/onboarded-team';
import { Platform } from '../platform/platform';
import type { PlatformStack } from '../platform/platform-stack';
import { TerraformStack } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import { placementError, propError, throwIfProblems } from '../private/errors';
import { defineTeam } from '../private/parallel-synth';
import { checkPropTypes } from '../private/prop-types';
import type { Team, TeamMembership } from '../private/providers/github';
import type { ArtifactRegistryRepository, ArtifactRegistryRepositoryIamMember, BillingBudget, MonitoringDashboard, MonitoringNotificationChannel } from '../private/providers/google';
import type { NamespaceV1 } from '../private/providers/kubernetes';
import { dnsLabelProblem, problems } from '../private/validation';

/**
 * The body of a team declared with {@link TeamEnvironment.define}: the
 * library runs it on the new team, in the process that builds the team. In
 * TypeScript an object literal implements it.
 */
export interface ITeamDefinition {
  /** Declares the team's services, databases and anything else in it. */
  define(team: TeamEnvironment): void;
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
    // Judged in every process, before any builds the team: the same error wherever the team is built.
    checkDefinition(`${platform?.node?.path ?? ''}/${id}`, definition);
    const build = () => {
      const team = new TeamEnvironment(platform, id, props);
      runDefinition(team, definition);
      return team;
    };
    // Inside a stack every team shares the platform's stack: nothing to share out.
    if (!Platform.of(platform)._layout.teamsApart) return build();
    return defineTeam(platform, typeof props?.name === 'string' ? props.name : id, `${platform.node.path}/${id}`, build);
  }

  /**
   * The team of `platform` named `name` (its GitHub team slug), if one has
   * been created: teams register by name as they are created, so finding one
   * does not walk the construct tree.
   * @internal
   */
  public static _named(platform: Platform, name: string): TeamEnvironment | undefined {
    return registeredTeam(platform, name) as TeamEnvironment | undefined;
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
    return platform._layout.teamScope(scope, path, () => {
      const bad = dnsLabelProblem('name', props.name, MAX_NAMESPACE_LENGTH) ?? reservedTeamNameProblem(props.name);
      if (bad) throw propError(path, bad);
      const onboarded = onboardedTeamOf(platform, path, props);
      return { id: props.name, state: onboarded && { bucket: onboarded.stateBucket, prefix: props.name }, googleProject: onboarded?.projects?.team };
    });
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
  /**
   * The GitHub team (closed, no default maintainer).
   * @default - none when the platform onboarded the team: its TeamOnboarding keeps the GitHub team
   */
  public readonly githubTeam?: Team;
  /**
   * The Artifact Registry docker repository of the team's images, named after the team.
   * @default - none when the platform onboarded the team: its TeamOnboarding keeps the registry
   */
  public readonly artifactRegistry?: ArtifactRegistryRepository;
  /**
   * What the platform repository published about the team, when the platform
   * onboarded it (`platform.json`, `teams.<name>`): the team's stacks then hold
   * only what lives inside its tenancy, and keep their state in its bucket.
   * @internal
   */
  public readonly _onboarded?: OnboardedTeam;
  /** The monthly budget, when the team gives one. */
  public readonly budget?: BillingBudget;
  /**
   * `roles/artifactregistry.reader` on the registry for each GKE node service
   * account the environments name (`gkeNodeServiceAccount`), one per account.
   */
  public readonly registryReaders: ArtifactRegistryRepositoryIamMember[];

  /**
   * The team's own stack (`<team>`) when the platform makes stacks (it was
   * created at App scope); otherwise the stack the platform is in.
   */
  public readonly stack: TerraformStack;
  /** Where the team's alerts go (alertNotifications, else its Google Group); none when nowhere. */
  public readonly alertDestination?: AlertDestination;
  /** Whether the team gets its Cloud Monitoring dashboards (one per environment where it has services), and why not. */
  public readonly dashboardSettings: TeamDashboardSettings;

  private readonly _environmentStacks: ReadonlyMap<string, PlatformStack>;
  private readonly _mirrors = new Map<string, Construct>();
  private readonly _maintainers: string[];
  private readonly _members: string[];
  private readonly _ingressLabels: Record<string, string>;
  private readonly _memberships: TeamMembership[];
  private readonly _namespaces = new Map<string, TeamNamespace>();
  private readonly _quotaConsumers: IQuotaConsumer[] = [];
  private readonly _alertChannels: TeamAlertChannels;
  private readonly _dashboards: TeamDashboards;

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
    this.groupSubject = props.groupSubject ?? defaultGroupSubject(this, this.platform, props.name);
    this._ingressLabels = { ...(props.ingressControllerNamespaceLabels ?? { 'kubernetes.io/metadata.name': 'ingress-nginx' }) };
    const { settings: retention, deleteTaggedAfterDays } = imageRetentionOf(props.imageRetention);
    this.imageRetention = retention;
    const quotas = props.quotas ?? {};
    this._onboarded = onboardedTeamOf(this.platform, this.node.path, props);

    throwIfProblems(this, [
      ...(this._onboarded ? onboardedTeamProblems(props, this._onboarded, this.platform.environments) : []),
      ...teamNameProblems(props.name, this.platform.environments),
      ...teamPeopleProblems(this._maintainers, this._members),
      ...teamQuotaProblems(quotas, this.platform.environments),
      ...problems(this.groupSubject._problem('groupSubject')),
      ...labelSelectorProblems('ingressControllerNamespaceLabels', this._ingressLabels),
      ...imageRetentionProblems({ ...this.imageRetention, deleteTaggedAfterDays }),
      ...monthlyBudgetProblems(props.monthlyBudget, this.platform.billingAccount, this.platform.node.path),
      ...alertNotificationProblems(props.alertNotifications),
      ...teamDashboardProblems(props.dashboard),
    ]);
    this.dashboardSettings = teamDashboardSettings(props.dashboard);
    this.alertDestination = alertDestination(props.alertNotifications, this.groupSubject);
    claimTeamNames(this);
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
    // At App scope, a stack per environment (`<team>-<env>`), in promotion order; inside a stack, none.
    this._environmentStacks = this.platform._layout.environmentStacks(
      { name: this.name, path: this.node.path, stack: this.stack },
      this.platform.environments,
      (env) => ({ state: this._onboarded && { bucket: this._onboarded.stateBucket, prefix: `${this.name}-${env.name}` }, googleProject: this._onboarded?.projects?.environments[env.name] }),
      (stack) => markTeamScope(stack, this),
    );

    // Inside a stack the environments share the team as their scope: one id per environment.
    const placeIn = (childId: string) => (env: string) =>
      (this.platform.ownsStacks ? { scope: this.environmentScope(env, this), id: childId } : { scope: this, id: `${childId}-${env}` });
    this._alertChannels = new TeamAlertChannels(this.name, this.alertDestination, this.platform.environments.map((e) => e.name), placeIn('alerting'));
    this._dashboards = new TeamDashboards(this, this.dashboardSettings, placeIn('dashboards'));
    if (this._onboarded) {
      // The platform's TeamOnboarding keeps the GitHub team, the namespaces and the registry.
      this._memberships = [];
      this.registryReaders = [];
      this.node.addValidation({ validate: () => teamQuotaOverruns(this) });
      return;
    }

    const github = makeGithubTeam(this, this.name, this.description, this._maintainers, this._members);
    this.githubTeam = github.team;
    this._memberships = github.memberships;

    for (const env of this.platform.environments) {
      const envScope = this.environmentScope(env.name, this);
      this._namespaces.set(env.name, new TeamNamespace(envScope, env.name, { environment: env.name, quota: quotas[env.name] }));
    }

    const registry = makeImageRegistry(this, this.platform, this.name, this.googleLabels, this.imageRetention);
    this.artifactRegistry = registry.repository;
    this.registryReaders = registry.readers;

    if (props.monthlyBudget) {
      this.budget = makeMonthlyBudget(this, this.platform, this.name, props.monthlyBudget, this.groupSubject, undefined, props.alertNotifications);
    }

    this.node.addValidation({ validate: () => teamQuotaOverruns(this) });
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
    const stack = this._environmentStacks.get(environment);
    // No stack of its own: the environment's parts stay with their owner.
    if (!stack) return owner as Construct;
    if (owner === this) return stack;
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
   * The team's Cloud Monitoring notification channel in one environment's project, which that environment's SLO alerts notify;
   * made by the first service that alerts there. `undefined` when the team's alerts go nowhere.
   */
  public alertChannel(environment: string): MonitoringNotificationChannel | undefined {
    const env = this.platform.environment(environment);
    return this._alertChannels.channel(env.name, this.googleProject(env.name), env.googleProvider);
  }

  /** @internal */
  public _addToDashboard(environment: string, panel: DashboardServicePanel): { dashboard?: MonitoringDashboard; url?: string } {
    return this._dashboards.add(environment, panel);
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
   * Where the team's images live: `<region>-docker.pkg.dev/<project>/<team>`,
   * a plain string (no token) so image names can be built at synth time.
   */
  public get registryPath(): string {
    return `${this.platform.region}-docker.pkg.dev/${this.googleProject()}/${this.name}`;
  }

  /**
   * The Google Cloud project of the team's resources: with `environment`,
   * that environment's (databases, secrets, workload accounts); without, the
   * team's own (registry, deployer accounts). When the platform onboarded the
   * team with projects of its own (`teamProjects`), those; otherwise the
   * environment's provider's project, or the platform's `gcpProject`.
   */
  public googleProject(environment?: string): string {
    const projects = this._onboarded?.projects;
    if (environment === undefined) return projects?.team ?? this.platform.gcpProject;
    const env = this.platform.environment(environment);
    return projects?.environments[environment] ?? env.googleProvider?.project ?? this.platform.gcpProject;
  }

  /**
   * The GitHub team id (known after apply); for a team the platform onboarded,
   * its slug, which `github_team_repository` also takes.
   */
  public get githubTeamId(): string {
    return this.githubTeam?.id ?? this.githubTeamSlug;
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
    this.platform.environment(environment);
    return `${this.name}-${environment}`;
  }

  /**
   * The namespace resource of this team in an environment. A team the
   * platform onboarded has none in its own stacks: the platform's onboarding
   * keeps its namespaces.
   */
  public namespaceResource(environment: string): NamespaceV1 {
    return this.teamNamespace(environment).namespaceResource;
  }

  /**
   * What resources in the team's namespace of `environment` wait for: the
   * namespace resource, or nothing when the platform onboarded the team (its
   * namespaces exist before the team's stacks are applied).
   * @internal
   */
  public _namespaceDependencies(environment: string): NamespaceV1[] {
    return this._onboarded ? (this.platform.environment(environment), []) : [this.namespaceResource(environment)];
  }

  /**
   * The namespace of this team's database grant Jobs in an environment:
   * `<team>-grants-<env>`, where neither the team's workloads nor its CI
   * deployers reach (see GrantsNamespace). Known at synth time.
   */
  public grantsNamespaceName(environment: string): string {
    this.platform.environment(environment);
    return grantsNamespaceName(this.name, environment);
  }

  /**
   * What resources in the grants namespace of `environment` wait for: its
   * namespace resource, made on first use, or nothing when the platform
   * onboarded the team (its onboarding makes that namespace).
   * @internal
   */
  public _grantsNamespaceDependencies(environment: string): NamespaceV1[] {
    return this._onboarded ? (this.platform.environment(environment), []) : [this.teamNamespace(environment).grantsNamespace().namespaceResource];
  }

  /**
   * The team's namespace in an environment with all its resources (quota,
   * limit range, role binding, network policies). Fails with the known
   * environments when there is no such environment.
   */
  public teamNamespace(environment: string): TeamNamespace {
    this.platform.environment(environment);
    if (this._onboarded) {
      throw placementError(this, `has no namespace resource of its own in "${environment}": the platform onboarded the team, and its TeamOnboarding keeps the namespace "${this.namespaceName(environment)}"`,
        'refer to the namespace by name (team.namespaceName(env)); quotas, policies and RBAC change in the platform repository');
    }
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
    return sumOfFootprints(this._quotaConsumers, environment);
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
