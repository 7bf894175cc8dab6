import * as path from 'path';
import { Construct, type IConstruct } from 'constructs';
import { costEstimateProblems } from './cost-estimate';
import { DEFAULT_ENVIRONMENTS, type DeployTarget, deployTargetOf, ingressSourceRangesProblems, PlatformEnvironment } from './environment';
import { FastSynth } from './fast-synth';
import { GoldenPath, goldenPathProblems } from './golden-path';
import { kpiTargetsProblems } from './kpi-targets';
import { usePublishedTeams } from './onboarded-team';
import { DEFAULT_SERVICE_TEMPLATE_REPOSITORY, GithubPlan, PLATFORM_PROPS_TYPES, PrivateServiceAccess, type PlatformProps, type ServiceTemplateSource, type TeamProjectsSettings } from './platform-props';
import { readPlatformSettings } from './platform-settings';
import type { PlatformStack, PlatformStackKind, IPlatformStackConfigurator } from './platform-stack';
import { platformOfStack, PlatformStacks, type StackStateLocation } from './platform-stacks';
import {
  billingAccountProblem, defaultPrivateServiceAccess, environmentProblems, githubApiUrlProblem, githubAppIdProblem, githubInstanceProblems,
  githubOidcIssuerProblem, projectNumberProblem, stateBucketProblem, teamProjectsProblems,
} from './platform-validation';
import { stackLayoutOf, type StackLayout } from './stack-layout';
import { toolImagesOf, toolImagesProblems, type ToolImagesSettings } from './tool-images';
import { defaultWorkloadIdentityPoolId, DEFAULT_WORKLOAD_IDENTITY_PROVIDER_ID, workloadIdentityIdProblem } from './workload-identity-names';
import { CATALOG_FILE, ServiceCatalog } from '../catalog/catalog';
import { carryCatalogAcrossParts } from '../catalog/catalog-parts';
import { QUICK_ACTION_FILES } from '../catalog/quick-actions';
import type { Guardrails, GuardrailsOptions } from '../guardrails/guardrails';
import { Lazy, type TerraformStack, Token } from '../private/cdk';
import { GITHUB_ACTIONS_APP_ID, GITHUB_API_URL, GITHUB_OIDC_ISSUER, GKE_LOAD_BALANCER_SOURCE_RANGES } from '../private/constants';
import { placementError, throwIfProblems, type PropProblem } from '../private/errors';
import { NameRegistry, type NameKind } from '../private/name-registry';
import { trackApp } from '../private/parallel-synth';
import { checkPropTypes } from '../private/prop-types';
import { RepositoryFile } from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';
import { gcpProjectProblem, gcpRegionProblem, githubNameProblem, integerProblem, networkProblem, problems, repositoryNameProblem } from '../private/validation';

const PLATFORM_SYMBOL = Symbol.for('cdktf-golden-paths.Platform');

/** How long a grant Job retries by default: IAM changes may take 7 minutes or longer to propagate, with room to spare. */
export const DEFAULT_DATABASE_GRANT_TIMEOUT_MINUTES = 15;

/**
 * The root of a golden-path platform: the organization, cloud project and
 * environments that teams, services and databases are built on.
 *
 * Two shapes (see docs/repositories.md):
 *
 * - **Inside a stack** (`new Platform(stack, ...)`): everything lands in that
 *   stack; configure the Google, Kubernetes and GitHub providers in it yourself.
 * - **At App scope** (`new Platform(app, 'acme', settings)`): the platform makes
 *   the stacks, each with its providers and backend ({@link PlatformStack}):
 *   `foundation` for the {@link PlatformFoundation}, `<team>` and
 *   `<team>-<env>` for each {@link TeamEnvironment}. Stacks refer to each
 *   other only by deterministic names, never through remote state.
 *
 * The settings are plain data: {@link Platform.fromFile} reads them from a
 * `platform.json`.
 *
 * @example
 * const platform = new Platform(stack, 'platform', {
 *   githubOrganization: 'acme',
 *   gcpProject: 'acme-prod',
 *   region: 'europe-west1',
 *   network: 'projects/acme-net/global/networks/shared',
 * });
 */
export class Platform extends Construct {
  /** Whether `x` is a Platform. */
  public static isPlatform(x: any): x is Platform {
    return x !== null && typeof x === 'object' && PLATFORM_SYMBOL in x;
  }

  /**
   * The Platform that `scope` belongs to (`scope` itself or its nearest
   * enclosing Platform). Fails with a clear message when there is none.
   */
  public static of(scope: IConstruct): Platform {
    const scopes = scope.node.scopes;
    let found: Platform | undefined;
    for (let i = scopes.length - 1; i >= 0 && !found; i--) {
      const s = scopes[i];
      // The stacks a Platform makes sit next to it under the App, where cdktf-cli looks for them.
      found = Platform.isPlatform(s) ? s : platformOfStack(s) as Platform | undefined;
    }
    if (!found) {
      throw placementError(scope, 'is not inside a Platform',
        'create it inside a Platform, e.g. new TeamEnvironment(platform, ...), and services and databases inside a TeamEnvironment');
    }
    return found;
  }

  /**
   * A Platform from settings kept as JSON (a `platform.json`, e.g. the one a
   * PlatformFoundation writes for team repositories). Unknown keys and values
   * of the wrong type fail with the file, the JSON pointer, the value and the fix.
   *
   * @param scope the App (one stack per team and environment) or a stack
   * @param id the construct id (at App scope, the prefix of every stack's state)
   * @param file path of the JSON file
   */
  public static fromFile(scope: Construct, id: string, file: string): Platform {
    const read = readPlatformSettings(file);
    // The file's shape is checked key by key; the values are judged like any other props.
    const platform = new Platform(scope, id, read.settings as unknown as PlatformProps);
    platform._publishedBy = read.foundationStack === undefined ? undefined : `${file} (its foundation is the stack "${read.foundationStack}" of the platform repository)`;
    // A team repository: its teams must be the ones the platform repository onboarded.
    if (read.foundationStack !== undefined) usePublishedTeams(platform, read.teams);
    if (read.serviceTemplateRepository !== undefined) {
      // The platform repository keeps it; this repository refers to it by name.
      platform._useServiceTemplate({ owner: platform.githubOrganization, repository: read.serviceTemplateRepository, dependencies: [] });
    }
    return platform;
  }

  /** The GitHub organization. */
  public readonly githubOrganization: string;
  /** The Google Cloud project id. */
  public readonly gcpProject: string;
  /** The Google Cloud region. */
  public readonly region: string;
  /** The VPC network for private IP, when given. */
  public readonly network?: string;
  /** The golden path services start from. */
  public readonly goldenPath: GoldenPath;
  /** The Cloud Billing account for team budgets, when given. */
  public readonly billingAccount?: string;
  /** The catalog file in the catalog repository, when the platform names one (inside a stack; at App scope the PlatformFoundation makes it). */
  public readonly catalogFile?: RepositoryFile;
  /** The repository that gathers the catalog, when given. */
  public readonly catalogRepository?: string;
  /** The bucket of the Terraform state, when given. */
  public readonly stateBucket?: string;
  /** The project number of gcpProject, when given. */
  public readonly gcpProjectNumber?: string;
  /** The id of the Workload Identity pool for GitHub Actions. */
  public readonly workloadIdentityPoolId: string;
  /** The id of the pool's OIDC provider for GitHub Actions. */
  public readonly workloadIdentityProviderId: string;
  /**
   * Who sets up Private Service Access on the network: the settings' value, or
   * MANAGED when the network is in gcpProject; undefined when that cannot be
   * told (a PlatformFoundation then asks for it).
   */
  public readonly privateServiceAccess?: PrivateServiceAccess;
  /**
   * Whether the platform makes its own stacks (created at App scope) rather
   * than living in the stack it was created in.
   */
  public readonly ownsStacks: boolean;
  /** The domain of the organization's Google Groups, when given. */
  public readonly googleGroupsDomain?: string;
  /** Whether people sign in to the clusters through an OIDC bridge that reports GitHub teams. */
  public readonly oidcBridge: boolean;
  /** The organization's GitHub plan. */
  public readonly githubPlan: GithubPlan;
  /** The GitHub App Terraform runs as, when given: it bypasses the service repositories' rulesets. */
  public readonly terraformGithubAppId?: number;
  /** The read-only GitHub App onboarded teams' pull requests plan with, when given. */
  public readonly terraformGithubReaderAppId?: number;
  /**
   * Where onboarded teams' projects are created, with the effective prefix.
   * @default - onboarded teams share gcpProject
   */
  public readonly teamProjects?: TeamProjectsSettings;
  /** The props the platform was made from (a PlatformFoundation publishes them as `platform.json`). */
  public readonly settings: PlatformProps;
  /** Whether service repositories are created from the template repository when the platform has one. */
  public readonly serviceRepositoriesFromTemplate: boolean;
  /** The name of the template repository service repositories are created from. */
  public readonly serviceTemplateRepository: string;
  /**
   * Address ranges whose traffic may reach every team's pods (an environment
   * may name its own): by default Google's load balancer ranges.
   */
  public readonly ingressSourceRanges: string[];
  /** The images of the tools the library runs next to the teams' code (grant Jobs, the Cloud SQL Auth Proxy), defaults applied. */
  public readonly toolImages: ToolImagesSettings;
  /** The numeric id of the GitHub organization, when given (the foundation looks it up otherwise). */
  public readonly githubOrganizationId?: string;
  /** The issuer of GitHub Actions' OIDC tokens, which the Workload Identity provider trusts. */
  public readonly githubOidcIssuer: string;
  /** GitHub's REST API, which the GitHub providers of the platform's stacks call. */
  public readonly githubApiUrl: string;
  /** The App ID of GitHub Actions, whose checks alone satisfy the rulesets' required checks. */
  public readonly githubActionsAppId: number;
  /** How long, in minutes, a database's grant Job retries reading the admin password and logging in (IAM propagation). */
  public readonly databaseGrantTimeoutMinutes: number;

  /**
   * Where the settings came from when a PlatformFoundation published them: the
   * platform is then a team repository's view of it, which makes no foundation.
   * @internal
   */
  public _publishedBy?: string;

  private _serviceTemplateSource?: ServiceTemplateSource;
  private _serviceTemplateRead = false;
  private readonly _environments: PlatformEnvironment[];
  private readonly _stacks: PlatformStacks;
  /**
   * Where the platform's constructs go: in its one stack, or in the stacks it makes.
   * @internal
   */
  public readonly _layout: StackLayout;

  public constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });
    FastSynth.enableFromContext(this);
    trackApp(this);
    carryCatalogAcrossParts(this);
    checkPropTypes(this, props, PLATFORM_PROPS_TYPES, '{ githubOrganization: "acme", gcpProject: "acme-prod", region: "europe-west1" }');

    this._layout = stackLayoutOf(this, scope);
    this.ownsStacks = this._layout.ownsStacks;
    throwIfProblems(this, this._layout.settingsProblems(props));
    this.settings = props;
    this.githubOrganization = props.githubOrganization;
    this.gcpProject = props.gcpProject;
    this.region = props.region;
    this.network = props.network;
    this.billingAccount = props.billingAccount;
    this.catalogRepository = props.catalogRepository;
    this.stateBucket = props.stateBucket;
    this.gcpProjectNumber = props.gcpProjectNumber;
    this.workloadIdentityPoolId = props.workloadIdentityPoolId
      ?? (typeof props.githubOrganization === 'string' ? defaultWorkloadIdentityPoolId(props.githubOrganization) : '');
    this.workloadIdentityProviderId = props.workloadIdentityProviderId ?? DEFAULT_WORKLOAD_IDENTITY_PROVIDER_ID;
    this.privateServiceAccess = props.network === undefined
      ? undefined
      : props.privateServiceAccess ?? defaultPrivateServiceAccess(props.network, props.gcpProject);
    this.githubPlan = props.githubPlan ?? GithubPlan.ENTERPRISE;
    this.googleGroupsDomain = props.googleGroupsDomain;
    this.oidcBridge = props.oidcBridge ?? false;
    // Inside a stack repositories may already exist file by file: switching them needs the platform team's say.
    this.serviceRepositoriesFromTemplate = props.serviceRepositoriesFromTemplate ?? this._layout.templateRepositoriesByDefault;
    this.serviceTemplateRepository = props.serviceTemplateRepository ?? DEFAULT_SERVICE_TEMPLATE_REPOSITORY;
    const ranges = props.ingressSourceRanges;
    this.ingressSourceRanges = Array.isArray(ranges) ? [...ranges] : ranges ?? [...GKE_LOAD_BALANCER_SOURCE_RANGES];
    this.toolImages = toolImagesOf(props.toolImages);
    this.githubOrganizationId = props.githubOrganizationId;
    this.githubOidcIssuer = props.githubOidcIssuer ?? GITHUB_OIDC_ISSUER;
    this.githubApiUrl = props.githubApiUrl ?? GITHUB_API_URL;
    this.githubActionsAppId = props.githubActionsAppId ?? GITHUB_ACTIONS_APP_ID;
    this.databaseGrantTimeoutMinutes = props.databaseGrantTimeoutMinutes ?? DEFAULT_DATABASE_GRANT_TIMEOUT_MINUTES;
    this.terraformGithubAppId = props.terraformGithubAppId;
    this.terraformGithubReaderAppId = props.terraformGithubReaderAppId;
    this.teamProjects = props.teamProjects && {
      parent: props.teamProjects.parent,
      prefix: props.teamProjects.prefix ?? props.githubOrganization.toLowerCase(),
    };
    this.goldenPath = props.goldenPath ?? GoldenPath.goMicroservice(props.goldenPathOverrides ?? {});
    this._environments = (props.environments ?? DEFAULT_ENVIRONMENTS).map((e) => new PlatformEnvironment(e));

    const pathProblems = goldenPathProblems(props.goldenPath === undefined && props.goldenPathOverrides !== undefined ? 'goldenPathOverrides.' : 'goldenPath.', this.goldenPath);
    throwIfProblems(this, [
      ...problems(
        githubNameProblem('githubOrganization', props.githubOrganization, 'GitHub organization'),
        gcpProjectProblem('gcpProject', props.gcpProject),
        gcpRegionProblem('region', props.region),
        props.network === undefined ? undefined : networkProblem('network', props.network),
        props.billingAccount === undefined ? undefined : billingAccountProblem('billingAccount', props.billingAccount),
        props.catalogRepository === undefined ? undefined : repositoryNameProblem('catalogRepository', props.catalogRepository),
        props.platformRepository === undefined ? undefined : repositoryNameProblem('platformRepository', props.platformRepository),
        props.serviceTemplateRepository === undefined ? undefined : repositoryNameProblem('serviceTemplateRepository', props.serviceTemplateRepository),
        props.serviceTemplateRepository !== undefined && props.serviceTemplateRepository === props.catalogRepository
          ? { prop: 'serviceTemplateRepository', value: props.serviceTemplateRepository, problem: 'is also the catalogRepository, but a template repository holds only the service template', fix: 'give the template repository its own name, or leave it out for "golden-path-template"' }
          : undefined,
        props.goldenPath !== undefined && props.goldenPathOverrides !== undefined
          ? { prop: 'goldenPathOverrides', value: props.goldenPathOverrides, problem: 'is given together with goldenPath', fix: 'give one of them: goldenPath as a GoldenPath, or goldenPathOverrides as plain data' }
          : undefined,
        props.stateBucket === undefined ? undefined : stateBucketProblem('stateBucket', props.stateBucket),
        props.gcpProjectNumber === undefined ? undefined : projectNumberProblem('gcpProjectNumber', props.gcpProjectNumber),
        workloadIdentityIdProblem('workloadIdentityPoolId', this.workloadIdentityPoolId),
        workloadIdentityIdProblem('workloadIdentityProviderId', this.workloadIdentityProviderId),
        props.googleGroupsDomain === undefined || Token.isUnresolved(props.googleGroupsDomain) || /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(props.googleGroupsDomain)
          ? undefined
          : { prop: 'googleGroupsDomain', value: props.googleGroupsDomain, problem: 'is not a domain name', fix: 'give the domain of the Google Groups, e.g. "acme.com"' },
        props.terraformGithubAppId === undefined ? undefined : githubAppIdProblem('terraformGithubAppId', props.terraformGithubAppId),
        props.terraformGithubReaderAppId === undefined ? undefined : githubAppIdProblem('terraformGithubReaderAppId', props.terraformGithubReaderAppId),
        props.githubOrganizationId === undefined || /^[1-9][0-9]{0,19}$/.test(props.githubOrganizationId) ? undefined : {
          prop: 'githubOrganizationId',
          value: props.githubOrganizationId,
          problem: 'is not a GitHub organization id (a number, given as a string of digits)',
          fix: `use the id \`gh api /orgs/${props.githubOrganization} --jq .id\` prints, e.g. "1342004", or leave it out to have the foundation look it up`,
        },
        props.githubOidcIssuer === undefined ? undefined : githubOidcIssuerProblem('githubOidcIssuer', props.githubOidcIssuer),
        props.githubApiUrl === undefined ? undefined : githubApiUrlProblem('githubApiUrl', props.githubApiUrl),
        props.githubActionsAppId === undefined ? undefined : githubAppIdProblem('githubActionsAppId', props.githubActionsAppId),
        ...teamProjectsProblems(this.teamProjects, props.billingAccount),
        props.terraformGithubReaderAppId !== undefined && props.terraformGithubReaderAppId === props.terraformGithubAppId
          ? { prop: 'terraformGithubReaderAppId', value: props.terraformGithubReaderAppId, problem: 'is the App Terraform writes with, so pull requests would hold a key that can write', fix: 'create a second GitHub App with read-only permissions and give its App ID' }
          : undefined,
      ),
      ...(props.ingressSourceRanges === undefined ? [] : ingressSourceRangesProblems('ingressSourceRanges', props.ingressSourceRanges)),
      ...toolImagesProblems('toolImages', props.toolImages),
      ...costEstimateProblems('costEstimate.', props.costEstimate),
      ...kpiTargetsProblems('kpiTargets.', props.kpiTargets),
      ...githubInstanceProblems(this.githubApiUrl, props.githubOidcIssuer, props.githubActionsAppId),
      ...problems(integerProblem('databaseGrantTimeoutMinutes', this.databaseGrantTimeoutMinutes, 10, 120,
        'give the minutes a grant Job may wait for IAM changes to propagate (Google: "potentially 7 minutes or longer"), e.g. 15')),
      ...pathProblems,
      ...environmentProblems(this._environments, this.githubOrganization, this.goldenPath, pathProblems.length === 0),
    ]);

    // coverApp: the platform's guardrails also judge any stack of the app it did not make.
    const guardrailOptions: GuardrailsOptions = {
      productionEnvironments: this.productionEnvironments.map((e) => e.name), coverApp: true, ...props.guardrails,
    };
    this._stacks = new PlatformStacks(this, guardrailOptions);
    this._layout.open(this._stacks, guardrailOptions, this._environments);
    // At App scope the PlatformFoundation commits the catalog, from its own stack.
    if (props.catalogRepository !== undefined && !this._layout.foundationApart) {
      this.catalogFile = this._newCatalogFile(this);
    }
  }

  /**
   * The stack the platform's resources are synthesized in. Only a Platform
   * created inside a stack has one; at App scope, use the stacks of the
   * foundation and of each team (`team.stack`, `team.environmentStack(env)`).
   */
  public get stack(): TerraformStack {
    if (!this._layout.stack) {
      throw placementError(this, 'makes one stack per team and environment (it was created at App scope), so it has no single stack',
        'use platform.stacks, team.stack or team.environmentStack("<env>")');
    }
    return this._layout.stack;
  }

  /**
   * The guardrails of the platform's stack (configure them further, or
   * suppress rules with `Guardrails.suppress`). At App scope every stack has
   * its own: see `PlatformStack.guardrails`.
   */
  public get guardrails(): Guardrails {
    if (!this._layout.guardrails) {
      throw placementError(this, 'makes one stack per team and environment (it was created at App scope), and each has its own guardrails',
        'configure them in the settings (guardrails), or per stack through platform.stacks[i].guardrails');
    }
    return this._layout.guardrails;
  }

  /** The stacks the platform made (at App scope), in the order they were made. */
  public get stacks(): PlatformStack[] {
    return this._stacks.all;
  }

  /** The stack the platform made with id `id`, if any. */
  public tryFindStack(id: string): PlatformStack | undefined {
    return this._stacks.tryFind(id);
  }

  /**
   * Runs `configurator` on every stack the platform made and will make
   * (providers and backend: impersonation, a proxy, aliases). Stacks exist at
   * App scope only; inside a stack, configure that stack directly.
   */
  public configureStacks(configurator: IPlatformStackConfigurator): void {
    this._stacks.configure(configurator);
  }

  /** The GKE cluster an environment deploys to, with the platform's region and project as defaults. */
  public deployTarget(environment: string): DeployTarget {
    return deployTargetOf(this.environment(environment), this);
  }

  /**
   * Makes the stack `id` for `owner` (a construct path), refusing an id another
   * owner already has.
   * @internal
   */
  public _makeStack(
    id: string, owner: string, kind: PlatformStackKind, environment?: PlatformEnvironment, state?: StackStateLocation, googleProject?: string,
  ): PlatformStack {
    return this._stacks.make(id, owner, kind, environment, state, googleProject);
  }

  /**
   * Claims a name that must be unique in the real world (a repository, a
   * service account id, a namespace of a cluster, an instance, a catalog
   * entity), after truncation, for `owner`; fails with the construct paths of
   * both owners, the prop, the value and the fix when another one has it.
   * Names are checked across the whole app (every Platform in it); across
   * repositories the platform team keeps them apart (see docs/repositories.md).
   * @internal
   */
  public _claimName(owner: IConstruct, kind: NameKind, key: string, problem: PropProblem): void {
    NameRegistry.of(this).claim(owner, [{ kind, inWorld: { key, problem } }]);
  }

  /**
   * The file that keeps the platform's catalog in the catalog repository, and
   * beside it, at App scope (where teams are onboarded), the skeletons of the
   * portal's quick actions (the Templates read them by a URL relative to the
   * catalog file).
   * @internal
   */
  public _newCatalogFile(scope: Construct): RepositoryFile {
    // The portal's quick actions onboard teams, which have stacks of their own.
    for (const skeleton of this._layout.teamsApart ? QUICK_ACTION_FILES : []) {
      new RepositoryFile(scope, `quick-action-${path.posix.basename(skeleton.path, '.json.njk')}`, {
        repository: this.catalogRepository!,
        file: skeleton.path,
        content: terraformLiteral(skeleton.content),
        commitMessage: 'Update a quick action of the portal (managed by cdktf-golden-paths)',
        overwriteOnCreate: true,
      });
    }
    return new RepositoryFile(scope, 'catalog-file', {
      repository: this.catalogRepository!,
      file: CATALOG_FILE,
      content: Lazy.stringValue({
        produce: () => terraformLiteral(ServiceCatalog.toYaml(ServiceCatalog.entities(this._layout.tree))),
      }),
      commitMessage: 'Update the service catalog (managed by cdktf-golden-paths)',
      overwriteOnCreate: true,
    });
  }

  /**
   * Records the template repository service repositories are created from
   * (the PlatformFoundation's, or the one a published platform.json names),
   * when the settings turn that on.
   * @internal
   */
  public _useServiceTemplate(source: ServiceTemplateSource): void {
    if (this.serviceRepositoriesFromTemplate) this._serviceTemplateSource = source;
  }

  /**
   * The template repository new service repositories are created from, if the
   * platform has one.
   * @internal
   */
  public get _serviceTemplate(): ServiceTemplateSource | undefined {
    this._serviceTemplateRead = true;
    return this._serviceTemplateSource;
  }

  /**
   * Whether a service repository already chose between the template
   * repository and the per-file scaffold.
   * @internal
   */
  public get _serviceTemplateChosen(): boolean {
    return this._serviceTemplateRead;
  }

  /** The environments, in promotion order. */
  public get environments(): PlatformEnvironment[] {
    return [...this._environments];
  }

  /** The production environments. */
  public get productionEnvironments(): PlatformEnvironment[] {
    return this._environments.filter((e) => e.production);
  }

  /** The environment called `name`; fails with the known names when there is none. */
  public environment(name: string): PlatformEnvironment {
    const found = this._environments.find((e) => e.name === name);
    if (!found) {
      throw placementError(this, `has no environment "${name}"`, `use one of ${this._environments.map((e) => `"${e.name}"`).join(', ')}`);
    }
    return found;
  }

  /**
   * The address ranges whose traffic may reach the team pods of environment
   * `name`: the environment's ingressSourceRanges when it names them, else the platform's.
   */
  public ingressSourceRangesOf(name: string): string[] {
    return [...(this.environment(name).ingressSourceRanges ?? this.ingressSourceRanges)];
  }
}

