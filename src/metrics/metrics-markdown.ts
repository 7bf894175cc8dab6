import type { DoraFigures, MetricsReport } from './metrics';
import { markdownText as t } from '../report/markdown';

/** The metrics as Markdown, for a job summary or an issue: the KPI table, the DORA figures per team and service, the feedback survey and the roadmap. */

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

const dash = '–';

/** The DORA cells of a row: deployments, per day, lead time, change failure rate, time to restore. */
export function doraCells(d: DoraFigures): string[] {
  return [
    `${d.successful} of ${d.deployments}`,
    `${d.deploymentsPerDay}`,
    d.leadTimeHours === undefined ? dash : `${d.leadTimeHours} h`,
    d.changeFailureRatePercent === undefined ? dash : `${d.changeFailureRatePercent}%`,
    d.timeToRestoreMinutes === undefined ? dash : `${d.timeToRestoreMinutes} min`,
  ];
}

export const DORA_HEAD = ['successful deployments', 'per day', 'lead time (median)', 'change failure rate', 'time to restore (median)'];

/** The metrics report as Markdown. */
export function metricsMarkdown(m: MetricsReport): string {
  const lines = ['## Platform metrics', ''];
  lines.push(`From ${m.since.slice(0, 10)} to ${m.until.slice(0, 10)}, deployments to ${m.environments.map(t).join(', ')}, ${m.services.length} service repositories.`, '');
  lines.push('### KPIs', '');
  lines.push(...table(['KPI', 'target', 'current', ''], m.kpis.map((k) => [
    t(k.name), t(k.target), k.current === undefined ? dash : `${k.current}${k.unit === '%' ? '%' : k.unit ? ` ${k.unit}` : ''}`,
    k.met === undefined ? t(k.note ?? '') : k.met ? 'met' : '**not met**',
  ])));
  lines.push('### Delivery (DORA)', '');
  lines.push(...table(['', ...DORA_HEAD], [['**organization**', ...doraCells(m.organization)], ...m.teams.map((x) => [t(x.team), ...doraCells(x.dora)])]));
  if (m.environments.length > 1) {
    // Each environment's own rows: the organization's, then each team's.
    lines.push('#### Per environment', '');
    lines.push(...table(['', 'environment', ...DORA_HEAD], [
      ...m.byEnvironment.map((e) => ['**organization**', t(e.environment), ...doraCells(e.dora)]),
      ...m.teams.flatMap((x) => x.byEnvironment.map((e) => [t(x.team), t(e.environment), ...doraCells(e.dora)])),
    ]));
  }
  if (m.services.length === 0) {
    lines.push('No service repository: the catalog and the platform settings list none.', '');
  } else {
    lines.push(...table(['team', 'service', ...DORA_HEAD, 'first deployment', 'note'], m.services.map((s) => [
      t(s.team), t(s.service), ...doraCells(s.dora),
      s.firstDeployment ? (s.firstDeployment.minutes !== undefined ? `${s.firstDeployment.minutes} min after creation` : 'not yet') : '',
      t(s.note ?? ''),
    ])));
  }
  lines.push(...feedbackMarkdown(m));
  return lines.join('\n');
}

/** The survey's figures and the roadmap. */
function feedbackMarkdown(m: MetricsReport): string[] {
  const f = m.feedback;
  const lines = ['### Feedback', ''];
  if (f.repositories.length === 0 && f.unread.length === 0) {
    lines.push('No feedback repository: the settings name no platformRepository and no onboarded team.', '');
    return lines;
  }
  lines.push(f.answers === 0
    ? 'No survey answer in the window.'
    : `${count(f.answers, 'answer')}: Net Promoter Score **${f.nps}** (${count(f.promoters, 'promoter')}, ${count(f.passives, 'passive')}, ${count(f.detractors, 'detractor')})`
      + `${f.easeOfUse === undefined ? '' : `, ease of use **${f.easeOfUse}** of 5 (${count(f.easeAnswers, 'answer')})`}.`, '');
  if (f.skipped.length > 0) {
    lines.push(`${count(f.skipped.length, 'answer')} skipped:`, '', ...f.skipped.map((s) => `- ${issueRef(s.url)}: ${t(s.reason)}`), '');
  }
  for (const u of f.unread) lines.push(`- ${t(u.repository)}: ${t(u.note)}`);
  if (f.unread.length > 0) lines.push('');
  lines.push('### Roadmap', '');
  if (m.roadmap.length === 0) {
    lines.push('No open feature request.', '');
    return lines;
  }
  lines.push(...table(['feature request', 'teams asking', 'reactions', 'impact', 'effort', 'impact / effort'], m.roadmap.map((r) => [
    `${t(r.title)} (${r.issues.map(issueRef).join(', ')})`, r.teams.length === 0 ? dash : r.teams.map(t).join(', '), `${r.reactions}`, `${r.impact}`,
    r.effort === undefined ? 'not sized' : t(r.effort), r.score === undefined ? dash : `${r.score}`,
  ])));
  return lines;
}

/** An issue's URL as GitHub's short reference, `owner/repo#12` (which GitHub links), else as text. */
function issueRef(url: string): string {
  const m = /\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/issues\/(\d+)$/.exec(url);
  return m ? `${m[1]}/${m[2]}#${m[3]}` : t(url);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
