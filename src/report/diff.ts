import type { Adoption, Override, SuppressionEntry } from './adoption';
import { money, type Range } from './cost';
import type { Report } from './report';

/**
 * What a change does to cost and adoption: the report of a base synth
 * output (`--base`, e.g. the target branch's) against the report of the
 * change, as Infracost shows a pull request's cost difference.
 */

/** A monthly amount before and after, and the change (after minus before, minimum and maximum each). */
export interface RangeChange {
  readonly before: Range;
  readonly after: Range;
  readonly change: Range;
}

/** How a thing changed between the two outputs. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** A service in one environment whose cost changed. */
export interface ServiceChange extends RangeChange {
  readonly service: string;
  readonly team: string;
  readonly environment: string;
  readonly kind: ChangeKind;
  /** What changed in its pod or replicas, in words (`replicas 2-10 → 4-20`). */
  readonly details: readonly string[];
}

/** A database instance whose cost changed. */
export interface DatabaseChange {
  readonly instance: string;
  readonly database: string;
  readonly team: string;
  readonly environment: string;
  readonly kind: ChangeKind;
  readonly before: number;
  readonly after: number;
  readonly change: number;
  readonly details: readonly string[];
}

/** An override of the golden path that a change adds or removes. */
export interface OverrideChange extends Override {
  readonly service: string;
  readonly team: string;
  readonly environment: string;
}

/** The difference between two reports. */
export interface ReportDiff {
  readonly total: RangeChange;
  /** Per team and environment, those that changed. */
  readonly teams: readonly (RangeChange & { readonly team: string; readonly environment: string })[];
  readonly services: readonly ServiceChange[];
  readonly databases: readonly DatabaseChange[];
  readonly adoption: { readonly before: Adoption['summary']; readonly after: Adoption['summary'] };
  readonly overrides: { readonly added: readonly OverrideChange[]; readonly removed: readonly OverrideChange[] };
  readonly suppressions: { readonly added: readonly SuppressionEntry[]; readonly removed: readonly SuppressionEntry[] };
  /** Stacks only one of the outputs has. */
  readonly stacks: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

const ZERO: Range = { min: 0, max: 0 };

function rangeChange(before: Range = ZERO, after: Range = ZERO): RangeChange {
  return { before, after, change: { min: money(after.min - before.min), max: money(after.max - before.max) } };
}

function unchanged(r: RangeChange): boolean {
  return r.change.min === 0 && r.change.max === 0;
}

function kindOf(before: unknown, after: unknown): ChangeKind {
  return before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
}

/** Entries of two lists keyed alike, in the order of the keys first seen in `after`, then in `before`. */
function pair<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): [string, T | undefined, T | undefined][] {
  const a = new Map(before.map((t) => [key(t), t]));
  const b = new Map(after.map((t) => [key(t), t]));
  return [...new Set([...b.keys(), ...a.keys()])].map((k) => [k, a.get(k), b.get(k)]);
}

const rangeText = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`);

/** The difference between the report of `base` and the report of the change (`head`). */
export function diffReports(base: Report, head: Report): ReportDiff {
  const teams = pair(
    base.cost.teams.flatMap((t) => t.environments.map((e) => ({ team: t.team, ...e }))),
    head.cost.teams.flatMap((t) => t.environments.map((e) => ({ team: t.team, ...e }))),
    (e) => `${e.team}\u0000${e.environment}`,
  ).map(([, b, a]) => ({ team: (a ?? b)!.team, environment: (a ?? b)!.environment, ...rangeChange(b?.monthly, a?.monthly) }))
    .filter((t) => !unchanged(t));

  const services: ServiceChange[] = pair(base.cost.services, head.cost.services, (s) => `${s.team}\u0000${s.service}\u0000${s.environment}`)
    .flatMap(([, b, a]) => {
      const change = rangeChange(b?.monthly, a?.monthly);
      const details = [
        ...(b && a && rangeText(b.replicas) !== rangeText(a.replicas) ? [`replicas ${rangeText(b.replicas)} → ${rangeText(a.replicas)}`] : []),
        ...(b && a && b.pod.vcpu !== a.pod.vcpu ? [`vCPU per pod ${b.pod.vcpu} → ${a.pod.vcpu}`] : []),
        ...(b && a && b.pod.memoryGib !== a.pod.memoryGib ? [`memory per pod ${b.pod.memoryGib} GiB → ${a.pod.memoryGib} GiB`] : []),
      ];
      if (unchanged(change) && details.length === 0 && b && a) return [];
      const s = (a ?? b)!;
      return [{ service: s.service, team: s.team, environment: s.environment, kind: kindOf(b, a), details, ...change }];
    });

  const databases: DatabaseChange[] = pair(base.cost.databases, head.cost.databases, (d) => `${d.team}\u0000${d.instance}`)
    .flatMap(([, b, a]) => {
      const details = [
        ...(b && a && b.tier !== a.tier ? [`tier ${b.tier} → ${a.tier}`] : []),
        ...(b && a && b.highAvailability !== a.highAvailability ? [`high availability ${b.highAvailability ? 'on' : 'off'} → ${a.highAvailability ? 'on' : 'off'}`] : []),
      ];
      const before = b?.monthly ?? 0;
      const after = a?.monthly ?? 0;
      if (b && a && before === after && details.length === 0) return [];
      const d = (a ?? b)!;
      return [{
        instance: d.instance,
        database: d.database,
        team: d.team,
        environment: d.environment,
        kind: kindOf(b, a),
        before,
        after,
        change: money(after - before),
        details,
      }];
    });

  const overridesOf = (r: Report): OverrideChange[] => r.adoption.services.flatMap((s) => s.environments
    .flatMap((e) => e.overrides.map((o) => ({ service: s.service, team: s.team, environment: e.environment, ...o }))));
  const overrideKey = (o: OverrideChange) => `${o.team}\u0000${o.service}\u0000${o.environment}\u0000${o.setting}\u0000${o.value}`;
  const overrides = pair(overridesOf(base), overridesOf(head), overrideKey);
  const suppressionKey = (s: SuppressionEntry) => `${s.stack}\u0000${s.ruleId}\u0000${s.scope}\u0000${s.reason}\u0000${s.expires ?? ''}`;
  const suppressions = pair(base.adoption.suppressions, head.adoption.suppressions, suppressionKey);
  const baseStacks = new Set(base.stacks.map((s) => s.name));
  const headStacks = new Set(head.stacks.map((s) => s.name));
  return {
    total: rangeChange(base.cost.total, head.cost.total),
    teams,
    services,
    databases,
    adoption: { before: base.adoption.summary, after: head.adoption.summary },
    overrides: {
      added: overrides.filter(([, b, a]) => !b && a).map(([, , a]) => a!),
      removed: overrides.filter(([, b, a]) => b && !a).map(([, b]) => b!),
    },
    suppressions: {
      added: suppressions.filter(([, b, a]) => !b && a).map(([, , a]) => a!),
      removed: suppressions.filter(([, b, a]) => b && !a).map(([, b]) => b!),
    },
    stacks: {
      added: [...headStacks].filter((s) => !baseStacks.has(s)).sort(),
      removed: [...baseStacks].filter((s) => !headStacks.has(s)).sort(),
    },
  };
}
