import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_ENVIRONMENTS, type DeployTarget, deployTargetOf, ENVIRONMENT_CONFIG_TYPES, deployTargetProblems, type EnvironmentConfig, MAX_ENVIRONMENT_NAME_LENGTH, PlatformEnvironment, reviewersProblems } from './environment';
import { FastSynth } from './fast-synth';
import { GOLDEN_PATH_OVERRIDES_TYPES, GoldenPath, goldenPathProblems, workloadProblems, type GoldenPathOverrides } from './golden-path';
import { readPlatformSettings } from './platform-settings';
import { PlatformStack, PlatformStackKind, type IPlatformStackConfigurator } from './platform-stack';
import { defaultWorkloadIdentityPoolId, DEFAULT_WORKLOAD_IDENTITY_PROVIDER_ID, workloadIdentityIdProblem } from './workload-identity-names';
import { CATALOG_FILE, ServiceCatalog } from '../catalog/catalog';
import { Guardrails, type GuardrailsOptions } from '../guardrails/guardrails';
import { App, Lazy, TerraformStack, Token, type TerraformResource } from '../private/cdk';
import { FIXED_CHILD_IDS, CHILD_ID_PREFIXES } from '../private/constants';
import { placementError, propError, stackTakenError, throwIfProblems, type PropProblem } from '../private/errors';
import { noteClaim, noteStack, onRelease, trackApp } from '../private/parallel-synth';
import { BOOLEAN, checkPropTypes, enumOf, NUMBER, tokenAllowed, instanceOf, listOf, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import { RepositoryFile } from '../private/providers/github';
import {
  dnsLabelProblem, duplicates, gcpProjectProblem, gcpRegionProblem, githubNameProblem, networkProblem, problems, repositoryNameProblem,
} from '../private/validation';

/** Environment names that are construct ids of other children of a team or a service (each makes one child per environment). */
const RESERVED_ENVIRONMENT_NAMES: readonly string[] = Object.values(FIXED_CHILD_IDS);

const PLATFORM_SYMBOL = Symbol.for('cdktf-golden-paths.Platform');
/** The real-world names claimed in an app (by its root), whichever Platform claimed them: the owner, or its path once it was dropped (a parallel synth). */
const CLAIMED_NAMES = new WeakMap<IConstruct, Map<string, IConstruct | string>>();
/** Marks the stacks a Platform made with the Platform itself, since they sit next to it under the App. */
const STACK_PLATFORM = Symbol.for('cdktf-golden-paths.StackPlatform');

/**
 * Properties of a {@link Platform}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 * Exceptions, which may be tokens (their format and uniqueness checks are
 * then skipped, with a warning): gcpProject, network, billingAccount and
 * gcpProjectNumber.
 */
export interface PlatformProps {
  /** The GitHub organization that holds the teams and service repositories. */
  readonly githubOrganization: string;
  /** The Google Cloud project id of the platform's shared resources (may be a token). */
  readonly gcpProject: string;
  /** The Google Cloud region for databases, registries and clusters, e.g. `europe-west1`. */
  readonly region: string;
  /**
   * The VPC network databases attach to by private IP, as
   * `projects/<host-project>/global/networks/<network>`.
   * @default - none; a ManagedDatabase then fails at synth and asks for it
   */
  readonly network?: string;
  /**
   * The deployment environments, in promotion order.
   * @default - dev, staging and prod (prod is production)
   */
  readonly environments?: EnvironmentConfig[];
  /**
   * The golden path every service starts from.
   * @default GoldenPath.goMicroservice()
   */
  readonly goldenPath?: GoldenPath;
  /**
   * The Cloud Billing account that pays for the platform, as shown by
   * `gcloud billing accounts list` (`012345-6789AB-CDEF01`). Teams' monthly
   * budgets are set on it.
   * @default - none; a team that asks for a monthly budget then fails at synth and asks for it
   */
  readonly billingAccount?: string;
  /**
   * An existing repository of the GitHub organization that gathers the
   * platform's whole Backstage catalog: `catalog-info.yaml` there is kept in
   * sync with the platform's teams, services and databases.
   * @default - the catalog is only written to the synth output directory
   */
  readonly catalogRepository?: string;
  /**
   * Which guardrails run on the platform's stack, and how: packs, disabled
   * rules, rule levels (see the Guardrails section of the README).
   * `{ enabled: false }` turns them off.
   * @default - every pack (Kubernetes, Google Cloud, GitHub, Secrets), each rule at its own level, with this platform's production environments as production
   */
  readonly guardrails?: GuardrailsOptions;
  /**
   * The golden path every service starts from, as plain data (what
   * `GoldenPath.goMicroservice(overrides)` takes), for settings kept in a
   * `platform.json`. Give either this or `goldenPath`.
   * @default - the golden path's own values
   */
  readonly goldenPathOverrides?: GoldenPathOverrides;
  /**
   * The Cloud Storage bucket of the Terraform state. At App scope every stack
   * gets a GCS backend in it, with the prefix `<platform id>/<stack id>`.
   * @default - cdktf's local backend (for examples and tests)
   */
  readonly stateBucket?: string;
  /**
   * The project number of `gcpProject` (`gcloud projects describe <project>
   * --format='value(projectNumber)'`). Principals of the Workload Identity pool
   * are named with it; at App scope, team stacks refer to the pool by this
   * name instead of reading the foundation's state.
   * @default - none; a Platform at App scope with services then fails at synth and asks for it
   */
  readonly gcpProjectNumber?: string;
  /**
   * The id of the Workload Identity pool for GitHub Actions. A deleted pool
   * keeps its id for 30 days: choose another one when re-creating it sooner.
   * @default - "github-<organization>" (lowercased, shortened with a hash to 32 characters)
   */
  readonly workloadIdentityPoolId?: string;
  /**
   * The id of the pool's OIDC provider for GitHub Actions.
   * @default "github-actions"
   */
  readonly workloadIdentityProviderId?: string;
  /**
   * Who sets up Private Service Access (the peering Cloud SQL and Memorystore
   * private IPs need) on `network`.
   * @default - PrivateServiceAccess.MANAGED when the network is in gcpProject; otherwise it must be given
   */
  readonly privateServiceAccess?: PrivateServiceAccess;
  /**
   * The GitHub plan of the organization, which decides how production deploys
   * of private repositories are gated: required reviewers there need GitHub
   * Enterprise Cloud; on Team the gate is the deploy-from-main branch policy
   * and the environment's own deployer identity (a synth warning says so); on
   * Free, private service repositories fail at synth (no rulesets, no environments).
   * @default GithubPlan.ENTERPRISE
   */
  readonly githubPlan?: GithubPlan;
  /**
   * The App ID of the GitHub App the platform's Terraform authenticates as. It
   * becomes a bypass actor (`Integration`) of every service repository's
   * ruleset, so later applies can rewrite platform-owned files on `main`. Give
   * the App's installation Repository permissions Administration, Contents,
   * Workflows, Environments, Variables and Actions: read and write, and
   * Organization permission Members: read and write (see the README).
   * @default - only organization admins bypass the rulesets: run Terraform as an organization owner
   */
  readonly terraformGithubAppId?: number;
  /**
   * The domain of the organization's Google Groups, for GKE with Google Groups
   * for RBAC: each team's role bindings then name the Group `<team>@<domain>`
   * (which must be a member of `gke-security-groups@<domain>`).
   * @default - none: teams must give groupSubject, unless oidcBridge is set
   */
  readonly googleGroupsDomain?: string;
  /**
   * Whether people sign in to the clusters through an OIDC bridge (such as Dex
   * with its GitHub connector) that reports GitHub teams as the groups
   * `<organization>:<team>`; teams then bind those by default.
   * @default false - people sign in to GKE with Google
   */
  readonly oidcBridge?: boolean;
  /**
   * Whether new service repositories are created from a GitHub template
   * repository that the PlatformFoundation keeps (the golden path's service
   * template, rendered with the platform's values), so that each service
   * commits only its platform-owned files (the CI workflow, CODEOWNERS,
   * catalog-info.yaml) instead of the whole scaffold. A platform that has no
   * PlatformFoundation in its app, and no `platform.json` saying the foundation
   * keeps the template repository, keeps the per-file scaffold either way.
   * Turning it on for a platform that already created repositories file by file
   * makes Terraform delete their scaffold files from the state and from GitHub:
   * see "Service repositories from a template repository" in the README.
   * @default - true at App scope; false inside a stack, where existing repositories keep their per-file scaffold
   */
  readonly serviceRepositoriesFromTemplate?: boolean;
  /**
   * The name of the GitHub template repository the PlatformFoundation creates
   * in githubOrganization (`is_template`), when service repositories are
   * created from it.
   * @default "golden-path-template"
   */
  readonly serviceTemplateRepository?: string;
}

/** The default name of the template repository service repositories are created from. */
export const DEFAULT_SERVICE_TEMPLATE_REPOSITORY = 'golden-path-template';

/**
 * The template repository a platform's service repositories are created from.
 * @internal
 */
export interface ServiceTemplateSource {
  /** The organization that owns it. */
  readonly owner: string;
  /** Its name: a literal, or a reference to the repository in the same stack. */
  readonly repository: string;
  /** The resources that must exist first when it is made in the same stack (its repository and last file). */
  readonly dependencies: TerraformResource[];
  /** The stack that makes it, at App scope. */
  readonly stack?: TerraformStack;
}

/** The plan of a GitHub organization, as far as it changes what the platform can set up. */
export enum GithubPlan {
  /** GitHub Free: private repositories have no rulesets and no environments. */
  FREE = 'free',
  /** GitHub Team: rulesets and environment branch policies, but no required reviewers, on private repositories. */
  TEAM = 'team',
  /** GitHub Enterprise Cloud: required reviewers on private repositories' environments. */
  ENTERPRISE = 'enterprise',
}

/** Who sets up Private Service Access on the platform's network. */
export enum PrivateServiceAccess {
  /** The PlatformFoundation reserves a range and connects `servicenetworking.googleapis.com` (the platform owns the network). */
  MANAGED = 'managed',
  /** The network's owner has already connected it (a prerequisite the README lists); the foundation leaves it alone. */
  EXISTING = 'existing',
}


/**
 * The root of a golden-path platform: the organization, cloud project and
 * environments that teams, services and databases are built on.
 *
 * Two shapes (see "Platform and team repositories" in the README):
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
      found = Platform.isPlatform(s) ? s : (s as any)[STACK_PLATFORM];
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
  /** The props the platform was made from (a PlatformFoundation publishes them as `platform.json`). */
  public readonly settings: PlatformProps;
  /** Whether service repositories are created from the template repository when the platform has one. */
  public readonly serviceRepositoriesFromTemplate: boolean;
  /** The name of the template repository service repositories are created from. */
  public readonly serviceTemplateRepository: string;

  /**
   * Where the settings came from when a PlatformFoundation published them: the
   * platform is then a team repository's view of it, which makes no foundation.
   * @internal
   */
  public _publishedBy?: string;

  private _serviceTemplateSource?: ServiceTemplateSource;
  private _serviceTemplateRead = false;
  private readonly _environments: PlatformEnvironment[];
  private readonly _stack?: TerraformStack;
  private readonly _guardrails?: Guardrails;
  private readonly _guardrailOptions: GuardrailsOptions;
  private readonly _stacks = new Map<string, { stack: PlatformStack; owner: string }>();
  /** The owners of stacks a parallel synth has synthesized and dropped, by stack id (their ids stay taken). */
  private readonly _droppedStacks = new Map<string, string>();
  private readonly _configurators: IPlatformStackConfigurator[] = [];

  public constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });
    FastSynth.enableFromContext(this);
    trackApp(this);
    checkPropTypes(this, props, PLATFORM_PROPS_TYPES, '{ githubOrganization: "acme", gcpProject: "acme-prod", region: "europe-west1" }');

    const inStack = scope.node.scopes.some((s) => TerraformStack.isStack(s));
    if (!inStack && !App.isApp(scope)) {
      throw placementError(this, 'is neither inside a TerraformStack nor directly under the App',
        'create the Platform inside a stack (new Platform(stack, "platform", {...})), or directly under the App to get one stack per team and environment (new Platform(app, "acme", {...}))');
    }
    this.ownsStacks = !inStack;
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
    this.serviceRepositoriesFromTemplate = props.serviceRepositoriesFromTemplate ?? this.ownsStacks;
    this.serviceTemplateRepository = props.serviceTemplateRepository ?? DEFAULT_SERVICE_TEMPLATE_REPOSITORY;
    this.terraformGithubAppId = props.terraformGithubAppId;
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
      ),
      ...pathProblems,
      ...this.environmentProblems(pathProblems.length === 0),
    ]);

    // coverApp: the platform's guardrails also judge any stack of the app it did not make.
    this._guardrailOptions = { productionEnvironments: this.productionEnvironments.map((e) => e.name), coverApp: true, ...props.guardrails };
    if (this.ownsStacks) {
      onRelease(this, (released) => this.release(released));
      this._environments.forEach((env, i) => {
        if (env.kubernetesProvider !== undefined || env.googleProvider !== undefined) {
          throw propError(this, {
            prop: `environments[${i}]`,
            value: env.name,
            problem: 'names its own provider, but at App scope every stack makes its providers from the settings',
            fix: 'leave kubernetesProvider and googleProvider out (set gkeCluster, gkeLocation and gkeProject instead), and adjust the providers with platform.configureStacks(...)',
          });
        }
      });
      return;
    }

    this._stack = TerraformStack.of(this);
    this._guardrails = Guardrails.of(this._stack);
    this._guardrails.configure(this._guardrailOptions);

    // The whole app's Backstage catalog lands next to the stacks on every synth.
    ServiceCatalog.writeOnSynth(this._stack);
    if (props.catalogRepository !== undefined) {
      this.catalogFile = this._newCatalogFile(this);
    }
  }

  /**
   * The stack the platform's resources are synthesized in. Only a Platform
   * created inside a stack has one; at App scope, use the stacks of the
   * foundation and of each team (`team.stack`, `team.environmentStack(env)`).
   */
  public get stack(): TerraformStack {
    if (!this._stack) {
      throw placementError(this, 'makes one stack per team and environment (it was created at App scope), so it has no single stack',
        'use platform.stacks, team.stack or team.environmentStack("<env>")');
    }
    return this._stack;
  }

  /**
   * The guardrails of the platform's stack (configure them further, or
   * suppress rules with `Guardrails.suppress`). At App scope every stack has
   * its own: see `PlatformStack.guardrails`.
   */
  public get guardrails(): Guardrails {
    if (!this._guardrails) {
      throw placementError(this, 'makes one stack per team and environment (it was created at App scope), and each has its own guardrails',
        'configure them in the settings (guardrails), or per stack through platform.stacks[i].guardrails');
    }
    return this._guardrails;
  }

  /** The stacks the platform made (at App scope), in the order they were made. */
  public get stacks(): PlatformStack[] {
    return [...this._stacks.values()].map((s) => s.stack);
  }

  /** The stack the platform made with id `id`, if any. */
  public tryFindStack(id: string): PlatformStack | undefined {
    return this._stacks.get(id)?.stack;
  }

  /**
   * Runs `configurator` on every stack the platform made and will make
   * (providers and backend: impersonation, a proxy, aliases). Stacks exist at
   * App scope only; inside a stack, configure that stack directly.
   */
  public configureStacks(configurator: IPlatformStackConfigurator): void {
    this._configurators.push(configurator);
    for (const stack of this.stacks) configurator.configure(stack);
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
  public _makeStack(id: string, owner: string, kind: PlatformStackKind, environment?: PlatformEnvironment): PlatformStack {
    const taken = this._stacks.get(id)?.owner ?? this._droppedStacks.get(id);
    if (taken) {
      throw stackTakenError(owner, id, taken);
    }
    const other = this.node.scope!.node.tryFindChild(id);
    if (other !== undefined) {
      // Another Platform of the app (or the app itself) has a child with this id: stacks sit side by side under the App.
      const by = (other as any)[STACK_PLATFORM] as Platform | undefined;
      throw new Error(`[${owner}] invalid stack id "${id}": the App already has a construct "${id}"${by ? ` (a stack of the Platform ${by.node.path})` : ''}, and stacks of one app need distinct ids. Fix: give the team another name, or keep each Platform in its own app.`);
    }
    // Directly under the App: cdktf-cli orders stacks by the dependencies the manifest lists by path.
    const stack = new PlatformStack(this.node.scope!, id, {
      kind,
      githubOrganization: this.githubOrganization,
      gcpProject: this.gcpProject,
      region: this.region,
      stateBucket: this.stateBucket,
      statePrefix: `${this.node.id}/${id}`,
      environment,
      cluster: environment === undefined ? undefined : this.deployTarget(environment.name),
      github: kind === PlatformStackKind.TEAM
        || (kind === PlatformStackKind.FOUNDATION && (this.catalogRepository !== undefined || this.serviceRepositoriesFromTemplate)),
    });
    Object.defineProperty(stack, STACK_PLATFORM, { value: this });
    stack.guardrails.configure(this._guardrailOptions);
    // The whole app's Backstage catalog lands next to the stacks, written once per synth.
    if (this._stacks.size === 0) ServiceCatalog.writeOnSynth(stack);
    this._stacks.set(id, { stack, owner });
    noteStack(stack, owner);
    for (const c of this._configurators) c.configure(stack);
    return stack;
  }

  /**
   * Claims a name that must be unique in the real world (a repository, a
   * service account id, a namespace of a cluster, an instance, a catalog
   * entity), after truncation, for `owner`; fails with the construct paths of
   * both owners, the prop, the value and the fix when another one has it.
   * Names are checked across the whole app (every Platform in it); across
   * repositories the platform team keeps them apart (see the README).
   * @internal
   */
  public _claimName(owner: IConstruct, what: string, key: string, problem: PropProblem): void {
    const root = this.node.root;
    let names = CLAIMED_NAMES.get(root);
    if (!names) CLAIMED_NAMES.set(root, names = new Map());
    const id = `${what}\u0000${key}`;
    const first = names.get(id);
    if (first !== undefined && first !== owner) {
      throw propError(owner, { ...problem, problem: `${problem.problem} (it is already used by ${typeof first === 'string' ? first : first.node.path})` });
    }
    names.set(id, owner);
    noteClaim(owner, id, problem);
  }

  /**
   * The file that keeps the platform's catalog in the catalog repository.
   * @internal
   */
  public _newCatalogFile(scope: Construct): RepositoryFile {
    return new RepositoryFile(scope, 'catalog-file', {
      repository: this.catalogRepository!,
      file: CATALOG_FILE,
      content: Lazy.stringValue({ produce: () => ServiceCatalog.toYaml(ServiceCatalog.entities(this.ownsStacks ? this.node.root : this)) }),
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

  /**
   * Lets go of a batch of teams a worker of a parallel synth has synthesized:
   * their stacks (whose ids stay taken) and the constructs that claimed names
   * (the names stay claimed, by path).
   */
  private release(released: (c: IConstruct) => boolean): void {
    for (const [id, { stack, owner }] of this._stacks) {
      if (!released(stack)) continue;
      this._stacks.delete(id);
      this._droppedStacks.set(id, owner);
    }
    const names = CLAIMED_NAMES.get(this.node.root);
    for (const [id, owner] of names ?? []) {
      if (typeof owner !== 'string' && released(owner)) names!.set(id, owner.node.path);
    }
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

  /** Environment workloads are judged only on a valid golden path, so one mistake is reported once. */
  private environmentProblems(judgeWorkloads: boolean): PropProblem[] {
    const envs = this._environments;
    const found: PropProblem[] = [];
    if (envs.length === 0) {
      return [{ prop: 'environments', value: [], problem: 'is empty', fix: 'leave it out for dev, staging and prod, or list at least one production environment' }];
    }
    envs.forEach((env, i) => {
      const prefix = `environments[${i}].`;
      const nameProblems = problems(dnsLabelProblem(`${prefix}name`, env.name, MAX_ENVIRONMENT_NAME_LENGTH));
      found.push(...nameProblems);
      // The cluster name defaults to the environment name: judge it once the name itself is fine.
      if (nameProblems.length === 0) found.push(...deployTargetProblems(prefix, env));
      if (RESERVED_ENVIRONMENT_NAMES.includes(env.name) || Object.values(CHILD_ID_PREFIXES).some((p) => env.name.startsWith(p))) {
        found.push({
          prop: `${prefix}name`,
          value: env.name,
          problem: `is reserved: teams and services have fixed children named ${RESERVED_ENVIRONMENT_NAMES.map((n) => `"${n}"`).join(', ')} and ${Object.values(CHILD_ID_PREFIXES).map((p) => `"${p}*"`).join(', ')}, next to one child per environment`,
          fix: `choose another name, e.g. "${env.name}-env"`,
        });
      }
      if (judgeWorkloads) {
        found.push(...workloadProblems(`${prefix}workloads.`, this.goldenPath.workloadSettings(env.workloads)));
      }
      if (!env.production && env.reviewers.length > 0) {
        found.push({
          prop: `${prefix}reviewers`,
          value: env.reviewers,
          problem: `names reviewers for "${env.name}", which is not a production environment, and only production deploys wait for reviewers`,
          fix: `remove them, or mark "${env.name}" with production: true`,
        });
      }
      if (env.production && env.reviewers.length > 0) {
        found.push(...reviewersProblems(this.githubOrganization, `${prefix}reviewers`, env.reviewers));
      }
    });
    for (const name of duplicates(envs.map((e) => e.name))) {
      found.push({ prop: 'environments', value: envs.map((e) => e.name), problem: `names "${name}" more than once`, fix: 'give every environment a distinct name' });
    }
    if (!envs.some((e) => e.production)) {
      found.push({
        prop: 'environments',
        value: envs.map((e) => e.name),
        problem: 'has no production environment, so nothing would be hardened or gated by reviewers',
        fix: 'mark the environment that serves users with production: true',
      });
    }
    return found;
  }
}

/** A Cloud Billing account id: three groups of six capital letters or digits. */
function billingAccountProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || /^[0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6}$/.test(value)) return undefined;
  const bare = /^billingAccounts\/(.+)$/.exec(value);
  return {
    prop,
    value,
    problem: 'is not a Cloud Billing account id',
    fix: bare ? `leave out the "billingAccounts/" prefix: "${bare[1]}"` : 'use the id shown by `gcloud billing accounts list`, e.g. "012345-6789AB-CDEF01"',
  };
}

/** The platform owns Private Service Access when the network is in its own project. */
function defaultPrivateServiceAccess(network: string, gcpProject: string): PrivateServiceAccess | undefined {
  const project = typeof network === 'string' ? /^projects\/([^/]+)\//.exec(network)?.[1] : undefined;
  return project === gcpProject ? PrivateServiceAccess.MANAGED : undefined;
}

function githubAppIdProblem(prop: string, value: number): PropProblem | undefined {
  if (Token.isUnresolved(value) || (Number.isInteger(value) && value > 0)) return undefined;
  return { prop, value, problem: 'is not a GitHub App id', fix: 'use the App ID shown on the GitHub App\'s settings page, e.g. 123456' };
}

/** A Cloud Storage bucket name: 3 to 63 lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
function stateBucketProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || (typeof value === 'string' && /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(value))) return undefined;
  const bare = typeof value === 'string' ? /^gs:\/\/([^/]+)\/?$/.exec(value) : null;
  return {
    prop,
    value,
    problem: 'is not a Cloud Storage bucket name',
    fix: bare ? `leave out the "gs://" prefix: "${bare[1]}"` : 'use the bucket\'s name, e.g. "acme-terraform-state" (3 to 63 lowercase letters, digits, "-", "_" and ".")',
  };
}

/** A Google Cloud project number: digits only. */
function projectNumberProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || (typeof value === 'string' && /^[1-9][0-9]{5,19}$/.test(value))) return undefined;
  return {
    prop,
    value,
    problem: 'is not a Google Cloud project number',
    fix: 'use the number shown by `gcloud projects describe <project> --format="value(projectNumber)"`, as a string of digits, e.g. "123456789012"',
  };
}

/** The runtime types of {@link PlatformProps}. */
const PLATFORM_PROPS_TYPES: PropTypes<PlatformProps> = {
  githubOrganization: STRING,
  gcpProject: tokenAllowed(STRING),
  region: STRING,
  network: optional(tokenAllowed(STRING)),
  environments: optional(listOf(struct('EnvironmentConfig', ENVIRONMENT_CONFIG_TYPES))),
  goldenPath: optional(instanceOf('GoldenPath', (v) => v instanceof GoldenPath)),
  billingAccount: optional(tokenAllowed(STRING)),
  catalogRepository: optional(STRING),
  guardrails: optional(instanceOf('GuardrailsOptions object')),
  goldenPathOverrides: optional(struct('GoldenPathOverrides', GOLDEN_PATH_OVERRIDES_TYPES)),
  stateBucket: optional(STRING),
  gcpProjectNumber: optional(tokenAllowed(STRING)),
  workloadIdentityPoolId: optional(STRING),
  workloadIdentityProviderId: optional(STRING),
  privateServiceAccess: optional(enumOf(PrivateServiceAccess, 'PrivateServiceAccess')),
  githubPlan: optional(enumOf(GithubPlan, 'GithubPlan')),
  terraformGithubAppId: optional(NUMBER),
  googleGroupsDomain: optional(STRING),
  oidcBridge: optional(BOOLEAN),
  serviceRepositoriesFromTemplate: optional(BOOLEAN),
  serviceTemplateRepository: optional(STRING),
};
