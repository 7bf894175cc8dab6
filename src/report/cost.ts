import type { Inventory, Owner, Workload } from './inventory';
import { PRICE_TABLE, type PriceTable, type Prices, redisCapacityTier } from './prices';
import { type CostEstimateOptions, GkeMode } from '../platform/cost-estimate';

/**
 * The monthly cost estimate: each workload (its pods' requests times its
 * replicas, from the autoscaling minimum to the maximum), each database
 * (Cloud SQL tier, high availability and storage; Memorystore capacity and
 * tier) and each team's registry, priced from the price table (or the
 * settings' prices), summed per team and environment and compared with each
 * team's budget.
 */

/** A monthly amount from the autoscaling minimum to the maximum. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One service in one environment. */
export interface ServiceCost {
  readonly service: string;
  readonly team: string;
  readonly environment: string;
  readonly region: string;
  readonly replicas: Range;
  /** What one pod is billed for: its containers' requests (init containers when they ask for more), raised to Autopilot's bounds. */
  readonly pod: { readonly vcpu: number; readonly memoryGib: number };
  /** The price of a vCPU-hour and of a GiB-hour. */
  readonly prices: { readonly vcpuHour: number; readonly memoryGibHour: number };
  readonly components: { readonly vcpu: Range; readonly memory: Range };
  readonly monthly: Range;
}

/** One database instance in one environment. */
export interface DatabaseCost {
  readonly database: string;
  readonly instance: string;
  readonly team: string;
  readonly environment: string;
  readonly region: string;
  readonly engine: 'cloud-sql' | 'redis';
  /** The Cloud SQL tier (`db-custom-2-7680`), or the Memorystore tier and capacity tier (`BASIC M1`). */
  readonly tier: string;
  readonly highAvailability: boolean;
  /** Cloud SQL: vCPU, memory and storage; Memorystore: capacity. */
  readonly components: { readonly [part: string]: number };
  readonly monthly: number;
}

/** A team's registry. */
export interface RegistryCost {
  readonly registry: string;
  readonly team: string;
  readonly region: string;
  /** The services whose images it keeps. */
  readonly services: number;
  readonly storageGb: number;
  readonly monthly: number;
}

/** How a team's estimate compares with its budget. */
export interface BudgetComparison {
  readonly amount: number;
  readonly currency: string;
  /** The estimate in the budget's currency, when it could be converted. */
  readonly estimate?: Range;
  /** within: even the maximum fits; may-exceed: the maximum does not; over: even the minimum does not; not-compared: no exchange rate. */
  readonly status: 'within' | 'may-exceed' | 'over' | 'not-compared';
  readonly note?: string;
}

/** A team's estimate, per environment (`shared`: what every environment shares, such as the registry). */
export interface TeamCost {
  readonly team: string;
  readonly monthly: Range;
  readonly environments: readonly { readonly environment: string; readonly monthly: Range }[];
  readonly budget?: BudgetComparison;
}

/** What could not be priced, and why. */
export interface Unpriced {
  readonly what: string;
  readonly why: string;
}

/** The whole estimate. */
export interface CostEstimate {
  readonly currency: string;
  readonly priceDate: string;
  readonly gkeMode: GkeMode;
  readonly hoursPerMonth: number;
  readonly sources: { readonly [product: string]: string };
  /** Where each price of a region came from: the table, the settings, or the table's fallback region. */
  readonly regions: readonly { readonly region: string; readonly pricedAs: string; readonly overridden: readonly string[] }[];
  readonly total: Range;
  readonly teams: readonly TeamCost[];
  readonly environments: readonly { readonly environment: string; readonly monthly: Range }[];
  readonly services: readonly ServiceCost[];
  readonly databases: readonly DatabaseCost[];
  readonly registries: readonly RegistryCost[];
  readonly unpriced: readonly Unpriced[];
  readonly notes: readonly string[];
}

/** What the estimate needs from the settings. */
export interface CostInputs {
  /** The platform's region (settings `region`), where a workload runs unless its environment's cluster is elsewhere. */
  readonly region?: string;
  /** Each environment's cluster location (`gkeLocation`), when the settings give one. */
  readonly clusterLocations?: { readonly [environment: string]: string };
  readonly options?: CostEstimateOptions;
  /** The service repositories platform.json lists per onboarded team (their images are in the team's registry). */
  readonly serviceRepositories?: { readonly [team: string]: readonly string[] };
}

/** The label of what every environment shares (the team's registry). */
export const SHARED = 'shared';
/** The team of what no label, namespace or stack places. */
export const NO_TEAM = '(no team)';
/** The default GB of kept images per service. */
export const DEFAULT_REGISTRY_GB_PER_SERVICE = 0.5;
/** Autopilot's memory per vCPU for general-purpose pods: at least 1 GiB, at most 6.5 (https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-resource-requests). */
export const AUTOPILOT_MIN_GIB_PER_VCPU = 1;
export const AUTOPILOT_MAX_GIB_PER_VCPU = 6.5;

const GIB = 2 ** 30;

/** Cents, for the report: sums are taken before rounding. */
export function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function range(min: number, max: number): Range {
  return { min, max };
}

function addRange(a: Range, b: Range): Range {
  return range(a.min + b.min, a.max + b.max);
}

function roundRange(r: Range): Range {
  return range(money(r.min), money(r.max));
}

/** The region of a location (`europe-west1-b` is in `europe-west1`). */
export function regionOf(location: string): string {
  return /^[a-z]+-[a-z]+[0-9]+-[a-z]$/.test(location) ? location.slice(0, -2) : location;
}

/** The prices of a region: the settings' over the table's over the fallback region's, and which of them came from where. */
export function pricesFor(
  region: string, options: CostEstimateOptions | undefined, table: PriceTable = PRICE_TABLE,
): { prices: Prices; pricedAs: string; overridden: string[] } {
  const own = table.regions[region];
  const base = own ?? table.regions[table.fallbackRegion];
  const overrides = options?.regions?.[region] ?? {};
  const overridden = Object.keys(overrides).filter((k) => (overrides as Record<string, unknown>)[k] !== undefined).sort();
  const prices = { ...base, ...Object.fromEntries(overridden.map((k) => [k, (overrides as Record<string, unknown>)[k]])) } as Prices;
  const complete = overridden.length === Object.keys(base).length;
  const pricedAs = own ? region : complete ? region : table.fallbackRegion;
  return { prices, pricedAs, overridden };
}

/**
 * What one pod is billed for: the sum of its containers' requests, or its
 * largest init container's when that asks for more (init containers run
 * before the others); on Autopilot, raised to between 1 and 6.5 GiB of
 * memory per vCPU, as Autopilot does.
 */
export function podRequests(workload: Workload, mode: GkeMode): { vcpu: number; memoryGib: number; unknown: boolean } {
  const sum = (key: 'cpu' | 'memory') => workload.containers.reduce((total, c) => total + (c[key] ?? 0), 0);
  const init = (key: 'cpu' | 'memory') => workload.initContainers.reduce((most, c) => Math.max(most, c[key] ?? 0), 0);
  const unknown = [...workload.containers, ...workload.initContainers].some((c) => c.cpu === undefined || c.memory === undefined);
  let vcpu = Math.max(sum('cpu'), init('cpu'));
  let memoryGib = Math.max(sum('memory'), init('memory')) / GIB;
  if (mode === GkeMode.AUTOPILOT) {
    memoryGib = Math.max(memoryGib, vcpu * AUTOPILOT_MIN_GIB_PER_VCPU);
    vcpu = Math.max(vcpu, memoryGib / AUTOPILOT_MAX_GIB_PER_VCPU);
  }
  return { vcpu, memoryGib, unknown };
}

/** The replicas a workload runs: the autoscaling range, or its fixed count. */
export function replicasOf(workload: Workload): Range {
  if (workload.autoscaling) return range(workload.autoscaling.minReplicas, workload.autoscaling.maxReplicas);
  const n = workload.replicas ?? 1;
  return range(n, n);
}

/** The cores and memory (GB, as Cloud SQL counts it: 1024 MB) of a `db-custom-<vcpus>-<MB>` tier. */
export function customTier(tier: string): { vcpu: number; memoryGb: number } | undefined {
  const m = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  return m ? { vcpu: Number(m[1]), memoryGb: Number(m[2]) / 1024 } : undefined;
}

/** Estimates the monthly cost of everything in `inventory`. */
export function estimateCost(inventory: Inventory, inputs: CostInputs, table: PriceTable = PRICE_TABLE): CostEstimate {
  const options = inputs.options ?? {};
  const mode = options.gkeMode ?? GkeMode.AUTOPILOT;
  const hours = table.hoursPerMonth;
  const unpriced: Unpriced[] = [];
  const usedRegions = new Map<string, ReturnType<typeof pricesFor>>();
  const at = (region: string) => {
    let found = usedRegions.get(region);
    if (!found) usedRegions.set(region, found = pricesFor(region, options, table));
    return found.prices;
  };
  const teamOf = (o: Owner) => o.team ?? NO_TEAM;
  // Where a workload runs: its environment's cluster, else the platform's region, else where its team's databases are.
  const anyRegion = inputs.region
    ?? [...inventory.sqlInstances, ...inventory.redisInstances].map((d) => d.region).find((r): r is string => r !== undefined)
    ?? table.fallbackRegion;
  const workloadRegion = (env: string | undefined) => regionOf(inputs.clusterLocations?.[env ?? ''] ?? anyRegion);

  const services: ServiceCost[] = [];
  for (const w of inventory.workloads) {
    const region = workloadRegion(w.environment);
    const prices = at(region);
    const pod = podRequests(w, mode);
    if (pod.unknown) unpriced.push({ what: `${w.service} (${w.environment ?? 'no environment'})`, why: 'a container\'s cpu or memory request is not a number the report can read (a reference?), so it counts as 0' });
    const replicas = replicasOf(w);
    const vcpuHour = mode === GkeMode.AUTOPILOT ? prices.autopilotVcpuHour : prices.standardVcpuHour;
    const memoryGibHour = mode === GkeMode.AUTOPILOT ? prices.autopilotMemoryGibHour : prices.standardMemoryGibHour;
    const perPodVcpu = pod.vcpu * vcpuHour * hours;
    const perPodMemory = pod.memoryGib * memoryGibHour * hours;
    const vcpu = range(perPodVcpu * replicas.min, perPodVcpu * replicas.max);
    const memory = range(perPodMemory * replicas.min, perPodMemory * replicas.max);
    services.push({
      service: w.service,
      team: teamOf(w),
      environment: w.environment ?? SHARED,
      region,
      replicas,
      pod: { vcpu: pod.vcpu, memoryGib: pod.memoryGib },
      prices: { vcpuHour, memoryGibHour },
      components: { vcpu, memory },
      monthly: addRange(vcpu, memory),
    });
  }

  const databases: DatabaseCost[] = [];
  for (const db of inventory.sqlInstances) {
    const region = db.region ?? anyRegion;
    const prices = at(region);
    const shape = customTier(db.tier);
    const ha = db.availability === 'REGIONAL';
    const factor = ha ? 2 : 1;
    const base = { database: db.database, instance: db.name, team: teamOf(db), environment: db.environment ?? SHARED, region, engine: 'cloud-sql' as const, tier: db.tier, highAvailability: ha };
    if (!shape || db.edition !== 'ENTERPRISE') {
      unpriced.push({ what: `Cloud SQL ${db.name}`, why: !shape ? `its tier ${db.tier || '(none)'} is not a db-custom-<vCPUs>-<MB> tier the price table prices` : `the price table has Enterprise edition prices only, and it is ${db.edition}` });
      databases.push({ ...base, components: {}, monthly: 0 });
      continue;
    }
    const components: Record<string, number> = {
      vcpu: shape.vcpu * prices.cloudSqlVcpuHour * hours * factor,
      memory: shape.memoryGb * prices.cloudSqlMemoryGbHour * hours * factor,
      storage: 0,
    };
    if (db.diskType === 'PD_SSD' && db.diskGb !== undefined) {
      components.storage = db.diskGb * prices.cloudSqlSsdGbMonth * factor;
    } else {
      unpriced.push({ what: `Cloud SQL ${db.name} storage`, why: db.diskGb === undefined ? 'its disk size is not a number the report can read' : `the price table prices SSD storage only, and it is ${db.diskType}` });
    }
    databases.push({ ...base, components, monthly: components.vcpu + components.memory + components.storage });
  }
  for (const db of inventory.redisInstances) {
    const region = db.region ?? anyRegion;
    const prices = at(region);
    const ha = db.tier === 'STANDARD_HA';
    const base = { database: db.database, instance: db.name, team: teamOf(db), environment: db.environment ?? SHARED, region, engine: 'redis' as const, highAvailability: ha };
    if (db.memoryGb === undefined) {
      unpriced.push({ what: `Memorystore ${db.name}`, why: 'its memory size is not a number the report can read' });
      databases.push({ ...base, tier: db.tier, components: {}, monthly: 0 });
      continue;
    }
    const tier = redisCapacityTier(db.memoryGb);
    const perGbHour = (ha ? prices.redisStandardGbHour : prices.redisBasicGbHour)[tier];
    const capacity = db.memoryGb * perGbHour * hours;
    databases.push({ ...base, tier: `${db.tier} M${tier + 1}`, components: { capacity }, monthly: capacity });
  }

  const gbPerService = options.registryGbPerService ?? DEFAULT_REGISTRY_GB_PER_SERVICE;
  const registries: RegistryCost[] = inventory.registries.map((r) => {
    const team = teamOf(r);
    const names = new Set([
      ...inventory.workloads.filter((w) => teamOf(w) === team).map((w) => w.service),
      ...(inputs.serviceRepositories?.[team] ?? []),
      // Service repositories created from the template repository, in a platform repository's output.
      ...inventory.repositories.filter((repo) => repo.team === team && repo.template !== undefined).map((repo) => repo.name),
    ]);
    const region = r.region ?? anyRegion;
    const storageGb = names.size * gbPerService;
    return { registry: r.name, team, region, services: names.size, storageGb, monthly: storageGb * at(region).artifactRegistryGbMonth };
  });

  // Sums per team and environment.
  const teamNames = [...new Set([...services.map((s) => s.team), ...databases.map((d) => d.team), ...registries.map((r) => r.team)])].sort();
  const envOrder = [...inventory.environments, SHARED];
  const order = (env: string) => {
    const i = envOrder.indexOf(env);
    return i === -1 ? envOrder.length : i;
  };
  const teams: TeamCost[] = teamNames.map((team) => {
    const byEnv = new Map<string, Range>();
    const add = (env: string, r: Range) => byEnv.set(env, addRange(byEnv.get(env) ?? range(0, 0), r));
    services.filter((s) => s.team === team).forEach((s) => add(s.environment, s.monthly));
    databases.filter((d) => d.team === team).forEach((d) => add(d.environment, range(d.monthly, d.monthly)));
    registries.filter((r) => r.team === team).forEach((r) => add(SHARED, range(r.monthly, r.monthly)));
    const environments = [...byEnv.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
    const monthly = environments.reduce((total, [, r]) => addRange(total, r), range(0, 0));
    const budget = compareBudget(inventory, team, monthly, options, table.currency);
    return {
      team,
      monthly: roundRange(monthly),
      environments: environments.map(([environment, r]) => ({ environment, monthly: roundRange(r) })),
      ...(budget ? { budget } : {}),
    };
  });
  const byEnvironment = new Map<string, Range>();
  const addEnv = (env: string, r: Range) => byEnvironment.set(env, addRange(byEnvironment.get(env) ?? range(0, 0), r));
  services.forEach((s) => addEnv(s.environment, s.monthly));
  databases.forEach((d) => addEnv(d.environment, range(d.monthly, d.monthly)));
  registries.forEach((r) => addEnv(SHARED, range(r.monthly, r.monthly)));
  const total = [...byEnvironment.values()].reduce(addRange, range(0, 0));

  const notes = [
    `Prices: ${table.currency} list prices of ${table.date}, on demand, without discounts, free tiers or taxes; a month is ${hours} hours.`,
    mode === GkeMode.AUTOPILOT
      ? 'Workloads: GKE Autopilot, the pods\' requests (memory raised to 1 GiB per vCPU where less), from the autoscaling minimum to the maximum.'
      : 'Workloads: GKE Standard, the node capacity the pods\' requests reserve at E2 on-demand prices, without the room nodes leave unused.',
    'Not counted: the clusters\' management fee, network egress, load balancers, database backups and the grant Jobs\' minutes.',
    `Registries: ${gbPerService} GB of images per service (costEstimate.registryGbPerService).`,
    ...[...usedRegions.entries()].filter(([region, p]) => p.pricedAs !== region)
      .map(([region]) => `${region}: the price table has no prices for it, so it is estimated at ${table.fallbackRegion} prices; set costEstimate.regions.${region} in the platform settings for its own.`),
  ];
  return {
    currency: table.currency,
    priceDate: table.date,
    gkeMode: mode,
    hoursPerMonth: hours,
    sources: table.sources,
    regions: [...usedRegions.entries()].sort(([a], [b]) => a.localeCompare(b))
      .map(([region, p]) => ({ region, pricedAs: p.pricedAs, overridden: p.overridden })),
    total: roundRange(total),
    teams,
    environments: [...byEnvironment.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([environment, r]) => ({ environment, monthly: roundRange(r) })),
    services: services.map((s) => ({
      ...s,
      pod: { vcpu: Math.round(s.pod.vcpu * 1000) / 1000, memoryGib: Math.round(s.pod.memoryGib * 1000) / 1000 },
      components: { vcpu: roundRange(s.components.vcpu), memory: roundRange(s.components.memory) },
      monthly: roundRange(s.monthly),
    })).sort(byTeamEnvironment(order, (s) => s.service)),
    databases: databases.map((d) => ({
      ...d,
      components: Object.fromEntries(Object.entries(d.components).map(([k, v]) => [k, money(v)])),
      monthly: money(d.monthly),
    })).sort(byTeamEnvironment(order, (d) => d.instance)),
    registries: registries.map((r) => ({ ...r, monthly: money(r.monthly) }))
      .sort((a, b) => a.team.localeCompare(b.team) || a.registry.localeCompare(b.registry)),
    unpriced,
    notes,
  };
}

function byTeamEnvironment<T extends { team: string; environment: string }>(order: (env: string) => number, name: (t: T) => string) {
  return (a: T, b: T) => a.team.localeCompare(b.team) || order(a.environment) - order(b.environment) || name(a).localeCompare(name(b));
}

/** How a team's estimate compares with its budget, converted with the settings' exchange rates. */
function compareBudget(
  inventory: Inventory, team: string, monthly: Range, options: CostEstimateOptions, currency: string,
): BudgetComparison | undefined {
  const budget = inventory.budgets.find((b) => b.team === team);
  if (!budget) return undefined;
  const budgetCurrency = budget.currency ?? currency;
  const assumed = budget.currency === undefined
    ? `the budget names no currency (it is the billing account's): compared as ${currency}`
    : undefined;
  const rate = budgetCurrency === currency ? 1 : options.exchangeRates?.[budgetCurrency];
  if (rate === undefined) {
    return {
      amount: budget.amount,
      currency: budgetCurrency,
      status: 'not-compared',
      note: `the estimate is in ${currency} and the budget in ${budgetCurrency}: set costEstimate.exchangeRates.${budgetCurrency} (how many ${budgetCurrency} one ${currency} buys) in the platform settings to compare them`,
    };
  }
  const estimate = range(monthly.min * rate, monthly.max * rate);
  const status = estimate.min > budget.amount ? 'over' : estimate.max > budget.amount ? 'may-exceed' : 'within';
  const converted = rate === 1 ? undefined : `converted at ${rate} ${budgetCurrency} per ${currency} (costEstimate.exchangeRates)`;
  const note = [assumed, converted].filter((n) => n !== undefined).join('; ');
  return { amount: budget.amount, currency: budgetCurrency, estimate: roundRange(estimate), status, ...(note ? { note } : {}) };
}
