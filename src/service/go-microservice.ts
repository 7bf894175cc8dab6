import { Construct } from 'constructs';
import { SECRET_FILE_SUFFIX } from './container-env';
import { EnvValue } from './env-value';
import { ServiceRepository } from './service-repository';
import { repositoryOptionProblems, RepositoryVisibility, type ServiceRepositoryOptions } from './service-repository-props';
import { ServiceWorkload } from './service-workload';
import { DEFAULT_INITIAL_IMAGE_TAG, effectiveWorkloads, serviceWorkloadProblems, type ServiceWorkloadInput } from './service-workload-props';
import { ServiceCatalog } from '../catalog/catalog';
import { addCatalogSource } from '../catalog/catalog-source';
import type { SecretDescription } from '../catalog/entities';
import { catalogNameProblem, catalogTagProblem } from '../catalog/validation';
import type { IDatabaseClient, IDatabaseClientWorkload } from '../database/database-interfaces';
import { databasesOf, ManagedDatabase, type GrantAccessOptions } from '../database/managed-database';
import { WORKLOAD_OVERRIDES_TYPES, type WorkloadSettings } from '../platform/golden-path';
import type { Platform } from '../platform/platform';
import { githubWebHost } from '../platform/platform-validation';
import { Lazy, TerraformStack } from '../private/cdk';
import { FIXED_CHILD_IDS } from '../private/constants';
import { dashboardUrl } from '../private/dashboard-url';
import { dependOn } from '../private/dependencies';
import { placementError, throwIfProblems, validationError } from '../private/errors';
import { NameKind } from '../private/name-registry';
import { crossDefinition } from '../private/parallel-synth';
import { BOOLEAN, checkPropTypes, enumOf, instanceOf, keyedBy, listOf, NUMBER, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import { terraformLiteral } from '../private/terraform-literal';
import { descriptionProblem, dnsLabelProblem, enumProblem, literalProblem, problems } from '../private/validation';
import { FileOwnership } from '../scaffold/file-ownership';
import { ScaffoldPaths } from '../scaffold/scaffold-paths';
import { teamChildId } from '../team/team-child-ids';
import { TeamEnvironment } from '../team/team-environment';
import type { IQuotaConsumer, QuotaFootprint } from '../team/team-interfaces';

/** The lifecycle stage of a service, as the Backstage catalog shows it. */
export enum ServiceLifecycle {
  /** An early service, not yet relied on. */
  EXPERIMENTAL = 'experimental',
  /** A service others rely on. */
  PRODUCTION = 'production',
  /** A service on its way out. */
  DEPRECATED = 'deprecated',
}

const SERVICE_SYMBOL = Symbol.for('cdktf-golden-paths.GoMicroservice');

/** The labels that tell one service's Kubernetes objects from every other's, in every environment (the catalog's selector). */
const SERVICE_LABEL_KEYS = ['app.kubernetes.io/name', 'golden-paths.dev/team'];

function pickLabels(labels: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]]));
}

/**
 * Properties of a {@link GoMicroservice}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 */
export interface GoMicroserviceProps extends ServiceWorkloadInput, ServiceRepositoryOptions {
  /**
   * The service name: a DNS-1123 label. It names the repository, the
   * Kubernetes workloads and the catalog component.
   */
  readonly name: string;
  /** What the service does, in one sentence (repository description, catalog). */
  readonly description: string;
  /**
   * The system (group of services) the service belongs to, for the catalog.
   * @default - the team name
   */
  readonly system?: string;
  /**
   * Extra catalog tags, on top of the language and framework.
   * @default - only the language and framework tags ("go", "gin")
   */
  readonly tags?: string[];
  /**
   * The service's lifecycle stage in the catalog.
   * @default ServiceLifecycle.PRODUCTION
   */
  readonly lifecycle?: ServiceLifecycle;
  /**
   * Databases the service uses, connected without passwords in every
   * environment; the same as calling `connect(db)` for each.
   * @default - no databases
   */
  readonly databases?: ManagedDatabase[];
}

/**
 * A Go/gin microservice on the golden path: its GitHub repository with a
 * working scaffold, CI gates and keyless deploys, and in every environment its
 * Kubernetes workloads with golden resources and autoscaling.
 *
 * @example
 * new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
 */
export class GoMicroservice extends Construct implements IQuotaConsumer, IDatabaseClient {
  /** Whether `x` is a GoMicroservice. */
  public static isGoMicroservice(x: any): x is GoMicroservice {
    return x !== null && typeof x === 'object' && SERVICE_SYMBOL in x;
  }

  /** The service name. */
  public readonly name: string;
  /** What the service does. */
  public readonly description: string;
  /** The catalog system the service belongs to. */
  public readonly system: string;
  /** The service's catalog tags: the golden path's language and framework, then the extra tags. */
  public readonly tags: string[];
  /** The service's lifecycle stage in the catalog. */
  public readonly lifecycle: ServiceLifecycle;
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The platform the service runs on. */
  public readonly platform: Platform;
  /** The port the service container listens on. */
  public readonly containerPort: number;
  /** HTTP path of the liveness probe. */
  public readonly livenessPath: string;
  /** HTTP path of the readiness probe. */
  public readonly readinessPath: string;
  /** Whether applies wait for Deployments to roll out. */
  public readonly waitForRollout: boolean;
  /** The image tag Deployments are created with (CI owns the tag afterwards). */
  public readonly initialImageTag: string;
  /** The GitHub repository with the scaffold, CI gates, environments and keyless deployer. */
  public readonly repository: ServiceRepository;

  private readonly _workloads = new Map<string, ServiceWorkload>();

  public constructor(scope: Construct, id: string, props: GoMicroserviceProps) {
    super(scope, teamChildId(scope, id, 'service'));
    Object.defineProperty(this, SERVICE_SYMBOL, { value: true });
    checkDefinitionDatabases(this, (props as Partial<GoMicroserviceProps> | undefined)?.databases);
    checkPropTypes(this, props, GO_MICROSERVICE_PROPS_TYPES, '{ name: "payment-service", description: "Payment processing" }');
    this.team = TeamEnvironment.of(scope);
    this.platform = this.team.platform;
    this.name = props.name;
    this.description = props.description;
    this.system = props.system ?? this.team.name;
    this.lifecycle = props.lifecycle ?? ServiceLifecycle.PRODUCTION;
    this.tags = [...new Set([this.platform.goldenPath.language, this.platform.goldenPath.framework, ...(props.tags ?? [])])];
    // One pass over every prop, all problems at once, each under the prop the user wrote. The
    // workloads, the repository, the scaffold and the CI workflow below take these values as given.
    const effective = effectiveWorkloads(this.platform, props);
    throwIfProblems(this, [
      ...problems(
        literalProblem('name', props.name) ?? dnsLabelProblem('name', props.name, 63) ?? catalogNameProblem('name', props.name),
        descriptionProblem('description', props.description),
        catalogNameProblem('system', this.system),
      ),
      ...(props.tags ?? []).map((tag, i) => catalogTagProblem(`tags[${i}]`, tag)).filter((p) => p !== undefined),
      ...problems(enumProblem('lifecycle', this.lifecycle, ServiceLifecycle, 'ServiceLifecycle')),
      ...serviceWorkloadProblems(this.platform, props, effective),
      ...repositoryOptionProblems(this.platform, this.team.name, props),
    ]);

    this.platform._claimName(this, NameKind.CATALOG_COMPONENT, this.name, {
      prop: 'name', value: this.name, problem: 'is the name of another service of the app, and the catalog, the repository and the service accounts are named after it', fix: 'give every service of the app a distinct name',
    });
    this.containerPort = props.containerPort ?? props.port ?? this.platform.goldenPath.containerPort;
    this.livenessPath = props.livenessPath ?? this.platform.goldenPath.livenessPath;
    this.readinessPath = props.readinessPath ?? this.platform.goldenPath.readinessPath;
    this.waitForRollout = props.waitForRollout ?? false;
    this.initialImageTag = props.initialImageTag ?? DEFAULT_INITIAL_IMAGE_TAG;
    // Kubernetes workloads, one ServiceWorkload per environment.
    for (const env of this.platform.environments) {
      this._workloads.set(env.name, new ServiceWorkload(this.team.environmentScope(env.name, this), env.name, {
        serviceName: this.name,
        environment: env.name,
        partOf: this.system,
        ...effective(env),
        containerPort: this.containerPort,
        livenessPath: this.livenessPath,
        readinessPath: this.readinessPath,
        waitForRollout: this.waitForRollout,
        initialImageTag: this.initialImageTag,
      }));
    }
    this.repository = new ServiceRepository(this, FIXED_CHILD_IDS.SERVICE_REPOSITORY, {
      serviceName: this.name,
      description: this.description,
      containerPort: this.containerPort,
      livenessPath: this.livenessPath,
      readinessPath: this.readinessPath,
      repositoryName: props.repositoryName,
      visibility: props.visibility,
      topics: props.topics,
      deployReviewers: props.deployReviewers,
    });
    // Platform-owned, so a library upgrade updates it; rendered at synth, after every connect().
    this.repository.addFile(ScaffoldPaths.CATALOG_INFO, Lazy.stringValue({
      // Escaped here: the file's text is only known at synth, after commitFile escaped the rest.
      produce: () => terraformLiteral(ServiceCatalog.toYaml(ServiceCatalog.serviceEntities(this))),
    }), FileOwnership.PLATFORM);
    addCatalogSource(this, {
      kind: 'service',
      describe: () => ({
        name: this.name,
        description: this.description,
        team: this.team.name,
        system: this.system,
        lifecycle: this.lifecycle,
        githubOrganization: this.platform.githubOrganization,
        githubHost: githubWebHost(this.platform.githubApiUrl),
        repository: this.repository.name,
        tags: this.tags,
        databases: this.databases.map((d) => d.name),
        // The name and the team tell a service's objects apart in every environment (names are unique in a team).
        kubernetesLabels: this.workloads.length === 0 ? {} : pickLabels(this.workloads[0].labels, SERVICE_LABEL_KEYS),
        techdocs: this.repository.scaffold.tryGetFile(ScaffoldPaths.MKDOCS) !== undefined,
        environments: this.workloads.map(({ environment: env, namespaceName: namespace, monitoringDashboardUrl }) => ({
          name: env.name,
          namespace,
          ...(env.dashboardUrl === undefined ? {} : {
            dashboardUrl: dashboardUrl(env.dashboardUrl, { service: this.name, namespace, team: this.team.name, environment: env.name }),
          }),
          ...(monitoringDashboardUrl === undefined ? {} : { monitoringDashboardUrl }),
        })),
        secrets: secretsOf(this.workloads),
      }),
      openApiDocument: () => this.repository.scaffold.tryGetFile(ScaffoldPaths.OPENAPI)?.content ?? '',
    });
    this.commitWorkflowAfterDeployments();
    this.team.addQuotaConsumer(this);
    for (const db of props.databases ?? []) this.connect(db);
  }

  /** The service's workload in one environment (identity, Deployment, Service, autoscaler, disruption budget). */
  public workload(environment: string): ServiceWorkload {
    const found = this._workloads.get(environment);
    if (!found) {
      throw placementError(this, `has no environment "${environment}"`, `use one of ${[...this._workloads.keys()].map((e) => `"${e}"`).join(', ')}`);
    }
    return found;
  }

  /** The service's workload in one environment, as a connected database wires into it: the same ServiceWorkload as `workload(environment)`. */
  public clientWorkload(environment: string): IDatabaseClientWorkload {
    return this.workload(environment);
  }

  /** The databases the service is connected to, in the order it connected them. */
  public get databases(): ManagedDatabase[] {
    return databasesOf(this);
  }

  /** The service's workloads in every environment, in promotion order. */
  public get workloads(): ServiceWorkload[] {
    return [...this._workloads.values()];
  }

  /** The effective resources and scaling of the service in one environment. */
  public settings(environment: string): WorkloadSettings {
    return this.workload(environment).settings;
  }

  /** The most the service takes from the team's quota in one environment (autoscaled to the maximum, sidecars included). */
  public maxFootprint(environment: string): QuotaFootprint {
    return this.workload(environment).maxFootprint();
  }

  /**
   * The port the service container listens on.
   * @deprecated use `containerPort`
   */
  public get port(): number {
    return this.containerPort;
  }

  /**
   * Sets an environment variable of the service container, in one environment
   * or (without `environment`) in all: a plain value (`EnvValue.fromValue`,
   * never a credential), a secret of the service in Secret Manager
   * (`EnvValue.fromSecretManager`, set as `<name>_FILE`) or a key of a Secret
   * or ConfigMap in the team's namespace (`EnvValue.fromSecret`, `EnvValue.fromConfigMap`).
   */
  public addEnv(name: string, value: EnvValue, environment?: string): void {
    for (const w of this.workloadsFor(environment, name)) w.addEnv(name, value);
  }

  /**
   * Sets an environment variable from a key of a Secret, in one environment or (without `environment`) in all.
   * @deprecated use `addEnv(name, EnvValue.fromSecret(secretName, key), environment)`
   */
  public addSecretEnv(name: string, secretName: string, key: string, environment?: string): void {
    for (const w of this.workloadsFor(environment, name)) w.addSecretEnv(name, secretName, key);
  }

  /**
   * Connects a database in every environment, without passwords (see
   * ManagedDatabase.grantAccess); connecting the same database again does nothing.
   */
  public connect(database: ManagedDatabase, options?: GrantAccessOptions): void {
    database.grantAccess(this, options);
  }

  /**
   * The workflow's first run rolls out to the Deployments: commit it after
   * those Terraform creates in the same stack. A Deployment in another stack
   * cannot be waited for here; the deploy job waits for it instead.
   */
  private commitWorkflowAfterDeployments(): void {
    const workflow = this.repository.file(ScaffoldPaths.CI_WORKFLOW);
    const stack = TerraformStack.of(workflow);
    const deployments = this.workloads.map((w) => w.deployment).filter((d) => TerraformStack.of(d) === stack);
    dependOn(workflow, ...deployments);
  }

  /**
   * The workloads a variable goes to. When one of them already has it, only
   * that one is returned, so its error is thrown before any workload changes.
   */
  private workloadsFor(environment: string | undefined, name: string): ServiceWorkload[] {
    const targets = environment === undefined ? this.workloads : [this.workload(environment)];
    const clash = targets.find((w) => w.envNames.includes(name) || w.envNames.includes(`${name}${SECRET_FILE_SUFFIX}`));
    return clash ? [clash] : targets;
  }
}

/** The runtime types of {@link GoMicroserviceProps}. */
const GO_MICROSERVICE_PROPS_TYPES: PropTypes<GoMicroserviceProps> = {
  ...WORKLOAD_OVERRIDES_TYPES,
  containerPort: optional(NUMBER),
  port: optional(NUMBER),
  livenessPath: optional(STRING),
  readinessPath: optional(STRING),
  waitForRollout: optional(BOOLEAN),
  initialImageTag: optional(STRING),
  environments: optional(keyedBy(struct('WorkloadOverrides', WORKLOAD_OVERRIDES_TYPES))),
  repositoryName: optional(STRING),
  visibility: optional(enumOf(RepositoryVisibility, 'RepositoryVisibility')),
  topics: optional(listOf(STRING)),
  deployReviewers: optional(keyedBy(listOf(STRING), 'prod')),
  name: STRING,
  description: STRING,
  system: optional(STRING),
  tags: optional(listOf(STRING)),
  lifecycle: optional(enumOf(ServiceLifecycle, 'ServiceLifecycle')),
  databases: optional(listOf(instanceOf('ManagedDatabase', (v) => ManagedDatabase.isManagedDatabase(v)))),
};

/**
 * Inside a TeamEnvironment.define body, a database of another team's body is
 * refused, and so is an empty entry: under `golden-paths synth --jobs N` the
 * other body does not run in the process that runs this one, so the entry is
 * undefined there. One text for both, so that one process and N processes
 * fail alike.
 */
function checkDefinitionDatabases(service: Construct, databases: unknown): void {
  if (!Array.isArray(databases)) return;
  databases.forEach((db: unknown, i) => {
    const construct = db !== null && typeof db === 'object' && 'node' in db ? db as Construct : undefined;
    if (construct === undefined && db !== undefined && db !== null) return;
    const { building, other } = crossDefinition(service, construct ?? service);
    if (!building || (construct !== undefined && !other)) return;
    const problem = 'is not a database this team\'s definition declares '
      + '(a database of another team declared with TeamEnvironment.define, or undefined: golden-paths synth --jobs builds each such team in one process, '
      + 'where the other team\'s body never runs)';
    const fix = 'declare the database in this team\'s define, or declare both teams with new TeamEnvironment and list this one in the database\'s sharedWith';
    // No value shown: it is undefined, or a construct of another team.
    throw validationError(`[${service.node.path}] invalid databases[${i}]: ${problem}. Fix: ${fix}.`, [{ path: service.node.path, prop: `databases[${i}]`, problem, fix }]);
  });
}

/**
 * The Secret Manager secrets of a service for its catalog entity: each
 * variable and secret id once, with the environments that read it when not
 * every one does, in the order they were first set.
 */
function secretsOf(workloads: readonly ServiceWorkload[]): SecretDescription[] {
  const found = new Map<string, { variable: string; secret: string; environments: string[] }>();
  for (const workload of workloads) {
    for (const secret of workload.secrets) {
      for (const variable of secret.variables) {
        const key = `${variable}=${secret.secretId}`;
        const entry = found.get(key) ?? { variable, secret: secret.secretId, environments: [] };
        entry.environments.push(workload.environment.name);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()].map((e) => (e.environments.length === workloads.length ? { variable: e.variable, secret: e.secret } : e));
}
