import { EXAMPLE_SETTINGS, TODAY } from './example-synth';
import { GoMicroservice, TeamEnvironment } from '../../src';
import { readPlatformSettings } from '../../src/platform/platform-settings';
import { reportMarkdown } from '../../src/report/markdown';
import { buildReport, type Report } from '../../src/report/report';
import { readSynthDir } from '../../src/report/synth-dir';
import { platformFixture } from '../util';

/**
 * What `golden-paths report` says of observability, read from a synth output: each team's dashboard of each
 * environment (its Console address, as the catalog links it), the services whose SLOs or alerts are turned off
 * with the reason their Deployment carries (the annotations golden-paths.dev/service-levels and
 * golden-paths.dev/service-levels-reason), and the teams whose dashboards are off, with theirs.
 */
const REASON = 'batch only until ${launch}, then 100%{ "audited" | <b>paged</b>';

describe('observability in the adoption report', () => {
  let r: Report;
  let markdown: string;
  beforeAll(() => {
    const { app, platform } = platformFixture();
    const payments = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(payments, 'payment-service', { name: 'payment-service', description: 'Payments', environments: { prod: { serviceLevels: { alerts: false, disabledReason: 'paged by the gateway\'s SLOs instead' } } } });
    new GoMicroservice(payments, 'ledger', { name: 'ledger', description: 'Ledger', serviceLevels: { enabled: false, disabledReason: REASON } });
    const search = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['carol'], dashboard: { enabled: false, disabledReason: 'search charts in the company Grafana' } });
    new GoMicroservice(search, 'search-api', { name: 'search-api', description: 'Search' });
    app.synth();
    r = buildReport({ synth: readSynthDir(app.outdir, '--synth'), settings: readPlatformSettings(EXAMPLE_SETTINGS), settingsFile: 'platform-settings.json', today: TODAY });
    markdown = reportMarkdown(r);
  });

  test('JSON: each team\'s dashboard of each environment, by the id the synth gave it', () => {
    expect(r.adoption.observability.dashboards).toEqual(['dev', 'staging', 'prod'].map((environment) => ({
      team: 'payments', environment, url: `https://console.cloud.google.com/monitoring/dashboards/custom/payments-${environment}?project=acme-prod`,
    })));
  });

  test('JSON: the services whose SLOs or alerts are off where their environment has them, with the reason as written', () => {
    expect(r.adoption.observability.serviceLevelsOff).toEqual([
      { team: 'payments', service: 'ledger', environment: 'staging', state: 'off', reason: REASON },
      { team: 'payments', service: 'ledger', environment: 'prod', state: 'off', reason: REASON },
      { team: 'payments', service: 'payment-service', environment: 'prod', state: 'no-alerts', reason: 'paged by the gateway\'s SLOs instead' },
    ]);
    expect(r.adoption.observability.dashboardsOff).toEqual([{ team: 'search', reason: 'search charts in the company Grafana' }]);
  });

  test('Markdown: the dashboards as links, what is off and why, every text escaped', () => {
    expect(markdown).toContain('#### Dashboards');
    expect(markdown).toContain('| payments | prod | [payments (prod)](https://console.cloud.google.com/monitoring/dashboards/custom/payments-prod?project=acme-prod) |');
    expect(markdown).toContain('#### Services with SLOs or alerts turned off');
    expect(markdown).toContain('| payments | ledger | prod | SLOs and alerts | batch only until ${launch}, then 100%{ "audited" \\| &lt;b&gt;paged&lt;/b&gt; |');
    expect(markdown).toContain('| payments | payment-service | prod | burn-rate alerts | paged by the gateway\'s SLOs instead |');
    expect(markdown).toContain('#### Teams without dashboards');
    expect(markdown).toContain('| search | search charts in the company Grafana |');
  });
});
