import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { DeliveryMetricsView, DoraView } from './delivery';
import type { ReportDiff } from './diff';
import { formatChange, formatMoney, formatRange, formatRangeChange, formatReplicas } from './format';
import { budgetWarnings, isConsoleUrl } from './markdown';
import type { ObservabilityAdoption } from './observability';
import type { Report } from './report';

/**
 * The report as one self-contained HTML page, laid out as the portal's
 * dashboard: quick actions, the services (filtered by team), the platform's
 * status, the cost overview and the documentation. The page loads nothing:
 * its style and its one script (the team filter) are inline, and its
 * Content-Security-Policy allows those two by hash and nothing else, so
 * that no text of the report, even one that escaping missed, could run or
 * fetch anything. Every text from the synth output or the settings is
 * escaped with {@link escapeHtml}.
 */

const ASSETS = path.join(__dirname, '..', '..', 'templates', 'report');

/** Where the library's documentation is published. */
export const DOCS_URL = 'https://github.com/cdktf-golden-paths/cdktf-golden-paths/blob/main/docs';

/** `text` as HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}

const e = escapeHtml;

/** A GitHub `owner/repository` slug, the only thing the page turns into a link of its own. */
const SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function cells(values: readonly string[], numeric: readonly number[] = []): string {
  return values.map((v, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${v}</td>`).join('');
}

function head(names: readonly string[], numeric: readonly number[] = []): string {
  return `<thead><tr>${names.map((n, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${e(n)}</th>`).join('')}</tr></thead>`;
}

/** The teams' dashboards (linked: only Console addresses the report made), and what is turned off of observability, and why. */
function observabilityHtml(o: ObservabilityAdoption): string {
  const none = '<span class="bad">none given</span>';
  return `<h3>Dashboards</h3>
${teamTable(['team', 'environment', 'dashboard'], o.dashboards.map((d) => ({
  team: d.team,
  values: [e(d.team), e(d.environment), isConsoleUrl(d.url) ? `<a href="${e(d.url)}">${e(`${d.team} (${d.environment})`)}</a>` : e(d.url)],
})), [], 'dashboards-table')}
<h3>SLOs or alerts turned off</h3>
${teamTable(['team', 'service', 'environment', 'turned off', 'reason'], o.serviceLevelsOff.map((x) => ({
  team: x.team,
  values: [e(x.team), e(x.service), e(x.environment), x.state === 'off' ? 'SLOs and alerts' : x.state === 'no-alerts' ? 'burn-rate alerts' : e(x.state), x.reason === undefined ? none : e(x.reason)],
})), [], 'service-levels-off-table')}
<h3>Teams without dashboards</h3>
${teamTable(['team', 'reason'], o.dashboardsOff.map((x) => ({ team: x.team, values: [e(x.team), x.reason === undefined ? none : e(x.reason)] })), [], 'dashboards-off-table')}`;
}

/** A table whose rows belong to teams (the filter hides the others). */
function teamTable(
  names: readonly string[], rows: readonly { team: string; values: string[]; service?: boolean }[], numeric: readonly number[] = [], id?: string,
): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  // A row of no team (a stack every team shares) stays whatever the filter.
  const body = rows.map((r) => `<tr${r.team === '' ? '' : ` data-team="${e(r.team)}"`}${r.service ? ' data-service=""' : ''}>${cells(r.values, numeric)}</tr>`).join('\n');
  return `<table${id ? ` id="${id}"` : ''}>${head(names, numeric)}<tbody>\n${body}\n</tbody></table>`;
}

function table(names: readonly string[], rows: readonly string[][], numeric: readonly number[] = [], id?: string): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  return `<table${id ? ` id="${id}"` : ''}>${head(names, numeric)}<tbody>\n${rows.map((r) => `<tr>${cells(r, numeric)}</tr>`).join('\n')}\n</tbody></table>`;
}

const BUDGET: Record<string, [string, string]> = {
  'within': ['good', 'within budget'],
  'may-exceed': ['warn', 'may exceed at the autoscaling maximum'],
  'over': ['bad', 'over budget'],
  'not-compared': ['muted', 'not compared'],
};

/** The report, and the difference from a base and the delivery metrics when given, as one HTML page. */
export function reportHtml(report: Report, diff?: ReportDiff, metrics?: DeliveryMetricsView): string {
  const css = fs.readFileSync(path.join(ASSETS, 'report.css'), 'utf8');
  const js = fs.readFileSync(path.join(ASSETS, 'report.js'), 'utf8');
  const csp = [
    'default-src \'none\'', `style-src 'sha256-${sha256(css)}'`, `script-src 'sha256-${sha256(js)}'`,
    'base-uri \'none\'', 'form-action \'none\'',
  ].join('; ');
  const { cost, adoption } = report;
  const c = cost.currency;
  const org = report.platform.githubOrganization;
  const teams = [...new Set([...report.platform.teams, ...adoption.teams.map((t) => t.team), ...cost.teams.map((t) => t.team)])].sort();

  const quickActions = `
<section id="quick-actions"><h2>Quick actions</h2>
<div class="cards">
<div class="card"><h3>Create a service</h3><p>In your team's infrastructure repository; the pull request that adds it is your review.</p><code>golden-paths add service &lt;name&gt; --description "&lt;what it does&gt;"</code></div>
<div class="card"><h3>Provision a database</h3><p>A managed PostgreSQL, MySQL or Redis, wired to its services without passwords.</p><code>golden-paths add database &lt;name&gt; --engine postgres --size small</code></div>
<div class="card"><h3>Scale a service</h3><p>Replicas or the autoscaling range, checked against the team's quotas.</p><code>golden-paths scale &lt;service&gt; --env &lt;env&gt; --max 20</code></div>
<div class="card"><h3>Check a change</h3><p>Synth, guardrails, catalog validation and a summary, as CI runs them.</p><code>golden-paths check</code></div>
<div class="card"><h3>Onboard a team</h3><p>In the platform repository: one declaration, then the team's repository deploys on its first push.</p><code>new TeamOnboarding(platform, '&lt;team&gt;', { ... })</code></div>
<div class="card"><h3>See this report</h3><p>Cost and adoption of a synth output, and what a change does to them.</p><code>golden-paths report --html report.html</code></div>
</div></section>`;

  const serviceCost = (team: string, service: string) => {
    const own = cost.services.filter((s) => s.team === team && s.service === service);
    return own.length === 0 ? '' : formatRange(own.reduce((r, s) => ({ min: r.min + s.monthly.min, max: r.max + s.monthly.max }), { min: 0, max: 0 }), c);
  };
  const servicesSection = `
<section id="services"><h2>My services <span class="muted">(<span id="shown-services">${adoption.services.length}</span> shown)</span></h2>
${teamTable(['team', 'service', 'description', 'system', 'repository', 'environments', 'golden path', 'overrides', 'per month'], adoption.services.map((s) => ({
  team: s.team,
  service: true,
  values: [
    e(s.team), `<strong>${e(s.service)}</strong>`, e(s.description ?? ''), e(s.system ?? ''),
    s.repository && SLUG.test(s.repository) ? `<a href="https://github.com/${e(s.repository)}">${e(s.repository)}</a>${s.repositoryOrigin === 'template' ? ' <span class="muted">(from the template)</span>' : ''}` : e(s.repository ?? ''),
    s.environments.map((x) => {
      const priced = cost.services.find((p) => p.team === s.team && p.service === s.service && p.environment === x.environment);
      return `${e(x.environment)}${priced ? ` <span class="muted">(${formatReplicas(priced.replicas)} replicas)</span>` : ''}`;
    }).join('<br>'),
    s.goldenPath ? '<span class="good">yes</span>' : '<span class="bad">no</span>',
    s.environments.flatMap((x) => x.overrides.map((o) => `${e(x.environment)}: ${e(o.setting)} ${e(o.value)} <span class="muted">(golden path ${e(o.goldenPath)})</span>`)).join('<br>'),
    serviceCost(s.team, s.service),
  ],
})), [8], 'services-table')}
<h3>Databases</h3>
${teamTable(['team', 'database', 'engine', 'description', 'environments', 'without a default of the golden path'], adoption.databases.map((d) => ({
  team: d.team,
  values: [
    e(d.team), `<strong>${e(d.database)}</strong>`, e(d.engine), e(d.description ?? ''),
    d.environments.map((x) => `${e(x.environment)}: ${e(x.tier)}${x.highAvailability ? ' (HA)' : ''}`).join('<br>'),
    d.environments.filter((x) => x.deviations.length > 0).map((x) => `<span class="warn">${e(x.environment)}: ${e(x.deviations.join('; '))}</span>`).join('<br>'),
  ],
})))}
</section>`;

  const envs = report.platform.environments;
  const byEnv = envs.map((env) => {
    const monthly = cost.environments.find((x) => x.environment === env)?.monthly;
    const findings = adoption.findings.filter((f) => f.environment === env);
    return [
      e(env),
      `${cost.services.filter((x) => x.environment === env).length}`,
      `${cost.databases.filter((x) => x.environment === env).length}`,
      monthly ? formatRange(monthly, c) : '',
      `${findings.filter((f) => f.level === 'error').length}`,
      `${findings.filter((f) => f.level === 'warning').length}`,
    ];
  });
  const s = adoption.summary;
  const statusSection = `
<section id="status"><h2>Platform status</h2>
<div class="figures">
<div class="figure"><strong id="figure-golden-path">${s.goldenPathPercent}%</strong><span>services on the golden path (${s.servicesOnGoldenPath} of ${s.services})</span></div>
<div class="figure"><strong id="figure-from-template">${s.servicesFromTemplate} of ${s.services}</strong><span>services started from the template repository</span></div>
<div class="figure"><strong>${report.stacks.length}</strong><span>stacks</span></div>
<div class="figure"><strong id="figure-findings"${s.errors > 0 ? ' class="bad"' : ''}>${s.errors}</strong><span>guardrail errors, ${s.warnings} warnings</span></div>
<div class="figure"><strong id="figure-suppressions"${s.expiringSoon > 0 ? ' class="warn"' : ''}>${s.suppressions}</strong><span>suppressions, <span id="figure-expiring">${s.expiringSoon}</span> expiring within 30 days${s.expired > 0 ? `, <span class="bad">${s.expired} expired</span>` : ''}</span></div>
</div>
<h3>Adoption per team</h3>
${teamTable(['team', 'services on the golden path', 'with overrides', 'from the template', 'databases on the golden path', 'guardrail errors', 'warnings', 'suppressions', 'expiring within 30 days'], adoption.teams.map((a) => ({
  team: a.team,
  values: [
    e(a.team), `${a.servicesOnGoldenPath} of ${a.services}`, `${a.servicesWithOverrides}`, `${a.servicesFromTemplate}`, `${a.databasesOnGoldenPath} of ${a.databases}`,
    a.errors > 0 ? `<span class="bad">${a.errors}</span>` : '0', `${a.warnings}`, `${a.suppressions}`, a.expiringSoon > 0 ? `<span class="warn">${a.expiringSoon}</span>` : '0',
  ],
})), [1, 2, 3, 4, 5, 6, 7, 8], 'adoption-teams-table')}
<h3>Per environment</h3>
${table(['environment', 'services', 'database instances', 'per month', 'guardrail errors', 'warnings'], byEnv, [1, 2, 3, 4, 5], 'environments-table')}
<h3>Stacks</h3>
${teamTable(['stack', 'team', 'environment', 'resources', 'errors', 'warnings', 'suppressed', 'library version'], report.stacks.map((x) => ({
  team: x.team ?? '',
  values: [
    e(x.name), e(x.team ?? ''), e(x.environment ?? ''), `${x.resources}`,
    x.guardrails ? `<span${x.guardrails.errors > 0 ? ' class="bad"' : ''}>${x.guardrails.errors}</span>` : '<span class="muted">no report</span>',
    x.guardrails ? `${x.guardrails.warnings}` : '', x.guardrails ? `${x.guardrails.suppressed}` : '',
    e(x.guardrails?.libraryVersion ?? '') + (x.guardrails?.validationSkipped ? ' <span class="bad">(validation skipped)</span>' : ''),
  ],
})), [3, 4, 5, 6], 'stacks-table')}
<h3>Guardrail findings</h3>
${teamTable(['team', 'stack', 'level', 'rule', 'address', 'message'], adoption.findings.map((f) => ({
  team: f.team,
  values: [e(f.team), e(f.stack), `<span class="${f.level === 'error' ? 'bad' : 'warn'}">${e(f.level)}</span>`, e(f.ruleId), `<code>${e(f.address)}</code>`, e(f.message)],
})), [], 'findings-table')}
<h3>Suppressions</h3>
${teamTable(['team', 'stack', 'rule', 'scope', 'reason', 'expires'], adoption.suppressions.map((x) => ({
  team: x.team,
  values: [
    e(x.team), e(x.stack), e(x.ruleId), `<code>${e(x.scope)}</code>`, e(x.reason),
    x.expires === undefined ? 'never' : x.expired ? `<span class="bad">${e(x.expires)} (expired)</span>` : x.expiringSoon ? `<span class="warn">${e(x.expires)} (in ${x.daysLeft} days)</span>` : e(x.expires),
  ],
})), [], 'suppressions-table')}
${observabilityHtml(adoption.observability)}
</section>`;

  const costEnvs = [...envs, 'shared'].filter((env) => cost.teams.some((t) => t.environments.some((x) => x.environment === env)));
  const warnings = budgetWarnings(report);
  const costSection = `
<section id="cost"><h2>Cost overview</h2>
<div class="figures"><div class="figure"><strong id="figure-total">${formatRange(cost.total, c)}</strong><span>per month, all teams (${e(c)} list prices of ${e(cost.priceDate)}, ${cost.gkeMode === 'autopilot' ? 'GKE Autopilot' : 'GKE Standard'})</span></div></div>
${warnings.map((w) => `<p class="warn">${e(w)}</p>`).join('\n')}
${diff ? diffHtml(diff, c) : ''}
<h3>Per team and environment</h3>
${teamTable(['team', ...costEnvs, 'total', 'budget'], cost.teams.map((t) => ({
  team: t.team,
  values: [
    e(t.team),
    ...costEnvs.map((env) => {
      const found = t.environments.find((x) => x.environment === env);
      return found ? formatRange(found.monthly, c) : '';
    }),
    `<strong>${formatRange(t.monthly, c)}</strong>`,
    t.budget ? `${formatMoney(t.budget.amount, t.budget.currency)}: <span class="${BUDGET[t.budget.status][0]}">${BUDGET[t.budget.status][1]}</span>${t.budget.note ? ` <span class="muted">(${e(t.budget.note)})</span>` : ''}` : '<span class="muted">no budget</span>',
  ],
})), costEnvs.map((_, i) => i + 1).concat([costEnvs.length + 1]), 'cost-table')}
<h3>Services</h3>
${teamTable(['team', 'service', 'environment', 'replicas', 'vCPU per pod', 'GiB per pod', 'per month'], cost.services.map((x) => ({
  team: x.team,
  values: [e(x.team), e(x.service), e(x.environment), formatReplicas(x.replicas), `${x.pod.vcpu}`, `${x.pod.memoryGib}`, formatRange(x.monthly, c)],
})), [3, 4, 5, 6], 'service-cost-table')}
<h3>Databases</h3>
${teamTable(['team', 'database', 'environment', 'instance', 'tier', 'high availability', 'per month'], cost.databases.map((d) => ({
  team: d.team,
  values: [e(d.team), e(d.database), e(d.environment), e(d.instance), e(d.tier), d.highAvailability ? 'yes' : 'no', formatMoney(d.monthly, c)],
})), [6], 'database-cost-table')}
<h3>Registries</h3>
${teamTable(['team', 'registry', 'services', 'GB', 'per month'], cost.registries.map((r) => ({
  team: r.team, values: [e(r.team), e(r.registry), `${r.services}`, `${r.storageGb}`, formatMoney(r.monthly, c)],
})), [2, 3, 4])}
<h3>How the estimate is made</h3>
<ul class="notes">
${[...cost.notes.map((n) => `<li>${e(n)}</li>`), ...cost.unpriced.map((u) => `<li>Not priced: ${e(u.what)}: ${e(u.why)}</li>`)].join('\n')}
<li>Prices from: ${Object.entries(cost.sources).map(([product, url]) => `<a href="${e(url)}">${e(product)}</a>`).join(', ')}</li>
</ul>
</section>`;

  const docs = [
    ['For product teams', 'product-teams.md'], ['Services', 'services.md'], ['Databases', 'databases.md'], ['The golden-paths command', 'cli.md'],
    ['Guardrails', 'guardrails.md'], ['The report', 'reports.md'], ['Platform settings', 'settings.md'], ['Teams and onboarding', 'teams.md'],
  ];
  const docsSection = `
<section id="documentation"><h2>Documentation</h2>
<ul>${docs.map(([title, file]) => `<li><a href="${DOCS_URL}/${file}">${e(title)}</a></li>`).join('')}</ul>
</section>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(org ? `${org} platform report` : 'Platform report')}</title>
<style>${css}</style>
</head>
<body>
<header>
<div><h1>${e(org ? `${org} platform` : 'Platform')}</h1><p>Report of ${e(report.today)}: ${report.stacks.length} stacks, ${teams.length} teams. Settings: ${e(report.platform.settings)}</p></div>
<nav><a href="#quick-actions">Quick actions</a><a href="#services">My services</a><a href="#status">Platform status</a><a href="#cost">Cost overview</a>${metrics ? '<a href="#delivery">Delivery metrics</a>' : ''}<a href="#documentation">Documentation</a></nav>
<div><label for="team-filter">Team</label> <select id="team-filter"><option value="">All teams</option>${teams.map((t) => `<option value="${e(t)}">${e(t)}</option>`).join('')}</select></div>
</header>
<main>${quickActions}${servicesSection}${statusSection}${costSection}${metrics ? deliveryHtml(metrics) : ''}${docsSection}
</main>
<script>${js}</script>
</body>
</html>
`;
}

function diffHtml(diff: ReportDiff, c: string): string {
  return `<h3>Change against the base</h3>
<p>Per month: <strong id="figure-change">${formatRangeChange(diff.total.change, c)}</strong> (before: ${formatRange(diff.total.before, c)}; after: ${formatRange(diff.total.after, c)})</p>
${teamTable(['team', 'service', 'environment', '', 'change', 'what changed'], diff.services.map((x) => ({
  team: x.team, values: [e(x.team), e(x.service), e(x.environment), x.kind, formatRangeChange(x.change, c), e(x.details.join('; '))],
})), [4])}
${diff.databases.length > 0 ? teamTable(['team', 'database instance', 'environment', '', 'change', 'what changed'], diff.databases.map((x) => ({
  team: x.team, values: [e(x.team), e(x.instance), e(x.environment), x.kind, formatChange(x.change, c), e(x.details.join('; '))],
})), [4]) : ''}`;
}

/** The DORA cells of a row; escaped, since the metrics come from a file the user gives. */
function doraCells(d: DoraView): string[] {
  return [
    `${d.successful} of ${d.deployments}`, `${d.deploymentsPerDay}`,
    d.leadTimeHours === undefined ? '' : `${d.leadTimeHours} h`,
    d.changeFailureRatePercent === undefined ? '' : `${d.changeFailureRatePercent}%`,
    d.timeToRestoreMinutes === undefined ? '' : `${d.timeToRestoreMinutes} min`,
  ].map(e);
}

const DORA_HEAD = ['successful deployments', 'per day', 'lead time (median)', 'change failure rate', 'time to restore (median)'];

/** The Delivery metrics section: the KPI table, then DORA per team and per service. */
function deliveryHtml(m: DeliveryMetricsView): string {
  return `
<section id="delivery"><h2>Delivery metrics</h2>
<p class="muted">Deployments to ${e(m.environments.join(', '))} from ${e(m.since.slice(0, 10))} to ${e(m.until.slice(0, 10))}.</p>
<h3>KPIs</h3>
${table(['KPI', 'target', 'current', ''], m.kpis.map((k) => [
  e(k.name), e(k.target),
  k.current === undefined ? '' : `${e(String(k.current))}${k.unit === '%' ? '%' : k.unit ? ` ${e(k.unit)}` : ''}`,
  k.met === undefined ? `<span class="muted">${e(k.note ?? '')}</span>` : k.met ? '<span class="good">met</span>' : '<span class="bad">not met</span>',
]), [], 'kpi-table')}
<h3>Per team</h3>
${teamTable(['team', ...DORA_HEAD], [
  { team: '', values: ['<strong>organization</strong>', ...doraCells(m.organization)] },
  ...m.teams.map((t) => ({ team: t.team, values: [e(t.team), ...doraCells(t.dora)] })),
], [1, 2, 3, 4, 5], 'delivery-teams-table')}
<h3>Per service</h3>
${teamTable(['team', 'service', ...DORA_HEAD, 'first deployment', 'note'], m.services.map((s) => ({
  team: s.team,
  values: [
    e(s.team), e(s.service), ...doraCells(s.dora),
    s.firstDeployment ? (s.firstDeployment.minutes !== undefined ? `${e(String(s.firstDeployment.minutes))} min after creation` : 'not yet') : '',
    e(s.note ?? ''),
  ],
})), [2, 3, 4, 5, 6], 'delivery-services-table')}
</section>`;
}
