import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, TeamEnvironment, TeamServices } from '../../src';
import { errorOf } from '../util';

/** TeamServices: the services and databases of a team repository's services/ directory (JSON files). */

/** The example's platform.json, where the platform also created ledger for payments. */
const PLATFORM_JSON = (() => {
  const published = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8'));
  published.teams.payments.serviceRepositories.push('ledger');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'team-services-platform-')), 'platform.json');
  fs.writeFileSync(file, JSON.stringify(published));
  return file;
})();

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-services-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function declare(name: string, json: unknown): void {
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json));
}

function team(): { app: App; team: TeamEnvironment } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-services-out-')) });
  const platform = Platform.fromFile(app, 'acme', PLATFORM_JSON);
  return { app, team: new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] }) };
}

function stack(app: App, name: string): any {
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
}

test('each file declares its service or database; a service\'s own database is <service>-db and connected', () => {
  declare('ledger-db', { kind: 'database', name: 'ledger-db', engine: 'redis', size: 'small' });
  declare('payment-service', { kind: 'service', name: 'payment-service', description: 'Payments', database: { engine: 'postgres', size: 'small' } });
  declare('ledger', { kind: 'service', name: 'ledger', description: 'Ledger', databases: ['ledger-db'], environments: { prod: { replicas: 4, autoscaling: { minReplicas: 4, maxReplicas: 12 } } } });
  fs.writeFileSync(path.join(dir, 'README.md'), 'not a declaration');
  const t = team();
  const declared = TeamServices.fromDirectory(t.team, dir);
  expect(declared.services.map((s) => s.name)).toEqual(['ledger', 'payment-service']);
  expect(declared.databases.map((d) => d.name)).toEqual(['ledger-db', 'payment-service-db']);
  const prod = stack(t.app, 'payments-prod');
  expect(Object.values<any>(prod.resource.google_sql_database_instance).map((d) => d.name)).toEqual(['payment-service-db-prod']);
  expect(Object.values<any>(prod.resource.google_redis_instance)).toHaveLength(1);
  const ledgerHpa = Object.values<any>(prod.resource.kubernetes_horizontal_pod_autoscaler_v2).find((h) => h.metadata.name === 'ledger');
  expect(ledgerHpa.spec).toMatchObject({ min_replicas: 4, max_replicas: 12 });
});

test('a missing directory declares nothing', () => {
  const t = team();
  expect(TeamServices.fromDirectory(t.team, path.join(dir, 'none')).services).toEqual([]);
});

describe('errors name the file, the JSON pointer, the value and the fix', () => {
  test.each([
    [{ kind: 'service', name: 'ledger', description: 'L', Replicas: 3 }, 'ledger', 'invalid /Replicas 3: is not a setting. Fix: write "replicas".'],
    [{ kind: 'service', name: 'ledger', description: 'L', replicas: '3' }, 'ledger', 'invalid /replicas "3": is not a number. Fix: write a number there.'],
    [{ kind: 'queue', name: 'ledger' }, 'ledger', 'invalid /kind "queue": is not "service" nor "database". Fix: write "kind": "service" or "kind": "database".'],
    [{ kind: 'service', name: 'ledger', description: 'L' }, 'ledger-service', 'invalid /name "ledger": differs from the file name ledger-service.json. Fix: rename the file ledger.json.'],
    [{ kind: 'service', name: 'ledger', description: 'L', databases: ['orders-db'] }, 'ledger', 'invalid /databases/0 "orders-db": names no database of this directory.'],
    [{ kind: 'service', name: 'ledger', description: 'L', database: { engine: 'postgres', size: 'small', tier: 'x' } }, 'ledger', 'invalid /database/tier "x": is not a setting.'],
  ])('%j', (json, file, message) => {
    declare(file, json);
    expect(errorOf(() => TeamServices.fromDirectory(team().team, dir))).toContain(`[${path.join(dir, `${file}.json`)}] ${message}`);
  });

  test('values are judged by the constructs, with their construct path', () => {
    declare('ledger', { kind: 'service', name: 'ledger', description: 'L', autoscaling: { minReplicas: 5, maxReplicas: 2 } });
    expect(errorOf(() => TeamServices.fromDirectory(team().team, dir))).toMatch(/^\[payments\/payments\/ledger\] .*invalid environments\.prod\.autoscaling\.minReplicas 5: is greater than autoscaling\.maxReplicas \(2\)/s);
  });

  test('a file that is not JSON', () => {
    fs.writeFileSync(path.join(dir, 'ledger.json'), '{ kind: service }');
    expect(errorOf(() => TeamServices.fromDirectory(team().team, dir))).toMatch(/ledger\.json\] is not JSON: .*Fix: write one JSON object/);
  });
});
