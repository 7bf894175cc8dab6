/**
 * The price table `golden-paths report` estimates with: Google Cloud's list
 * prices, on demand, in US dollars, without discounts, free tiers or taxes.
 *
 * Where each price comes from (the pages render their tables per region;
 * the figures below are those of us-central1 (Iowa), the region every page
 * shows first). They were checked on the table's date against the pages'
 * us-central1 figures as published elsewhere: the Memorystore prices equal
 * those of Infracost's recorded us-central1 test output (its
 * redis_instance_test golden file: $35.77 for 730 GB-hours of Basic M1,
 * $46.72 of Standard M1, and so on), the others the us-central1 quotes of
 * cost guides that cite the same pages.
 *
 * - GKE: https://cloud.google.com/kubernetes-engine/pricing — Autopilot
 *   general-purpose pods: $0.0445 per vCPU-hour and $0.0049225 per GiB-hour
 *   of pod requests; Autopilot takes memory between 1 and 6.5 GiB per vCPU
 *   and raises what a pod asks for to fit. Standard: the nodes, at Compute
 *   Engine prices (https://cloud.google.com/compute/vm-instance-pricing), E2
 *   on demand: $0.021811 per vCPU-hour and $0.002923 per GiB-hour. The
 *   cluster management fee ($0.10 per cluster-hour) is the platform's, not a
 *   team's: the clusters are not in the synthesized Terraform, so it is left out.
 * - Cloud SQL: https://cloud.google.com/sql/pricing — Enterprise edition,
 *   dedicated core: $0.0413 per vCPU-hour, $0.007 per GB-hour of memory,
 *   SSD storage $0.17 per GB-month; a highly available (regional) instance
 *   costs twice each. Backups ($0.08 per GB-month) depend on the data, so
 *   they are left out.
 * - Memorystore for Redis: https://cloud.google.com/memorystore/docs/redis/pricing
 *   — per GB of provisioned capacity per hour, by capacity tier (M1 1-4 GB,
 *   M2 5-10, M3 11-35, M4 36-100, M5 over 100): Basic $0.049, $0.027,
 *   $0.023, $0.019, $0.016; Standard (high availability) $0.064, $0.054,
 *   $0.046, $0.035, $0.030.
 * - Artifact Registry: https://cloud.google.com/artifact-registry/pricing —
 *   $0.10 per GB-month of stored images (the first 0.5 GB of a billing
 *   account is free, which the estimate does not take off).
 *
 * A month is 730 hours, as Google's pricing calculator counts it. Other
 * regions cost more or less: give their prices in the platform settings
 * (`costEstimate.regions`), and the report uses them.
 */

/** The prices of one region, in the table's currency. */
export interface Prices {
  readonly autopilotVcpuHour: number;
  readonly autopilotMemoryGibHour: number;
  readonly standardVcpuHour: number;
  readonly standardMemoryGibHour: number;
  readonly cloudSqlVcpuHour: number;
  readonly cloudSqlMemoryGbHour: number;
  readonly cloudSqlSsdGbMonth: number;
  /** Per GB-hour for the capacity tiers M1 to M5. */
  readonly redisBasicGbHour: readonly number[];
  /** Per GB-hour for the capacity tiers M1 to M5. */
  readonly redisStandardGbHour: readonly number[];
  readonly artifactRegistryGbMonth: number;
}

/** The dated price table. */
export interface PriceTable {
  /** When the prices were taken from the pages (YYYY-MM-DD). */
  readonly date: string;
  readonly currency: string;
  readonly hoursPerMonth: number;
  /** The region whose prices stand in for a region the table does not list. */
  readonly fallbackRegion: string;
  /** The public pricing page of each product. */
  readonly sources: { readonly [product: string]: string };
  readonly regions: { readonly [region: string]: Prices };
}

export const PRICE_TABLE: PriceTable = {
  date: '2026-12-07',
  currency: 'USD',
  hoursPerMonth: 730,
  fallbackRegion: 'us-central1',
  sources: {
    'GKE': 'https://cloud.google.com/kubernetes-engine/pricing',
    'Compute Engine (GKE Standard nodes)': 'https://cloud.google.com/compute/vm-instance-pricing',
    'Cloud SQL': 'https://cloud.google.com/sql/pricing',
    'Memorystore for Redis': 'https://cloud.google.com/memorystore/docs/redis/pricing',
    'Artifact Registry': 'https://cloud.google.com/artifact-registry/pricing',
  },
  regions: {
    'us-central1': {
      autopilotVcpuHour: 0.0445,
      autopilotMemoryGibHour: 0.0049225,
      standardVcpuHour: 0.021811,
      standardMemoryGibHour: 0.002923,
      cloudSqlVcpuHour: 0.0413,
      cloudSqlMemoryGbHour: 0.007,
      cloudSqlSsdGbMonth: 0.17,
      redisBasicGbHour: [0.049, 0.027, 0.023, 0.019, 0.016],
      redisStandardGbHour: [0.064, 0.054, 0.046, 0.035, 0.030],
      artifactRegistryGbMonth: 0.10,
    },
  },
};

/** The upper bound in GB of each Memorystore capacity tier M1 to M4 (M5 is above). */
export const REDIS_TIER_MAX_GB: readonly number[] = [4, 10, 35, 100];

/** The capacity tier (0 for M1 to 4 for M5) of a Redis instance of `gb` GB. */
export function redisCapacityTier(gb: number): number {
  const i = REDIS_TIER_MAX_GB.findIndex((max) => gb <= max);
  return i === -1 ? REDIS_TIER_MAX_GB.length : i;
}
