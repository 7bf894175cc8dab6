import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_ENVIRONMENTS, deployTargetProblems, type EnvironmentConfig, MAX_ENVIRONMENT_NAME_LENGTH, PlatformEnvironment } from './environment';
import { GoldenPath, goldenPathProblems, workloadProblems } from './golden-path';
import { CATALOG_FILE, ServiceCatalog } from '../catalog/catalog';
import { Guardrails, type GuardrailsOptions } from '../guardrails/guardrails';
import { Lazy, TerraformStack, Token } from '../private/cdk';
import { placementError, throwIfProblems, type PropProblem } from '../private/errors';
import { RepositoryFile } from '../private/providers/github';
import {
  dnsLabelProblem, duplicates, gcpProjectProblem, gcpRegionProblem, githubNameProblem, networkProblem, problems, repositoryNameProblem,
} from '../private/validation';

/** Environment names that are construct ids of other children of a service (GoMicroservice makes one child per environment). */
const RESERVED_ENVIRONMENT_NAMES = ['repository'];

const PLATFORM_SYMBOL = Symbol.for('cdktf-golden-paths.Platform');

/** Properties of a {@link Platform}. */
export interface PlatformProps {
  /** The GitHub organization that holds the teams and service repositories. */
  readonly githubOrganization: string;
  /** The Google Cloud project id of the platform's shared resources. */
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
}

/**
 * The root of a golden-path platform: the organization, cloud project and
 * environments that teams, services and databases are built on.
 *
 * Constructs never create providers: configure the Google, Kubernetes and
 * GitHub providers in the stack (or per environment) yourself.
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
    const found = scope.node.scopes.slice().reverse().find(Platform.isPlatform);
    if (!found) {
      throw placementError(scope, 'is not inside a Platform',
        'create it inside a Platform, e.g. new TeamEnvironment(platform, ...), and services and databases inside a TeamEnvironment');
    }
    return found;
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
  /** The catalog file in the catalog repository, when the platform names one. */
  public readonly catalogFile?: RepositoryFile;
  /** The stack the platform's resources are synthesized in. */
  public readonly stack: TerraformStack;
  /** The guardrails of the platform's stack (configure them further, or suppress rules with `Guardrails.suppress`). */
  public readonly guardrails: Guardrails;

  private readonly _environments: PlatformEnvironment[];

  public constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });

    if (!scope.node.scopes.some((s) => TerraformStack.isStack(s))) {
      throw placementError(this, 'is not inside a TerraformStack', 'create the Platform inside a stack: new Platform(new TerraformStack(app, "platform"), "platform", {...})');
    }
    this.stack = TerraformStack.of(this);
    this.githubOrganization = props.githubOrganization;
    this.gcpProject = props.gcpProject;
    this.region = props.region;
    this.network = props.network;
    this.billingAccount = props.billingAccount;
    this.goldenPath = props.goldenPath ?? GoldenPath.goMicroservice();
    this._environments = (props.environments ?? DEFAULT_ENVIRONMENTS).map((e) => new PlatformEnvironment(e));

    const pathProblems = goldenPathProblems('goldenPath.', this.goldenPath);
    throwIfProblems(this, [
      ...problems(
        githubNameProblem('githubOrganization', props.githubOrganization, 'GitHub organization'),
        gcpProjectProblem('gcpProject', props.gcpProject),
        gcpRegionProblem('region', props.region),
        props.network === undefined ? undefined : networkProblem('network', props.network),
        props.billingAccount === undefined ? undefined : billingAccountProblem('billingAccount', props.billingAccount),
      ),
      ...pathProblems,
      ...this.environmentProblems(pathProblems.length === 0),
    ]);

    this.guardrails = Guardrails.of(this.stack);
    this.guardrails.configure({ productionEnvironments: this.productionEnvironments.map((e) => e.name), ...props.guardrails });

    // The whole app's Backstage catalog lands next to the stacks on every synth.
    ServiceCatalog.writeOnSynth(this.stack);
    if (props.catalogRepository !== undefined) {
      throwIfProblems(this, problems(repositoryNameProblem('catalogRepository', props.catalogRepository)));
      this.catalogFile = new RepositoryFile(this, 'catalog-file', {
        repository: props.catalogRepository,
        file: CATALOG_FILE,
        content: Lazy.stringValue({ produce: () => ServiceCatalog.toYaml(ServiceCatalog.entities(this)) }),
        commitMessage: 'Update the service catalog (managed by cdktf-golden-paths)',
        overwriteOnCreate: true,
      });
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
      if (RESERVED_ENVIRONMENT_NAMES.includes(env.name)) {
        found.push({
          prop: `${prefix}name`,
          value: env.name,
          problem: 'is the construct id of another child of every service, so its resources would collide',
          fix: `choose another name, e.g. "${env.name}-env"`,
        });
      }
      if (judgeWorkloads) {
        found.push(...workloadProblems(`${prefix}workloads.`, this.goldenPath.workloadSettings(env.workloads)));
      }
      env.reviewers.forEach((r, j) => {
        const [owner, team] = r.split('/');
        found.push(...problems(
          githubNameProblem(`${prefix}reviewers[${j}]`, owner, 'GitHub user or organization'),
          team === undefined ? undefined : dnsLabelProblem(`${prefix}reviewers[${j}]`, team),
        ));
      });
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
