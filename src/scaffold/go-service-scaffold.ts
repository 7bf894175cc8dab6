import { CiWorkflow } from './ci-workflow';
import { ciGateProblems, teamSlugProblem } from './ci-workflow-options';
import { codeownersFiles } from './codeowners';
import { DeployEnvironment } from './deploy-environment';
import { FileOwnership } from './file-ownership';
import { GIN_VERSION, GO_VERSION } from './go-dependencies';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';
import { ServiceTemplate } from './service-template';
import { templateValues } from './template-values';
import { GOLDEN_PATH_DEFAULTS } from '../private/constants';
import { inputError, throwIfProblems, type PropProblem } from '../private/errors';
import {
  descriptionProblem, dnsLabelProblem, githubNameProblem, integerProblem, literalProblem, metricsEndpointProblems, problems, repositoryNameProblem,
  servicePathsProblems,
} from '../private/validation';

/**
 * Options for `GoServiceScaffold`.
 */
export interface GoServiceScaffoldOptions {
  /**
   * The service name: a DNS-1123 label. It names `cmd/<name>`, the binary,
   * the image, the Kubernetes Deployment and its container.
   */
  readonly name: string;

  /**
   * One line saying what the service does; used in the README, the OpenAPI
   * document and the command's doc comment.
   */
  readonly description: string;

  /**
   * The GitHub organization that owns the repository.
   */
  readonly githubOrganization: string;

  /**
   * The team slug that owns the service: the CODEOWNERS entry
   * `@<githubOrganization>/<teamSlug>` and the namespace prefix `<teamSlug>-<environment>`.
   * `<team>` renders a template, which names no team yet (as the platform's service
   * template repository is rendered).
   */
  readonly teamSlug: string;

  /**
   * The repository name.
   *
   * @default - the service name
   */
  readonly repositoryName?: string;

  /**
   * The Go module path.
   *
   * @default - `github.com/<githubOrganization>/<repositoryName>`
   */
  readonly modulePath?: string;

  /**
   * The port the service listens on when `PORT` is not set; the image exposes it.
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * The liveness probe path.
   *
   * @default '/healthz'
   */
  readonly livenessPath?: string;

  /**
   * The liveness probe path (the former name of `livenessPath`).
   *
   * @default - livenessPath
   * @deprecated use `livenessPath`
   */
  readonly healthPath?: string;

  /**
   * The readiness probe path.
   *
   * @default '/readyz'
   */
  readonly readinessPath?: string;

  /**
   * The port the service serves its Prometheus metrics on when `METRICS_PORT` is not set.
   *
   * @default 9464
   */
  readonly metricsPort?: number;

  /**
   * HTTP path of the Prometheus metrics on the metrics port.
   *
   * @default '/metrics'
   */
  readonly metricsPath?: string;

  /**
   * Minimum total test coverage, in percent, enforced by `make cover` and by the `coverage` check.
   *
   * @default 80
   */
  readonly coverageThreshold?: number;

  /**
   * The CI quality gates, by job id (see `RequiredCheck`).
   *
   * @default RequiredCheck.all()
   */
  readonly requiredChecks?: string[];

  /**
   * The environments CI deploys to, in order.
   *
   * @default - dev, staging, then prod (production)
   */
  readonly environments?: DeployEnvironment[];

  /**
   * The branch whose pushes build an image and deploy.
   *
   * @default 'main'
   */
  readonly defaultBranch?: string;

  /**
   * The files the repository starts with, besides the CI workflow and CODEOWNERS.
   *
   * @default ServiceTemplate.goMicroservice()
   */
  readonly template?: ServiceTemplate;
}

const OWNER = 'GoServiceScaffold';
const GO_MODULE_PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

function modulePathProblem(prop: string, value: string): PropProblem | undefined {
  const literal = literalProblem(prop, value);
  if (literal) return literal;
  if (typeof value === 'string' && GO_MODULE_PATH.test(value)
    && !value.split('/').some(element => element.startsWith('.') || element.endsWith('.'))) return undefined;
  return {
    prop,
    value,
    problem: 'is not a Go module path ("/"-separated elements of letters, digits, ".", "_", "~" and "-", none starting or ending with ".")',
    fix: 'use a path such as "github.com/acme/payment-service", or leave it unset for github.com/<organization>/<repository>',
  };
}

/** What is wrong with scaffold options given directly (GoMicroservice hands down options it has judged). */
function scaffoldProblems(o: GoServiceScaffoldOptions): PropProblem[] {
  const d = GOLDEN_PATH_DEFAULTS;
  const port = o.containerPort ?? d.containerPort;
  return [
    ...problems(
      literalProblem('name', o.name) ?? dnsLabelProblem('name', o.name),
      descriptionProblem('description', o.description),
      literalProblem('githubOrganization', o.githubOrganization) ?? githubNameProblem('githubOrganization', o.githubOrganization, 'GitHub organization'),
      teamSlugProblem('teamSlug', o.teamSlug),
      o.repositoryName === undefined ? undefined
        : literalProblem('repositoryName', o.repositoryName) ?? repositoryNameProblem('repositoryName', o.repositoryName, 'or leave it unset to use the service name'),
      o.modulePath === undefined ? undefined : modulePathProblem('modulePath', o.modulePath),
      literalProblem('containerPort', port) ?? integerProblem('containerPort', port, 1, 65535, 'use the TCP port the container listens on, such as 8080'),
    ),
    ...servicePathsProblems('', o.livenessPath ?? o.healthPath ?? d.livenessPath, o.readinessPath ?? d.readinessPath),
    ...(literalProblem('containerPort', port) ? [] : metricsEndpointProblems('', o.metricsPort ?? d.metricsPort, o.metricsPath ?? d.metricsPath, port)),
    ...ciGateProblems(o),
  ];
}

/**
 * Every file of a new Go service repository following the golden path: the
 * template's files (by default the gin service of `templates/go-microservice`,
 * with health and readiness probes and an example items API, its tests, the
 * OpenAPI document, configuration, Makefile, Dockerfile, lint configuration,
 * README and ignore files) with the service's values filled in, then
 * CODEOWNERS and the CI workflow, which are computed.
 *
 * Deterministic: the same options always give the same files, sorted
 * by path. `catalog-info.yaml` is not included; the catalog produces it (see
 * `ScaffoldPaths.CATALOG_INFO`).
 */
export class GoServiceScaffold {
  /**
   * The `go` directive of the generated go.mod.
   */
  public static readonly GO_VERSION = GO_VERSION;

  /**
   * The gin release the generated go.mod requires.
   */
  public static readonly GIN_VERSION = GIN_VERSION;

  /** The service name. */
  public readonly name: string;
  /** The description, on one line. */
  public readonly description: string;
  /** The GitHub organization. */
  public readonly githubOrganization: string;
  /** The effective repository name. */
  public readonly repositoryName: string;
  /** The owning team's slug. */
  public readonly teamSlug: string;
  /** The effective Go module path. */
  public readonly modulePath: string;
  /** The effective container port. */
  public readonly containerPort: number;
  /** The effective liveness probe path. */
  public readonly livenessPath: string;
  /** The effective readiness probe path. */
  public readonly readinessPath: string;
  /** The effective metrics port. */
  public readonly metricsPort: number;
  /** The effective metrics path. */
  public readonly metricsPath: string;
  /** The effective coverage threshold, in percent. */
  public readonly coverageThreshold: number;
  /** The template the team-owned files come from. */
  public readonly template: ServiceTemplate;

  /**
   * The CI workflow; its `requiredChecks` are the status checks branch protection must require.
   */
  public readonly ciWorkflow: CiWorkflow;

  private readonly generated: ScaffoldFile[];

  constructor(options: GoServiceScaffoldOptions) {
    throwIfProblems(OWNER, scaffoldProblems(options));
    const d = GOLDEN_PATH_DEFAULTS;
    this.name = options.name;
    this.description = options.description.replace(/\s+/g, ' ').trim();
    this.githubOrganization = options.githubOrganization;
    this.teamSlug = options.teamSlug;
    this.repositoryName = options.repositoryName ?? this.name;
    this.modulePath = options.modulePath ?? `github.com/${this.githubOrganization}/${this.repositoryName}`;
    this.containerPort = options.containerPort ?? d.containerPort;
    this.livenessPath = options.livenessPath ?? options.healthPath ?? d.livenessPath;
    this.readinessPath = options.readinessPath ?? d.readinessPath;
    this.metricsPort = options.metricsPort ?? d.metricsPort;
    this.metricsPath = options.metricsPath ?? d.metricsPath;
    this.coverageThreshold = options.coverageThreshold ?? d.coverageThreshold;

    this.template = options.template ?? ServiceTemplate.goMicroservice();

    this.ciWorkflow = new CiWorkflow({
      serviceName: this.name,
      teamSlug: this.teamSlug,
      requiredChecks: options.requiredChecks,
      environments: options.environments,
      coverageThreshold: this.coverageThreshold,
      defaultBranch: options.defaultBranch,
    });
    this.generated = this.generate();
  }

  /**
   * The effective liveness probe path.
   *
   * @deprecated use `livenessPath`
   */
  public get healthPath(): string {
    return this.livenessPath;
  }

  /**
   * Every file, sorted by path.
   */
  public get files(): ScaffoldFile[] {
    return this.generated.map(file => ({ ...file }));
  }

  /**
   * Every file path, sorted.
   */
  public get paths(): string[] {
    return this.generated.map(file => file.path);
  }

  /**
   * The files with the given ownership, sorted by path.
   */
  public filesOwnedBy(ownership: FileOwnership): ScaffoldFile[] {
    return this.files.filter(file => file.ownership === ownership);
  }

  /**
   * The file at `path`, or undefined when the scaffold has none there.
   */
  public tryGetFile(path: string): ScaffoldFile | undefined {
    return this.files.find(file => file.path === path);
  }

  private generate(): ScaffoldFile[] {
    const model: ServiceModel = {
      name: this.name,
      description: this.description,
      descriptionSentence: /[.!?]$/.test(this.description) ? this.description : `${this.description}.`,
      githubOrganization: this.githubOrganization,
      repositoryName: this.repositoryName,
      teamSlug: this.teamSlug,
      modulePath: this.modulePath,
      containerPort: this.containerPort,
      livenessPath: this.livenessPath,
      readinessPath: this.readinessPath,
      metricsPort: this.metricsPort,
      metricsPath: this.metricsPath,
      coverageThreshold: this.coverageThreshold,
    };
    const files: ScaffoldFile[] = [
      ...this.template._render(templateValues(model, this.ciWorkflow)).map((file) => ({ ...file, ownership: FileOwnership.TEAM })),
      ...codeownersFiles(model),
      this.ciWorkflow.toFile(),
    ];
    const seen = new Set<string>();
    for (const file of files) {
      if (seen.has(file.path)) {
        throw inputError(OWNER, `two generators wrote ${file.path}`, `remove ${file.path} from the template: the platform writes it`);
      }
      seen.add(file.path);
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
