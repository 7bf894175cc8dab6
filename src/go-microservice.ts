import { Construct } from 'constructs';
import { throwIfProblems } from './errors';
import type { WorkloadOverrides } from './golden-path';
import type { Platform } from './platform';
import { TeamEnvironment } from './team-environment';
import { dnsLabelProblem, problems } from './validation';

const SERVICE_SYMBOL = Symbol.for('cdktf-golden-paths.GoMicroservice');

/** Properties of a {@link GoMicroservice}. */
export interface GoMicroserviceProps extends WorkloadOverrides {
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
}

/**
 * A Go/gin microservice on the golden path: its GitHub repository with a
 * working scaffold, CI gates and keyless deploys, and in every environment its
 * Kubernetes workloads with golden resources and autoscaling.
 *
 * @example
 * new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
 */
export class GoMicroservice extends Construct {
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
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The platform the service runs on. */
  public readonly platform: Platform;

  public constructor(scope: Construct, id: string, props: GoMicroserviceProps) {
    super(scope, id);
    Object.defineProperty(this, SERVICE_SYMBOL, { value: true });
    this.team = TeamEnvironment.of(scope);
    this.platform = this.team.platform;
    this.name = props.name;
    this.description = props.description;
    this.system = props.system ?? this.team.name;

    throwIfProblems(this, problems(dnsLabelProblem('name', props.name, 63)));
  }
}
