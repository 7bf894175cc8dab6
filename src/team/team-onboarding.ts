import { Construct, type IConstruct } from 'constructs';
import { defaultGroupSubject, GroupSubject } from './group-subject';
import { InfrastructureRepository } from './infrastructure-repository';
import { defineOnboarding } from './onboarding-parts';
import { grantsRbac, identityRbac } from './onboarding-rbac';
import { makeMonthlyBudget } from './team-budget';
import { imageRetentionOf, TEAM_ENVIRONMENT_PROPS_TYPES, type TeamEnvironmentProps } from './team-environment-props';
import { makeGithubTeam } from './team-github';
import { teamGrants, type TeamGrant } from './team-grants';
import { TeamIdentities } from './team-identities';
import { makeImageRegistry } from './team-image-registry';
import { markTeamScope, type ITeamEnvironment, type QuotaFootprint } from './team-interfaces';
import { TeamNamespace } from './team-namespace';
import { TeamProjects } from './team-projects';
import { makeServiceRepositories, makeServiceRepositorySubjects } from './team-service-repositories';
import {
  imageRetentionProblems, labelSelectorProblems, monthlyBudgetProblems, onboardingSettingsProblems, reservedTeamNameProblem,
  serviceRepositoriesProblems, teamNameProblems, teamPeopleProblems, teamQuotaProblems,
} from './team-validation';
import { addCatalogSource } from '../catalog/catalog-source';
import { addOnboardedTeam, ONBOARDING_STACK_PREFIX, type OnboardedTeam } from '../platform/onboarded-team';
import { Platform } from '../platform/platform';
import { foundationOf, PLATFORM_SETTINGS_FILE } from '../platform/platform-foundation';
import { PlatformStackKind, type PlatformStack } from '../platform/platform-stack';
import { githubWebHost } from '../platform/platform-validation';
import { workloadIdentityPoolName } from '../platform/workload-identity-names';
import { Annotations, App, Lazy, Token } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError, throwIfProblems, type PropProblem } from '../private/errors';
import { NameKind } from '../private/name-registry';
import { boundedName } from '../private/naming';
import { checkPropTypes, listOf, optional, STRING, type PropTypes } from '../private/prop-types';
import type { ActionsRepositoryOidcSubjectClaimCustomizationTemplate, Repository, Team, TeamMembership } from '../private/providers/github';
import type { ArtifactRegistryRepository, BillingBudget } from '../private/providers/google';
import type { RoleBindingV1 } from '../private/providers/kubernetes';
import { terraformLiteral } from '../private/terraform-literal';
import { problems, repositoryNameProblem } from '../private/validation';
import { feedbackForms } from '../scaffold/feedback-forms';
import { INFRASTRUCTURE_VARIABLES as VARS } from '../scaffold/infrastructure-variables';
import { InfrastructureWorkflow } from '../scaffold/infrastructure-workflow';

/**
 * Properties of a {@link TeamOnboarding}: who the team is, and what the
 * platform sets for it, as a TeamEnvironment takes them (its quotas are hard
 * limits for the team's repository, which cannot change them), plus the
 * team's infrastructure repository.
 */
export interface TeamOnboardingProps extends TeamEnvironmentProps {
  /**
   * The team's infrastructure repository, which the platform creates and
   * whose CI is the only automation that applies the team's stacks.
   * @default "<name>-infra"
   */
  readonly infrastructureRepository?: string;
  /**
   * The team's service repositories, which the platform creates: the only
   * repositories the team's stacks may manage, and the only ones the GitHub
   * App tokens of its workflow reach. A service the team's repository declares
   * (`GoMicroservice`) must have its repository here; add it, apply the
   * platform, then the team's next push deploys the service.
   * @default - none: the team's repository can declare no service yet
   */
  readonly serviceRepositories?: string[];
}

/**
 * Onboards a team onto the platform, in the platform repository: everything
 * the team needs before its first push, in stacks the platform owns, so that
 * the team's own repository holds only what lives inside its tenancy.
 *
 * - stack `onboarding-<team>`: the GitHub team and memberships; the team's
 *   infrastructure repository (`<team>-infra`) with its ruleset, one GitHub
 *   environment per deploy gate and the Actions variables and secrets its
 *   workflow reads; the team's identities (a read-only **plan** identity for
 *   pull requests, one **apply** identity per deploy gate), their grants, and
 *   the team's own state bucket; the team's Artifact Registry repository;
 * - stack `onboarding-<team>-<env>` per environment: the namespace
 *   `<team>-<env>` with its quota, limit range, network policies and the
 *   team's RBAC, and the namespace-scoped RBAC of the team's identities; the
 *   namespace of the team's database grant Jobs, `<team>-grants-<env>`, which
 *   the team's Terraform reaches and its deployers and workloads do not.
 *
 * `platform.json` (written by the PlatformFoundation) lists every onboarded
 * team with what its repository needs; a team repository's TeamEnvironment
 * must match one. Onboarding needs a Platform at App scope with `stateBucket`,
 * `gcpProjectNumber`, `terraformGithubAppId` and `terraformGithubReaderAppId`.
 *
 * @example
 * new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'], members: ['bob'] });
 */
export class TeamOnboarding extends Construct implements ITeamEnvironment {
  /** The stack of the team's onboarding outside any environment: `onboarding-<team>`. */
  public static stackId(team: string): string {
    return `${ONBOARDING_STACK_PREFIX}${team}`;
  }

  /**
   * Onboards a team whose onboarding the library builds: the same as `new
   * TeamOnboarding(platform, id, props)` (the same construct ids and
   * Terraform addresses), returned, in one process (`cdktf synth`,
   * `app.synth()`, tests). With `golden-paths synth --jobs N`, each of the N
   * worker processes builds only its share of the teams declared this way or
   * with `TeamEnvironment.define` (numbered together, in declaration order)
   * and returns `undefined` for the others; the outputs are merged into one
   * `cdktf.out`, identical to one process's, whose `platform.json` lists every
   * onboarded team. A team name declared twice fails here, in every process alike.
   *
   * @example
   * TeamOnboarding.define(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
   */
  public static define(platform: Platform, id: string, props: TeamOnboardingProps): TeamOnboarding | undefined {
    const build = () => new TeamOnboarding(platform, id, props);
    // Inside a stack, onboarding fails with its own message.
    if (!Platform.of(platform)._layout.teamsApart) return build();
    const name = typeof props?.name === 'string' ? props.name : id;
    return defineOnboarding(platform, TeamOnboarding.stackId(name), name, `${platform.node.path}/${id}`, build);
  }

  /** At App scope, the stack `onboarding-<team>`; anything else fails with the fix. */
  private static onboardingScope(scope: Construct, id: string, props: TeamOnboardingProps): Construct {
    const path = `${scope.node.path}/${id}`;
    checkPropTypes(path, props, TEAM_ONBOARDING_PROPS_TYPES, '{ name: "payments", maintainers: ["alice"] }');
    const platform = Platform.of(scope);
    return platform._layout.onboardingScope(scope, path, () => {
      const bad = [...teamNameProblems(props.name, platform.environments), ...problems(reservedTeamNameProblem(props.name))];
      throwIfProblems(path, bad);
      return TeamOnboarding.stackId(props.name);
    });
  }

  /** The team name. */
  public readonly name: string;
  /** The description of the team. */
  public readonly description: string;
  /** The platform. */
  public readonly platform: Platform;
  /** The Kubernetes RBAC subject of the team's people. */
  public readonly groupSubject: GroupSubject;
  /** The name of the team's infrastructure repository. */
  public readonly infrastructureRepositoryName: string;
  /** The stack `onboarding-<team>`. */
  public readonly stack: PlatformStack;
  /** The GitHub team (closed, no default maintainer). */
  public readonly githubTeam: Team;
  /** The memberships: maintainers first, then members. */
  public readonly githubMemberships: TeamMembership[];
  /** The team's Artifact Registry repository. */
  public readonly artifactRegistry: ArtifactRegistryRepository;
  /** The team's identities and state bucket. */
  public readonly identities: TeamIdentities;
  /** The team's infrastructure repository, its ruleset, gates, variables and secrets. */
  public readonly infrastructureRepository: InfrastructureRepository;
  /** The team's service repositories, created by the platform and then kept by the team's stacks. */
  public readonly serviceRepositories: Repository[];
  /**
   * The OIDC subject template of each service repository (the repository's immutable id and the job's context),
   * which the deployers of the team's stacks trust: set by the platform, since it needs the Actions permission.
   */
  public readonly serviceRepositorySubjects: ActionsRepositoryOidcSubjectClaimCustomizationTemplate[];
  /** The Google Cloud grants of the team's identities, each the least its stacks need (see `docs/tenancy.md`). */
  public readonly grants: TeamGrant[];
  /**
   * The team's own Google Cloud projects, when the platform creates them (`teamProjects`).
   * @default - none: the team shares the platform's project
   */
  public readonly projects?: TeamProjects;
  /**
   * The monthly budget, when the onboarding gives one.
   * @default - no budget
   */
  public readonly budget?: BillingBudget;
  /** The team's namespace in each environment, in the platform's order. */
  public readonly teamNamespaces: TeamNamespace[] = [];
  /**
   * The RBAC of the team's identities in each namespace: the plan identity reads, the environment's apply identity
   * administers the team's namespace and manages the grant Jobs (their Jobs, ConfigMaps and service accounts) in
   * the grants namespace, nothing more.
   */
  public readonly namespaceAccess: RoleBindingV1[] = [];

  private readonly _ingressLabels: Record<string, string>;
  /** The names of the service repositories, as given and validated. */
  private readonly _serviceRepositoryNames: string[];
  private readonly _environmentStacks = new Map<string, PlatformStack>();

  public constructor(scope: Construct, id: string, props: TeamOnboardingProps) {
    super(TeamOnboarding.onboardingScope(scope, id, props), id);
    const platform = Platform.of(scope);
    this.platform = platform;
    this.stack = platform.tryFindStack(TeamOnboarding.stackId(props.name))!;
    this.name = props.name;
    this.description = props.description ?? `${props.name} team, managed by ${MANAGED_BY}`;
    this.infrastructureRepositoryName = props.infrastructureRepository ?? `${props.name}-infra`;
    this._ingressLabels = { ...(props.ingressControllerNamespaceLabels ?? { 'kubernetes.io/metadata.name': 'ingress-nginx' }) };
    this.groupSubject = props.groupSubject ?? defaultGroupSubject(this, platform, props.name);
    const quotas = props.quotas ?? {};
    const maintainers = [...props.maintainers];
    const members = [...(props.members ?? [])];
    const serviceRepositories = [...(props.serviceRepositories ?? [])];
    this._serviceRepositoryNames = serviceRepositories;

    const { settings: retention, deleteTaggedAfterDays } = imageRetentionOf(props.imageRetention);
    throwIfProblems(this, [
      ...teamPeopleProblems(maintainers, members),
      ...imageRetentionProblems({ ...retention, deleteTaggedAfterDays }),
      ...monthlyBudgetProblems(props.monthlyBudget, platform.billingAccount, platform.node.path),
      ...teamQuotaProblems(quotas, platform.environments),
      ...problems(this.groupSubject._problem('groupSubject')),
      ...labelSelectorProblems('ingressControllerNamespaceLabels', this._ingressLabels),
      ...problems(repositoryNameProblem('infrastructureRepository', this.infrastructureRepositoryName)),
      ...serviceRepositoriesProblems(serviceRepositories, this.infrastructureRepositoryName),
      ...this.platformProblems(),
    ]);
    platform._claimName(this, NameKind.GITHUB_REPOSITORY, `${platform.githubOrganization}/${this.infrastructureRepositoryName}`.toLowerCase(), {
      prop: 'infrastructureRepository', value: this.infrastructureRepositoryName, problem: 'is a repository another construct of the app already makes', fix: 'give every team its own infrastructure repository',
    });
    serviceRepositories.forEach((name, i) => platform._claimName(this, NameKind.GITHUB_REPOSITORY, `${platform.githubOrganization}/${name}`.toLowerCase(), {
      prop: `serviceRepositories[${i}]`, value: name, problem: 'is a repository another team or construct of the app already has', fix: 'give every service its own repository, owned by one team',
    }));

    // The portal's quick actions open their pull requests in this repository.
    addCatalogSource(this, {
      kind: 'onboarding',
      describe: () => ({
        team: props.name,
        repository: this.infrastructureRepositoryName,
        githubOrganization: platform.githubOrganization,
        githubHost: githubWebHost(platform.githubApiUrl),
      }),
    });

    const github = makeGithubTeam(this, props.name, this.description, maintainers, members);
    this.githubTeam = github.team;
    this.githubMemberships = github.memberships;
    if (platform.teamProjects) {
      this.projects = new TeamProjects(this, 'projects', platform, props.name);
    } else {
      Annotations.of(this).addWarning(`The team "${props.name}" shares the Google Cloud project "${platform.gcpProject}" with the platform and every other team: `
        + 'its apply identities hold project-wide roles there (service accounts, Cloud SQL, Memorystore, Secret Manager), which reach every team\'s resources and identities in that project. '
        + 'Set teamProjects in the platform settings to give each team projects of its own (docs/tenancy.md).');
    }
    const projectIds = this.projects?.ids;
    this.artifactRegistry = makeImageRegistry(this, platform, props.name, { 'team': props.name, 'managed-by': MANAGED_BY }, retention, projectIds?.team).repository;
    if (this.projects) dependOn(this.artifactRegistry, ...this.projects.services.filter((s) => s.service === 'artifactregistry.googleapis.com'));
    if (props.monthlyBudget) {
      const projects = this.projects && [this.projects.teamProject, ...this.projects.environmentProjects].map((p) => `projects/${p.number}`);
      this.budget = makeMonthlyBudget(this, platform, props.name, props.monthlyBudget, this.groupSubject, projects);
    }

    const stacks = [props.name, ...platform.environments.map((e) => `${props.name}-${e.name}`)];
    this.identities = new TeamIdentities(this, 'identities', {
      team: props.name,
      organization: platform.githubOrganization,
      repository: this.infrastructureRepositoryName,
      // The repository is made below, in this stack: its id is known at apply, after it.
      repositoryId: Lazy.stringValue({ produce: () => Token.asString(this.infrastructureRepository.repository.repoId) }),
      project: platform.gcpProject,
      projectNumber: platform.gcpProjectNumber!,
      poolId: platform.workloadIdentityPoolId,
      region: platform.region,
      stateBucket: teamStateBucket(platform.stateBucket!, props.name),
      stacks,
    });
    const projectNumbers = this.projects
      && Object.fromEntries(platform.environments.map((e, i) => [e.name, this.projects!.environmentProjects[i].number]));
    this.grants = teamGrants(this, props.name, this.identities, this.artifactRegistry, projectIds, projectNumbers);

    const template = serviceRepositories.length > 0 ? platform._serviceTemplate : undefined;
    this.serviceRepositories = makeServiceRepositories(this, props.name, serviceRepositories, template);
    this.serviceRepositorySubjects = makeServiceRepositorySubjects(this, this.serviceRepositories);
    // The foundation makes the template: the repositories are created after it.
    if (template?.stack !== undefined && template.stack !== this.stack) this.stack.addDependency(template.stack);

    const production = platform.productionEnvironments;
    this.infrastructureRepository = new InfrastructureRepository(this, 'infrastructure-repository', {
      team: props.name,
      name: this.infrastructureRepositoryName,
      teamId: this.githubTeam.id,
      gates: this.identities.applyIdentities,
      // The team stack holds production's deployer bindings and GitHub environments: it is gated like production.
      reviewedGates: [props.name, ...production.map((e) => `${props.name}-${e.name}`)],
      reviewers: [...new Set(production.flatMap((e) => e.reviewers))],
      githubPlan: platform.githubPlan,
      appId: platform.terraformGithubAppId!,
      actionsAppId: platform.githubActionsAppId,
      // The settings and the workflow that gates the deploys are the platform's: `golden-paths init` writes the same files.
      platformFiles: {
        [PLATFORM_SETTINGS_FILE]: Lazy.stringValue({ produce: () => this.settingsFile() }),
        [InfrastructureWorkflow.PATH]: new InfrastructureWorkflow({
          teamName: props.name,
          githubOrganization: platform.githubOrganization,
          environments: platform.environments.map((e) => ({ name: e.name, production: e.production })),
        }).render(),
        // The feedback loop's forms, the team's field filled in: the platform keeps them comparable across teams.
        ...feedbackForms(props.name),
      },
      variables: {
        [VARS.WORKLOAD_IDENTITY_PROVIDER]: `${workloadIdentityPoolName(platform.gcpProjectNumber!, platform.workloadIdentityPoolId)}/providers/${platform.workloadIdentityProviderId}`,
        [VARS.PLAN_SERVICE_ACCOUNT]: this.identities.planServiceAccountEmail,
        [VARS.STATE_BUCKET]: teamStateBucket(platform.stateBucket!, props.name),
        [VARS.APP_ID]: `${platform.terraformGithubAppId}`,
        [VARS.READER_APP_ID]: `${platform.terraformGithubReaderAppId}`,
        // GitHub refuses an empty variable: without repositories the workflow mints no token at all.
        ...(serviceRepositories.length > 0 ? { [VARS.GITHUB_REPOSITORIES]: serviceRepositories.join(',') } : {}),
      },
    });

    let previous: PlatformStack | undefined;
    for (const env of platform.environments) {
      const stack = platform._makeStack(`${TeamOnboarding.stackId(props.name)}-${env.name}`, this.node.path, PlatformStackKind.ENVIRONMENT_ONBOARDING, env);
      this._environmentStacks.set(env.name, stack);
      stack.addDependency(this.stack);
      // In promotion order, as the team's own environment stacks.
      if (previous) stack.addDependency(previous);
      previous = stack;
      const scopeInStack = new Construct(stack, id);
      markTeamScope(scopeInStack, this);
      const namespace = new TeamNamespace(scopeInStack, env.name, { environment: env.name, quota: quotas[env.name] });
      this.teamNamespaces.push(namespace);
      const stackName = `${props.name}-${env.name}`;
      this.namespaceAccess.push(
        ...identityRbac(props.name, this.identities, namespace, stackName), ...grantsRbac(props.name, this.identities, namespace, stackName));
    }

    addOnboardedTeam(platform, props.name, () => this._published(), this);
  }

  /** The stack of one environment's onboarding: `onboarding-<team>-<env>`. */
  public environmentStack(environment: string): PlatformStack {
    this.platform.environment(environment);
    return this._environmentStacks.get(environment)!;
  }

  /** Labels that select the ingress controller's namespace in the network policies. */
  public get ingressControllerNamespaceLabels(): { [key: string]: string } {
    return { ...this._ingressLabels };
  }

  /** The platform sizes onboarded namespaces from their quotas alone: the team's workloads are not known here. */
  public maxFootprint(_environment: string): QuotaFootprint {
    return { cpuMillicores: 0, memoryBytes: 0, pods: 0 };
  }

  /**
   * What `platform.json` publishes about the team.
   * @internal
   */
  public _published(): OnboardedTeam {
    return {
      name: this.name,
      infrastructureRepository: this.infrastructureRepositoryName,
      stateBucket: teamStateBucket(this.platform.stateBucket!, this.name),
      planServiceAccount: this.identities.planServiceAccountEmail,
      applyServiceAccounts: Object.fromEntries(this.identities.applyIdentities.map((g) => [g.stack, g.serviceAccountEmail])),
      quotas: Object.fromEntries(this.teamNamespaces.map((ns) => [ns.environment.name, { ...ns.quota }])),
      ...(this.projects ? { projects: this.projects.ids } : {}),
      serviceRepositories: [...this._serviceRepositoryNames],
    };
  }

  /**
   * The team's `platform.json`: what the platform repository's synth writes,
   * with this team alone under `teams`.
   */
  private settingsFile(): string {
    const foundation = foundationOf(this.platform);
    if (!foundation) {
      throw placementError(this, 'needs the PlatformFoundation of its platform, whose settings the team\'s repository is built from',
        'create new PlatformFoundation(platform, "foundation") in the platform repository, before the teams');
    }
    return terraformLiteral(`${JSON.stringify(foundation.publishedSettings(App.of(this).outdir, this.name), undefined, 2)}\n`);
  }

  /** What the platform settings must give for onboarding. */
  private platformProblems(): PropProblem[] {
    return onboardingSettingsProblems(this.platform, 'platform.');
  }
}

/** The bucket of a team's state: `<stateBucket>-<team>`, within Cloud Storage's 63 characters. */
export function teamStateBucket(stateBucket: string, team: string): string {
  return boundedName([stateBucket, team], 63);
}

/** Whether `x` (a construct) stands for an onboarding's parts. */
export function isTeamOnboarding(x: IConstruct): x is TeamOnboarding {
  return x instanceof TeamOnboarding;
}


/** The runtime types of {@link TeamOnboardingProps}. */
const TEAM_ONBOARDING_PROPS_TYPES: PropTypes<TeamOnboardingProps> = {
  ...TEAM_ENVIRONMENT_PROPS_TYPES,
  infrastructureRepository: optional(STRING),
  serviceRepositories: optional(listOf(STRING)),
};
