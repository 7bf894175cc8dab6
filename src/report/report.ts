import { type Adoption, adoptionOf } from './adoption';
import { type CostEstimate, estimateCost } from './cost';
import { inventoryOf } from './inventory';
import type { SynthDir } from './synth-dir';
import type { CostEstimateOptions } from '../platform/cost-estimate';
import type { EnvironmentConfig } from '../platform/environment';
import { GoldenPath, type GoldenPathOverrides } from '../platform/golden-path';
import type { PlatformSettingsFile } from '../platform/platform-settings';
import { DEFAULT_ENVIRONMENTS } from '../private/constants';

/**
 * `golden-paths report`: what a synth output costs and how it follows the
 * golden path, as one JSON document that the Markdown and HTML renderers
 * read. Offline: it reads the files the synth wrote and the platform
 * settings, never a cloud.
 */

/** The version of the report's JSON shape; it grows by adding fields. */
export const REPORT_VERSION = 1;

/** A stack of the synth output and the guardrails' verdict on it. */
export interface StackStatus {
  readonly name: string;
  readonly team?: string;
  readonly environment?: string;
  readonly resources: number;
  /** From the stack's guardrails report, when the synth wrote one. */
  readonly guardrails?: {
    readonly errors: number;
    readonly warnings: number;
    readonly suppressed: number;
    readonly expiredSuppressions: number;
    /** The App skipped validations, so no guardrail error stopped the synth. */
    readonly validationSkipped: boolean;
    /** The version of the library that synthesized the stack (and rendered its platform-owned files). */
    readonly libraryVersion?: string;
  };
}

/** The whole report. */
export interface Report {
  readonly version: number;
  /** The day expiry dates are counted from (YYYY-MM-DD). */
  readonly today: string;
  readonly platform: {
    readonly githubOrganization?: string;
    readonly region?: string;
    readonly environments: readonly string[];
    readonly production: readonly string[];
    readonly teams: readonly string[];
    /** Where the settings came from: a file, or the library's defaults. */
    readonly settings: string;
  };
  readonly stacks: readonly StackStatus[];
  readonly cost: CostEstimate;
  readonly adoption: Adoption;
}

/** What a report is made from. */
export interface ReportInputs {
  readonly synth: SynthDir;
  /** The platform settings, read and checked; without them the library's defaults apply. */
  readonly settings?: PlatformSettingsFile;
  /** The settings file's path, as the report names it. */
  readonly settingsFile?: string;
  /** Today (YYYY-MM-DD). */
  readonly today: string;
}

/** Builds the report of a synth output. */
export function buildReport(inputs: ReportInputs): Report {
  const settings = inputs.settings?.settings ?? {};
  const environments = Array.isArray(settings.environments) ? settings.environments as EnvironmentConfig[] : undefined;
  // The settings' environments place workloads; the synth output's platform.json, when it has one, is the same file.
  const synth: SynthDir = environments && !inputs.synth.platform ? { ...inputs.synth, platform: { environments } } : inputs.synth;
  const inventory = inventoryOf(synth);
  const serviceRepositories = Object.fromEntries([...(inputs.settings?.teams ?? new Map()).entries()]
    .map(([team, t]) => [team, [...(t.serviceRepositories ?? [])]]));
  const region = typeof settings.region === 'string' ? settings.region : undefined;
  const clusterLocations = Object.fromEntries((environments ?? [])
    .filter((e) => typeof e.gkeLocation === 'string').map((e) => [e.name, e.gkeLocation!]));
  const cost = estimateCost(inventory, {
    region,
    clusterLocations,
    options: settings.costEstimate as CostEstimateOptions | undefined,
    serviceRepositories,
  });
  const path = GoldenPath.goMicroservice((settings.goldenPathOverrides ?? {}) as GoldenPathOverrides);
  const envConfigs: readonly EnvironmentConfig[] = environments ?? DEFAULT_ENVIRONMENTS;
  const adoption = adoptionOf(inventory, synth, {
    goldenPath: (env) => path.workloadSettings(envConfigs.find((e) => e.name === env)?.workloads ?? {}),
    serviceRepositories,
    ...(inputs.settings ? { templateRepository: inputs.settings.serviceTemplateRepository !== undefined } : {}),
    today: inputs.today,
  });
  const stacks: StackStatus[] = inventory.stacks.map((s) => {
    const report = synth.stacks.find((x) => x.name === s.name)?.guardrails;
    const summary = report?.summary ?? {};
    const count = (v: unknown) => (typeof v === 'number' ? v : 0);
    return {
      ...s,
      ...(report ? {
        guardrails: {
          errors: count(summary.errors),
          warnings: count(summary.warnings),
          suppressed: count(summary.suppressed),
          expiredSuppressions: count(summary.expiredSuppressions),
          validationSkipped: report.synth?.validationSkipped === true,
          ...(typeof report.tool?.version === 'string' ? { libraryVersion: report.tool.version } : {}),
        },
      } : {}),
    };
  });
  return {
    version: REPORT_VERSION,
    today: inputs.today,
    platform: {
      ...(typeof settings.githubOrganization === 'string' ? { githubOrganization: settings.githubOrganization } : {}),
      ...(region ? { region } : {}),
      environments: inventory.environments,
      production: inventory.production,
      teams: inventory.teams,
      settings: inputs.settingsFile ?? 'the library\'s defaults (no platform settings given)',
    },
    stacks,
    cost,
    adoption,
  };
}
