import type { PropProblem } from './errors';
import { literalProblem } from './validation';

/**
 * An environment's dashboard URL (`EnvironmentConfig.dashboardUrl`): an https URL in which
 * `{service}`, `{namespace}`, `{team}` and `{environment}` stand for one service's values, so
 * that each service's catalog page links to its own view of the environment.
 */

/** The placeholders a dashboard URL may hold. */
export const DASHBOARD_PLACEHOLDERS = ['service', 'namespace', 'team', 'environment'] as const;

export type DashboardValues = { readonly [K in (typeof DASHBOARD_PLACEHOLDERS)[number]]: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The URL of one service's dashboard: each placeholder replaced with its value, percent-encoded. */
export function dashboardUrl(template: string, values: DashboardValues): string {
  return template.replace(PLACEHOLDER, (whole, key: string) =>
    (Object.hasOwn(values, key) ? encodeURIComponent(values[key as keyof DashboardValues]) : whole));
}

/** What is wrong with a dashboard URL: not literal, not https, an unknown placeholder, or not a URL once they are filled in. */
export function dashboardUrlProblem(prop: string, value: string): PropProblem | undefined {
  const literal = literalProblem(prop, value);
  if (literal) return literal;
  const example = 'e.g. "https://grafana.acme.com/d/services?var-namespace={namespace}&var-service={service}"';
  const unknown = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((key) => !(DASHBOARD_PLACEHOLDERS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    return {
      prop,
      value,
      problem: `has the placeholder${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `{${k}}`).join(', ')}, and the placeholders are ${DASHBOARD_PLACEHOLDERS.map((k) => `{${k}}`).join(', ')}`,
      fix: `use those placeholders only, ${example}`,
    };
  }
  const sample = dashboardUrl(value, { service: 'payment-service', namespace: 'payments-dev', team: 'payments', environment: 'dev' });
  let url: URL | undefined;
  try {
    url = /^[\x21-\x7e]+$/.test(sample) ? new URL(sample) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') {
    return { prop, value, problem: 'is not an https URL without credentials (spaces and other characters a URL does not hold are refused)', fix: `give the dashboard's https address, ${example}` };
  }
  return undefined;
}

/**
 * The Cloud Console address of a Cloud Monitoring custom dashboard whose id is known: its page is
 * /monitoring/dashboards/custom/<dashboard id> (the dashboard samples' README,
 * https://github.com/GoogleCloudPlatform/monitoring-dashboard-samples), in its project.
 */
export function cloudMonitoringDashboardUrl(project: string, dashboardId: string): string {
  return `https://console.cloud.google.com/monitoring/dashboards/custom/${encodeURIComponent(dashboardId)}?project=${encodeURIComponent(project)}`;
}
