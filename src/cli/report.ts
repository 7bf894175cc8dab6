import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { costEstimateProblems } from '../platform/cost-estimate';
import type { CostEstimateOptions } from '../platform/cost-estimate';
import { readPlatformSettings, type PlatformSettingsFile } from '../platform/platform-settings';
import { describeProblem } from '../private/errors';
import { type DeliveryMetricsView, isDeliveryMetrics } from '../report/delivery';
import { diffReports, type ReportDiff } from '../report/diff';
import { formatMoney, formatRange, formatRangeChange } from '../report/format';
import { reportHtml } from '../report/html';
import { budgetWarnings, reportMarkdown } from '../report/markdown';
import { buildReport, type Report } from '../report/report';
import { readSynthDir } from '../report/synth-dir';

export const REPORT = {
  name: 'report',
  usage: `Usage: golden-paths report [--synth <cdktf.out>] [--platform <platform.json>] [--base <cdktf.out>]
                           [--json | --markdown] [--html <file>] [--metrics <metrics.json>] [--date <YYYY-MM-DD>]

Reads a synth output (offline: the Terraform JSON, the guardrails' reports and the catalog the
synth wrote) and reports what it costs per month and how it follows the golden path: an estimate
per service, database, team and environment, from the price table the library ships and the
platform settings' costEstimate, compared with each team's budget; the services and databases
on the golden path and what each changes of it; the guardrails' findings and suppressions per
team, with those expiring within 30 days. With --base, what the change costs and changes against
the base (both priced with the same settings). See docs/reports.md.

Options:
  --synth <dir>       the synth output to report on (default: cdktf.out)
  --platform <file>   the platform settings (default: platform.json in the synth output, else in
                      the current folder, else the library's defaults)
  --base <dir>        a synth output to compare with, e.g. the target branch's cdktf.out
  --json              print the report as JSON
  --markdown          print the report as Markdown, for a pull request's job summary
  --html <file>       also write the report as one self-contained HTML page
  --metrics <file>    with --html: add the Delivery metrics section from what
                      golden-paths metrics --json printed
  --date <day>        count suppression expiry from this day (default: today, UTC)
  -h, --help          show this help`,
  options: {
    synth: { type: 'string' },
    platform: { type: 'string' },
    base: { type: 'string' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    html: { type: 'string' },
    metrics: { type: 'string' },
    date: { type: 'string' },
  },
  positionals: [0, 0],
} as const;

/** `golden-paths report`. */
export async function reportCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(REPORT, argv);
  if (values.json && values.markdown) {
    throw CliError.invalid('report', { prop: '--markdown', value: true, problem: 'cannot be given with --json: the report prints one format', fix: 'give one of --json and --markdown' });
  }
  const today = dateOption(values.date as string | undefined);
  const synthDir = path.resolve(io.cwd, typeof values.synth === 'string' ? values.synth : 'cdktf.out');
  const synth = readSynthDir(synthDir, '--synth');
  const { settings, file } = readSettings(io, synthDir, values.platform as string | undefined);
  const report = buildReport({ synth, today, ...(settings ? { settings, settingsFile: path.relative(io.cwd, file!) || file } : {}) });
  let diff: ReportDiff | undefined;
  if (typeof values.base === 'string') {
    const base = buildReport({ synth: readSynthDir(path.resolve(io.cwd, values.base), '--base'), today, ...(settings ? { settings, settingsFile: file } : {}) });
    diff = diffReports(base, report);
  }
  const metrics = typeof values.metrics === 'string' ? readMetrics(path.resolve(io.cwd, values.metrics), values.metrics) : undefined;
  if (typeof values.html === 'string') {
    const target = path.resolve(io.cwd, values.html);
    fs.writeFileSync(target, reportHtml(report, diff, metrics));
    io.err(`wrote ${path.relative(io.cwd, target) || target}`);
  }
  for (const warning of budgetWarnings(report)) io.err(`${paint(io, 'yellow', 'warning:')} ${warning}`);
  if (values.json) {
    io.out(JSON.stringify(diff ? { ...report, diff } : report, undefined, 2));
  } else if (values.markdown) {
    io.out(reportMarkdown(report, diff));
  } else {
    io.out(summary(report, diff));
  }
  return 0;
}

/** The metrics JSON `golden-paths metrics --json` printed, checked for the shape the page reads. */
function readMetrics(file: string, given: string): DeliveryMetricsView {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw CliError.invalid('report', { prop: '--metrics', value: given, problem: `cannot be read as JSON (${(e as Error).message})`, fix: 'give the file golden-paths metrics --json wrote' });
  }
  if (!isDeliveryMetrics(json)) {
    throw CliError.invalid('report', { prop: '--metrics', value: given, problem: 'is not the JSON golden-paths metrics --json prints (version 1)', fix: 'run golden-paths metrics --json > metrics.json and give that file' });
  }
  return json;
}

/** A YYYY-MM-DD day, or today (UTC). */
function dateOption(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw CliError.invalid('report', { prop: '--date', value, problem: 'is not a day written YYYY-MM-DD', fix: 'write a day such as --date 2026-12-07' });
  }
  return value;
}

/** The platform settings: the file given, else platform.json in the synth output, else in the current folder, else none. */
function readSettings(io: Io, synthDir: string, given: string | undefined): { settings?: PlatformSettingsFile; file?: string } {
  const file = given !== undefined
    ? path.resolve(io.cwd, given)
    : [path.join(synthDir, 'platform.json'), path.join(io.cwd, 'platform.json')].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (file === undefined) return {};
  if (!fs.existsSync(file)) {
    throw CliError.invalid('report', { prop: '--platform', value: given, problem: 'does not exist', fix: 'give the platform.json the platform repository publishes, or leave --platform out' });
  }
  const settings = readPlatformSettings(file);
  const problems = costEstimateProblems('costEstimate.', settings.settings.costEstimate as CostEstimateOptions | undefined);
  if (problems.length > 0) {
    throw new CliError(`[${file}] ${problems.length === 1 ? describeProblem(problems[0]) : `${problems.length} invalid settings:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`}`);
  }
  return { settings, file };
}

/** The report in a few lines, for a terminal. */
function summary(report: Report, diff?: ReportDiff): string {
  const { cost, adoption } = report;
  const c = cost.currency;
  const lines = [
    `Estimated monthly cost: ${formatRange(cost.total, c)} (${c} list prices of ${cost.priceDate}; workloads from the autoscaling minimum to the maximum)`,
  ];
  if (diff) lines.push(`Change against --base: ${formatRangeChange(diff.total.change, c)} per month (before: ${formatRange(diff.total.before, c)}; after: ${formatRange(diff.total.after, c)})`);
  for (const team of cost.teams) {
    const budget = team.budget ? `, budget ${formatMoney(team.budget.amount, team.budget.currency)} (${team.budget.status})` : '';
    lines.push(`  ${team.team}: ${formatRange(team.monthly, c)}${budget}`);
  }
  const s = adoption.summary;
  lines.push(
    `Golden path: ${s.servicesOnGoldenPath} of ${s.services} services (${s.goldenPathPercent}%), ${s.servicesWithOverrides} with overrides; ${s.databasesOnGoldenPath} of ${s.databases} databases`,
    `Guardrails: ${s.errors} errors, ${s.warnings} warnings, ${s.suppressions} suppressions (${s.expiringSoon} expiring within 30 days, ${s.expired} expired)`,
    'Run with --markdown or --json for the whole report, --html <file> for the page.',
  );
  return lines.join('\n');
}
