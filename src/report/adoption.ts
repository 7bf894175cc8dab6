import type { Inventory, Owner, SqlInstance, Workload } from './inventory';
import { observabilityOf, type ObservabilityAdoption } from './observability';
import type { CatalogEntry, SynthDir } from './synth-dir';
import type { WorkloadSettings } from '../platform/golden-path';
import { parseQuantity } from '../private/quantity';

/**
 * Adoption of the golden path, read from a synth output: which services and
 * databases the library made (and which a team wrote by hand), what each
 * changes of the platform's golden path, which service repositories started
 * from the template repository, and the guardrails' findings and
 * suppressions per team, with those expiring soon.
 */

/** How many days ahead a suppression counts as expiring soon. */
export const EXPIRING_WITHIN_DAYS = 30;

/** One setting a workload runs with that the platform's golden path for its environment does not give. */
export interface Override {
  /** `cpu`, `memory`, `replicas`, `autoscaling`, `autoscaling.minReplicas`, `autoscaling.maxReplicas`, `autoscaling.targetCpuUtilizationPercent`. */
  readonly setting: string;
  readonly value: string;
  readonly goldenPath: string;
}

/** Where a service's repository came from. */
export type RepositoryOrigin = 'template' | 'no-template' | 'unknown';

/** A service and how it follows the golden path in each environment. */
export interface ServiceAdoption {
  readonly service: string;
  readonly team: string;
  /** Every Deployment of it was made by the library. */
  readonly goldenPath: boolean;
  /** From the catalog, when it lists the service. */
  readonly description?: string;
  readonly system?: string;
  /** `owner/repository` on GitHub, from the catalog. */
  readonly repository?: string;
  readonly repositoryOrigin: RepositoryOrigin;
  readonly environments: readonly { readonly environment: string; readonly namespace?: string; readonly overrides: readonly Override[] }[];
}

/** A database and its instances. */
export interface DatabaseAdoption {
  readonly database: string;
  readonly team: string;
  readonly engine: string;
  readonly goldenPath: boolean;
  readonly description?: string;
  readonly environments: readonly {
    readonly environment: string;
    readonly instance: string;
    readonly tier: string;
    readonly highAvailability: boolean;
    readonly backups?: boolean;
    readonly deletionProtection?: boolean;
    /** What it runs without that the golden path gives it (backups; in production, high availability and deletion protection). */
    readonly deviations: readonly string[];
  }[];
}

/** A guardrail finding of a stack. */
export interface FindingEntry {
  readonly team: string;
  readonly environment?: string;
  readonly stack: string;
  readonly ruleId: string;
  readonly level: string;
  readonly address: string;
  readonly message: string;
}

/** A suppression a stack declared, and when it ends. */
export interface SuppressionEntry {
  readonly team: string;
  readonly stack: string;
  readonly ruleId: string;
  readonly scope: string;
  readonly reason: string;
  readonly expires?: string;
  readonly expired: boolean;
  /** Days until it expires (negative once expired), when it has a date. */
  readonly daysLeft?: number;
  /** Not expired, and expiring within {@link EXPIRING_WITHIN_DAYS} days. */
  readonly expiringSoon: boolean;
  /** How many findings it silences. */
  readonly suppressedFindings: number;
}

/** A team's adoption figures. */
export interface TeamAdoption {
  readonly team: string;
  readonly services: number;
  readonly servicesOnGoldenPath: number;
  readonly servicesWithOverrides: number;
  readonly servicesFromTemplate: number;
  readonly databases: number;
  readonly databasesOnGoldenPath: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressions: number;
  readonly expiringSoon: number;
}

/** Everything the adoption section holds. */
export interface Adoption {
  readonly summary: {
    readonly services: number;
    readonly servicesOnGoldenPath: number;
    /** Of the services, the share on the golden path, in percent (100 without services). */
    readonly goldenPathPercent: number;
    readonly servicesWithOverrides: number;
    readonly servicesFromTemplate: number;
    readonly databases: number;
    readonly databasesOnGoldenPath: number;
    readonly errors: number;
    readonly warnings: number;
    readonly suppressions: number;
    readonly expiringSoon: number;
    readonly expired: number;
  };
  readonly teams: readonly TeamAdoption[];
  readonly services: readonly ServiceAdoption[];
  readonly databases: readonly DatabaseAdoption[];
  readonly findings: readonly FindingEntry[];
  readonly suppressions: readonly SuppressionEntry[];
  /** The teams' dashboards, and what is turned off of the services' observability, and why. */
  readonly observability: ObservabilityAdoption;
}

/** What adoption needs besides the inventory. */
export interface AdoptionInputs {
  /** The golden path's workload settings in each environment, as the platform settings make them. */
  readonly goldenPath: (environment: string) => WorkloadSettings;
  /** The service repositories the platform created per team (platform.json), from its template repository when `fromTemplate`. */
  readonly serviceRepositories?: { readonly [team: string]: readonly string[] };
  /** Whether the platform keeps a template repository new service repositories start from. */
  readonly templateRepository?: boolean;
  /** Today (YYYY-MM-DD), for the suppressions' expiry. */
  readonly today: string;
}

const NO_TEAM = '(no team)';
const DAY_MS = 86_400_000;

function teamOf(o: Owner): string {
  return o.team ?? NO_TEAM;
}

/** The main container of a workload: the one named after it, else the first. */
function mainContainer(w: Workload) {
  return w.containers.find((c) => c.name === w.service) ?? w.containers[0];
}

/** What a workload runs with that its environment's golden path does not give. */
export function overridesOf(w: Workload, expected: WorkloadSettings): Override[] {
  const found: Override[] = [];
  const main = mainContainer(w);
  const differs = (actual: number | undefined, quantity: string) => actual !== undefined && actual !== parseQuantity(quantity);
  if (main && differs(main.cpu, expected.cpu)) found.push({ setting: 'cpu', value: formatNumber(main.cpu!), goldenPath: expected.cpu });
  if (main && differs(main.memory, expected.memory)) found.push({ setting: 'memory', value: formatBytes(main.memory!), goldenPath: expected.memory });
  if (w.replicas !== undefined && w.replicas !== expected.replicas) found.push({ setting: 'replicas', value: String(w.replicas), goldenPath: String(expected.replicas) });
  const a = w.autoscaling;
  const e = expected.autoscaling;
  if (!a && e.enabled) found.push({ setting: 'autoscaling', value: 'off', goldenPath: 'on' });
  if (a && !e.enabled) found.push({ setting: 'autoscaling', value: 'on', goldenPath: 'off' });
  if (a && e.enabled) {
    if (a.minReplicas !== e.minReplicas) found.push({ setting: 'autoscaling.minReplicas', value: String(a.minReplicas), goldenPath: String(e.minReplicas) });
    if (a.maxReplicas !== e.maxReplicas) found.push({ setting: 'autoscaling.maxReplicas', value: String(a.maxReplicas), goldenPath: String(e.maxReplicas) });
    if (a.targetCpuUtilizationPercent !== undefined && a.targetCpuUtilizationPercent !== e.targetCpuUtilizationPercent) {
      found.push({ setting: 'autoscaling.targetCpuUtilizationPercent', value: String(a.targetCpuUtilizationPercent), goldenPath: String(e.targetCpuUtilizationPercent) });
    }
  }
  return found;
}

function formatNumber(n: number): string {
  return n < 1 ? `${Math.round(n * 1000)}m` : String(Math.round(n * 1000) / 1000);
}

function formatBytes(n: number): string {
  for (const [unit, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}

/** The engine of a Cloud SQL version (`POSTGRES_16` is postgres). */
function engineOf(version: string): string {
  return version.startsWith('POSTGRES') ? 'postgres' : version.startsWith('MYSQL') ? 'mysql' : version.toLowerCase() || 'cloud-sql';
}

/** Days from `today` to `date` (both YYYY-MM-DD), or undefined for a date that is none. */
export function daysBetween(today: string, date: string): number | undefined {
  const a = Date.parse(`${today}T00:00:00Z`);
  const b = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(a) && Number.isFinite(b) ? Math.round((b - a) / DAY_MS) : undefined;
}

/** Reads the adoption of the golden path from an inventory and the synth output's guardrail reports and catalog. */
export function adoptionOf(inventory: Inventory, synth: SynthDir, inputs: AdoptionInputs): Adoption {
  const catalog = new Map((synth.catalog ?? []).map((e) => [`${e.kind}:${e.name}`, e]));
  const production = new Set(inventory.production);

  // Services: their Deployments, grouped by team and name.
  const byService = new Map<string, Workload[]>();
  for (const w of inventory.workloads) {
    const key = `${teamOf(w)}\u0000${w.service}`;
    byService.set(key, [...(byService.get(key) ?? []), w]);
  }
  const envOrder = (env: string | undefined) => {
    const i = inventory.environments.indexOf(env ?? '');
    return i === -1 ? inventory.environments.length : i;
  };
  const repositories = new Map(inventory.repositories.map((r) => [r.name, r]));
  const services: ServiceAdoption[] = [...byService.values()].map((workloads) => {
    const { service } = workloads[0];
    const team = teamOf(workloads[0]);
    const entry: CatalogEntry | undefined = catalog.get(`Component:${service}`);
    const repository = repositories.get(service);
    const created = inputs.serviceRepositories?.[team]?.includes(service) === true;
    // A repository the stack creates tells by its template block; one it adopts (or has not) was created by the
    // platform, from its template repository when it keeps one, if the settings list it among the team's.
    const repositoryOrigin: RepositoryOrigin = repository?.template ? 'template'
      : repository && !repository.imported ? 'no-template'
        : created && inputs.templateRepository !== undefined ? (inputs.templateRepository ? 'template' : 'no-template') : 'unknown';
    return {
      service,
      team,
      goldenPath: workloads.every((w) => w.managed),
      ...(entry?.description !== undefined ? { description: entry.description } : {}),
      ...(entry?.system !== undefined ? { system: entry.system } : {}),
      ...(entry?.projectSlug !== undefined ? { repository: entry.projectSlug } : {}),
      repositoryOrigin,
      environments: [...workloads].sort((a, b) => envOrder(a.environment) - envOrder(b.environment)).map((w) => ({
        environment: w.environment ?? 'unknown',
        ...(w.namespace ? { namespace: w.namespace } : {}),
        overrides: w.environment === undefined ? [] : overridesOf(w, inputs.goldenPath(w.environment)),
      })),
    };
  }).sort((a, b) => a.team.localeCompare(b.team) || a.service.localeCompare(b.service));

  // Databases: their instances, grouped by team and database.
  type Instance = {
    environment: string;
    instance: string;
    tier: string;
    highAvailability: boolean;
    backups?: boolean;
    deletionProtection?: boolean;
    deviations: string[];
    engine: string;
    managed: boolean;
  };
  const byDatabase = new Map<string, { team: string; database: string; instances: Instance[] }>();
  const add = (o: Owner, database: string, instance: Instance) => {
    const key = `${teamOf(o)}\u0000${database}`;
    const found = byDatabase.get(key) ?? { team: teamOf(o), database, instances: [] };
    found.instances.push(instance);
    byDatabase.set(key, found);
  };
  for (const db of inventory.sqlInstances) add(db, db.database, sqlInstance(db, production));
  for (const db of inventory.redisInstances) {
    const ha = db.tier === 'STANDARD_HA';
    const prod = production.has(db.environment ?? '');
    add(db, db.database, {
      environment: db.environment ?? 'unknown',
      instance: db.name,
      tier: db.tier,
      highAvailability: ha,
      engine: 'redis',
      managed: db.managed,
      deviations: prod && !ha ? ['no high availability in production'] : [],
    });
  }
  const databases: DatabaseAdoption[] = [...byDatabase.values()].map(({ team, database, instances }) => {
    const description = catalog.get(`Resource:${database}`)?.description;
    return {
      database,
      team,
      engine: instances[0].engine,
      goldenPath: instances.every((i) => i.managed),
      ...(description !== undefined ? { description } : {}),
      environments: instances.sort((a, b) => envOrder(a.environment) - envOrder(b.environment)).map(({ engine: _e, managed: _m, ...i }) => i),
    };
  }).sort((a, b) => a.team.localeCompare(b.team) || a.database.localeCompare(b.database));

  // Guardrails: findings and suppressions, placed by the resource they name, else by their stack.
  const stackOwner = new Map(inventory.stacks.map((s) => [s.name, s as Owner]));
  const findings: FindingEntry[] = [];
  const suppressions: SuppressionEntry[] = [];
  for (const stack of synth.stacks) {
    const report = stack.guardrails;
    if (!report) continue;
    const owner = stackOwner.get(stack.name) ?? {};
    for (const f of Array.isArray(report.findings) ? report.findings : []) {
      const labelled = inventory.ownerOfAddress.get(`${stack.name} ${String(f?.address)}`);
      const at = labelled?.team ? labelled : (typeof f?.constructPath === 'string' ? ownerNear(inventory, f.constructPath) : undefined) ?? owner;
      findings.push({
        team: teamOf(at.team ? at : owner),
        ...(at.environment ?? owner.environment ? { environment: at.environment ?? owner.environment } : {}),
        stack: stack.name,
        ruleId: String(f?.ruleId ?? ''),
        level: String(f?.level ?? ''),
        address: String(f?.address ?? ''),
        message: String(f?.message ?? ''),
      });
    }
    const suppressed = Array.isArray(report.suppressed) ? report.suppressed : [];
    for (const s of Array.isArray(report.suppressions) ? report.suppressions : []) {
      const scope = String(s?.scope ?? '');
      const ruleId = String(s?.ruleId ?? '');
      const expires = typeof s?.expires === 'string' ? s.expires : undefined;
      const daysLeft = expires === undefined ? undefined : daysBetween(inputs.today, expires);
      const expired = s?.expired === true || (daysLeft !== undefined && daysLeft < 0);
      suppressions.push({
        team: teamOf(ownerNear(inventory, scope) ?? owner),
        stack: stack.name,
        ruleId,
        scope,
        reason: String(s?.reason ?? ''),
        ...(expires !== undefined ? { expires } : {}),
        expired,
        ...(daysLeft !== undefined ? { daysLeft } : {}),
        expiringSoon: !expired && daysLeft !== undefined && daysLeft <= EXPIRING_WITHIN_DAYS,
        suppressedFindings: suppressed.filter((f: any) => f?.ruleId === ruleId && f?.suppression?.scope === scope).length,
      });
    }
  }
  findings.sort((a, b) => a.team.localeCompare(b.team) || a.stack.localeCompare(b.stack)
    || a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address));
  suppressions.sort((a, b) => a.team.localeCompare(b.team) || (a.expires ?? '9999').localeCompare(b.expires ?? '9999') || a.ruleId.localeCompare(b.ruleId));

  const teamNames = [...new Set([
    ...inventory.teams, ...services.map((s) => s.team), ...databases.map((d) => d.team),
    ...findings.map((f) => f.team), ...suppressions.map((s) => s.team),
  ])].sort();
  const teams: TeamAdoption[] = teamNames.map((team) => {
    const own = services.filter((s) => s.team === team);
    const dbs = databases.filter((d) => d.team === team);
    const sup = suppressions.filter((s) => s.team === team);
    return {
      team,
      services: own.length,
      servicesOnGoldenPath: own.filter((s) => s.goldenPath).length,
      servicesWithOverrides: own.filter(hasOverrides).length,
      servicesFromTemplate: own.filter((s) => s.repositoryOrigin === 'template').length,
      databases: dbs.length,
      databasesOnGoldenPath: dbs.filter((d) => d.goldenPath).length,
      errors: findings.filter((f) => f.team === team && f.level === 'error').length,
      warnings: findings.filter((f) => f.team === team && f.level === 'warning').length,
      suppressions: sup.length,
      expiringSoon: sup.filter((s) => s.expiringSoon).length,
    };
  });
  const onPath = services.filter((s) => s.goldenPath).length;
  return {
    summary: {
      services: services.length,
      servicesOnGoldenPath: onPath,
      goldenPathPercent: services.length === 0 ? 100 : Math.round((onPath / services.length) * 1000) / 10,
      servicesWithOverrides: services.filter(hasOverrides).length,
      servicesFromTemplate: services.filter((s) => s.repositoryOrigin === 'template').length,
      databases: databases.length,
      databasesOnGoldenPath: databases.filter((d) => d.goldenPath).length,
      errors: findings.filter((f) => f.level === 'error').length,
      warnings: findings.filter((f) => f.level === 'warning').length,
      suppressions: suppressions.length,
      expiringSoon: suppressions.filter((s) => s.expiringSoon).length,
      expired: suppressions.filter((s) => s.expired).length,
    },
    teams,
    services,
    databases,
    findings,
    suppressions,
    observability: observabilityOf(inventory),
  };
}

function hasOverrides(s: ServiceAdoption): boolean {
  return s.environments.some((e) => e.overrides.length > 0);
}

function sqlInstance(db: SqlInstance, production: ReadonlySet<string>) {
  const prod = production.has(db.environment ?? '');
  const ha = db.availability === 'REGIONAL';
  const deviations = [
    ...(db.backups ? [] : ['backups off']),
    ...(prod && !ha ? ['no high availability in production'] : []),
    ...(prod && !db.deletionProtection ? ['no deletion protection in production'] : []),
  ];
  return {
    environment: db.environment ?? 'unknown',
    instance: db.name,
    tier: db.tier,
    highAvailability: ha,
    backups: db.backups,
    deletionProtection: db.deletionProtection,
    deviations,
    engine: engineOf(db.databaseVersion),
    managed: db.managed,
  };
}

/**
 * Whom a construct path (a suppression's scope, a finding's resource) belongs
 * to: the one team of the resources under it; else, going up the path, of
 * the resources under the nearest construct that holds some of one team only
 * (a service's repository carries no label, but its service's Deployments do).
 */
export function ownerNear(inventory: Inventory, constructPath: string): Owner | undefined {
  const segments = constructPath.split('/').filter((s) => s !== '');
  // Never up to the stack itself, which holds every team in a one-stack platform.
  for (let n = segments.length; n >= 2; n--) {
    const prefix = segments.slice(0, n).join('/');
    const owners = [...inventory.ownerOfPath.entries()]
      .filter(([p, o]) => (p === prefix || p.startsWith(`${prefix}/`)) && o.team !== undefined)
      .map(([, o]) => o);
    const teams = new Set(owners.map((o) => o.team));
    if (teams.size === 1) {
      const environments = new Set(owners.map((o) => o.environment));
      return { team: owners[0].team, ...(environments.size === 1 && owners[0].environment ? { environment: owners[0].environment } : {}) };
    }
    if (teams.size > 1) return undefined;
  }
  return undefined;
}
