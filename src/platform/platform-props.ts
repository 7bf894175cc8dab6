import { COST_ESTIMATE_TYPES, type CostEstimateOptions } from './cost-estimate';
import { ENVIRONMENT_CONFIG_TYPES, type EnvironmentConfig } from './environment';
import { GOLDEN_PATH_OVERRIDES_TYPES, GoldenPath, type GoldenPathOverrides } from './golden-path';
import { KPI_TARGETS_TYPES, type KpiTargets } from './kpi-targets';
import { TOOL_IMAGES_TYPES, type ToolImagesOptions } from './tool-images';
import type { GuardrailsOptions } from '../guardrails/guardrails';
import type { TerraformResource, TerraformStack } from '../private/cdk';
import { BOOLEAN, enumOf, instanceOf, listOf, NUMBER, optional, STRING, struct, tokenAllowed, type PropTypes } from '../private/prop-types';

/**
 * Properties of a {@link Platform}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 * Exceptions, which may be tokens inside a stack (their format and uniqueness
 * checks are then skipped, with a warning), but never at App scope, where
 * every stack names them: gcpProject, network, billingAccount and
 * gcpProjectNumber.
 */
export interface PlatformProps {
  /** The GitHub organization that holds the teams and service repositories. */
  readonly githubOrganization: string;
  /** The Google Cloud project id of the platform's shared resources (may be a token inside a stack). */
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
   * The platform repository's name in the GitHub organization (the repository of
   * `PlatformFoundation` and the team files, `golden-paths init --platform-repository`). The
   * portal's "Onboard a team" Template opens its pull requests there.
   * @default - the catalog has no "Onboard a team" Template
   */
  readonly platformRepository?: string;
  /**
   * Which guardrails run on the platform's stack, and how: packs, disabled
   * rules, rule levels. `{ enabled: false }` turns them off; the rules and
   * every option are in docs/guardrails.md.
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
   * Organization permission Members: read and write (see docs/service-repositories.md).
   * @default - only organization admins bypass the rulesets: run Terraform as an organization owner
   */
  readonly terraformGithubAppId?: number;
  /**
   * The App ID of a second GitHub App, installed on the organization with
   * read-only permissions, that onboarded teams' pull requests plan with: a
   * pull request never holds a key that can write to GitHub (see
   * docs/tenancy.md). Needed to onboard a team with TeamOnboarding.
   * @default - none; TeamOnboarding then fails at synth and asks for it
   */
  readonly terraformGithubReaderAppId?: number;
  /**
   * Google Cloud projects per onboarded team (see docs/tenancy.md): each
   * `TeamOnboarding` then creates, under `parent`, a project for the team
   * (`<prefix>-<team>`: its registry and deployer accounts) and one per
   * environment (`<prefix>-<team>-<env>`: its databases, secrets and workload
   * accounts), attached to the Shared VPC of `network` and billed to
   * `billingAccount`; the team's identities hold roles on those projects alone.
   * @default - onboarded teams share gcpProject, where project-wide roles reach every team's resources (a synth warning says so)
   */
  readonly teamProjects?: TeamProjectsOptions;
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
   * see "Service repositories from a template repository" in docs/service-repositories.md.
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
  /**
   * Address ranges (CIDR) whose traffic may reach every team's pods, next to
   * the ingress controller's namespace: the sources of Google Cloud's load
   * balancers, which reach pods directly through GKE container-native load
   * balancing (GKE Ingress, Gateway, NEGs) and probe them for health. Add the
   * proxy-only subnet of a region on the environments that use regional or
   * internal Application Load Balancers there (their Envoy proxies send from
   * it), with the environment's `ingressSourceRanges`. An empty list admits
   * no address range. See https://cloud.google.com/load-balancing/docs/firewall-rules.
   * @default - Google's health check and GFE proxy ranges: ["35.191.0.0/16", "130.211.0.0/22"]
   */
  readonly ingressSourceRanges?: string[];
  /**
   * The images of the tools the library runs next to the teams' code: psql
   * or the mysql client, and the Google Cloud CLI, in the database grant Jobs,
   * the Cloud SQL Auth Proxy in those Jobs and next to every connected
   * service. The defaults are
   * public images (Docker Hub, gcr.io): on clusters that pull only from
   * Artifact Registry, or have no egress, mirror them there and name the
   * copies, each pinned to a tag and, better, its digest
   * (`<image>:<tag>@sha256:<digest>`).
   * @default - the public images of ToolImagesOptions' defaults, each pinned to a version tag
   */
  readonly toolImages?: ToolImagesOptions;
  /**
   * The numeric id of githubOrganization (`gh api /orgs/<organization> --jq .id`),
   * which the Workload Identity provider's attribute condition pins
   * (`assertion.repository_owner_id`): unlike the name, it never changes and is
   * never reused by another organization.
   * @default - looked up by the foundation (`data.github_organization`) at plan time
   */
  readonly githubOrganizationId?: string;
  /**
   * The issuer of the OIDC tokens GitHub Actions gives the organization's
   * workflows, which the Workload Identity provider trusts (`iss`):
   * `https://HOSTNAME/_services/token` on GitHub Enterprise Server,
   * `https://token.actions.SUBDOMAIN.ghe.com` on GHE.com, and
   * `https://token.actions.githubusercontent.com/<enterprise>` for an
   * enterprise with a unique issuer (see GitHub's "OpenID Connect reference").
   * @default "https://token.actions.githubusercontent.com" (github.com)
   */
  readonly githubOidcIssuer?: string;
  /**
   * GitHub's REST API, which every stack's GitHub provider calls:
   * `https://HOSTNAME/api/v3` on GitHub Enterprise Server,
   * `https://api.SUBDOMAIN.ghe.com` on GHE.com.
   * @default "https://api.github.com" (github.com)
   */
  readonly githubApiUrl?: string;
  /**
   * The App ID of GitHub Actions, the only app whose check runs satisfy the
   * required checks of the repositories' rulesets. Another GitHub instance
   * (GitHub Enterprise Server, GHE.com) has its own: `GET /apps/github-actions`
   * on its API answers it (`gh api /apps/github-actions --jq .id`).
   * @default 15368 (github.com)
   */
  readonly githubActionsAppId?: number;
  /**
   * How long, in minutes, a database's grant Job keeps retrying, with a
   * backoff, to read the admin password and to log in before it gives up.
   * The Job starts right after Terraform grants its service account access,
   * and Google Cloud IAM changes "typically propagate in 2 minutes, but could
   * potentially take 7 minutes or longer"
   * (https://cloud.google.com/iam/docs/access-change-propagation). Between
   * 10 and 120. The Job's deadline and Terraform's wait for it follow.
   * @default 15
   */
  readonly databaseGrantTimeoutMinutes?: number;
  /**
   * What `golden-paths report` estimates the monthly cost with, beyond the
   * synthesized Terraform: how the clusters are billed (Autopilot or
   * Standard), prices per region that replace its dated price table, the
   * registries' expected size, and exchange rates for team budgets in other
   * currencies than US dollars. It changes no resource. See docs/reports.md.
   * @default - GKE Autopilot, the price table's prices, 0.5 GB of images per service, budgets compared in USD only
   */
  readonly costEstimate?: CostEstimateOptions;
  /**
   * The targets `golden-paths metrics` shows the platform's figures against:
   * NPS, self-service adoption, time to first deployment, deployment
   * frequency, change failure rate and time to restore. It changes no
   * resource. See docs/metrics.md.
   * @default - NPS above 50, adoption above 80%, first deployment within 60 minutes, more than 10 deployments a day, change failure rate below 15%, restore within 30 minutes
   */
  readonly kpiTargets?: KpiTargets;
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

/** Where the projects of onboarded teams are created, as plain data. */
export interface TeamProjectsOptions {
  /** The folder or organization the projects are created in: `folders/<number>` or `organizations/<number>`. */
  readonly parent: string;
  /**
   * The first part of every project id (`<prefix>-<team>`, `<prefix>-<team>-<env>`): project ids are global.
   * @default - the GitHub organization, lowercased
   */
  readonly prefix?: string;
}

/** The effective settings of onboarded teams' projects. */
export interface TeamProjectsSettings {
  /** The folder or organization the projects are created in. */
  readonly parent: string;
  /** The first part of every project id. */
  readonly prefix: string;
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
  /** The network's owner has already connected it (a prerequisite docs/repositories.md lists); the foundation leaves it alone. */
  EXISTING = 'existing',
}

/** The runtime types of {@link PlatformProps}. */
export const PLATFORM_PROPS_TYPES: PropTypes<PlatformProps> = {
  githubOrganization: STRING,
  gcpProject: tokenAllowed(STRING),
  region: STRING,
  network: optional(tokenAllowed(STRING)),
  environments: optional(listOf(struct('EnvironmentConfig', ENVIRONMENT_CONFIG_TYPES))),
  goldenPath: optional(instanceOf('GoldenPath', (v) => v instanceof GoldenPath)),
  billingAccount: optional(tokenAllowed(STRING)),
  catalogRepository: optional(STRING),
  platformRepository: optional(STRING),
  guardrails: optional(instanceOf('GuardrailsOptions object')),
  goldenPathOverrides: optional(struct('GoldenPathOverrides', GOLDEN_PATH_OVERRIDES_TYPES)),
  stateBucket: optional(STRING),
  gcpProjectNumber: optional(tokenAllowed(STRING)),
  workloadIdentityPoolId: optional(STRING),
  workloadIdentityProviderId: optional(STRING),
  privateServiceAccess: optional(enumOf(PrivateServiceAccess, 'PrivateServiceAccess')),
  githubPlan: optional(enumOf(GithubPlan, 'GithubPlan')),
  terraformGithubAppId: optional(NUMBER),
  terraformGithubReaderAppId: optional(NUMBER),
  teamProjects: optional(struct<TeamProjectsOptions>('TeamProjectsOptions', { parent: STRING, prefix: optional(STRING) })),
  googleGroupsDomain: optional(STRING),
  oidcBridge: optional(BOOLEAN),
  serviceRepositoriesFromTemplate: optional(BOOLEAN),
  serviceTemplateRepository: optional(STRING),
  ingressSourceRanges: optional(listOf(STRING)),
  toolImages: optional(struct('ToolImagesOptions', TOOL_IMAGES_TYPES)),
  githubOrganizationId: optional(STRING),
  githubOidcIssuer: optional(STRING),
  githubApiUrl: optional(STRING),
  githubActionsAppId: optional(NUMBER),
  databaseGrantTimeoutMinutes: optional(NUMBER),
  costEstimate: optional(struct('CostEstimateOptions', COST_ESTIMATE_TYPES)),
  kpiTargets: optional(struct('KpiTargets', KPI_TARGETS_TYPES)),
};
