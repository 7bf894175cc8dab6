import { CiWorkflow } from './ci-workflow';
import { codeownersFiles } from './codeowners';
import { DeployEnvironment } from './deploy-environment';
import { FileOwnership } from './file-ownership';
import { GIN_VERSION, GO_VERSION } from './go-dependencies';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';
import { ServiceTemplate } from './service-template';
import { templateValues } from './template-values';
import {
  invalid, requireDnsLabel, requireIntegerInRange, requireLiteral, requireMatch, requireNumberInRange,
} from './validation';

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
  readonly healthPath?: string;

  /**
   * The readiness probe path.
   *
   * @default '/readyz'
   */
  readonly readinessPath?: string;

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
const PROBE_PATH = /^\/(?:[A-Za-z0-9._~-]+\/)*[A-Za-z0-9._~-]*$/;
const API_PREFIX = '/v1/items';

function validateDescription(description: string): string {
  requireLiteral(OWNER, 'description', description);
  const oneLine = typeof description === 'string' ? description.replace(/\s+/g, ' ').trim() : '';
  if (oneLine === '') {
    invalid(OWNER, 'description', description, 'must not be empty',
      'describe what the service does in one line, such as "Payment processing service".');
  }
  return oneLine;
}

function validateModulePath(modulePath: string): string {
  requireMatch(OWNER, 'modulePath', modulePath, /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/,
    'must be a Go module path: "/"-separated elements of letters, digits, ".", "_", "~" and "-"',
    'use a path such as "github.com/acme/payment-service", or leave it unset for github.com/<organization>/<repository>.');
  if (modulePath.split('/').some(element => element === '.' || element === '..' || element.startsWith('.') || element.endsWith('.'))) {
    invalid(OWNER, 'modulePath', modulePath, 'has an element that starts or ends with "."',
      'use a path such as "github.com/acme/payment-service".');
  }
  return modulePath;
}

function validateProbePath(prop: string, path: string): string {
  requireMatch(OWNER, prop, path, PROBE_PATH,
    'must be an HTTP path starting with "/" made of letters, digits, ".", "_", "~", "/" and "-"',
    'use a path such as "/healthz".');
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
    invalid(OWNER, prop, path, `collides with the items API under ${API_PREFIX}`, 'use a path such as "/healthz".');
  }
  return path;
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
  public readonly healthPath: string;
  /** The effective readiness probe path. */
  public readonly readinessPath: string;
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
    this.name = requireDnsLabel(OWNER, 'name', options.name, 'payment-service');
    this.description = validateDescription(options.description);
    this.githubOrganization = requireMatch(OWNER, 'githubOrganization', options.githubOrganization,
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/,
      'must be a GitHub organization login: letters, digits and "-", at most 39 characters',
      'use the organization as it appears in github.com/<organization>.');
    this.teamSlug = requireDnsLabel(OWNER, 'teamSlug', options.teamSlug, 'payments');
    this.repositoryName = requireMatch(OWNER, 'repositoryName', options.repositoryName ?? this.name,
      /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/,
      'must be a GitHub repository name: letters, digits, ".", "_" and "-", at most 100 characters',
      'use a name such as "payment-service", or leave it unset to use the service name.');
    this.modulePath = validateModulePath(
      options.modulePath ?? `github.com/${this.githubOrganization}/${this.repositoryName}`);
    this.containerPort = requireIntegerInRange(OWNER, 'containerPort', options.containerPort ?? 8080, 1, 65535,
      'use the TCP port the container listens on, such as 8080.');
    this.healthPath = validateProbePath('healthPath', options.healthPath ?? '/healthz');
    this.readinessPath = validateProbePath('readinessPath', options.readinessPath ?? '/readyz');
    if (this.healthPath === this.readinessPath) {
      invalid(OWNER, 'readinessPath', this.readinessPath, 'must differ from healthPath',
        'use separate paths, such as "/healthz" and "/readyz".');
    }
    this.coverageThreshold = requireNumberInRange(OWNER, 'coverageThreshold', options.coverageThreshold ?? 80, 0, 100,
      'use a percentage such as 80.');

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
      healthPath: this.healthPath,
      readinessPath: this.readinessPath,
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
        throw new Error(`${OWNER}: two generators wrote ${file.path}`);
      }
      seen.add(file.path);
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
