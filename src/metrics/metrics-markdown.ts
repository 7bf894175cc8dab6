import type { DoraFigures, MetricsReport } from './metrics';
import { markdownText as t } from '../report/markdown';

/** The metrics as Markdown, for a job summary or an issue: the KPI table, then the DORA figures per team and service. */

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
  if (m.services.length === 0) {
    lines.push('No service repository: the catalog and the platform settings list none.', '');
  } else {
    lines.push(...table(['team', 'service', ...DORA_HEAD, 'first deployment', 'note'], m.services.map((s) => [
      t(s.team), t(s.service), ...doraCells(s.dora),
      s.firstDeployment ? (s.firstDeployment.minutes !== undefined ? `${s.firstDeployment.minutes} min after creation` : 'not yet') : '',
      t(s.note ?? ''),
    ])));
  }
  return lines.join('\n');
}
