import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  componentEntityV1alpha1Validator, DefaultNamespaceEntityPolicy, type Entity, EntityPolicies, FieldFormatEntityPolicy, getEntitySourceLocation,
  NoForeignRootFieldsEntityPolicy, SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { App, Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { GoMicroservice, Platform, type PlatformProps, ServiceCatalog, TeamEnvironment } from '../../src';
import { APP_PLATFORM_PROPS, errorOf, platformFixture } from '../util';

/**
 * What the portal shows of a service comes from its Component's annotations, each read by a
 * Backstage plugin:
 * - `backstage.io/source-location`: the source of the entity
 *   (https://backstage.io/docs/reference/catalog-model.annotation_source_location). The GitHub
 *   plugins pick the GitHub integration whose `host` is the host of that location: the security
 *   insights plugin (RoadieHQ/roadie-backstage-plugins,
 *   plugins/frontend/backstage-plugin-security-insights/src/components/useGitHubConfig.ts:
 *   `getEntitySourceLocation(entity)`, then `new URL(location.target).host`), and the GitHub Actions
 *   and deployments plugins, which "try to use backstage.io/source-location or
 *   backstage.io/managed-by-location annotations to figure out the location of the source code"
 *   (https://npmjs.com/package/@backstage-community/plugin-github-deployments). On GitHub Enterprise
 *   a github.com location sends them to the wrong GitHub.
 */

function component(props: Partial<PlatformProps> = {}): Entity {
  const { app, platform } = platformFixture(props);
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
  return ServiceCatalog.entities(app).find((e) => e.kind === 'Component') as unknown as Entity;
}

describe('the source location, on every GitHub', () => {
  test('github.com: the repository\'s tree on github.com', () => {
    const entity = component();
    expect(entity.metadata.annotations?.['backstage.io/source-location']).toBe('url:https://github.com/acme/payment-service/tree/main/');
  });

  test('GitHub Enterprise Server: the repository on the server\'s host, where Backstage\'s GitHub plugins find the integration', () => {
    const entity = component({
      githubApiUrl: 'https://github.acme.internal/api/v3', githubOidcIssuer: 'https://github.acme.internal/_services/token', githubActionsAppId: 27,
    });
    expect(entity.metadata.annotations?.['backstage.io/source-location']).toBe('url:https://github.acme.internal/acme/payment-service/tree/main/');
    // What the plugins do with it: the host of the entity's source location picks the integration.
    expect(new URL(getEntitySourceLocation(entity).target).host).toBe('github.acme.internal');
    expect(entity.metadata.annotations?.['github.com/project-slug']).toBe('acme/payment-service');
  });

  test('GHE.com: the repository on the enterprise\'s subdomain', () => {
    const entity = component({
      githubApiUrl: 'https://api.octocorp.ghe.com', githubOidcIssuer: 'https://token.actions.octocorp.ghe.com', githubActionsAppId: 99,
    });
    expect(new URL(getEntitySourceLocation(entity).target).host).toBe('octocorp.ghe.com');
  });
});

/**
 * - `backstage.io/kubernetes-label-selector`: "a Kubernetes label selector query" the Kubernetes
 *   plugin looks objects up with, which "takes precedence over the annotation/service id"
 *   (https://backstage.io/docs/features/kubernetes/configuration, "Surfacing your Kubernetes
 *   components as part of an entity"; https://backstage.io/docs/reference/plugin-kubernetes-common.kubernetes_label_selector_query_annotation).
 *   `backstage.io/kubernetes-id` stays: the plugin's tab shows for entities that have it
 *   (https://backstage.io/docs/reference/plugin-kubernetes-common.kubernetes_annotation).
 * - `backstage.io/kubernetes-namespace`: the one namespace the plugin then looks in (same page,
 *   "Adding the namespace annotation").
 * - `metadata.links`: url, title, icon (https://backstage.io/docs/features/software-catalog/descriptor-format#links-optional).
 */
describe('Kubernetes objects and dashboards, per environment', () => {
  const DASHBOARDS = {
    dev: 'https://grafana.acme.com/d/svc?var-namespace={namespace}&var-service={service}',
    prod: 'https://console.cloud.google.com/monitoring/dashboards/builder/golden?project=acme-prod&f.namespace={namespace}&team={team}&env={environment}',
  };
  let entities: Entity[];
  let objects: Array<{ address: string; labels: Record<string, string> }>;
  let json: any;
  beforeAll(() => {
    const { app, stack, platform } = platformFixture({
      environments: [
        { name: 'dev', dashboardUrl: DASHBOARDS.dev },
        { name: 'staging' },
        { name: 'prod', production: true, dashboardUrl: DASHBOARDS.prod },
      ],
    });
    const payments = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(payments, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    new GoMicroservice(payments, 'ledger', { name: 'ledger', description: 'Ledger' });
    const search = new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['carol'] });
    new GoMicroservice(search, 'search-api', { name: 'search-api', description: 'Search' });
    entities = ServiceCatalog.entities(app) as unknown as Entity[];
    json = JSON.parse(Testing.synth(stack));
    objects = Object.entries<Record<string, any>>(json.resource).filter(([type]) => type.startsWith('kubernetes_')).flatMap(([type, byName]) =>
      Object.entries<any>(byName).flatMap(([name, r]) => [
        ...(r.metadata?.labels ? [{ address: `${type}.${name}`, labels: r.metadata.labels }] : []),
        ...(r.spec?.template?.metadata?.labels ? [{ address: `${type}.${name} (pods)`, labels: r.spec.template.metadata.labels }] : []),
      ]));
  });
  const componentOf = (name: string) => entities.find((e) => e.kind === 'Component' && e.metadata.name === name)!;

  /** Whether `labels` match an equality-based selector ("k=v,k2=v2"), as `kubectl --selector` reads it. */
  function matches(selector: string, labels: Record<string, string>): boolean {
    return selector.split(',').every((term) => {
      const [key, value] = term.split('=');
      return labels[key] === value;
    });
  }

  test('the label selector finds the service\'s Deployment, pods, Service and autoscaler in every environment, and no other service\'s object', () => {
    const selector = componentOf('payment-service').metadata.annotations!['backstage.io/kubernetes-label-selector'];
    expect(selector).toBe('app.kubernetes.io/name=payment-service,golden-paths.dev/team=payments');
    const found = objects.filter((o) => matches(selector, o.labels)).map((o) => o.address);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(objects.filter((o) => o.labels['golden-paths.dev/environment'] === env && o.labels['app.kubernetes.io/name'] === 'payment-service').length).toBeGreaterThan(0);
    }
    // Exactly the objects labelled as this service's, whatever their kind and environment.
    expect(found.sort()).toEqual(objects.filter((o) => o.labels['app.kubernetes.io/name'] === 'payment-service').map((o) => o.address).sort());
    expect(found.some((a) => a.startsWith('kubernetes_deployment_v1.') && a.endsWith('(pods)'))).toBe(true);
    expect(found.filter((a) => a.startsWith('kubernetes_deployment_v1.') && !a.endsWith('(pods)'))).toHaveLength(3);
    expect(found.filter((a) => a.startsWith('kubernetes_service_v1.'))).toHaveLength(3);
    expect(componentOf('payment-service').metadata.annotations!['backstage.io/kubernetes-id']).toBe('payment-service');
  });

  test('three environments, three namespaces: no single-namespace annotation, which would hide two of them', () => {
    expect(componentOf('payment-service').metadata.annotations!['backstage.io/kubernetes-namespace']).toBeUndefined();
  });

  test('a link to each environment\'s dashboard where the environment has one, its placeholders filled in, and to the team\'s Cloud Monitoring dashboard of each', () => {
    const monitoring = (env: string) => ({
      url: `https://console.cloud.google.com/monitoring/dashboards/custom/payments-${env}?project=acme-prod`, title: `Cloud Monitoring dashboard (${env})`, icon: 'dashboard',
    });
    expect(componentOf('payment-service').metadata.links).toEqual([
      { url: 'https://grafana.acme.com/d/svc?var-namespace=payments-dev&var-service=payment-service', title: 'Dashboard (dev)', icon: 'dashboard' },
      monitoring('dev'),
      monitoring('staging'),
      {
        url: 'https://console.cloud.google.com/monitoring/dashboards/builder/golden?project=acme-prod&f.namespace=payments-prod&team=payments&env=prod',
        title: 'Dashboard (prod)',
        icon: 'dashboard',
      },
      monitoring('prod'),
    ]);
    // The link is the team's dashboard that the synth made, by its id.
    const dashboards = Object.values<any>(json.resource.google_monitoring_dashboard).map((d) => JSON.parse(d.dashboard_json).name);
    expect(dashboards).toContain('projects/acme-prod/dashboards/payments-prod');
    expect(componentOf('search-api').metadata.links![0].url).toBe('https://grafana.acme.com/d/svc?var-namespace=search-dev&var-service=search-api');
  });

  test('every Component passes Backstage\'s entity policies and Component validator, and the catalog file reads back to the entities', async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy(),
    ]);
    for (const entity of entities.filter((e) => e.kind === 'Component')) {
      const checked = await policy.enforce(JSON.parse(JSON.stringify(entity)));
      expect(await componentEntityV1alpha1Validator.check(checked!)).toBe(true);
    }
    expect(parseAllDocuments(ServiceCatalog.toYaml(entities as any)).map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(entities)));
  });
});

describe('one environment', () => {
  test('its namespace is the one the Kubernetes plugin looks in', () => {
    const entity = component({ environments: [{ name: 'prod', production: true }] });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-namespace': 'payments-prod',
      'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=payment-service,golden-paths.dev/team=payments',
    });
    expect(entity.metadata.links).toEqual([{
      url: 'https://console.cloud.google.com/monitoring/dashboards/custom/payments-prod?project=acme-prod', title: 'Cloud Monitoring dashboard (prod)', icon: 'dashboard',
    }]);
  });

  test('no link to a Cloud Monitoring dashboard when the team\'s dashboards are off', () => {
    const { app, platform } = platformFixture({ environments: [{ name: 'prod', production: true }] });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], dashboard: { enabled: false, disabledReason: 'charted in the company Grafana' } });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    const entity = (ServiceCatalog.entities(app) as unknown as Entity[]).find((e) => e.kind === 'Component')!;
    expect(entity.metadata.links).toBeUndefined();
  });
});

describe('a dashboard URL the platform refuses', () => {
  test.each([
    ['http://grafana.acme.com/d/{service}', /is not an https URL/],
    ['https://grafana.acme.com/d/{service} x', /is not an https URL/],
    ['https://grafana.acme.com/d/{svc}', /has the placeholder \{svc\}, and the placeholders are \{service\}, \{namespace\}, \{team\}, \{environment\}/],
    ['https://user:pass@grafana.acme.com/', /without credentials/],
    ['javascript:alert(1)', /is not an https URL/],
  ])('%s', (dashboardUrl, message) => {
    expect(errorOf(() => platformFixture({ environments: [{ name: 'prod', production: true, dashboardUrl }] }))).toMatch(/environments\[0\]\.dashboardUrl/);
    expect(errorOf(() => platformFixture({ environments: [{ name: 'prod', production: true, dashboardUrl }] }))).toMatch(message);
  });
});

test('a settings file may give an environment its dashboard', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-settings-'));
  const file = path.join(dir, 'platform-settings.json');
  const dashboardUrl = 'https://grafana.acme.com/d/svc?var-namespace={namespace}';
  fs.writeFileSync(file, JSON.stringify({ ...APP_PLATFORM_PROPS, environments: [{ name: 'prod', production: true, dashboardUrl }] }));
  const platform = Platform.fromFile(new App({ outdir: dir }), 'acme', file);
  expect(platform.environments.map((e) => e.dashboardUrl)).toEqual([dashboardUrl]);
});
