/**
 * The values several layers of the library share (the golden path's defaults,
 * the names it writes on resources, the patterns names must match). Each has
 * one name and one source: the platform, the scaffold, the CI workflow and the
 * workloads read them from here instead of restating them.
 */

/** The value of `managed-by` labels and annotations on everything the library creates. */
export const MANAGED_BY = 'cdktf-golden-paths';

/**
 * The namespace labels that make Kubernetes' Pod Security admission enforce,
 * audit and warn at the `restricted` level.
 * https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export const RESTRICTED_POD_SECURITY: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** The user and group id containers run as: distroless "nonroot" (the template's Dockerfile says `USER 65532:65532`; a test ties them). */
export const NONROOT_UID = 65532;

/** A DNS-1123 label as Kubernetes and the library use it: lowercase letters, digits and "-", starting with a letter. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain: dot-separated labels (Secret and ConfigMap names, label prefixes). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * An HTTP path the kubelet probes and the scaffold's router serves: "/" then
 * "/"-separated segments of letters, digits, ".", "_", "~" and "-" (no query,
 * no route parameters, no spaces).
 */
export const PROBE_PATH = /^\/(?:[A-Za-z0-9._~-]+\/)*[A-Za-z0-9._~-]*$/;

/** The path prefix of the scaffold's example items API; probes must stay outside it. */
export const ITEMS_API_PREFIX = '/v1/items';

/**
 * The construct ids of the fixed children of a team and of a service. Each
 * environment is a child of both too (its namespace, its workload), under the
 * environment's name, so no environment may take one of these names.
 */
export const FIXED_CHILD_IDS = {
  TEAM_GITHUB_TEAM: 'github-team',
  TEAM_REGISTRY: 'registry',
  TEAM_BUDGET: 'budget',
  SERVICE_REPOSITORY: 'repository',
} as const;

/**
 * The prefixes of the ids of a team's other children (`maintainer-<user>`, `member-<user>`, `registry-reader-<env>`, `alerting-<env>`,
 * `dashboards-<env>`).
 */
export const CHILD_ID_PREFIXES = {
  TEAM_MAINTAINER: 'maintainer-',
  TEAM_MEMBER: 'member-',
  TEAM_REGISTRY_READER: 'registry-reader-',
  TEAM_ALERTING: 'alerting-',
  TEAM_DASHBOARDS: 'dashboards-',
} as const;

/**
 * Namespaces that are not a team's to take: Kubernetes' own (`kube-*`,
 * `default`), GKE's (`gke-*`, `gmp-*`) and the cluster add-ons' the platform
 * relies on. A team's namespace is `<team>-<env>`, so `kube` + `system` would
 * otherwise be `kube-system`.
 */
export const RESERVED_NAMESPACES = {
  prefixes: ['kube-', 'gke-', 'gmp-'],
  names: ['default', 'ingress-nginx', 'cert-manager', 'istio-system', 'config-management-system', 'cnrm-system'],
} as const;

/** The branch every service repository deploys from. */
export const DEFAULT_BRANCH = 'main';

/** The quality gates the CI workflow can run, in workflow order: job ids and required status checks at once. */
export const CI_GATES = {
  UNIT_TESTS: 'unit-tests',
  LINT: 'lint',
  SECURITY_SCAN: 'security-scan',
  COVERAGE: 'coverage',
} as const;

/** The golden path's numbers (the product spec in DESIGN.md): `GoldenPath.goMicroservice()` starts from them. */
export const GOLDEN_PATH_DEFAULTS = {
  cpu: '500m',
  memory: '512Mi',
  replicas: 3,
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
  requiredChecks: Object.values(CI_GATES) as readonly string[],
  coverageThreshold: 80,
  containerPort: 8080,
  livenessPath: '/healthz',
  readinessPath: '/readyz',
  metricsPort: 9464,
  metricsPath: '/metrics',
} as const;

/** The environments a platform (and a standalone CI workflow) has when it names none, in promotion order. */
export const DEFAULT_ENVIRONMENTS: ReadonlyArray<{ readonly name: string; readonly production?: boolean }> = [
  { name: 'dev' },
  { name: 'staging' },
  { name: 'prod', production: true },
];

/**
 * The GitHub App id of GitHub Actions on github.com: required checks must come from it, not from any
 * other status writer. Another GitHub instance (GitHub Enterprise Server, GHE.com) has its own: the
 * platform setting githubActionsAppId.
 */
export const GITHUB_ACTIONS_APP_ID = 15368;

/**
 * The issuer of GitHub Actions' OIDC tokens on github.com. GitHub Enterprise Server issues them as
 * `https://HOSTNAME/_services/token`, GHE.com as `https://token.actions.SUBDOMAIN.ghe.com`
 * (https://docs.github.com/en/actions/reference/security/oidc): the platform setting githubOidcIssuer.
 */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * GitHub's REST API on github.com. GitHub Enterprise Server serves it at `https://HOSTNAME/api/v3`
 * (https://docs.github.com/en/enterprise-server@3.14/rest/enterprise-admin, "Endpoint URLs"), GHE.com
 * at `https://api.SUBDOMAIN.ghe.com`: the platform setting githubApiUrl.
 */
export const GITHUB_API_URL = 'https://api.github.com';

/**
 * The tag prefix of the images environments run: after each successful
 * rollout, CI tags the image `deployed-<environment>` (moving the tag from the
 * image the environment ran before), and every team registry keeps the
 * images so tagged whatever their age (a keep policy wins over delete ones:
 * https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy-overview).
 */
export const DEPLOYED_TAG_PREFIX = 'deployed-';

/**
 * The source ranges of Google Cloud's load balancers: health check probes and,
 * for the global external and classic Application Load Balancers with zonal
 * NEG backends (GKE container-native load balancing), the GFE proxies too.
 * https://cloud.google.com/load-balancing/docs/firewall-rules
 */
export const GKE_LOAD_BALANCER_SOURCE_RANGES: readonly string[] = ['35.191.0.0/16', '130.211.0.0/22'];

/**
 * The environment variable holding the key that signs guardrail reports at
 * synth and that `cdktf-guardrails` verifies them with (one random value per
 * CI job; `golden-paths check` makes one when it synthesizes).
 */
export const REPORT_KEY_ENV = 'GOLDEN_PATHS_REPORT_KEY';

/**
 * The `kind` of a platform repository's team file (teams/<team>.json): onboarded onto its own
 * infrastructure repository (TeamOnboarding), or declared in the platform repository with its
 * services (TeamEnvironment).
 */
export const TEAM_FILE_KINDS = { ONBOARDING: 'onboarding', TEAM: 'team' } as const;

/** The folder of a platform repository that holds its team files (`teams/<name>.json`). */
export const PLATFORM_TEAMS_DIR = 'teams';

/**
 * Team names that would reach a platform-owned stack or state prefix: the
 * foundation's and the onboarding stacks (`onboarding-<team>`).
 */
export const RESERVED_TEAM_NAMES: readonly string[] = ['foundation', 'onboarding'];
export const ONBOARDING_STACK_PREFIX = 'onboarding-';

/**
 * Google Cloud Managed Service for Prometheus: the PodMonitoring kind that
 * tells its managed collectors what to scrape, and where those collectors run
 * (namespace `gmp-system`, `gke-gmp-system` on Autopilot; pods labelled
 * `app.kubernetes.io/name: collector`).
 * https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 */
export const MANAGED_PROMETHEUS = {
  apiVersion: 'monitoring.googleapis.com/v1',
  kind: 'PodMonitoring',
  collectorNamespaces: ['gmp-system', 'gke-gmp-system'],
  collectorLabels: { 'app.kubernetes.io/name': 'collector' },
  scrapeInterval: '30s',
} as const;

/** The name of the service container's metrics port, which the PodMonitoring and the network policy name. */
export const METRICS_PORT_NAME = 'metrics';

/**
 * The request metrics the service template exports (`templates/go-microservice/internal/metrics`),
 * by the names and labels the SLOs, alerts and dashboards read them with. A test reads the Go
 * source and the synthesized filters and checks they agree.
 */
export const TEMPLATE_METRICS = {
  /** Counter of finished requests, by method, route and status. */
  requests: 'http_requests_total',
  /** Latency histogram, in seconds, by method, route and status. */
  duration: 'http_request_duration_seconds',
  /** Gauge of the requests being served. */
  inFlight: 'http_requests_in_flight',
  /** The label holding the HTTP status code. */
  statusLabel: 'status',
  /** The label holding the route. */
  routeLabel: 'route',
  /** The histogram's upper bounds, in milliseconds (the template's DurationBuckets, in seconds there). */
  durationBucketsMs: [5, 10, 25, 50, 100, 200, 300, 500, 1000, 2500, 5000, 10000],
} as const;

/**
 * The golden path's service levels: an availability SLO and a latency SLO per service, with
 * multi-window, multi-burn-rate alerts (the Google SRE workbook, "Alerting on SLOs": page at 14.4
 * times the budget's rate over 1 hour and 5 minutes, and at 6 times over 6 hours and 30 minutes;
 * each short window is 1/12 of its long one).
 */
export const SERVICE_LEVEL_DEFAULTS = {
  availabilityGoalPercent: 99.9,
  latencyGoalPercent: 95,
  latencyThresholdMs: 300,
  rollingPeriodDays: 28,
  fastBurnRate: 14.4,
  fastBurnWindowMinutes: 60,
  slowBurnRate: 6,
  slowBurnWindowMinutes: 360,
} as const;

/**
 * The Deployment annotations the library writes when a service's SLOs or
 * alerts, or its team's dashboards, are off (`off`, or `no-alerts` for the
 * SLOs' alerts), and why: written by the service's monitoring, judged by
 * GP-K8S-019 and read by the adoption report.
 */
export const OBSERVABILITY_ANNOTATIONS = {
  serviceLevels: 'golden-paths.dev/service-levels',
  serviceLevelsReason: 'golden-paths.dev/service-levels-reason',
  dashboard: 'golden-paths.dev/dashboard',
  dashboardReason: 'golden-paths.dev/dashboard-reason',
} as const;
