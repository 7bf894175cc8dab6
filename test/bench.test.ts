import { Testing } from 'cdktf';
import { buildBaselineStack, type Templates } from '../bench/baseline';
import { anonymize, countDifferences, resourceDifferences, resourceTotal, typeCounts } from '../bench/compare';
import { buildLibraryStack } from '../bench/library-app';
import { benchPlatform, SERVICES_PER_TEAM } from '../bench/spec';
import { makeTemplates } from '../bench/templates';
import * as lib from '../src';

describe('benchPlatform (the generator)', () => {
  test('spreads N services over teams of 10, each service with its own database', () => {
    const spec = benchPlatform(25);
    expect(spec.services).toBe(25);
    expect(spec.teams.map((t) => t.services.length)).toEqual([SERVICES_PER_TEAM, SERVICES_PER_TEAM, 5]);
    const services = spec.teams.flatMap((t) => t.services);
    expect(new Set(services.map((s) => s.name)).size).toBe(25);
    expect(new Set(services.map((s) => s.database!.name)).size).toBe(25);
    expect(services.every((s) => spec.teams.find((t) => t.name === s.team)!.services.includes(s))).toBe(true);
  });

  test('mixes postgres and redis', () => {
    const engines = benchPlatform(10).teams.flatMap((t) => t.services).map((s) => s.database!.engine);
    expect(engines.filter((e) => e === 'postgres')).toHaveLength(5);
    expect(engines.filter((e) => e === 'redis')).toHaveLength(5);
  });

  test('databases: "half" gives every other service a database (postgres and redis alternating among them)', () => {
    const services = benchPlatform(20, 10, { databases: 'half' }).teams.flatMap((t) => t.services);
    expect(services.map((s) => s.database?.engine ?? '-')).toEqual(['postgres', '-', 'redis', '-', 'postgres', '-', 'redis', '-', 'postgres', '-', 'redis', '-', 'postgres', '-', 'redis', '-', 'postgres', '-', 'redis', '-']);
    expect(services.filter((s) => s.database !== undefined).map((s) => s.database!.name)).toEqual(services.filter((_, i) => i % 2 === 0).map((s) => `${s.name}-db`));
  });

  test('refuses a size that is not a positive whole number', () => {
    expect(() => benchPlatform(0)).toThrow('services must be a positive integer, got 0');
    expect(() => benchPlatform(2.5)).toThrow('services must be a positive integer, got 2.5');
  });
});

describe('the baseline makes what the library makes (N=2: a postgres and a redis service)', () => {
  let templates: Templates;
  let library: any;
  let baseline: any;
  beforeAll(() => {
    templates = makeTemplates(lib);
    library = JSON.parse(Testing.synth(buildLibraryStack(lib, Testing.app(), benchPlatform(2)), true));
    baseline = JSON.parse(Testing.synth(buildBaselineStack(Testing.app(), benchPlatform(2), templates), true));
  });

  test('the templates hold every repository file with placeholders, the catalog entry and the workflow last', () => {
    const paths = templates.files.map((f) => f.path);
    expect(paths).toContain('cmd/{{service}}/main.go');
    expect(paths.slice(-2)).toEqual(['catalog-info.yaml', '.github/workflows/ci.yml']);
    expect(templates.files.find((f) => f.path === 'catalog-info.yaml')!.content).toContain('{{service}}');
    expect(templates.files.filter((f) => f.teamOwned).length).toBeGreaterThan(20);
    expect(JSON.stringify(templates)).not.toMatch(/zqsvcx|zqteamx|Zqdescx/i);
  });

  test('resource counts by type are equal', () => {
    const counts = typeCounts(library);
    expect(countDifferences(counts, typeCounts(baseline))).toEqual([]);
    expect(counts.github_repository).toBe(2);
    expect(counts.google_sql_database_instance).toBe(3);
    expect(counts.google_redis_instance).toBe(3);
    expect(counts['data.github_team']).toBe(1);
    expect(resourceTotal(counts)).toBeGreaterThan(200);
  });

  test('every resource, data source and output has the same attributes, references aside', () => {
    expect(resourceDifferences(library, baseline)).toEqual([]);
  });

  test('half the services with a database (N=4: a postgres, a redis and two without): the same resources, attribute for attribute', () => {
    const spec = benchPlatform(4, 10, { databases: 'half' });
    const half = JSON.parse(Testing.synth(buildLibraryStack(lib, Testing.app(), spec), true));
    const byHand = JSON.parse(Testing.synth(buildBaselineStack(Testing.app(), spec, templates), true));
    const counts = typeCounts(half);
    expect(countDifferences(counts, typeCounts(byHand))).toEqual([]);
    const types = ['github_repository', 'google_sql_database_instance', 'google_redis_instance', 'kubernetes_deployment_v1'];
    expect(types.map((t) => counts[t])).toEqual([4, 3, 3, 12]);
    expect(resourceDifferences(half, byHand)).toEqual([]);
  });

  test('the comparison sees a changed attribute, a dropped dependency and a missing resource', () => {
    const changed = JSON.parse(JSON.stringify(baseline));
    const [deployment] = Object.values<any>(changed.resource.kubernetes_deployment_v1);
    deployment.spec.replicas = '4';
    expect(resourceDifferences(library, changed).join('\n')).toMatch(/kubernetes_deployment_v1: 1 only in library[\s\S]*kubernetes_deployment_v1: 1 only in baseline/);

    const undepended = JSON.parse(JSON.stringify(baseline));
    delete Object.values<any>(undepended.resource.kubernetes_service_v1)[0].depends_on;
    expect(resourceDifferences(library, undepended)).toHaveLength(2);

    const missing = JSON.parse(JSON.stringify(baseline));
    delete missing.resource.github_repository_ruleset[Object.keys(missing.resource.github_repository_ruleset)[0]];
    expect(countDifferences(typeCounts(library), typeCounts(missing))).toEqual(['github_repository_ruleset: library 2, baseline 1']);
  });
});

describe('anonymize', () => {
  test('drops construct metadata and the names in references, keeps types and attributes', () => {
    expect(anonymize({
      '//': { metadata: { path: 'a/b' } },
      'team_id': '${github_team.platform_team_1234.id}',
      'teams': ['${data.github_team.lookup_5678.id}'],
      'depends_on': ['kubernetes_namespace_v1.ns_1', 'google_service_account.sa_2'],
      'lifecycle': { replace_triggered_by: ['google_sql_user.admin_FCD50DC2.id', 'google_sql_database.db_1.id'] },
      'env': [{ name: 'ADDRESS', value: 'google_secret_manager_secret_version.version_E09E8641' }, { name: 'PLAIN', value: 'golden_paths_admin' }],
    })).toEqual({
      team_id: '${github_team.*.id}',
      teams: ['${data.github_team.*.id}'],
      depends_on: ['google_service_account.*', 'kubernetes_namespace_v1.*'],
      lifecycle: { replace_triggered_by: ['google_sql_user.*.id', 'google_sql_database.*.id'] },
      env: [{ name: 'ADDRESS', value: 'google_secret_manager_secret_version.*' }, { name: 'PLAIN', value: 'golden_paths_admin' }],
    });
  });
});
