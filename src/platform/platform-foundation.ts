import * as path from 'path';
import { Construct, type IConstruct } from 'constructs';
import { GkeEndpoint } from './environment';
import { feedbackLabels } from './feedback-labels';
import { GithubActionsIdentity, GITHUB_ACTIONS_IDENTITY_ID } from './github-actions-identity';
import { onboardedTeam, onboardedTeams, PLATFORM_SETTINGS_FILE } from './onboarded-team';
import { Platform } from './platform';
import { PrivateServiceAccess } from './platform-props';
import { githubWebHost } from './platform-validation';
import { ServiceTemplateRepository } from './service-template-repository';
import { workloadIdentityPoolName } from './workload-identity-names';
import { addCatalogSource } from '../catalog/catalog-source';
import { TerraformStack } from '../private/cdk';
import { placementError, propError } from '../private/errors';
import { boundedName } from '../private/naming';
import type { IssueLabel, RepositoryFile } from '../private/providers/github';
import { ComputeGlobalAddress, ProjectService, ServiceNetworkingConnection } from '../private/providers/google';
import { SynthOutput } from '../private/synth-output';
import { ServiceTemplate } from '../scaffold/service-template';

const FOUNDATION_SYMBOL = Symbol.for('cdktf-golden-paths.PlatformFoundation');

export { PLATFORM_SETTINGS_FILE };

/**
 * The Google APIs the golden path needs, enabled once for the whole platform:
 * Workload Identity Federation (sts, iamcredentials, iam), Cloud SQL,
 * Memorystore, Artifact Registry, GKE, Private Service Access (compute,
 * servicenetworking), budgets and the email channels their alerts reach the
 * teams by (monitoring), Secret Manager (the Postgres grant admin's
 * password, the services' secrets), Pub/Sub (their rotation notifications),
 * and project IAM (cloudresourcemanager).
 */
export const GOLDEN_PATH_APIS: readonly string[] = [
  'artifactregistry.googleapis.com',
  'billingbudgets.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'monitoring.googleapis.com',
  'pubsub.googleapis.com',
  'redis.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'sqladmin.googleapis.com',
  'sts.googleapis.com',
];

/**
 * The Google APIs the Connect gateway needs, enabled when an environment's deploy jobs reach their
 * cluster through it (`gkeEndpoint: connect-gateway`): the gateway itself and the fleet (GKE Hub)
 * the cluster is a member of ("Set up the Connect gateway", Enable APIs:
 * https://cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/setup).
 */
export const CONNECT_GATEWAY_APIS: readonly string[] = [
  'connectgateway.googleapis.com',
  'gkehub.googleapis.com',
];

/** The Google APIs the foundation enables for `platform`: the golden path's, and the Connect gateway's when an environment uses it. */
export function platformApis(platform: Platform): string[] {
  const gateway = platform.environments.some((e) => e.gkeEndpoint === GkeEndpoint.CONNECT_GATEWAY);
  return [...GOLDEN_PATH_APIS, ...(gateway ? CONNECT_GATEWAY_APIS : [])];
}

/** The prefix length of the range reserved for Private Service Access (Google recommends /16, at least /24). */
const PRIVATE_SERVICE_RANGE_PREFIX = 16;

/**
 * What the whole platform shares, made once, by the platform repository:
 * the Workload Identity pool and OIDC provider for GitHub Actions, the Google
 * APIs the golden path needs (never disabled on destroy: other stacks still
 * use them), Private Service Access on the network when the platform owns it,
 * and the whole platform's catalog file. At App scope it is the stack
 * `foundation`; inside a stack it adds its resources to that stack.
 *
 * At synth it writes `platform.json` next to the stacks: the settings, as
 * `Platform.fromFile` reads them, and the names of the shared resources. Team
 * repositories build their Platform from that file and create none of this.
 *
 * @example
 * const platform = Platform.fromFile(app, 'acme', 'platform.json');
 * new PlatformFoundation(platform, 'foundation');
 */
export class PlatformFoundation extends Construct {
  /** The file the foundation writes next to the stacks (`platform.json`). */
  public static readonly SETTINGS_FILE = PLATFORM_SETTINGS_FILE;
  /** Whether `x` is a PlatformFoundation. */
  public static isPlatformFoundation(x: any): x is PlatformFoundation {
    return x !== null && typeof x === 'object' && FOUNDATION_SYMBOL in x;
  }

  /** At App scope, the stack `id`; inside a stack, `scope` itself. */
  private static foundationScope(scope: Construct, id: string): Construct {
    const platform = Platform.of(scope);
    const existing = platform._layout.tree.node.findAll()
      .find((c) => PlatformFoundation.isPlatformFoundation(c) && c.platform === platform);
    if (existing) {
      throw placementError(scope, `would get a second PlatformFoundation (the first is ${existing.node.path})`, 'create the foundation once, in the platform repository');
    }
    if (platform._publishedBy !== undefined) {
      throw placementError(scope, `would create the platform's shared resources again: its settings come from the published ${platform._publishedBy}`,
        'leave the PlatformFoundation to the platform repository; a team repository refers to the shared resources by name. The platform repository reads its settings from its own file, without the "foundation" section');
    }
    return platform._layout.foundationScope(scope, id);
  }

  /** The platform whose shared resources these are. */
  public readonly platform: Platform;
  /** The Workload Identity pool and provider for GitHub Actions. */
  public readonly identity: GithubActionsIdentity;
  /** The enabled Google APIs (`google_project_service`), by service name: the golden path's, and the Connect gateway's when an environment uses it. */
  public readonly apis: { [service: string]: ProjectService };
  /**
   * The range reserved for Private Service Access, when the platform manages it.
   * @default - none when the network's owner set Private Service Access up
   */
  public readonly privateServiceRange?: ComputeGlobalAddress;
  /**
   * The Private Service Access connection, when the platform manages it.
   * @default - none when the network's owner set Private Service Access up
   */
  public readonly privateServiceConnection?: ServiceNetworkingConnection;
  /**
   * The Service Networking API enabled in the network's host project, when the platform manages Private
   * Service Access on a Shared VPC network of another project (the connection is made there).
   * @default - none when the network is in gcpProject, whose APIs are in `apis`, or Private Service Access is the network owner's
   */
  public readonly hostServiceNetworkingApi?: ProjectService;
  /**
   * The platform's catalog file in the catalog repository, at App scope (inside a stack the Platform has it).
   * @default - none without a catalogRepository
   */
  public readonly catalogFile?: RepositoryFile;
  /**
   * The GitHub template repository new service repositories are created from,
   * when the platform's `serviceRepositoriesFromTemplate` is on.
   * @default - none: service repositories commit the whole scaffold file by file
   */
  public readonly serviceTemplate?: ServiceTemplateRepository;
  /**
   * The feedback loop's labels in the platform repository (`platformRepository`),
   * which the issue forms `golden-paths init --platform-repository` writes apply.
   * @default - none: the settings name no platform repository, or teams share the platform's stack
   */
  public readonly platformRepositoryLabels?: IssueLabel[];

  public constructor(scope: Construct, id: string) {
    super(PlatformFoundation.foundationScope(scope, id), id);
    Object.defineProperty(this, FOUNDATION_SYMBOL, { value: true });
    const platform = Platform.of(scope);
    this.platform = platform;
    FOUNDATIONS.set(platform, this);

    this.identity = platform._layout.foundationApart
      ? new GithubActionsIdentity(this, GITHUB_ACTIONS_IDENTITY_ID)
      // Inside a stack the identity keeps its address as the Platform's child.
      : GithubActionsIdentity.of(platform);

    const apis: { [service: string]: ProjectService } = {};
    for (const service of platformApis(platform)) {
      apis[service] = new ProjectService(this, `api-${service.split('.')[0]}`, {
        project: platform.gcpProject,
        service,
        // Teams' stacks keep using the API after this one is destroyed.
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    }
    this.apis = apis;
    this.identity.pool.dependsOn = [...(this.identity.pool.dependsOn ?? []), ...['iam', 'sts', 'iamcredentials'].map((a) => dependable(apis[`${a}.googleapis.com`]))];

    if (platform.network !== undefined && platform.privateServiceAccess === undefined) {
      throw propError(platform, {
        prop: 'privateServiceAccess',
        value: undefined,
        problem: `is not given, and the network is not in gcpProject "${platform.gcpProject}", so the foundation cannot tell who connects it to Google's services (Cloud SQL and Memorystore private IPs need that peering)`,
        fix: 'once the network\'s owner has connected it (`gcloud services vpc-peerings connect --service=servicenetworking.googleapis.com --network=<network> --ranges=<range> --project=<host project>`), set privateServiceAccess: "existing"; or set "managed" to have the foundation create the connection',
      });
    }
    if (platform.network !== undefined && platform.privateServiceAccess === PrivateServiceAccess.MANAGED) {
      const networkName = platform.network.split('/').pop() ?? 'network';
      // "If you are using Shared VPC, create the allocated IP range and private connection in the host project"
      // (https://cloud.google.com/vpc/docs/configure-private-services-access, "Shared VPC scenario"): the project
      // the network names, which is gcpProject only when the platform owns the network. The connection takes its
      // project from the network; the Service Networking API must be on in the host project too
      // (https://cloud.google.com/sql/docs/postgres/configure-private-ip, "API and IAM requirements").
      const hostProject = networkHostProject(platform.network) ?? platform.gcpProject;
      const shared = hostProject !== platform.gcpProject;
      if (shared) {
        this.hostServiceNetworkingApi = new ProjectService(this, 'host-api-servicenetworking', {
          project: hostProject,
          service: 'servicenetworking.googleapis.com',
          // The host project's other service projects may use it too.
          disableOnDestroy: false,
          disableDependentServices: false,
        });
      }
      this.privateServiceRange = new ComputeGlobalAddress(this, 'private-service-range', {
        project: hostProject,
        name: boundedName(['google-managed-services', networkName], 63),
        purpose: 'VPC_PEERING',
        addressType: 'INTERNAL',
        prefixLength: PRIVATE_SERVICE_RANGE_PREFIX,
        network: platform.network,
        // A Shared VPC host project has Compute Engine on: it holds the network.
        ...(shared ? {} : { dependsOn: [apis['compute.googleapis.com']] }),
      });
      this.privateServiceConnection = new ServiceNetworkingConnection(this, 'private-service-access', {
        network: platform.network,
        service: 'servicenetworking.googleapis.com',
        reservedPeeringRanges: [this.privateServiceRange.name],
        dependsOn: [this.hostServiceNetworkingApi ?? apis['servicenetworking.googleapis.com']],
      });
    }

    // Inside a stack the Platform commits the catalog.
    if (platform._layout.foundationApart && platform.catalogRepository !== undefined) {
      this.catalogFile = platform._newCatalogFile(this);
    }
    const platformRepository = platform.settings.platformRepository;
    if (platform._layout.teamsApart && platformRepository !== undefined) {
      // The feedback forms golden-paths init writes there apply these labels.
      this.platformRepositoryLabels = feedbackLabels(new Construct(this, 'platform-repository'), platformRepository);
      // The portal's "Onboard a team" Template proposes team files in the platform repository (teams with stacks of their own).
      addCatalogSource(this, {
        kind: 'platform-repository',
        describe: () => ({
          repository: platformRepository,
          githubOrganization: platform.githubOrganization,
          githubHost: githubWebHost(platform.githubApiUrl),
          environments: platform.environments.map((e) => e.name),
        }),
      });
    }

    // The platform's one stack, or the foundation's own.
    const stack = platform._layout.stack ?? TerraformStack.of(this);
    if (platform.serviceRepositoriesFromTemplate) {
      if (platform._serviceTemplateChosen) {
        throw placementError(this, 'is created after service repositories of its platform, which were therefore scaffolded file by file instead of from the template repository',
          'create the PlatformFoundation right after the Platform, before any TeamEnvironment and its services');
      }
      const template = new ServiceTemplateRepository(this, 'service-template');
      this.serviceTemplate = template;
      platform._useServiceTemplate(platform._layout.foundationApart
        // Another stack: team stacks name it and are deployed after this one.
        ? { owner: platform.githubOrganization, repository: template.name, dependencies: [], stack }
        // The same stack: a reference, and the files committed before any repository is generated from it.
        : {
          owner: platform.githubOrganization,
          repository: template.githubRepository.name,
          dependencies: [template.githubRepository, ...template.files.slice(-1)],
        });
    }
    SynthOutput.of(stack).addWriter('platform-settings', {
      write: (ctx) => SynthOutput.writeFile(ctx.outdir, PLATFORM_SETTINGS_FILE, `${JSON.stringify(this.publishedSettings(ctx.outdir), undefined, 2)}\n`),
    });
  }

  /**
   * What `platform.json` holds: the settings as plain data and, under
   * `foundation`, the names of the shared resources.
   *
   * @param directory where the file goes: a custom service template is named relative to it
   * @param team the one onboarded team to list, for that team's own repository
   */
  public publishedSettings(directory: string, team?: string): any {
    const platform = this.platform;
    const { goldenPath, goldenPathOverrides, environments, guardrails, ...plain } = platform.settings;
    const settings: Record<string, unknown> = {
      ...plain,
      ...(environments === undefined ? {} : {
        environments: environments.map(({ kubernetesProvider: _k, googleProvider: _g, ...env }) => env),
      }),
      ...(goldenPath === undefined && goldenPathOverrides === undefined ? {} : { goldenPathOverrides: goldenPathData(platform, directory) }),
      ...(guardrails === undefined ? {} : { guardrails }),
    };
    // One team's file describes that team alone: every team's file is written at each synth.
    const teams = team === undefined ? onboardedTeams(platform) : [onboardedTeam(platform, team)].filter((t) => t !== undefined);
    const pool = platform.gcpProjectNumber === undefined
      ? undefined
      : workloadIdentityPoolName(platform.gcpProjectNumber, platform.workloadIdentityPoolId);
    return {
      ...settings,
      foundation: {
        stack: platform._layout.foundationApart ? this.node.id : undefined,
        workloadIdentityPoolId: platform.workloadIdentityPoolId,
        workloadIdentityProviderId: platform.workloadIdentityProviderId,
        workloadIdentityProvider: pool === undefined ? undefined : `${pool}/providers/${platform.workloadIdentityProviderId}`,
        enabledApis: platformApis(platform),
        privateServiceAccess: platform.privateServiceAccess,
        catalogRepository: platform.catalogRepository,
        serviceTemplateRepository: this.serviceTemplate?.name,
      },
      ...(teams.length === 0 ? {} : { teams: Object.fromEntries(teams.map(({ name, ...entry }) => [name, entry])) }),
    };
  }


}

/** The PlatformFoundation of each platform. */
const FOUNDATIONS = new WeakMap<Platform, PlatformFoundation>();

/**
 * The PlatformFoundation of `platform`, if it has one: known from its
 * construction, so also where a parallel synth has taken the foundation's
 * stack out of the tree (a worker synthesizes its teams alone).
 */
export function foundationOf(platform: Platform): PlatformFoundation | undefined {
  return FOUNDATIONS.get(platform);
}

/** The host project of a network `projects/<project>/global/networks/<name>` (a token or another shape: undefined). */
function networkHostProject(network: string): string | undefined {
  return /^projects\/([^/]+)\/global\/networks\/[^/]+$/.exec(network)?.[1];
}

/** A resource as a depends_on entry. */
function dependable(resource: IConstruct & { terraformResourceType: string; friendlyUniqueId: string }): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** The platform's golden path as the plain data `goldenPathOverrides` takes (a custom template as a path relative to `directory`). */
function goldenPathData(platform: Platform, directory: string) {
  const p = platform.goldenPath;
  const custom = p.template.directory !== ServiceTemplate.goMicroservice().directory;
  return {
    ...(custom ? { template: path.relative(directory, p.template.directory) || '.' } : {}),
    cpu: p.cpu,
    memory: p.memory,
    replicas: p.replicas,
    autoscaling: { ...p.autoscaling },
    requiredChecks: [...p.requiredChecks],
    coverageThreshold: p.coverageThreshold,
    containerPort: p.containerPort,
    livenessPath: p.livenessPath,
    readinessPath: p.readinessPath,
    metricsPort: p.metricsPort,
    metricsPath: p.metricsPath,
  };
}
