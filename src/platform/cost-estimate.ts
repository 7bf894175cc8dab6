import type { PropProblem } from '../private/errors';
import { enumOf, keyedBy, listOf, NUMBER, optional, struct, type PropTypes } from '../private/prop-types';

/**
 * How the clusters the workloads run on are billed, which decides what a
 * pod's requests cost (https://cloud.google.com/kubernetes-engine/pricing).
 */
export enum GkeMode {
  /** Autopilot: the CPU and memory each pod requests, per vCPU-hour and GiB-hour. */
  AUTOPILOT = 'autopilot',
  /**
   * Standard: the Compute Engine nodes; a pod is priced at the node vCPU and
   * memory its requests reserve (E2 on-demand), without the room a node
   * leaves unused or keeps for the system.
   */
  STANDARD = 'standard',
}

/**
 * Prices of one region that replace those of the report's price table
 * (`golden-paths report`), in US dollars: a region the table does not list,
 * negotiated prices, or a newer price list. Each one left out keeps the
 * table's.
 */
export interface RegionPrices {
  /**
   * GKE Autopilot: a vCPU of pod requests, per hour.
   * @default - the price table's
   */
  readonly autopilotVcpuHour?: number;
  /**
   * GKE Autopilot: a GiB of pod memory requests, per hour.
   * @default - the price table's
   */
  readonly autopilotMemoryGibHour?: number;
  /**
   * GKE Standard: a vCPU of the nodes, per hour.
   * @default - the price table's (E2 on-demand)
   */
  readonly standardVcpuHour?: number;
  /**
   * GKE Standard: a GiB of node memory, per hour.
   * @default - the price table's (E2 on-demand)
   */
  readonly standardMemoryGibHour?: number;
  /**
   * Cloud SQL Enterprise edition: a vCPU of a zonal instance, per hour (high availability doubles it).
   * @default - the price table's
   */
  readonly cloudSqlVcpuHour?: number;
  /**
   * Cloud SQL Enterprise edition: a GB of memory of a zonal instance, per hour (high availability doubles it).
   * @default - the price table's
   */
  readonly cloudSqlMemoryGbHour?: number;
  /**
   * Cloud SQL: a GB of SSD storage of a zonal instance, per month (high availability doubles it).
   * @default - the price table's
   */
  readonly cloudSqlSsdGbMonth?: number;
  /**
   * Memorystore for Redis, Basic tier: a GB of capacity per hour, for each
   * capacity tier M1 (1 to 4 GB), M2 (5 to 10), M3 (11 to 35), M4 (36 to
   * 100) and M5 (over 100): five prices.
   * @default - the price table's
   */
  readonly redisBasicGbHour?: number[];
  /**
   * Memorystore for Redis, Standard tier (high availability): a GB of
   * capacity per hour, for the capacity tiers M1 to M5: five prices.
   * @default - the price table's
   */
  readonly redisStandardGbHour?: number[];
  /**
   * Artifact Registry: a GB of stored images, per month.
   * @default - the price table's
   */
  readonly artifactRegistryGbMonth?: number;
}

/**
 * What `golden-paths report` needs to estimate the platform's monthly cost
 * beyond what the synthesized Terraform says: how the clusters are billed,
 * prices that replace its price table, the registries' expected size, and
 * the exchange rates that compare the estimate (in US dollars) with team
 * budgets in other currencies. Nothing here changes a resource.
 */
export interface CostEstimateOptions {
  /**
   * How the clusters are billed.
   * @default GkeMode.AUTOPILOT
   */
  readonly gkeMode?: GkeMode;
  /**
   * Prices per region (`europe-west1`), replacing the price table's.
   * @default - the price table's prices; a region it does not list is estimated at its us-central1 prices, and the report says so
   */
  readonly regions?: { [region: string]: RegionPrices };
  /**
   * The stored images each service keeps in its team's registry, in GB (the
   * registry keeps the 20 newest versions of each image and every deployed one).
   * @default 0.5
   */
  readonly registryGbPerService?: number;
  /**
   * How many units of a currency one US dollar buys (`{ "EUR": 0.92 }`), to
   * compare the estimate with team budgets in that currency.
   * @default - budgets in other currencies than USD are not compared, and the report says so
   */
  readonly exchangeRates?: { [currencyCode: string]: number };
}

/** The runtime types of {@link RegionPrices}. */
export const REGION_PRICES_TYPES: PropTypes<RegionPrices> = {
  autopilotVcpuHour: optional(NUMBER),
  autopilotMemoryGibHour: optional(NUMBER),
  standardVcpuHour: optional(NUMBER),
  standardMemoryGibHour: optional(NUMBER),
  cloudSqlVcpuHour: optional(NUMBER),
  cloudSqlMemoryGbHour: optional(NUMBER),
  cloudSqlSsdGbMonth: optional(NUMBER),
  redisBasicGbHour: optional(listOf(NUMBER)),
  redisStandardGbHour: optional(listOf(NUMBER)),
  artifactRegistryGbMonth: optional(NUMBER),
};

/** The runtime types of {@link CostEstimateOptions}. */
export const COST_ESTIMATE_TYPES: PropTypes<CostEstimateOptions> = {
  gkeMode: optional(enumOf(GkeMode, 'GkeMode')),
  regions: optional(keyedBy(struct('RegionPrices', REGION_PRICES_TYPES), 'europe-west1')),
  registryGbPerService: optional(NUMBER),
  exchangeRates: optional(keyedBy(NUMBER, 'EUR')),
};

/** How many capacity tiers Memorystore for Redis prices (M1 to M5). */
export const REDIS_CAPACITY_TIERS = 5;

const REGION = /^[a-z]+(-[a-z]+)*[0-9]+$/;

/** What is wrong with the values of cost estimate settings whose types are right (`prefix`: where they are, e.g. `costEstimate.`). */
export function costEstimateProblems(prefix: string, options: CostEstimateOptions | undefined): PropProblem[] {
  if (options === undefined) return [];
  const found: PropProblem[] = [];
  const price = (prop: string, value: number | undefined) => {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      found.push({ prop, value, problem: 'is not a price (a number of US dollars, 0 or more)', fix: 'write the price from the pricing page, e.g. 0.0445' });
    }
  };
  for (const [region, prices] of Object.entries(options.regions ?? {})) {
    const at = `${prefix}regions.${region}`;
    if (!REGION.test(region)) {
      found.push({ prop: `${prefix}regions`, value: region, problem: 'is not a Google Cloud region', fix: 'key the prices by region, e.g. "europe-west1"' });
    }
    for (const key of Object.keys(REGION_PRICES_TYPES) as (keyof RegionPrices)[]) {
      const value = prices[key];
      if (Array.isArray(value)) {
        if (value.length !== REDIS_CAPACITY_TIERS) {
          found.push({ prop: `${at}.${key}`, value, problem: `has ${value.length} prices, not one for each capacity tier M1 to M5`, fix: 'give five prices per GB-hour, M1 (1 to 4 GB) first' });
        }
        value.forEach((v, i) => price(`${at}.${key}[${i}]`, v));
      } else {
        price(`${at}.${key}`, value);
      }
    }
  }
  const gb = options.registryGbPerService;
  if (gb !== undefined && (!Number.isFinite(gb) || gb < 0 || gb > 10_000)) {
    found.push({ prop: `${prefix}registryGbPerService`, value: gb, problem: 'is not a size in GB from 0 to 10000', fix: 'give the GB one service\'s kept images take, e.g. 0.5' });
  }
  for (const [currency, rate] of Object.entries(options.exchangeRates ?? {})) {
    if (!/^[A-Z]{3}$/.test(currency)) {
      found.push({ prop: `${prefix}exchangeRates`, value: currency, problem: 'is not an ISO 4217 currency code', fix: 'key the rates by three capital letters, e.g. "EUR"' });
    } else if (!Number.isFinite(rate) || rate <= 0) {
      found.push({ prop: `${prefix}exchangeRates.${currency}`, value: rate, problem: 'is not an exchange rate (more than 0)', fix: `write how many ${currency} one US dollar buys, e.g. 0.92` });
    }
  }
  return found;
}
