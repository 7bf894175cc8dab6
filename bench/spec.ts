/**
 * The platform the benchmark synthesizes, as plain data: N services, each with
 * its own database (postgres and redis alternating; or every other service,
 * with `databases: 'half'`), spread over teams of `servicesPerTeam` services. Both the library program (bench/library-app.ts)
 * and the hand-written baseline (bench/baseline.ts) build from this, so they
 * describe the same infrastructure.
 */

/** The database engines the benchmark mixes. */
export type BenchEngine = 'postgres' | 'redis';

/** One service and its database, if it has one. */
export interface BenchService {
  readonly name: string;
  readonly description: string;
  readonly team: string;
  readonly system: string;
  readonly database?: { readonly name: string; readonly engine: BenchEngine };
}

/** Which services have a database. */
export type BenchDatabases = 'all' | 'half';

/** How the platform is made, beyond its size. */
export interface BenchOptions {
  /**
   * `all`: every service has its own database, postgres and redis
   * alternating; `half`: every other service (the first, the third, ...), postgres
   * and redis alternating among them.
   * @default 'all'
   */
  readonly databases?: BenchDatabases;
}

/** One team and its services. */
export interface BenchTeam {
  readonly name: string;
  readonly maintainers: string[];
  readonly members: string[];
  readonly services: BenchService[];
}

/** The whole platform. */
export interface BenchPlatform {
  readonly organization: string;
  readonly gcpProject: string;
  readonly region: string;
  readonly network: string;
  readonly teams: BenchTeam[];
  readonly services: number;
}

/**
 * The image tag Deployments are created with: a pinned tag, as the
 * guardrails require (GP-K8S-006 refuses "latest"), set the same way in both
 * programs.
 */
export const INITIAL_IMAGE_TAG = '0.1.0';

/**
 * Who approves production deploys: a team of the organization that the
 * platform does not manage (looked up by slug), as in examples/main.ts.
 */
export const PROD_REVIEWERS = ['acme/sre'];

/** The id of the stack both programs synthesize (`stacks/<id>/cdk.tf.json`). */
export const STACK_ID = 'platform';

/** Services per team unless told otherwise. */
export const SERVICES_PER_TEAM = 10;

/**
 * Team namespace quotas, the same in every environment: room for 10 golden
 * services autoscaled to 10 replicas, each with a Cloud SQL proxy sidecar.
 */
export const TEAM_QUOTA = { cpu: '100', memory: '100Gi', pods: 1000 } as const;

/** The platform with `services` services, `servicesPerTeam` to a team. */
export function benchPlatform(services: number, servicesPerTeam = SERVICES_PER_TEAM, options: BenchOptions = {}): BenchPlatform {
  if (!Number.isInteger(services) || services < 1) throw new Error(`services must be a positive integer, got ${services}`);
  const half = options.databases === 'half';
  const teams: BenchTeam[] = [];
  for (let i = 0; i < services; i++) {
    const t = Math.floor(i / servicesPerTeam);
    if (teams.length === t) {
      teams.push({ name: `team-${pad(t + 1, 4)}`, maintainers: [`lead-${pad(t + 1, 4)}`], members: [`dev-${pad(t + 1, 4)}`], services: [] });
    }
    const team = teams[t];
    const name = `svc-${pad(i + 1, 5)}`;
    // The databases, numbered: every service's, or every other one's.
    const db = half ? (i % 2 === 0 ? i / 2 : undefined) : i;
    team.services.push({
      name,
      description: `Benchmark service ${i + 1}`,
      team: team.name,
      system: team.name,
      ...(db === undefined ? {} : { database: { name: `${name}-db`, engine: db % 2 === 0 ? 'postgres' : 'redis' } }),
    });
  }
  return {
    organization: 'acme',
    gcpProject: 'acme-prod',
    region: 'europe-west1',
    network: 'projects/acme-net/global/networks/shared',
    teams,
    services,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
