/**
 * Acme's teams, declared once and built in both shapes: in their own team
 * repositories at App scope (examples/team-payments/, one stack per team and
 * environment) and, in examples/main.ts, in one stack with the platform.
 */
import { DatabaseEngine, DatabaseSize, EnvValue, GoMicroservice, ManagedDatabase, type Platform, TeamEnvironment, type TeamOnboardingProps, type TeamEnvironmentProps } from '../src';

/** The payments team: checkout, billing and the ledger, with its database and service. */
export interface PaymentsTeam {
  readonly team: TeamEnvironment;
  /** The payments database (postgres), smaller in dev. */
  readonly database: ManagedDatabase;
  /** Payment processing; scales further in prod. */
  readonly service: GoMicroservice;
}

/** The search team: indexing and the search API, with its cache. */
export interface SearchTeam {
  readonly team: TeamEnvironment;
  /** The search team's cache (redis). */
  readonly cache: ManagedDatabase;
  /** The product search API; more memory, fewer replicas. */
  readonly service: GoMicroservice;
}

/**
 * The payments team as the platform sets it up: what the platform repository's
 * TeamOnboarding takes, and what a single-stack platform's TeamEnvironment takes.
 */
export const PAYMENTS: TeamOnboardingProps = {
  name: 'payments',
  description: 'Checkout, billing and the ledger',
  maintainers: ['alice'],
  members: ['bob', 'carol'],
  quotas: { staging: { cpu: '20', memory: '20Gi', pods: 50 }, prod: { cpu: '40', memory: '40Gi', pods: 100 } },
  monthlyBudget: { amount: 2000, currencyCode: 'EUR' },
  // The platform creates the team's service repositories; the team's stacks adopt and keep them.
  serviceRepositories: ['payment-service'],
};

/** The search team as the platform sets it up. */
export const SEARCH: TeamOnboardingProps = {
  name: 'search',
  description: 'Indexing and the search API',
  maintainers: ['dave'],
  members: ['erin'],
  serviceRepositories: ['search-api'],
};

/**
 * What a team's own repository declares of an onboarded team: who it is. Its
 * namespaces, quotas, budget and registry are the platform's.
 */
export function asOnboarded(props: TeamOnboardingProps): TeamEnvironmentProps {
  return { name: props.name, description: props.description, maintainers: props.maintainers, members: props.members };
}

/**
 * The payments team's services and database, on a team declared with `props`:
 * the whole team in a single stack, or who it is in its own repository.
 */
export function paymentsTeam(platform: Platform, props: TeamEnvironmentProps = PAYMENTS): PaymentsTeam {
  const team = new TeamEnvironment(platform, 'payments', props);
  const database = new ManagedDatabase(team, 'payments-db', {
    name: 'payments-db',
    engine: DatabaseEngine.POSTGRES,
    size: DatabaseSize.MEDIUM,
    environments: { dev: { size: DatabaseSize.SMALL } },
  });
  const service = new GoMicroservice(team, 'payment-service', {
    name: 'payment-service',
    description: 'Payment processing service',
    system: 'commerce',
    environments: { prod: { autoscaling: { minReplicas: 3, maxReplicas: 20 } } },
    databases: [database],
  });
  // The payment provider's API key, in Secret Manager: its value is set with `golden-paths secret set`, never in
  // code; every 90 days Secret Manager asks for a new one on the service's rotation topic.
  service.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key', { rotationPeriodDays: 90 }));
  return { team, database, service };
}

export function searchTeam(platform: Platform, props: TeamEnvironmentProps = SEARCH): SearchTeam {
  const team = new TeamEnvironment(platform, 'search', props);
  const cache = new ManagedDatabase(team, 'search-cache', {
    name: 'search-cache',
    engine: DatabaseEngine.REDIS,
    size: DatabaseSize.SMALL,
  });
  const service = new GoMicroservice(team, 'search-api', {
    name: 'search-api',
    description: 'Product search API',
    system: 'commerce',
    memory: '1Gi',
    autoscaling: { maxReplicas: 6 },
    databases: [cache],
  });
  service.addEnv('SEARCH_INDEX', EnvValue.fromValue('products'));
  return { team, cache, service };
}
