import type { Construct } from 'constructs';
import { GkeEndpoint, type DeployTarget, type PlatformEnvironment } from './environment';
import { Guardrails } from '../guardrails/guardrails';
import { Fn, GcsBackend, TerraformStack } from '../private/cdk';
import { GithubProvider } from '../private/providers/github';
import { DataGoogleClientConfig, DataGoogleContainerCluster, DataGoogleProject, GoogleProvider } from '../private/providers/google';
import { KubernetesProvider } from '../private/providers/kubernetes';

const PLATFORM_STACK_SYMBOL = Symbol.for('cdktf-golden-paths.PlatformStack');

/** What a stack of a platform holds. */
export enum PlatformStackKind {
  /** The shared resources of the whole platform (`foundation`): Workload Identity, Google APIs, the catalog. */
  FOUNDATION = 'foundation',
  /** What a team has in no particular environment (`<team>`): GitHub team, repositories, registry, deployers. */
  TEAM = 'team',
  /** What a team has in one environment (`<team>-<env>`): namespaces, workloads, databases. */
  ENVIRONMENT = 'environment',
  /** What the platform makes for a team it onboards (`onboarding-<team>`): GitHub team, infrastructure repository, identities, state bucket, registry. */
  TEAM_ONBOARDING = 'team-onboarding',
  /** What the platform makes for a team in one environment's cluster (`onboarding-<team>-<env>`): namespace, quota, policies, RBAC. */
  ENVIRONMENT_ONBOARDING = 'environment-onboarding',
}

/** Properties of a {@link PlatformStack}: what it holds, and the platform settings its providers and backend come from. */
export interface PlatformStackProps {
  /** What the stack holds. */
  readonly kind: PlatformStackKind;
  /** The GitHub organization (the GitHub provider's owner). */
  readonly githubOrganization: string;
  /**
   * The GitHub provider's `base_url` (GitHub Enterprise Server, GHE.com).
   * @default - the provider's own: github.com
   */
  readonly githubBaseUrl?: string;
  /** The Google Cloud project of the Google provider. */
  readonly gcpProject: string;
  /** The region of the Google provider. */
  readonly region: string;
  /**
   * The bucket of the GCS backend.
   * @default - cdktf's local backend
   */
  readonly stateBucket?: string;
  /**
   * The prefix of the stack's state in the bucket.
   * @default - the stack id
   */
  readonly statePrefix?: string;
  /**
   * The environment of an ENVIRONMENT stack.
   * @default - none; only ENVIRONMENT stacks have one
   */
  readonly environment?: PlatformEnvironment;
  /**
   * The GKE cluster the Kubernetes provider reaches (ENVIRONMENT stacks).
   * @default - no Kubernetes provider
   */
  readonly cluster?: DeployTarget;
  /**
   * Whether the stack gets a GitHub provider.
   * @default - TEAM and TEAM_ONBOARDING stacks do, the others do not
   */
  readonly github?: boolean;
}

/**
 * Adjusts the stacks a Platform makes at App scope (impersonation, a proxy,
 * provider aliases, another backend): `configure` runs for every stack, those
 * made before `Platform.configureStacks` was called and those made after.
 */
export interface IPlatformStackConfigurator {
  /** Adjusts one stack. */
  configure(stack: PlatformStack): void;
}

/**
 * A stack made by a Platform created at App scope, with its providers and
 * backend made from the platform's settings:
 *
 * - Google: the platform's project and region.
 * - Kubernetes (environment stacks): the environment's GKE cluster, read with
 *   the `google_container_cluster` and `google_client_config` data sources, so
 *   Terraform writes to the cluster the CI workflow deploys to, through the
 *   endpoint the environment's `gkeEndpoint` names: the IP endpoint, the
 *   DNS-based endpoint, or the fleet's Connect gateway (the last two reach
 *   private clusters from GitHub-hosted runners).
 * - GitHub (team stacks, and the foundation when it commits the catalog): the organization.
 * - Backend: with the platform's `stateBucket`, GCS with the prefix
 *   `<platform id>/<stack id>`; without it, cdktf's local backend.
 *
 * Every provider and the backend are public: change them through
 * {@link Platform.configureStacks} or directly (`stack.googleProvider.impersonateServiceAccount = ...`).
 */
export class PlatformStack extends TerraformStack {
  /** Whether `x` is a PlatformStack. */
  public static isPlatformStack(x: any): x is PlatformStack {
    return x !== null && typeof x === 'object' && PLATFORM_STACK_SYMBOL in x;
  }

  /** What the stack holds. */
  public readonly kind: PlatformStackKind;
  /**
   * The environment of an environment stack.
   * @default - none outside environment stacks
   */
  public readonly environment?: PlatformEnvironment;
  /** The Google provider: the platform's project and region. */
  public readonly googleProvider: GoogleProvider;
  /**
   * The GitHub provider of the platform's organization.
   * @default - none in environment stacks
   */
  public readonly githubProvider?: GithubProvider;
  /**
   * The environment's GKE cluster (`data.google_container_cluster`), in environment stacks.
   * @default - none outside environment stacks
   */
  public readonly cluster?: DataGoogleContainerCluster;
  /**
   * The project of the environment's cluster (`data.google_project`), whose
   * number the Connect gateway's host names: in environment stacks whose
   * environment's gkeEndpoint is CONNECT_GATEWAY.
   * @default - none in other stacks
   */
  public readonly clusterProject?: DataGoogleProject;
  /**
   * The Kubernetes provider of the environment's cluster, in environment stacks.
   * @default - none outside environment stacks
   */
  public readonly kubernetesProvider?: KubernetesProvider;
  /**
   * The GCS backend, when the platform has a `stateBucket`.
   * @default - cdktf's local backend
   */
  public readonly backend?: GcsBackend;
  /** The guardrails of this stack. */
  public readonly guardrails: Guardrails;

  private readonly target?: DeployTarget;
  private secretManagerRequired = false;

  public constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_STACK_SYMBOL, { value: true });
    this.kind = props.kind;
    this.environment = props.environment;

    this.googleProvider = new GoogleProvider(this, 'google', { project: props.gcpProject, region: props.region });
    if (props.github ?? (props.kind === PlatformStackKind.TEAM || props.kind === PlatformStackKind.TEAM_ONBOARDING)) {
      this.githubProvider = new GithubProvider(this, 'github', { owner: props.githubOrganization, baseUrl: props.githubBaseUrl });
    }
    const target = props.cluster;
    this.target = target;
    if (target) {
      // The cluster CI deploys to (vars.GKE_CLUSTER, vars.GKE_LOCATION) is the one Terraform writes to.
      const endpoint = props.environment?.gkeEndpoint ?? GkeEndpoint.PUBLIC;
      const check = endpointPostcondition(endpoint, target);
      this.cluster = new DataGoogleContainerCluster(this, 'cluster', {
        name: target.cluster,
        location: target.location,
        project: target.project,
        lifecycle: check ? { postcondition: [check] } : undefined,
      });
      const client = new DataGoogleClientConfig(this, 'google-client');
      if (endpoint === GkeEndpoint.CONNECT_GATEWAY) {
        this.clusterProject = new DataGoogleProject(this, 'cluster-project', { projectId: target.project });
      }
      this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', {
        ...kubernetesEndpoint(endpoint, this.cluster, this.clusterProject),
        token: client.accessToken,
      });
    }
    if (props.stateBucket !== undefined) {
      this.backend = new GcsBackend(this, { bucket: props.stateBucket, prefix: props.statePrefix ?? id });
    }
    this.guardrails = Guardrails.of(this);
  }

  /**
   * Makes the plan check that the environment's cluster has GKE's Secret
   * Manager add-on on (a postcondition of the cluster data source), for a
   * stack whose pods mount Secret Manager secrets: without the add-on their
   * SecretProviderClass has no CRD and their volume no CSI driver. Once per stack.
   * @internal
   */
  public _requireSecretManagerAddOn(): void {
    if (this.cluster === undefined || this.target === undefined || this.secretManagerRequired) return;
    this.secretManagerRequired = true;
    const t = this.target;
    const check = {
      condition: '${try(self.secret_manager_config[0].enabled, false)}',
      errorMessage: `The GKE cluster "${t.cluster}" (${t.project}, ${t.location}) does not have the Secret Manager add-on, which mounts the services' Secret Manager secrets into their pods. `
        + `Fix: gcloud container clusters update ${t.cluster} --location=${t.location} --project=${t.project} --enable-secret-manager (or secret_manager_config { enabled = true } on the cluster's google_container_cluster).`,
    };
    const lifecycle = this.cluster.lifecycle ?? {};
    this.cluster.lifecycle = { ...lifecycle, postcondition: [...(lifecycle.postcondition ?? []), check] };
  }
}

/**
 * The host (and, for the IP endpoint, the CA) the Kubernetes provider reaches a cluster's control
 * plane through, as google-github-actions/get-gke-credentials writes them into CI's kubeconfig:
 * - PUBLIC: `https://<endpoint>` with the cluster's CA certificate;
 * - DNS: the DNS-based endpoint (`uid.<location>.gke.goog`), whose certificate is publicly
 *   trusted, so no cluster CA (GKE "About network isolation": DNS-based endpoint);
 * - CONNECT_GATEWAY: `https://connectgateway.googleapis.com/v1/projects/<project number>/locations/<membership
 *   location>/gkeMemberships/<membership>`, the gateway terminating TLS, so no cluster CA (GKE "Use the
 *   Connect gateway", cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/using).
 */
function kubernetesEndpoint(
  endpoint: GkeEndpoint, cluster: DataGoogleContainerCluster, project?: DataGoogleProject,
): { host: string; clusterCaCertificate?: string } {
  switch (endpoint) {
    case GkeEndpoint.DNS:
      return { host: `https://${cluster.controlPlaneEndpointsConfig.get(0).dnsEndpointConfig.get(0).endpoint}` };
    case GkeEndpoint.CONNECT_GATEWAY: {
      const fleet = cluster.fleet.get(0);
      return { host: `https://connectgateway.googleapis.com/v1/projects/${project!.number}/locations/${fleet.membershipLocation}/gkeMemberships/${fleet.membershipId}` };
    }
    default:
      return { host: `https://${cluster.endpoint}`, clusterCaCertificate: Fn.base64decode(cluster.masterAuth.get(0).clusterCaCertificate) };
  }
}

/**
 * What the cluster must offer for the endpoint to work, checked when Terraform reads it (a
 * postcondition of the data source), so a plan stops with the fix instead of timing out.
 */
function endpointPostcondition(endpoint: GkeEndpoint, target: DeployTarget): { condition: string; errorMessage: string } | undefined {
  const cluster = `"${target.cluster}" (${target.project}, ${target.location})`;
  const flags = `--location=${target.location} --project=${target.project}`;
  switch (endpoint) {
    case GkeEndpoint.DNS:
      return {
        condition: '${try(self.control_plane_endpoints_config[0].dns_endpoint_config[0].allow_external_traffic, false)}',
        errorMessage: `The GKE cluster ${cluster} does not let traffic from outside its network reach its DNS-based endpoint, which gkeEndpoint "dns" reaches it through. `
          + `Fix: gcloud container clusters update ${target.cluster} ${flags} --enable-dns-access, or set the environment's gkeEndpoint to "public" or "connect-gateway".`,
      };
    case GkeEndpoint.CONNECT_GATEWAY:
      return {
        condition: '${try(self.fleet[0].membership_id, "") != ""}',
        errorMessage: `The GKE cluster ${cluster} is not registered to a fleet, and gkeEndpoint "connect-gateway" reaches it through its fleet membership. `
          + `Fix: gcloud container clusters update ${target.cluster} ${flags} --fleet-project=${target.project}, or set the environment's gkeEndpoint to "public" or "dns".`,
      };
    default:
      return undefined;
  }
}
