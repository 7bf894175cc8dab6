import type { Adoption } from './adoption';
import type { ReportDiff } from './diff';
import { formatChange, formatMoney, formatRange, formatRangeChange, formatReplicas } from './format';
import type { Report } from './report';

/**
 * The report as GitHub-flavoured Markdown, for a pull request's job summary
 * (`$GITHUB_STEP_SUMMARY`) or comment. Every text that comes from the
 * synth output or the settings goes through {@link markdownText}: GitHub
 * renders HTML inside Markdown, and a `|` would break a table.
 */

/** `text` safe inside Markdown prose and table cells: no HTML, no emphasis, links or code, no line breaks. */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    // A bare "www." or "https://" becomes a link in GitHub's Markdown: break the autolink.
    .replace(/(https?):/gi, '$1&#58;')
    .replace(/www\./gi, 'www&#46;');
}

const t = markdownText;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

const BUDGET_WORDS: Record<string, string> = {
  'within': 'within budget',
  'may-exceed': 'may exceed the budget at the autoscaling maximum',
  'over': 'over budget even at the autoscaling minimum',
  'not-compared': 'not compared',
};

/** The budget warnings of a report: one line per team whose estimate may exceed its budget. */
export function budgetWarnings(report: Report): string[] {
  return report.cost.teams.flatMap((team) => {
    const b = team.budget;
    if (!b || (b.status !== 'over' && b.status !== 'may-exceed')) return [];
    return [`${team.team}: the estimate ${formatRange(b.estimate!, b.currency)} per month ${BUDGET_WORDS[b.status]} of ${formatMoney(b.amount, b.currency)}`];
  });
}

/** The report, and the difference from a base when given, as Markdown. */
export function reportMarkdown(report: Report, diff?: ReportDiff): string {
  const { cost, adoption } = report;
  const c = cost.currency;
  const lines: string[] = ['## Platform report', ''];
  lines.push(`Estimated monthly cost: **${formatRange(cost.total, c)}** (${c} list prices of ${cost.priceDate}, ${cost.gkeMode === 'autopilot' ? 'GKE Autopilot' : 'GKE Standard'}; workloads from the autoscaling minimum to the maximum).`, '');
  for (const warning of budgetWarnings(report)) lines.push('> [!WARNING]', `> ${t(warning)}`, '');

  if (diff) lines.push(...diffMarkdown(diff, c));

  const envs = [...report.platform.environments, 'shared'].filter((e) => cost.teams.some((team) => team.environments.some((x) => x.environment === e)));
  lines.push('### Cost per team', '');
  lines.push(...table(['team', ...envs.map(t), 'total', 'budget'], cost.teams.map((team) => [
    t(team.team),
    ...envs.map((e) => {
      const found = team.environments.find((x) => x.environment === e);
      return found ? formatRange(found.monthly, c) : '';
    }),
    `**${formatRange(team.monthly, c)}**`,
    team.budget ? `${formatMoney(team.budget.amount, team.budget.currency)}: ${BUDGET_WORDS[team.budget.status]}${team.budget.note ? ` (${t(team.budget.note)})` : ''}` : 'none',
  ])));

  lines.push('### Services', '');
  lines.push(...table(['team', 'service', 'environment', 'replicas', 'vCPU per pod', 'GiB per pod', 'per month'], cost.services.map((s) => [
    t(s.team), t(s.service), t(s.environment), formatReplicas(s.replicas), `${s.pod.vcpu}`, `${s.pod.memoryGib}`, formatRange(s.monthly, c),
  ])));
  if (cost.services.length === 0) lines.push('No workloads.', '');

  if (cost.databases.length > 0) {
    lines.push('### Databases', '');
    lines.push(...table(['team', 'database', 'environment', 'instance', 'tier', 'high availability', 'per month'], cost.databases.map((d) => [
      t(d.team), t(d.database), t(d.environment), t(d.instance), t(d.tier), d.highAvailability ? 'yes' : 'no', formatMoney(d.monthly, c),
    ])));
  }
  if (cost.registries.length > 0) {
    lines.push('### Registries', '');
    lines.push(...table(['team', 'registry', 'services', 'GB', 'per month'], cost.registries.map((r) => [
      t(r.team), t(r.registry), `${r.services}`, `${r.storageGb}`, formatMoney(r.monthly, c),
    ])));
  }

  const s = adoption.summary;
  lines.push('### Adoption of the golden path', '');
  lines.push(`- Services on the golden path: **${s.servicesOnGoldenPath} of ${s.services}** (${s.goldenPathPercent}%); ${s.servicesWithOverrides} change its defaults; ${s.servicesFromTemplate} started from the template repository.`);
  lines.push(`- Databases on the golden path: ${s.databasesOnGoldenPath} of ${s.databases}.`);
  lines.push(`- Guardrails: ${s.errors} errors, ${s.warnings} warnings, ${s.suppressions} suppressions (${s.expiringSoon} expiring within 30 days, ${s.expired} expired).`, '');
  lines.push(...table(['team', 'services', 'on the golden path', 'with overrides', 'from the template', 'databases', 'errors', 'warnings', 'suppressions', 'expiring soon'], adoption.teams.map((a) => [
    t(a.team), `${a.services}`, `${a.servicesOnGoldenPath}`, `${a.servicesWithOverrides}`, `${a.servicesFromTemplate}`, `${a.databases}`, `${a.errors}`, `${a.warnings}`, `${a.suppressions}`, `${a.expiringSoon}`,
  ])));
  const overrides = adoption.services.flatMap((svc) => svc.environments
    .flatMap((e) => e.overrides.map((o) => [t(svc.team), t(svc.service), t(e.environment), t(o.setting), t(o.value), t(o.goldenPath)])));
  if (overrides.length > 0) {
    lines.push('#### What services change of the golden path', '');
    lines.push(...table(['team', 'service', 'environment', 'setting', 'value', 'golden path'], overrides));
  }
  const deviations = adoption.databases.flatMap((d) => d.environments.filter((e) => e.deviations.length > 0).map((e) => [t(d.team), t(d.database), t(e.environment), t(e.deviations.join('; '))]));
  if (deviations.length > 0) {
    lines.push('#### Databases without a default of the golden path', '');
    lines.push(...table(['team', 'database', 'environment', 'without'], deviations));
  }
  if (adoption.findings.length > 0) {
    lines.push('#### Guardrail findings', '');
    lines.push(...table(['team', 'stack', 'level', 'rule', 'address', 'message'], adoption.findings.map((f) => [t(f.team), t(f.stack), t(f.level), t(f.ruleId), t(f.address), t(f.message)])));
  }
  if (adoption.suppressions.length > 0) {
    lines.push('#### Suppressions', '');
    lines.push(...table(['team', 'stack', 'rule', 'scope', 'reason', 'expires'], adoption.suppressions.map((x) => [
      t(x.team), t(x.stack), t(x.ruleId), t(x.scope), t(x.reason),
      x.expires === undefined ? 'never' : `${t(x.expires)}${x.expired ? ' (expired)' : x.expiringSoon ? ` (**in ${x.daysLeft} days**)` : ''}`,
    ])));
  }
  lines.push(...observabilityMarkdown(adoption.observability));

  lines.push('<details><summary>How the estimate is made</summary>', '');
  for (const note of cost.notes) lines.push(`- ${t(note)}`);
  for (const u of cost.unpriced) lines.push(`- Not priced: ${t(u.what)}: ${t(u.why)}`);
  lines.push(`- Price sources: ${Object.entries(cost.sources).map(([product, url]) => `${t(product)} <${url}>`).join(', ')}`);
  lines.push(`- Settings: ${t(report.platform.settings)}`, '', '</details>', '');
  return lines.join('\n');
}

function diffMarkdown(diff: ReportDiff, c: string): string[] {
  const lines = ['### Cost change', ''];
  lines.push(`Per month: **${formatRangeChange(diff.total.change, c)}** (before: ${formatRange(diff.total.before, c)}; after: ${formatRange(diff.total.after, c)}).`, '');
  lines.push(...table(['team', 'environment', 'before', 'after', 'change'], diff.teams.map((x) => [
    t(x.team), t(x.environment), formatRange(x.before, c), formatRange(x.after, c), formatRangeChange(x.change, c),
  ])));
  lines.push(...table(['team', 'service', 'environment', '', 'change', 'what changed'], diff.services.map((x) => [
    t(x.team), t(x.service), t(x.environment), x.kind, formatRangeChange(x.change, c), t(x.details.join('; ')),
  ])));
  lines.push(...table(['team', 'database instance', 'environment', '', 'change', 'what changed'], diff.databases.map((x) => [
    t(x.team), t(x.instance), t(x.environment), x.kind, formatChange(x.change, c), t(x.details.join('; ')),
  ])));
  const a = diff.adoption;
  if (a.before.goldenPathPercent !== a.after.goldenPathPercent || a.before.services !== a.after.services) {
    lines.push(`Services on the golden path: ${a.before.servicesOnGoldenPath} of ${a.before.services} before, ${a.after.servicesOnGoldenPath} of ${a.after.services} after.`, '');
  }
  const overrideRows = [
    ...diff.overrides.added.map((o) => ['added', t(o.team), t(o.service), t(o.environment), t(o.setting), t(o.value), t(o.goldenPath)]),
    ...diff.overrides.removed.map((o) => ['removed', t(o.team), t(o.service), t(o.environment), t(o.setting), t(o.value), t(o.goldenPath)]),
  ];
  if (overrideRows.length > 0) lines.push('Overrides of the golden path:', '', ...table(['', 'team', 'service', 'environment', 'setting', 'value', 'golden path'], overrideRows));
  const suppressionRows = [
    ...diff.suppressions.added.map((x) => ['added', t(x.team), t(x.stack), t(x.ruleId), t(x.reason), t(x.expires ?? 'never')]),
    ...diff.suppressions.removed.map((x) => ['removed', t(x.team), t(x.stack), t(x.ruleId), t(x.reason), t(x.expires ?? 'never')]),
  ];
  if (suppressionRows.length > 0) lines.push('Guardrail suppressions:', '', ...table(['', 'team', 'stack', 'rule', 'reason', 'expires'], suppressionRows));
  if (diff.stacks.added.length + diff.stacks.removed.length > 0) {
    lines.push(`Stacks added: ${diff.stacks.added.map(t).join(', ') || 'none'}; removed: ${diff.stacks.removed.map(t).join(', ') || 'none'}.`, '');
  }
  return lines;
}

/** A Console address the report makes (https, no character a Markdown link would end at), as a link; any other as text. */
export function consoleLink(text: string, url: string): string {
  return isConsoleUrl(url) ? `[${markdownText(text)}](${url})` : markdownText(url);
}

/** Whether `url` is a Cloud Console address with nothing but the characters the report's own addresses hold. */
export function isConsoleUrl(url: string): boolean {
  return /^https:\/\/console\.cloud\.google\.com\/[A-Za-z0-9._~/?=&%-]+$/.test(url);
}

/** What the report says of observability: the teams' dashboards, and what is turned off, and why. */
function observabilityMarkdown(o: Adoption['observability']): string[] {
  const lines: string[] = [];
  if (o.dashboards.length > 0) {
    lines.push('#### Dashboards', '');
    lines.push(...table(['team', 'environment', 'dashboard'], o.dashboards.map((d) => [t(d.team), t(d.environment), consoleLink(`${d.team} (${d.environment})`, d.url)])));
  }
  if (o.serviceLevelsOff.length > 0) {
    lines.push('#### Services with SLOs or alerts turned off', '');
    lines.push(...table(['team', 'service', 'environment', 'turned off', 'reason'], o.serviceLevelsOff.map((x) => [
      t(x.team), t(x.service), t(x.environment), x.state === 'off' ? 'SLOs and alerts' : x.state === 'no-alerts' ? 'burn-rate alerts' : t(x.state), x.reason === undefined ? '**none given**' : t(x.reason),
    ])));
  }
  if (o.dashboardsOff.length > 0) {
    lines.push('#### Teams without dashboards', '');
    lines.push(...table(['team', 'reason'], o.dashboardsOff.map((x) => [t(x.team), x.reason === undefined ? '**none given**' : t(x.reason)])));
  }
  return lines;
}
