/**
 * The baseline: the benchmark platform written by hand with cdktf and the
 * provider resource classes, without cdktf-golden-paths. It creates the same
 * resources with the same attribute values as the library for the same
 * spec (bench/compare.ts checks it), the way a competent cdktf user would
 * write it: loops, object literals, resource attributes referenced inline.
 *
 * The repository files come from templates, as a hand-written program would
 * keep them in a template folder: bench/templates.ts renders the golden
 * path's files once with placeholders (`{{service}}`, `{{team}}`,
 * `{{description}}`), and this program fills them in per service.
 *
 * Only cdktf and the providers are loaded here (type imports aside), so
 * the baseline's cost has nothing of the library in it.
 */
import { createHash } from 'crypto';
import { ActionsEnvironmentVariable } from '@cdktf/provider-github/lib/actions-environment-variable';
import { ActionsRepositoryOidcSubjectClaimCustomizationTemplate } from '@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template';
import { ActionsVariable } from '@cdktf/provider-github/lib/actions-variable';
import { BranchDefault } from '@cdktf/provider-github/lib/branch-default';
import { DataGithubOrganization } from '@cdktf/provider-github/lib/data-github-organization';
import { DataGithubTeam } from '@cdktf/provider-github/lib/data-github-team';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { RepositoryFile } from '@cdktf/provider-github/lib/repository-file';
import { RepositoryRuleset } from '@cdktf/provider-github/lib/repository-ruleset';
import { Team } from '@cdktf/provider-github/lib/team';
import { TeamMembership } from '@cdktf/provider-github/lib/team-membership';
import { TeamRepository } from '@cdktf/provider-github/lib/team-repository';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringCustomService } from '@cdktf/provider-google/lib/monitoring-custom-service';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { MonitoringSlo } from '@cdktf/provider-google/lib/monitoring-slo';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DeploymentV1, type DeploymentV1SpecTemplateSpecContainerEnvFrom } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { App, Fn, type ITerraformDependable, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import type { BenchPlatform, BenchService, BenchTeam } from './spec';
import { INITIAL_IMAGE_TAG, PROD_REVIEWERS, STACK_ID, TEAM_QUOTA } from './spec';

/** One repository file of the template folder, in commit order. */
export interface TemplateFile {
  /** Repository path, with placeholders. */
  readonly path: string;
  /** Content, with placeholders. */
  readonly content: string;
  /** Whether the team owns the file after creation (Terraform ignores later edits). */
  readonly teamOwned: boolean;
}

/** The template folder: every repository file of a service, in commit order (the CI workflow, then catalog-info.yaml, last). */
export interface Templates {
  readonly files: TemplateFile[];
  /** The database grant Job's shell scripts and SQL. */
  readonly grantJob: { readonly passwordScript: string; readonly grantsScript: string; readonly grantsSql: string };
  /** The CEL of the namespaces' rollout policy (its variables and validations), as a hand-written program would keep it in a file. */
  readonly rolloutPolicy: { readonly variables: unknown[]; readonly validations: unknown[] };
}

const MANAGED_BY = 'cdktf-golden-paths';
const ENVIRONMENTS = [
  { name: 'dev', production: false },
  { name: 'staging', production: false },
  { name: 'prod', production: true },
];
const REQUIRED_CHECKS = ['unit-tests', 'lint', 'security-scan', 'coverage'];
const CI_WORKFLOW = '.github/workflows/ci.yml';
/** The catalog entry of a service repository, and how it names the service's database. */
const CATALOG_FILE = 'catalog-info.yaml';
const CATALOG_DATABASE_DEPENDENCY = '  dependsOn:\n    - resource:{{service}}-db\n';
const PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0';

/** Builds the baseline into a new app writing to `outdir`. */
export function buildBaselineApp(spec: BenchPlatform, templates: Templates, outdir?: string): App {
  const app = new App({ outdir });
  buildBaselineStack(app, spec, templates);
  return app;
}

/** Builds the baseline into a new stack of `app`. */
export function buildBaselineStack(app: App, spec: BenchPlatform, templates: Templates): TerraformStack {
  const stack = new TerraformStack(app, STACK_ID);
  new GoogleProvider(stack, 'google', { project: spec.gcpProject, region: spec.region });
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new GithubProvider(stack, 'github', { owner: spec.organization });

  const org = spec.organization;
  const project = spec.gcpProject;
  const region = spec.region;

  const pool = new IamWorkloadIdentityPool(stack, 'github-pool', {
    project,
    workloadIdentityPoolId: `github-${org}`,
    displayName: 'GitHub Actions',
    description: `GitHub Actions workflows of the ${org} organization (managed by ${MANAGED_BY})`,
    lifecycle: { preventDestroy: true },
  });
  // The organization's immutable id, which the provider's condition pins.
  const organization = new DataGithubOrganization(stack, 'github-organization', { name: org, summaryOnly: true });
  const oidcProvider = new IamWorkloadIdentityPoolProvider(stack, 'github-oidc', {
    project,
    workloadIdentityPoolId: pool.workloadIdentityPoolId,
    workloadIdentityPoolProviderId: 'github-actions',
    displayName: 'GitHub Actions OIDC',
    description: `Tokens of GitHub Actions jobs in ${org} repositories`,
    attributeMapping: {
      'google.subject': 'assertion.sub',
      'attribute.actor': 'assertion.actor',
      'attribute.repository': 'assertion.repository',
      'attribute.repository_owner': 'assertion.repository_owner',
      'attribute.ref': 'assertion.ref',
      'attribute.repository_id': 'assertion.repository_id',
      'attribute.repository_owner_id': 'assertion.repository_owner_id',
    },
    attributeCondition: `assertion.repository_owner_id == '${organization.id}'`,
    oidc: { issuerUri: 'https://token.actions.githubusercontent.com' },
    lifecycle: { preventDestroy: true },
  });

  // Production deploys wait for the reviewers' team, looked up once by slug.
  const reviewerTeams = PROD_REVIEWERS.map((r) => r.split('/')[1]).map((slug) =>
    ({ slug, team: new DataGithubTeam(stack, `reviewers-${slug}`, { slug, summaryOnly: true }) }));

  for (const team of spec.teams) {
    const t = team.name;
    const githubTeam = new Team(stack, `${t}-team`, {
      name: t,
      description: `${t} team, managed by ${MANAGED_BY}`,
      privacy: 'closed',
      createDefaultMaintainer: false,
    });
    for (const user of team.maintainers) {
      new TeamMembership(stack, `${t}-maintainer-${user}`, { teamId: githubTeam.id, username: user, role: 'maintainer' });
    }
    for (const user of team.members) {
      new TeamMembership(stack, `${t}-member-${user}`, { teamId: githubTeam.id, username: user, role: 'member' });
    }

    const namespaces: Record<string, NamespaceV1> = {};
    for (const env of ENVIRONMENTS) {
      const ns = `${t}-${env.name}`;
      const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': t, 'golden-paths.dev/environment': env.name };
      const namespace = new NamespaceV1(stack, `${ns}-namespace`, {
        lifecycle: env.production ? { preventDestroy: true } : undefined,
        metadata: {
          name: ns,
          labels: {
            ...labels,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
      namespaces[env.name] = namespace;
      const inNamespace = (name: string) => ({ metadata: { name, namespace: ns, labels }, dependsOn: [namespace] });
      new ResourceQuotaV1(stack, `${ns}-quota`, {
        ...inNamespace('team-quota'),
        spec: {
          hard: {
            'requests.cpu': TEAM_QUOTA.cpu,
            'limits.cpu': TEAM_QUOTA.cpu,
            'requests.memory': TEAM_QUOTA.memory,
            'limits.memory': TEAM_QUOTA.memory,
            'pods': `${TEAM_QUOTA.pods}`,
          },
        },
      });
      new LimitRangeV1(stack, `${ns}-limit-range`, {
        ...inNamespace('golden-path-defaults'),
        spec: {
          limit: [{
            type: 'Container',
            defaultRequest: { cpu: '500m', memory: '512Mi' },
            default: { cpu: '500m', memory: '512Mi' },
          }],
        },
      });
      const clusterRole = env.production ? 'view' : 'edit';
      new RoleBindingV1(stack, `${ns}-role-binding`, {
        ...inNamespace(`team-${clusterRole}`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
        subject: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${org}:${t}` }],
      });
      new NetworkPolicyV1(stack, `${ns}-deny-ingress`, {
        ...inNamespace('deny-ingress'),
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      new NetworkPolicyV1(stack, `${ns}-allow-same-namespace`, {
        ...inNamespace('allow-same-namespace'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
      });
      new NetworkPolicyV1(stack, `${ns}-allow-ingress-controller`, {
        ...inNamespace('allow-ingress-controller'),
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
        },
      });
      new NetworkPolicyV1(stack, `${ns}-allow-load-balancers`, {
        ...inNamespace('allow-load-balancers'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '35.191.0.0/16' } }, { ipBlock: { cidr: '130.211.0.0/22' } }] }] },
      });
      new NetworkPolicyV1(stack, `${ns}-allow-metrics-collector`, {
        ...inNamespace('allow-metrics-collector'),
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{
              namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['gmp-system', 'gke-gmp-system'] }] },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'collector' } },
            }],
            ports: [{ port: 'metrics', protocol: 'TCP' }],
          }],
        },
      });
      // Deployers (named by a labelled ConfigMap each) may change container images and nothing else of a pod template.
      const rollouts = `${ns}-deployer-rollouts`;
      const namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': ns } };
      const admission = { apiVersion: 'admissionregistration.k8s.io/v1', metadata: { name: rollouts, labels } };
      const policy = new Manifest(stack, `${ns}-deployer-rollout-policy`, {
        manifest: {
          ...admission,
          kind: 'ValidatingAdmissionPolicy',
          spec: {
            failurePolicy: 'Fail',
            paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
            matchConstraints: {
              matchPolicy: 'Equivalent',
              namespaceSelector,
              objectSelector: {},
              resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments'], scope: 'Namespaced' }],
            },
            ...templates.rolloutPolicy,
          },
        },
      });
      new Manifest(stack, `${ns}-deployer-rollout-policy-binding`, {
        manifest: {
          ...admission,
          kind: 'ValidatingAdmissionPolicyBinding',
          spec: {
            policyName: rollouts,
            validationActions: ['Deny'],
            paramRef: { selector: { matchLabels: { 'golden-paths.dev/deployer': 'true' } }, parameterNotFoundAction: 'Allow' },
            matchResources: { matchPolicy: 'Equivalent', namespaceSelector, objectSelector: {} },
          },
        },
        dependsOn: [namespace, policy],
      });
    }

    // The grants namespace of each environment, for the grant Jobs of the team's postgres databases: apart from
    // the workloads, which (and whose deployers) could otherwise run a pod as a grant Job's service account.
    const grantsNamespaces: Record<string, NamespaceV1> = {};
    if (team.services.some((svc) => svc.database?.engine === 'postgres')) {
      for (const env of ENVIRONMENTS) {
        const ns = `${t}-grants-${env.name}`;
        const labels = {
          'app.kubernetes.io/managed-by': MANAGED_BY,
          'golden-paths.dev/team': t,
          'golden-paths.dev/environment': env.name,
          'app.kubernetes.io/component': 'database-grants',
        };
        const namespace = new NamespaceV1(stack, `${ns}-namespace`, {
          metadata: {
            name: ns,
            labels: {
              ...labels,
              'pod-security.kubernetes.io/enforce': 'restricted',
              'pod-security.kubernetes.io/audit': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
            },
          },
        });
        grantsNamespaces[env.name] = namespace;
        const inNamespace = (name: string) => ({ metadata: { name, namespace: ns, labels }, dependsOn: [namespace] });
        // Ten grant pods at once, each 200m and 256Mi at most.
        new ResourceQuotaV1(stack, `${ns}-quota`, {
          ...inNamespace('grants-quota'),
          spec: { hard: { 'requests.cpu': '2000m', 'limits.cpu': '2000m', 'requests.memory': '2560Mi', 'limits.memory': '2560Mi', 'pods': '10' } },
        });
        new RoleBindingV1(stack, `${ns}-role-binding`, {
          ...inNamespace('team-view'),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subject: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${org}:${t}` }],
        });
        new NetworkPolicyV1(stack, `${ns}-deny-ingress`, {
          ...inNamespace('deny-ingress'),
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        });
      }
    }

    const registry = new ArtifactRegistryRepository(stack, `${t}-registry`, {
      project,
      location: region,
      repositoryId: t,
      format: 'DOCKER',
      description: `Container images of the ${t} team`,
      labels: { 'team': t, 'managed-by': MANAGED_BY },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: 20 } },
        { id: 'keep-deployed', action: 'KEEP', condition: { tagState: 'TAGGED', tagPrefixes: ['deployed-'] } },
        { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '604800s' } },
        { id: 'delete-tagged', action: 'DELETE', condition: { tagState: 'TAGGED', olderThan: '7776000s' } },
      ],
    });

    const slos: Record<string, Record<string, ServiceSlos>> = {};
    for (const service of team.services) {
      const shared = { githubTeam, namespaces, grantsNamespaces, registry, pool, oidcProvider, reviewerTeams };
      slos[service.name] = buildService(stack, spec, team, service, shared, templates);
    }
    // The team's dashboard of each environment: a chart per signal, a line per service.
    for (const env of ENVIRONMENTS) buildTeamDashboard(stack, project, region, t, env.name, team.services.map((svc) => svc.name), slos);
  }
  return stack;
}

interface Shared {
  readonly githubTeam: Team;
  readonly namespaces: Record<string, NamespaceV1>;
  /** The grants namespace of each environment, where the team has a postgres database. */
  readonly grantsNamespaces: Record<string, NamespaceV1>;
  readonly registry: ArtifactRegistryRepository;
  readonly pool: IamWorkloadIdentityPool;
  readonly oidcProvider: IamWorkloadIdentityPoolProvider;
  readonly reviewerTeams: Array<{ slug: string; team: DataGithubTeam }>;
}

function buildService(
  stack: TerraformStack, spec: BenchPlatform, team: BenchTeam, service: BenchService, shared: Shared, templates: Templates,
): Record<string, ServiceSlos> {
  const slos: Record<string, ServiceSlos> = {};
  const { organization: org, gcpProject: project, region, network } = spec;
  const t = team.name;
  const s = service.name;
  const db = service.database;
  const postgres = db?.engine === 'postgres';
  const registryPath = `${region}-docker.pkg.dev/${project}/${t}`;

  // The database, per environment, when the service has one.
  const sqlInstances: Record<string, SqlDatabaseInstance> = {};
  const sqlDatabases: Record<string, SqlDatabase> = {};
  const redisInstances: Record<string, RedisInstance> = {};
  for (const env of db ? ENVIRONMENTS : []) {
    if (!db) break;
    const instanceName = `${db.name}-${env.name}`;
    const labels = { 'managed-by': MANAGED_BY, 'team': t, 'environment': env.name, 'database': db.name };
    const lifecycle = env.production ? { preventDestroy: true } : undefined;
    if (postgres) {
      const instance = new SqlDatabaseInstance(stack, `${instanceName}-instance`, {
        project,
        name: instanceName,
        region,
        databaseVersion: 'POSTGRES_16',
        deletionProtection: env.production,
        lifecycle: { ...lifecycle, ignoreChanges: ['settings[0].disk_size'] },
        settings: {
          edition: 'ENTERPRISE',
          tier: 'db-custom-1-3840',
          availabilityType: env.production ? 'REGIONAL' : 'ZONAL',
          diskType: 'PD_SSD',
          diskSize: 10,
          diskAutoresize: true,
          deletionProtectionEnabled: env.production,
          connectorEnforcement: 'REQUIRED',
          ipConfiguration: { ipv4Enabled: false, privateNetwork: network, sslMode: 'ENCRYPTED_ONLY' },
          backupConfiguration: {
            enabled: true,
            startTime: '02:00',
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 7, retentionUnit: 'COUNT' },
          },
          maintenanceWindow: { day: 7, hour: 3, updateTrack: env.production ? 'stable' : 'canary' },
          insightsConfig: { queryInsightsEnabled: true, queryStringLength: 1024, recordApplicationTags: true, recordClientAddress: false },
          databaseFlags: [{ name: 'cloudsql.iam_authentication', value: 'on' }],
          userLabels: labels,
        },
      });
      sqlInstances[env.name] = instance;
      sqlDatabases[env.name] = new SqlDatabase(stack, `${instanceName}-database`, { project, name: db.name.replace(/-/g, '_'), instance: instance.name, lifecycle });
      new TerraformOutput(stack, `${instanceName}-connection-name`, {
        value: instance.connectionName,
        description: `Cloud SQL connection name of database "${db.name}" in ${env.name}`,
      });
      new TerraformOutput(stack, `${instanceName}-private-address`, {
        value: instance.privateIpAddress,
        description: `Private IP address of database "${db.name}" in ${env.name}`,
        sensitive: true,
      });
    } else {
      const instance = new RedisInstance(stack, `${instanceName}-instance`, {
        project,
        name: instanceName,
        displayName: `${db.name} (${env.name})`,
        region,
        tier: env.production ? 'STANDARD_HA' : 'BASIC',
        memorySizeGb: 1,
        redisVersion: 'REDIS_7_2',
        authEnabled: true,
        transitEncryptionMode: 'SERVER_AUTHENTICATION',
        connectMode: 'PRIVATE_SERVICE_ACCESS',
        authorizedNetwork: network,
        persistenceConfig: { persistenceMode: 'RDB', rdbSnapshotPeriod: 'TWENTY_FOUR_HOURS' },
        maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
        labels,
        lifecycle,
      });
      redisInstances[env.name] = instance;
      new TerraformOutput(stack, `${instanceName}-connection-name`, {
        value: instance.id,
        description: `Memorystore instance of database "${db.name}" in ${env.name}`,
      });
      new TerraformOutput(stack, `${instanceName}-private-address`, {
        value: instance.host,
        description: `Private address of database "${db.name}" in ${env.name}`,
        sensitive: true,
      });
    }
  }

  // The workloads, per environment, with the database connection.
  const deployments: DeploymentV1[] = [];
  for (const env of ENVIRONMENTS) {
    const ns = `${t}-${env.name}`;
    const namespace = shared.namespaces[env.name];
    const email = `${s}-${env.name}@${project}.iam.gserviceaccount.com`;
    const selector = { 'app.kubernetes.io/name': s, 'app.kubernetes.io/instance': `${s}-${env.name}` };
    const labels = {
      ...selector,
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/part-of': service.system,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': t,
      'golden-paths.dev/environment': env.name,
    };
    const metadata = { name: s, namespace: ns, labels };
    const gsa = new ServiceAccount(stack, `${s}-${env.name}-gsa`, {
      project,
      accountId: `${s}-${env.name}`,
      displayName: `${s} (${env.name})`,
      description: `Workload identity of ${s} in ${ns}, managed by ${MANAGED_BY}`,
    });
    const workloadIdentity = new ServiceAccountIamMember(stack, `${s}-${env.name}-workload-identity`, {
      serviceAccountId: gsa.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${project}.svc.id.goog[${ns}/${s}]`,
    });
    const ksa = new ServiceAccountV1(stack, `${s}-${env.name}-ksa`, {
      metadata: { ...metadata, annotations: { 'iam.gke.io/gcp-service-account': email } },
      dependsOn: [namespace],
    });

    const envFrom: DeploymentV1SpecTemplateSpecContainerEnvFrom[] = [];
    const hardened = {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const sidecars = [];
    const connectionName = db && `${s}-${db.name}`;
    const connectionLabels = db && {
      'app.kubernetes.io/name': s,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': t,
      'golden-paths.dev/database': db.name,
    };
    if (!db) {
      // No database: nothing to connect to.
    } else if (postgres) {
      const instance = sqlInstances[env.name];
      const instanceName = `${db.name}-${env.name}`;
      const user = `${s}-${env.name}@${project}.iam`;
      const serviceUser = new SqlUser(stack, `${instanceName}-${s}-user`, {
        project,
        instance: instance.name,
        name: user,
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
        deletionPolicy: 'ABANDON',
        dependsOn: [gsa],
      });
      const condition = {
        title: `only ${instanceName}`,
        description: `Limits the role to Cloud SQL instance ${instanceName}`,
        expression: `resource.name == "projects/${project}/instances/${instanceName}" && resource.service == "sqladmin.googleapis.com"`,
      };
      for (const role of ['client', 'instanceUser']) {
        new ProjectIamMember(stack, `${instanceName}-${s}-${role}`, {
          project,
          role: `roles/cloudsql.${role}`,
          member: `serviceAccount:${email}`,
          condition,
          dependsOn: [gsa],
        });
      }
      const configMap = new ConfigMapV1(stack, `${instanceName}-${s}-config-map`, {
        metadata: { name: connectionName, namespace: ns, labels: connectionLabels },
        data: { DB_ENGINE: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: '5432', DB_NAME: db.name.replace(/-/g, '_'), DB_USER: user },
        dependsOn: [namespace],
      });
      envFrom.push({ configMapRef: { name: configMap.metadata.name } });
      sidecars.push({
        name: `cloud-sql-proxy-${db.name}`,
        image: PROXY_IMAGE,
        args: [
          '--auto-iam-authn', '--private-ip', '--structured-logs', '--port=5432',
          '--health-check', '--http-address=0.0.0.0', '--http-port=9432',
          '--max-sigterm-delay=25s', '--exit-zero-on-sigterm',
          `${project}:${region}:${instanceName}`,
        ],
        port: [{ containerPort: 5432, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
        securityContext: hardened,
        livenessProbe: { httpGet: { path: '/liveness', port: '9432' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: '/startup', port: '9432' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
        startupProbe: { httpGet: { path: '/startup', port: '9432' }, periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 60 },
        // Before the service container, which the kubelet starts once this hook has returned.
        lifecycle: { postStart: [{ exec: { command: ['/cloud-sql-proxy', 'wait', '--http-address=127.0.0.1', '--http-port=9432', '--max=60s'] } }] },
      });
      buildGrantJob(stack, {
        project,
        region,
        ns: `${t}-grants-${env.name}`,
        namespace: shared.grantsNamespaces[env.name],
        instanceName,
        env: env.name,
        db: db.name,
        team: t,
        sqlInstance: instance,
        sqlDatabase: sqlDatabases[env.name],
        serviceUser,
        user,
        connectionName: `${project}:${region}:${instanceName}`,
        hardened,
        templates,
      });
    } else {
      const instance = redisInstances[env.name];
      const connection = { name: connectionName, namespace: ns, labels: connectionLabels };
      const secret = new SecretV1(stack, `${db.name}-${env.name}-${s}-secret`, {
        metadata: connection,
        type: 'Opaque',
        data: { REDIS_AUTH: instance.authString, REDIS_CA_CERT: Fn.join('\n', Token.asList(instance.interpolationForAttribute('server_ca_certs[*].cert'))) },
        dependsOn: [namespace],
      });
      const configMap = new ConfigMapV1(stack, `${db.name}-${env.name}-${s}-config-map`, {
        metadata: connection,
        data: { REDIS_HOST: instance.host, REDIS_PORT: Token.asString(instance.port), REDIS_TLS: 'true' },
        dependsOn: [namespace],
      });
      envFrom.push({ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: secret.metadata.name } });
    }

    deployments.push(new DeploymentV1(stack, `${s}-${env.name}-deployment`, {
      dependsOn: [namespace, ksa, workloadIdentity],
      lifecycle: {
        // The service container's image, after the sidecars that go first.
        ignoreChanges: ['spec[0].replicas', `spec[0].template[0].spec[0].container[${sidecars.length}].image`],
        preventDestroy: env.production ? true : undefined,
      },
      waitForRollout: false,
      metadata,
      spec: {
        replicas: '3',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: s,
            terminationGracePeriodSeconds: 30,
            securityContext: { runAsNonRoot: true, runAsUser: '65532', runAsGroup: '65532', fsGroup: '65532', seccompProfile: { type: 'RuntimeDefault' } },
            container: [...sidecars, {
              name: s,
              image: `${registryPath}/${s}:${INITIAL_IMAGE_TAG}`,
              port: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9464, protocol: 'TCP' }],
              resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
              securityContext: hardened,
              envFrom: envFrom.length > 0 ? envFrom : undefined,
              volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volume: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
            topologySpreadConstraint: env.production
              ? ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
                maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: selector }],
              }))
              : undefined,
          },
        },
      },
    }));
    new ServiceV1(stack, `${s}-${env.name}-service`, {
      metadata,
      spec: { type: 'ClusterIP', selector, port: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
      dependsOn: [namespace],
    });
    new HorizontalPodAutoscalerV2(stack, `${s}-${env.name}-autoscaler`, {
      metadata,
      spec: {
        minReplicas: 2,
        maxReplicas: 10,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s },
        metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
      dependsOn: [namespace],
    });
    new PodDisruptionBudgetV1(stack, `${s}-${env.name}-pdb`, {
      metadata,
      spec: { maxUnavailable: '1', selector: { matchLabels: selector } },
      dependsOn: [namespace],
    });
    new Manifest(stack, `${s}-${env.name}-pod-monitoring`, {
      manifest: {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'PodMonitoring',
        metadata,
        spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }] },
      },
      dependsOn: [namespace],
    });
    // SLOs and burn-rate alerts in staging and production (the environment before production, and production).
    if (env.name !== 'dev') slos[env.name] = buildServiceLevels(stack, project, region, t, s, env.name);
  }

  // The repository, its CI deployer and its files.
  const repo = new Repository(stack, `${s}-repository`, {
    name: s,
    description: service.description,
    visibility: 'private',
    topics: ['go', t, 'microservices'],
    vulnerabilityAlerts: true,
    deleteBranchOnMerge: true,
    archiveOnDestroy: true,
    autoInit: true,
  });
  const defaultBranch = new BranchDefault(stack, `${s}-default-branch`, { repository: repo.name, branch: 'main', rename: true });
  new TeamRepository(stack, `${s}-team-access`, { teamId: shared.githubTeam.id, repository: repo.name, permission: 'maintain' });

  // The repository's jobs carry its immutable id in their OIDC subject: repository_id:<id>:<context>.
  const oidcSubject = new ActionsRepositoryOidcSubjectClaimCustomizationTemplate(stack, `${s}-oidc-subject`, {
    repository: repo.name,
    useDefault: false,
    includeClaimKeys: ['repository_id', 'context'],
  });
  const subject = (context: string) => `principal://iam.googleapis.com/${shared.pool.name}/subject/repository_id:${Token.asString(repo.repoId)}:${context}`;
  const deployerEmail = `${s}-deployer@${project}.iam.gserviceaccount.com`;
  const deployer = new ServiceAccount(stack, `${s}-deployer`, {
    project,
    accountId: `${s}-deployer`,
    displayName: `${s} deployer (GitHub Actions)`,
    description: `Pushes ${s} images from ${org}/${s} through Workload Identity Federation; no key exists. Managed by ${MANAGED_BY}`,
  });
  const deployerUser = new ServiceAccountIamMember(stack, `${s}-deployer-workload-identity-user`, {
    serviceAccountId: deployer.name,
    role: 'roles/iam.workloadIdentityUser',
    member: subject('ref:refs/heads/main'),
  });
  // One deployer per environment, for jobs of that GitHub environment only.
  const envDeployers: Record<string, { email: string; account: ServiceAccount; user: ServiceAccountIamMember; viewer: ProjectIamMember }> = {};
  for (const env of ENVIRONMENTS) {
    const accountId = `${s}-deploy-${env.name}`;
    const account = new ServiceAccount(stack, `${s}-${env.name}-deployer`, {
      project,
      accountId,
      displayName: `${s} deployer to ${env.name} (GitHub Actions)`,
      description: `Rolls out ${s} in ${env.name} from jobs of the GitHub environment "${env.name}" of ${org}/${s}; no key exists. Managed by ${MANAGED_BY}`,
    });
    const user = new ServiceAccountIamMember(stack, `${s}-${env.name}-deployer-workload-identity-user`, {
      serviceAccountId: account.name,
      role: 'roles/iam.workloadIdentityUser',
      member: subject(`environment:${env.name}`),
    });
    const viewer = new ProjectIamMember(stack, `${s}-${env.name}-deployer-cluster-viewer`, {
      project,
      role: 'roles/container.clusterViewer',
      member: account.member,
      // This environment's cluster alone.
      condition: {
        title: `${env.name} cluster only`,
        description: `The GKE cluster ${env.name} (${region}) of the environment ${env.name}, no other cluster of the project`,
        expression: `resource.name == "projects/${project}/locations/${region}/clusters/${env.name}"`,
      },
    });
    envDeployers[env.name] = { email: `${accountId}@${project}.iam.gserviceaccount.com`, account, user, viewer };
  }
  const registryWriter = new ArtifactRegistryRepositoryIamMember(stack, `${s}-deployer-registry-writer`, {
    project: shared.registry.project,
    location: shared.registry.location,
    repository: shared.registry.name,
    role: 'roles/artifactregistry.writer',
    member: deployer.member,
  });
  // Reviewers must be able to read the repository.
  const reviewerAccess = shared.reviewerTeams.map((reviewers) =>
    new TeamRepository(stack, `${s}-reviewer-access-${reviewers.slug}`, { teamId: reviewers.team.id, repository: repo.name, permission: 'pull' }));
  const prerequisites: ITerraformDependable[] = [oidcSubject];
  const variables = {
    ARTIFACT_REGISTRY: registryPath,
    GCP_DEPLOY_SERVICE_ACCOUNT: deployerEmail,
    GCP_WORKLOAD_IDENTITY_PROVIDER: shared.oidcProvider.name,
  };
  for (const [name, value] of Object.entries(variables)) {
    prerequisites.push(new ActionsVariable(stack, `${s}-variable-${name}`, { repository: repo.name, variableName: name, value }));
  }
  for (const env of ENVIRONMENTS) {
    const environment = new RepositoryEnvironment(stack, `${s}-${env.name}-environment`, {
      repository: repo.name,
      environment: env.name,
      reviewers: env.production ? [{ teams: reviewerAccess.map((access) => Token.asNumber(access.teamId)) }] : undefined,
      preventSelfReview: env.production ? true : undefined,
      canAdminsBypass: env.production ? false : undefined,
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    });
    prerequisites.push(environment);
    prerequisites.push(new RepositoryEnvironmentDeploymentPolicy(stack, `${s}-${env.name}-deployment-policy`, {
      repository: repo.name,
      environment: environment.environment,
      branchPattern: defaultBranch.branch,
    }));
    for (const [name, value] of [['GCP_DEPLOY_SERVICE_ACCOUNT', envDeployers[env.name].email], ['GKE_CLUSTER', env.name], ['GKE_LOCATION', region]]) {
      prerequisites.push(new ActionsEnvironmentVariable(stack, `${s}-${env.name}-variable-${name}`, {
        repository: repo.name,
        environment: environment.environment,
        variableName: name,
        value,
      }));
    }
  }
  prerequisites.push(deployerUser, registryWriter);
  for (const env of ENVIRONMENTS) {
    const ns = `${t}-${env.name}`;
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': t, 'golden-paths.dev/environment': env.name };
    const role = new RoleV1(stack, `${s}-${env.name}-deployer-role`, {
      metadata: { name: `${s}-deployer`, namespace: ns, labels },
      rule: [
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [s], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ],
      dependsOn: [shared.namespaces[env.name]],
    });
    prerequisites.push(envDeployers[env.name].user, new RoleBindingV1(stack, `${s}-${env.name}-deployer-role-binding`, {
      metadata: { name: `${s}-deployer`, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'User', name: envDeployers[env.name].email, apiGroup: 'rbac.authorization.k8s.io' }],
      dependsOn: [shared.namespaces[env.name]],
    }), envDeployers[env.name].viewer);
    new ConfigMapV1(stack, `${s}-${env.name}-deployer-rollout-params`, {
      metadata: { name: `${s}-deployer`, namespace: ns, labels: { ...labels, 'golden-paths.dev/deployer': 'true' } },
      data: { username: envDeployers[env.name].email, deployment: s },
      dependsOn: [shared.namespaces[env.name]],
    });
  }

  // Files are committed one after another; the workflow waits for everything its first run needs.
  const fill = (text: string) => text.replaceAll('{{service}}', s).replaceAll('{{team}}', t).replaceAll('{{description}}', service.description);
  // The catalog entry names the service's database among its dependencies (the templates' service has one).
  const withoutDatabase = (file: string, text: string) => {
    if (db || file !== CATALOG_FILE) return text;
    if (!text.includes(CATALOG_DATABASE_DEPENDENCY)) throw new Error(`the template of ${CATALOG_FILE} no longer names the database as "${CATALOG_DATABASE_DEPENDENCY.trim()}"`);
    return text.replace(CATALOG_DATABASE_DEPENDENCY, '  dependsOn: []\n');
  };
  let previous: RepositoryFile | undefined;
  let workflow: RepositoryFile | undefined;
  for (const template of templates.files) {
    const path = fill(template.path);
    const dependsOn = path === CI_WORKFLOW ? [previous!, ...prerequisites, ...deployments] : previous ? [previous] : undefined;
    previous = new RepositoryFile(stack, `${s}-file-${path}`, {
      repository: repo.name,
      branch: defaultBranch.branch,
      file: path,
      content: fill(withoutDatabase(path, template.content)),
      // Platform file syncs skip CI; the workflow's commit (the last) starts the first run.
      commitMessage: template.teamOwned ? `Scaffold ${path} (cdktf-golden-paths)`
        : `Sync ${path} from the platform (cdktf-golden-paths)${path === CI_WORKFLOW ? '' : ' [skip ci]'}`,
      overwriteOnCreate: true,
      lifecycle: template.teamOwned ? { ignoreChanges: ['content', 'commit_message'] } : undefined,
      dependsOn,
    });
    if (path === CI_WORKFLOW) workflow = previous;
  }

  new RepositoryRuleset(stack, `${s}-branch-protection`, {
    name: 'golden-path',
    repository: repo.name,
    target: 'branch',
    enforcement: 'active',
    conditions: { refName: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
    bypassActors: [{ actorType: 'OrganizationAdmin', actorId: 1, bypassMode: 'always' }],
    rules: {
      deletion: true,
      nonFastForward: true,
      pullRequest: { requiredApprovingReviewCount: 1, requireCodeOwnerReview: true, dismissStaleReviewsOnPush: true },
      requiredStatusChecks: {
        strictRequiredStatusChecksPolicy: true,
        requiredCheck: REQUIRED_CHECKS.map((context) => ({ context, integrationId: 15368 })),
      },
    },
    dependsOn: [workflow!, previous!],
  });
  return slos;
}

interface GrantJobInput {
  readonly project: string;
  readonly region: string;
  /** The team's grants namespace, and its resource. */
  readonly ns: string;
  readonly namespace: NamespaceV1;
  readonly instanceName: string;
  readonly env: string;
  readonly db: string;
  readonly team: string;
  readonly sqlInstance: SqlDatabaseInstance;
  readonly sqlDatabase: SqlDatabase;
  readonly serviceUser: SqlUser;
  readonly user: string;
  readonly connectionName: string;
  readonly hardened: object;
  readonly templates: Templates;
}

/** A resource's address, as `lifecycle.replace_triggered_by` names it. */
/** A service's availability and latency SLOs in one environment, and their fast- and slow-burn alerts. */
function buildServiceLevels(stack: TerraformStack, project: string, region: string, t: string, s: string, env: string): ServiceSlos {
  const labels = { 'team': t, 'service': s, 'environment': env, 'managed-by': MANAGED_BY };
  const what = `${s} (${env})`;
  const custom = new MonitoringCustomService(stack, `${s}-${env}-slo-service`, { project, serviceId: `${s}-${env}`, displayName: what, userLabels: labels });
  const target = ['resource.type="prometheus_target"', `resource.labels.project_id="${project}"`, `resource.labels.location="${region}"`,
    `resource.labels.cluster="${env}"`, `resource.labels.namespace="${t}-${env}"`, `resource.labels.job="${s}"`];
  const requests = ['metric.type="prometheus.googleapis.com/http_requests_total/counter"', ...target];
  const availability = new MonitoringSlo(stack, `${s}-${env}-availability`, {
    project,
    rollingPeriodDays: 28,
    service: custom.serviceId,
    sloId: 'availability',
    displayName: `99.9% of requests to ${what} answered without a server error over 28 days`,
    goal: 0.999,
    userLabels: { ...labels, slo: 'availability' },
    requestBasedSli: {
      goodTotalRatio: {
        totalServiceFilter: requests.join(' AND '),
        badServiceFilter: [...requests, 'metric.labels.status=monitoring.regex.full_match("5[0-9][0-9]")'].join(' AND '),
      },
    },
  });
  const latency = new MonitoringSlo(stack, `${s}-${env}-latency`, {
    project,
    rollingPeriodDays: 28,
    service: custom.serviceId,
    sloId: 'latency',
    displayName: `95% of requests to ${what} served within 300 ms over 28 days`,
    goal: 0.95,
    userLabels: { ...labels, slo: 'latency' },
    requestBasedSli: {
      distributionCut: {
        distributionFilter: ['metric.type="prometheus.googleapis.com/http_request_duration_seconds/histogram"', ...target].join(' AND '),
        range: { min: 0, max: 0.3 },
      },
    },
  });
  const alerts = [
    { speed: 'fast', rate: 14.4, windows: [60, 5], severity: 'CRITICAL', errors: { availability: 1.44, latency: 72 }, spent: 2.1 },
    { speed: 'slow', rate: 6, windows: [360, 30], severity: 'ERROR', errors: { availability: 0.6, latency: 30 }, spent: 5.4 },
  ];
  for (const [slo, resource, goal] of [['availability', availability, 99.9], ['latency', latency, 95]] as const) {
    for (const a of alerts) {
      new MonitoringAlertPolicy(stack, `${s}-${env}-${slo}-${a.speed}-burn`, {
        project,
        displayName: `${what} ${slo}: ${a.speed} burn`,
        combiner: 'AND',
        conditions: a.windows.map((minutes) => ({
          displayName: `${slo} budget burning over ${a.rate} times its rate for ${minutes} min`,
          conditionThreshold: { filter: `select_slo_burn_rate("${resource.name}", "${minutes}m")`, comparison: 'COMPARISON_GT', thresholdValue: a.rate, duration: '0s' },
        })),
        severity: a.severity,
        userLabels: { ...labels, slo, burn: a.speed },
        documentation: {
          mimeType: 'text/markdown',
          subject: `${what}: ${slo} error budget burning ${a.rate}x`,
          content: `The ${slo} SLO of ${what} (${goal}% over 28 days) is spending its error budget ${a.rate} times faster than it can last: `
            + `over the last ${a.windows[0]} minutes and the last ${a.windows[1]} minutes, more than ${a.errors[slo]}% of requests failed it `
            + `(${a.spent}% of the 28-day budget in ${a.windows[0]} minutes).`,
        },
      });
    }
  }
  return { availability: availability.name, latency: latency.name };
}

/** The names of a service's SLOs in one environment. */
interface ServiceSlos {
  readonly availability: string;
  readonly latency: string;
}

/** A team's Cloud Monitoring dashboard of one environment: requests, errors, latency, saturation and SLO burn, a line per service. */
function buildTeamDashboard(
  stack: TerraformStack, project: string, region: string, t: string, env: string, services: string[],
  slos: Record<string, Record<string, ServiceSlos>>,
): void {
  const sorted = [...services].sort((a, b) => a.localeCompare(b));
  const target = (s: string) => `resource.type="prometheus_target" AND resource.labels.project_id="${project}" AND resource.labels.location="${region}" `
    + `AND resource.labels.cluster="${env}" AND resource.labels.namespace="${t}-${env}" AND resource.labels.job="${s}"`;
  const requests = (s: string) => `metric.type="prometheus.googleapis.com/http_requests_total/counter" AND ${target(s)}`;
  const container = (metric: string, s: string) => `metric.type="kubernetes.io/container/${metric}/request_utilization" AND resource.type="k8s_container" `
    + `AND resource.labels.project_id="${project}" AND resource.labels.location="${region}" AND resource.labels.cluster_name="${env}" `
    + `AND resource.labels.namespace_name="${t}-${env}" AND resource.labels.container_name="${s}"`;
  const rate = { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_RATE', crossSeriesReducer: 'REDUCE_SUM' };
  const most = { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MEAN', crossSeriesReducer: 'REDUCE_MAX' };
  const line = (legend: string, timeSeriesQuery: object) => ({ timeSeriesQuery, plotType: 'LINE', legendTemplate: legend, targetAxis: 'Y1' });
  const chart = (title: string, label: string, lines: object[], thresholds?: object[]) =>
    ({ title, xyChart: { dataSets: lines, ...(thresholds ? { thresholds } : {}), yAxis: { label, scale: 'LINEAR' } } });
  const perService = (f: (s: string) => object) => sorted.map((s) => line(s, f(s)));
  const widgets: object[] = [
    {
      title: `${t} (${env})`,
      text: {
        content: `Services of the team ${t} in ${env}: ${sorted.join(', ')}.\nRequests, server errors, latency (50th, 95th and 99th percentile of the request histogram), `
          + 'CPU and memory against the containers\' requests, and the SLOs\' error budget.',
        format: 'MARKDOWN',
      },
    },
    chart('Requests per second', 'requests/s', perService((s) => ({ timeSeriesFilter: { filter: requests(s), aggregation: rate } }))),
    chart('Share of requests answered with a server error (5xx)', 'ratio', perService((s) => ({
      timeSeriesFilterRatio: {
        numerator: { filter: `${requests(s)} AND metric.labels.status=monitoring.regex.full_match("5[0-9][0-9]")`, aggregation: rate },
        denominator: { filter: requests(s), aggregation: rate },
      },
    }))),
    ...[50, 95, 99].map((q) => chart(`Latency, ${q}th percentile`, 'seconds', perService((s) => ({
      timeSeriesFilter: {
        filter: `metric.type="prometheus.googleapis.com/http_request_duration_seconds/histogram" AND ${target(s)}`,
        aggregation: { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: `REDUCE_PERCENTILE_${q}` },
      },
    })))),
    chart('CPU used / requested (most loaded pod)', 'ratio', perService((s) => ({ timeSeriesFilter: { filter: container('cpu', s), aggregation: most } })), [{ label: 'requested', value: 1 }]),
    chart('Memory used / requested (most loaded pod)', 'ratio', perService((s) => ({
      timeSeriesFilter: { filter: `${container('memory', s)} AND metric.labels.memory_type="non-evictable"`, aggregation: most },
    })), [{ label: 'requested', value: 1 }]),
  ];
  const withSlos = sorted.filter((s) => slos[s][env] !== undefined)
    .flatMap((s) => (['availability', 'latency'] as const).map((slo) => ({ legend: `${s} ${slo}`, name: slos[s][env][slo] })));
  if (withSlos.length > 0) {
    widgets.push(
      chart('SLO error budget left', 'fraction of the budget', withSlos.map((x) => line(x.legend, { timeSeriesFilter: { filter: `select_slo_budget_fraction("${x.name}")` } }))),
      chart('SLO burn rate over the fast-burn window', 'times the budget\'s rate', withSlos.map((x) => line(x.legend, { timeSeriesFilter: { filter: `select_slo_burn_rate("${x.name}", "60m")` } }))),
    );
  }
  new MonitoringDashboard(stack, `${t}-${env}-dashboard`, {
    project,
    dashboardJson: JSON.stringify({ name: `projects/${project}/dashboards/${t}-${env}`, displayName: `${t} services (${env})`, gridLayout: { columns: '2', widgets } }),
  });
}

function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** The grant Job of a postgres database in one environment: admin user, its password in Secret Manager, the Job and its identity. */
function buildGrantJob(stack: TerraformStack, i: GrantJobInput): void {
  const { project, ns, namespace, instanceName, db } = i;
  const id = `${instanceName}-grants`;
  const name = `${db}-grants`;
  const group = `${db.replace(/-/g, '_')}_app`;
  const password = new TerraformLocal(stack, `${id}-admin-password`, Fn.uuid());
  const secret = new SecretManagerSecret(stack, `${id}-secret`, {
    project,
    secretId: `${instanceName}-grants-admin`,
    replication: { userManaged: { replicas: [{ location: i.region }] } },
    labels: { 'managed-by': MANAGED_BY, 'team': i.team, 'environment': i.env, 'database': db },
  });
  const admin = new SqlUser(stack, `${id}-admin`, {
    project,
    instance: i.sqlInstance.name,
    name: 'golden_paths_admin',
    passwordWo: password.asString,
    passwordWoVersion: 1,
    deletionPolicy: 'ABANDON',
    lifecycle: { replaceTriggeredBy: [`${addressOf(i.sqlInstance)}.id`] },
  });
  const version = new SecretManagerSecretVersion(stack, `${id}-secret-version`, {
    secret: secret.id,
    secretDataWo: password.asString,
    secretDataWoVersion: 1,
    dependsOn: [admin],
    lifecycle: { replaceTriggeredBy: [`${addressOf(admin)}.id`] },
  });
  const gsa = new ServiceAccount(stack, `${id}-gsa`, {
    project,
    accountId: `${db}-grants-${i.env}`,
    displayName: `${db} grants (${i.env})`,
    description: `Runs the grant Job of database ${db} in ${ns}, managed by ${MANAGED_BY}`,
  });
  const member = `serviceAccount:${gsa.email}`;
  const client = new ProjectIamMember(stack, `${id}-client`, {
    project,
    role: 'roles/cloudsql.client',
    member,
    condition: {
      title: `only ${instanceName}`,
      description: `Limits the role to Cloud SQL instance ${instanceName}`,
      expression: `resource.name == "projects/${project}/instances/${instanceName}" && resource.service == "sqladmin.googleapis.com"`,
    },
    dependsOn: [gsa],
  });
  const accessor = new SecretManagerSecretIamMember(stack, `${id}-accessor`, { project, secretId: secret.secretId, role: 'roles/secretmanager.secretAccessor', member });
  const workloadIdentity = new ServiceAccountIamMember(stack, `${id}-workload-identity`, {
    serviceAccountId: gsa.name, role: 'roles/iam.workloadIdentityUser', member: `serviceAccount:${project}.svc.id.goog[${ns}/${name}]`,
  });
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': 'database-grants',
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'golden-paths.dev/team': i.team,
    'golden-paths.dev/database': db,
  };
  const metadata = { name, namespace: ns, labels };
  const ksa = new ServiceAccountV1(stack, `${id}-ksa`, {
    metadata: { ...metadata, annotations: { 'iam.gke.io/gcp-service-account': gsa.email } }, dependsOn: [namespace],
  });
  const sql = i.templates.grantJob.grantsSql;
  const configMap = new ConfigMapV1(stack, `${id}-config-map`, { metadata, data: { 'postgres-grants.sql': sql }, dependsOn: [namespace] });
  const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
  const tmp = { name: 'tmp', mountPath: '/tmp' };
  new JobV1(stack, `${id}-job`, {
    metadata,
    waitForCompletion: true,
    timeouts: { create: '25m', update: '25m' },
    lifecycle: { replaceTriggeredBy: [`${addressOf(i.sqlDatabase)}.id`, `${addressOf(version)}.id`] },
    spec: {
      backoffLimit: 3,
      // IAM may take 15 minutes to reach the Job (the retries' budget), and 5 more for the grants.
      activeDeadlineSeconds: 1200,
      template: {
        metadata: { labels, annotations: { 'golden-paths.dev/grants': createHash('sha256').update([sql, group, i.user].join('\n')).digest('hex').slice(0, 16) } },
        spec: {
          serviceAccountName: name,
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: '65532', runAsGroup: '65532', fsGroup: '65532', seccompProfile: { type: 'RuntimeDefault' } },
          initContainer: [{
            name: 'admin-password',
            image: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim',
            command: ['/bin/sh', '-c', i.templates.grantJob.passwordScript],
            env: [
              { name: 'SECRET', value: secret.secretId },
              { name: 'PROJECT', value: project },
              { name: 'RETRY_SECONDS', value: '900' },
              { name: 'HOME', value: '/tmp' },
              { name: 'CLOUDSDK_CONFIG', value: '/tmp/gcloud' },
            ],
            resources: resources('200m', '256Mi'),
            securityContext: i.hardened,
            volumeMount: [{ name: 'secrets', mountPath: '/secrets' }, tmp],
          }],
          container: [
            {
              name: 'grants',
              image: 'docker.io/library/postgres:17.5-alpine',
              command: ['/bin/sh', '-c', i.templates.grantJob.grantsScript],
              env: [
                { name: 'DATABASE', value: db.replace(/-/g, '_') },
                { name: 'GROUP', value: group },
                { name: 'PGHOST', value: '127.0.0.1' },
                { name: 'PGPORT', value: '5432' },
                { name: 'PGSSLMODE', value: 'disable' },
                { name: 'SERVICES', value: i.user },
                { name: 'ADMIN_USER', value: 'golden_paths_admin' },
                { name: 'GRANTS_SQL', value: '/sql/postgres-grants.sql' },
                { name: 'ADMIN_LOGIN_DIR', value: '/secrets' },
                { name: 'ADMIN_VERSION_ADDRESS', value: addressOf(version) },
                { name: 'RETRY_SECONDS', value: '900' },
                { name: 'HOME', value: '/tmp' },
              ],
              resources: resources('100m', '128Mi'),
              securityContext: i.hardened,
              volumeMount: [{ name: 'sql', mountPath: '/sql', readOnly: true }, { name: 'secrets', mountPath: '/secrets', readOnly: true }, tmp],
            },
            {
              name: 'cloud-sql-proxy',
              image: PROXY_IMAGE,
              args: [
                '--private-ip', '--structured-logs', '--port=5432', '--health-check', '--http-address=127.0.0.1', '--http-port=9801',
                '--quitquitquit', '--exit-zero-on-sigterm', i.connectionName,
              ],
              resources: resources('100m', '128Mi'),
              securityContext: i.hardened,
            },
          ],
          volume: [
            { name: 'sql', configMap: { name } },
            { name: 'secrets', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
          ],
        },
      },
    },
    dependsOn: [namespace, ksa, configMap, workloadIdentity, client, accessor, admin, version, i.sqlDatabase, i.serviceUser],
  });
}
