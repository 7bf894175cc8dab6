import { isIPv4, isIPv6 } from 'net';
import { WORKLOAD_OVERRIDES_TYPES, type WorkloadOverrides } from './golden-path';
import { Token } from '../private/cdk';
import { DEFAULT_ENVIRONMENTS as DEFAULTS } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { BOOLEAN, enumOf, instanceOf, listOf, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import type { GoogleProvider } from '../private/providers/google';
import type { KubernetesProvider } from '../private/providers/kubernetes';
import { dnsLabelProblem, duplicates, gcpProjectProblem, githubNameProblem, problems } from '../private/validation';

/** How the CI deploy job reaches an environment's GKE control plane. */
export enum GkeEndpoint {
  /** The control plane's public IP endpoint (reachable from GitHub-hosted runners). */
  PUBLIC = 'public',
  /** The control plane's DNS-based endpoint, reachable from anywhere through Google's APIs and guarded by IAM: for private clusters. */
  DNS = 'dns',
  /** The fleet's Connect Gateway (the cluster must be registered to a fleet): for private clusters. */
  CONNECT_GATEWAY = 'connect-gateway',
}

/** One deployment environment of the platform (dev, staging, prod, ...). */
export interface EnvironmentConfig {
  /**
   * The environment name: a DNS-1123 label of at most 16 characters, since it
   * becomes part of namespaces (`<team>-<env>`), database instance names and
   * GitHub environment names.
   */
  readonly name: string;
  /**
   * Whether this is a production environment: deploys wait for reviewers,
   * databases are highly available and protected from deletion, team members
   * get read-only access to the namespace.
   * @default false
   */
  readonly production?: boolean;
  /**
   * GitHub users or `org/team` slugs who must approve deploys to this
   * environment, at most 6. Only production environments wait for
   * reviewers: naming them on another environment fails at synth.
   * @default - no reviewers outside production; in production, the team that owns the service
   */
  readonly reviewers?: string[];
  /**
   * The Kubernetes provider of this environment's cluster, for a Platform
   * inside a stack. At App scope each environment stack makes its own from
   * gkeCluster, gkeLocation and gkeProject, and this must be left out.
   * @default - the stack's default Kubernetes provider
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * The Google provider of this environment's project, for a Platform inside
   * a stack (left out at App scope, where every stack makes its own).
   * @default - the stack's default Google provider
   */
  readonly googleProvider?: GoogleProvider;
  /**
   * Workload defaults for this environment, on top of the golden path (for
   * example one replica in dev).
   * @default - the golden path's values
   */
  readonly workloads?: WorkloadOverrides;
  /**
   * The GKE cluster this environment's workloads run in. The CI deploy job
   * fetches its credentials (keyless) to roll out new images.
   * @default - a cluster named after the environment ("dev", "staging", "prod")
   */
  readonly gkeCluster?: string;
  /**
   * The location of the GKE cluster: a region for regional clusters, a zone for zonal ones.
   * @default - the platform's region
   */
  readonly gkeLocation?: string;
  /**
   * The Google Cloud project of the GKE cluster.
   * @default - the platform's project (gcpProject)
   */
  readonly gkeProject?: string;
  /**
   * The email of the service account this environment's GKE nodes run as. It
   * gets `roles/artifactregistry.reader` on every team's registry, so the
   * nodes can pull the teams' images (a least-privilege node account has no
   * other way to).
   * @default - nothing is granted: the nodes' account must already read the registries (e.g. through a project-level role)
   */
  readonly gkeNodeServiceAccount?: string;
  /**
   * How the CI deploy job reaches the cluster's control plane. GitHub-hosted
   * runners cannot reach a private control plane's IP: use GkeEndpoint.DNS or
   * GkeEndpoint.CONNECT_GATEWAY for private clusters.
   * @default GkeEndpoint.PUBLIC
   */
  readonly gkeEndpoint?: GkeEndpoint;
  /**
   * Address ranges (CIDR) whose traffic may reach the team pods of this
   * environment, in place of the platform's `ingressSourceRanges`: for
   * example Google's ranges plus the proxy-only subnet of the environment's
   * region, when regional or internal Application Load Balancers send to its pods.
   * See https://cloud.google.com/load-balancing/docs/firewall-rules.
   * @default - the platform's ingressSourceRanges
   */
  readonly ingressSourceRanges?: string[];
  /**
   * The address of the environment's dashboard (Grafana, Cloud Monitoring, ...), to which each
   * service's catalog page links: an https URL in which `{service}`, `{namespace}`, `{team}` and
   * `{environment}` stand for the service's values (percent-encoded), e.g.
   * `https://grafana.acme.com/d/services?var-namespace={namespace}&var-service={service}`.
   * @default - no dashboard link for this environment
   */
  readonly dashboardUrl?: string;
}

/** Where an environment's deploys go: the cluster name, its location and project, defaults applied. */
export interface DeployTarget {
  /** The GKE cluster name. */
  readonly cluster: string;
  /** The cluster's region or zone. */
  readonly location: string;
  /** The cluster's Google Cloud project. */
  readonly project: string;
}

/**
 * The IAM condition that confines a role granted on a cluster's project to
 * that one cluster, by its resource name
 * `projects/<project>/locations/<location>/clusters/<cluster>` (the GKE API's).
 * Google Kubernetes Engine is among the services whose resource names IAM
 * Conditions see ("Configure resource-based access",
 * https://cloud.google.com/iam/docs/configuring-resource-based-access;
 * `container.googleapis.com` in "Resource attributes for IAM Conditions",
 * https://cloud.google.com/iam/docs/conditions-resource-attributes); there is
 * no IAM policy on a single cluster to grant on instead.
 */
export function clusterOnlyCondition(target: DeployTarget, environment: string): { title: string; description: string; expression: string } {
  return {
    title: `${environment} cluster only`,
    description: `The GKE cluster ${target.cluster} (${target.location}) of the environment ${environment}, no other cluster of the project`,
    expression: `resource.name == "projects/${target.project}/locations/${target.location}/clusters/${target.cluster}"`,
  };
}

/**
 * The IAM condition that confines a project role to some environments'
 * clusters, no other cluster of the project (each by its resource name, as
 * {@link clusterOnlyCondition} names one).
 */
export function clustersOnlyCondition(
  targets: ReadonlyArray<{ readonly environment: string; readonly target: DeployTarget }>,
): { title: string; description: string; expression: string } {
  const names = [...new Set(targets.map(({ target }) => `projects/${target.project}/locations/${target.location}/clusters/${target.cluster}`))];
  return {
    title: 'environment clusters only',
    description: `The GKE clusters of the environments ${targets.map((t) => t.environment).join(', ')}, no other cluster of the project`,
    expression: names.map((n) => `resource.name == "${n}"`).join(' || '),
  };
}

/**
 * Where an environment's workloads run: its gkeCluster, gkeLocation and
 * gkeProject, else a cluster named after the environment in the platform's
 * region and project. The one place these defaults live (Platform.deployTarget
 * and the golden-paths command both use it).
 */
export function deployTargetOf(
  env: { readonly name: string; readonly gkeCluster?: string; readonly gkeLocation?: string; readonly gkeProject?: string },
  platform: { readonly region: string; readonly gcpProject: string },
): DeployTarget {
  return { cluster: env.gkeCluster ?? env.name, location: env.gkeLocation ?? platform.region, project: env.gkeProject ?? platform.gcpProject };
}

/** An environment of a platform with its defaults applied. */
export class PlatformEnvironment {
  /** The environment name. */
  public readonly name: string;
  /** Whether this is a production environment. */
  public readonly production: boolean;
  /** GitHub users or `org/team` slugs who must approve deploys; empty when none are named. */
  public readonly reviewers: string[];
  /** The Kubernetes provider of this environment, when it names its own. */
  public readonly kubernetesProvider?: KubernetesProvider;
  /** The Google provider of this environment, when it names its own. */
  public readonly googleProvider?: GoogleProvider;
  /** Workload overrides of this environment. */
  public readonly workloads: WorkloadOverrides;
  /** The GKE cluster the environment's workloads run in (default: the environment name). */
  public readonly gkeCluster: string;
  /** The location of the GKE cluster; `undefined` means the platform's region. */
  public readonly gkeLocation?: string;
  /** The project of the GKE cluster; `undefined` means the platform's project. */
  public readonly gkeProject?: string;
  /** The service account of the cluster's nodes, when given. */
  public readonly gkeNodeServiceAccount?: string;
  /** How the CI deploy job reaches the cluster's control plane. */
  public readonly gkeEndpoint: GkeEndpoint;
  /** Address ranges that may reach the environment's team pods, when the environment names its own; `undefined` means the platform's. */
  public readonly ingressSourceRanges?: string[];
  /** The environment's dashboard URL with its placeholders, when it has one. */
  public readonly dashboardUrl?: string;

  public constructor(config: EnvironmentConfig) {
    this.name = config.name;
    this.production = config.production ?? false;
    this.reviewers = [...(config.reviewers ?? [])];
    this.kubernetesProvider = config.kubernetesProvider;
    this.googleProvider = config.googleProvider;
    this.workloads = { ...config.workloads };
    this.gkeCluster = config.gkeCluster ?? config.name;
    this.gkeLocation = config.gkeLocation;
    this.gkeProject = config.gkeProject;
    this.gkeNodeServiceAccount = config.gkeNodeServiceAccount;
    this.gkeEndpoint = config.gkeEndpoint ?? GkeEndpoint.PUBLIC;
    this.ingressSourceRanges = Array.isArray(config.ingressSourceRanges) ? [...config.ingressSourceRanges] : config.ingressSourceRanges;
    this.dashboardUrl = config.dashboardUrl;
  }
}

/** The environments a platform has when it names none: dev, staging and prod (production). */
export const DEFAULT_ENVIRONMENTS: readonly EnvironmentConfig[] = DEFAULTS;

/** GitHub's limit of reviewers on one environment. */
const MAX_ENVIRONMENT_REVIEWERS = 6;

/**
 * What is wrong with the reviewers of a production environment (the
 * platform's, or a service's `deployReviewers`): GitHub users (`alice`) or
 * teams of the organization (`acme/sre`), one to six of them.
 */
export function reviewersProblems(githubOrganization: string, prop: string, reviewers: string[]): PropProblem[] {
  if (!Array.isArray(reviewers)) {
    return [{ prop, value: reviewers, problem: 'is not a list', fix: 'list GitHub users ("alice") or teams ("acme/sre")' }];
  }
  if (reviewers.length === 0) {
    return [{ prop, value: reviewers, problem: 'is empty, so production deploys would need no approval', fix: 'name at least one user or team, or leave the environment out to have the owning team review' }];
  }
  const found: PropProblem[] = [];
  if (reviewers.length > MAX_ENVIRONMENT_REVIEWERS) {
    found.push({ prop, value: reviewers, problem: `names ${reviewers.length} reviewers, over GitHub's ${MAX_ENVIRONMENT_REVIEWERS} per environment`, fix: 'name a team instead of its members' });
  }
  reviewers.forEach((r, i) => {
    const parts = typeof r === 'string' ? r.split('/') : [];
    if (parts.length === 1) {
      found.push(...problems(githubNameProblem(`${prop}[${i}]`, r, 'GitHub user')));
    } else if (parts.length === 2 && parts[0] !== githubOrganization) {
      found.push({ prop: `${prop}[${i}]`, value: r, problem: `names a team of "${parts[0]}", but teams must belong to the platform's organization "${githubOrganization}"`, fix: `write it as "${githubOrganization}/${parts[1]}"` });
    } else if (parts.length === 2) {
      found.push(...problems(dnsLabelProblem(`${prop}[${i}]`, parts[1])));
    } else {
      found.push({ prop: `${prop}[${i}]`, value: r, problem: 'is neither a GitHub user nor an "organization/team" slug', fix: `write a user as "alice" and a team as "${githubOrganization}/sre"` });
    }
  });
  return found;
}

/** The longest environment name: it is embedded in namespaces and instance names. */
export const MAX_ENVIRONMENT_NAME_LENGTH = 16;

const GKE_CLUSTER = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9-]+@[a-z0-9-]+\.iam\.gserviceaccount\.com$|^[0-9]+-compute@developer\.gserviceaccount\.com$/;
const GCP_LOCATION = /^[a-z]+-[a-z]+\d+(-[a-z])?$/;

/** What is wrong with the cluster an environment deploys to (`prefix` names where it came from). */
export function deployTargetProblems(prefix: string, env: PlatformEnvironment): PropProblem[] {
  const found: PropProblem[] = [];
  if (!Token.isUnresolved(env.gkeCluster) && (typeof env.gkeCluster !== 'string' || !GKE_CLUSTER.test(env.gkeCluster))) {
    found.push({
      prop: `${prefix}gkeCluster`,
      value: env.gkeCluster,
      problem: 'is not a GKE cluster name (1 to 40 lowercase letters, digits and hyphens, starting with a letter)',
      fix: 'use the name shown by `gcloud container clusters list`',
    });
  }
  if (env.gkeLocation !== undefined && !Token.isUnresolved(env.gkeLocation) && !GCP_LOCATION.test(env.gkeLocation)) {
    found.push({
      prop: `${prefix}gkeLocation`,
      value: env.gkeLocation,
      problem: 'is not a Google Cloud region or zone',
      fix: 'use the cluster\'s region ("europe-west1") or, for a zonal cluster, its zone ("europe-west1-b")',
    });
  }
  if (env.gkeProject !== undefined) {
    found.push(...problems(gcpProjectProblem(`${prefix}gkeProject`, env.gkeProject)));
  }
  if (!Object.values(GkeEndpoint).includes(env.gkeEndpoint)) {
    found.push({
      prop: `${prefix}gkeEndpoint`,
      value: env.gkeEndpoint,
      problem: 'is not a GkeEndpoint',
      fix: 'use "public", "dns" or "connect-gateway" (GkeEndpoint.PUBLIC, GkeEndpoint.DNS, GkeEndpoint.CONNECT_GATEWAY)',
    });
  }
  const nodes = env.gkeNodeServiceAccount;
  if (nodes !== undefined && !Token.isUnresolved(nodes) && (typeof nodes !== 'string' || !SERVICE_ACCOUNT_EMAIL.test(nodes))) {
    found.push({
      prop: `${prefix}gkeNodeServiceAccount`,
      value: nodes,
      problem: 'is not a service account email',
      fix: 'use the email of the node pool\'s service account, e.g. "gke-nodes@acme-prod.iam.gserviceaccount.com"',
    });
  }
  return found;
}

/** The runtime types of {@link EnvironmentConfig}. */
export const ENVIRONMENT_CONFIG_TYPES: PropTypes<EnvironmentConfig> = {
  name: STRING,
  production: optional(BOOLEAN),
  reviewers: optional(listOf(STRING)),
  kubernetesProvider: optional(instanceOf('KubernetesProvider')),
  googleProvider: optional(instanceOf('GoogleProvider')),
  workloads: optional(struct('WorkloadOverrides', WORKLOAD_OVERRIDES_TYPES)),
  gkeCluster: optional(STRING),
  gkeLocation: optional(STRING),
  gkeProject: optional(STRING),
  gkeNodeServiceAccount: optional(STRING),
  gkeEndpoint: optional(enumOf(GkeEndpoint, 'GkeEndpoint')),
  ingressSourceRanges: optional(listOf(STRING)),
  dashboardUrl: optional(STRING),
};

/**
 * What is wrong with a list of ingress source ranges: each must be an IPv4 or
 * IPv6 CIDR block in canonical form (as NetworkPolicy ipBlocks take them), none
 * may admit every address (that would undo the namespaces' deny-ingress), and
 * none may repeat.
 */
export function ingressSourceRangesProblems(prop: string, ranges: string[]): PropProblem[] {
  if (Token.isUnresolved(ranges)) return [];
  if (!Array.isArray(ranges)) {
    return [{ prop, value: ranges, problem: 'is not a list', fix: 'list CIDR blocks, e.g. ["35.191.0.0/16", "130.211.0.0/22"]' }];
  }
  const found: PropProblem[] = [];
  ranges.forEach((range, i) => {
    if (Token.isUnresolved(range)) return;
    const p = `${prop}[${i}]`;
    const canonical = typeof range === 'string' ? canonicalCidr(range) : undefined;
    if (canonical === undefined) {
      found.push({ prop: p, value: range, problem: 'is not a CIDR block', fix: 'write an address range as "<address>/<prefix length>", e.g. "35.191.0.0/16" or "2600:2d00:1:1::/64"' });
    } else if (canonical !== range) {
      found.push({ prop: p, value: range, problem: `has bits set past its prefix length, so it names the range "${canonical}"`, fix: `write "${canonical}"` });
    } else if (/\/0$/.test(range)) {
      found.push({ prop: p, value: range, problem: 'admits every address, which would let anyone reach the teams\' pods past their namespaces\' deny-ingress policy', fix: 'list only the ranges of the load balancers, e.g. "35.191.0.0/16", "130.211.0.0/22" and the region\'s proxy-only subnet' });
    }
  });
  for (const range of duplicates(ranges.filter((r) => typeof r === 'string'))) {
    found.push({ prop, value: ranges, problem: `names "${range}" more than once`, fix: 'list every range once' });
  }
  return found;
}

/** The canonical form of an IPv4 or IPv6 CIDR block (host bits cleared, IPv6 compressed), or `undefined` when it is not one. */
function canonicalCidr(text: string): string | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const [, address, lengthText] = match;
  const length = Number(lengthText);
  if (isIPv4(address)) {
    if (length > 32) return undefined;
    const octets = address.split('.').map(Number);
    const bits = octets.reduce((n, o) => n * 256 + o, 0);
    const network = bits - (bits % 2 ** (32 - length));
    return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${length}`;
  }
  if (isIPv6(address)) {
    if (length > 128) return undefined;
    const groups = expandIPv6(address);
    let remaining = length;
    const cleared = groups.map((g) => {
      const keep = Math.max(0, Math.min(16, remaining));
      remaining -= 16;
      return keep === 16 ? g : keep === 0 ? 0 : g - (g % 2 ** (16 - keep));
    });
    return `${compressIPv6(cleared)}/${length}`;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (already known to be valid). */
function expandIPv6(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
}

/** An IPv6 address in the shortest form (RFC 5952): lowercase, the longest run of two or more zero groups as "::". */
function compressIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
