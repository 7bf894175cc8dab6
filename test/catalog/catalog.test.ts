import {
  apiEntityV1alpha1Validator, componentEntityV1alpha1Validator, DefaultNamespaceEntityPolicy, type Entity, EntityPolicies,
  FieldFormatEntityPolicy, groupEntityV1alpha1Validator, NoForeignRootFieldsEntityPolicy, resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy, systemEntityV1alpha1Validator, userEntityV1alpha1Validator, parseEntityRef, stringifyEntityRef,
} from '@backstage/catalog-model';
import { Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { buildApp, type AcmePlatformStack } from '../../examples/main';
import { Platform, ServiceCatalog, TeamEnvironment as Team, type CatalogEntity } from '../../src';
import { SynthOutput } from '../../src/private/synth-output';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators = [
  apiEntityV1alpha1Validator, componentEntityV1alpha1Validator, groupEntityV1alpha1Validator, resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator, userEntityV1alpha1Validator,
];

/** Runs Backstage's own entity policies and kind validators, as the catalog backend does on ingestion. */
async function validate(entity: Entity): Promise<void> {
  const checked = await policy.enforce(JSON.parse(JSON.stringify(entity)));
  if (!checked) throw new Error(`entity ${entity.metadata.name} rejected by the policies`);
  const results = await Promise.all(kindValidators.map((v) => v.check(checked)));
  if (!results.some((r) => r === true)) throw new Error(`no kind validator accepts ${entity.kind}:${entity.metadata.name}`);
}

function refOf(entity: CatalogEntity): string {
  return stringifyEntityRef({ kind: entity.kind, namespace: 'default', name: entity.metadata.name });
}

function find(entities: CatalogEntity[], kind: string, name: string): CatalogEntity {
  const found = entities.find((e) => e.kind === kind && e.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${entities.map(refOf).join(', ')}`);
  return found;
}

describe('the example platform catalog', () => {
  const app = buildApp(Testing.app().outdir);
  const stack = app.node.findChild('acme-platform') as AcmePlatformStack;
  const entities = ServiceCatalog.entities(app);

  test('has every kind, from the construct tree', () => {
    const refs = entities.map(refOf);
    expect(refs).toEqual(expect.arrayContaining([
      'group:default/payments', 'group:default/search',
      'user:default/alice', 'user:default/bob', 'user:default/dave',
      'system:default/commerce',
      'component:default/payment-service', 'component:default/search-api',
      'api:default/payment-service-api', 'api:default/search-api-api',
      `resource:default/${stack.paymentsDb.name}`, `resource:default/${stack.searchCache.name}`,
    ]));
    expect(new Set(refs).size).toBe(refs.length);
  });

  test('every entity passes Backstage\'s entity policies and kind validators', async () => {
    for (const entity of entities) await validate(entity as Entity);
  });

  test('every relation resolves inside the catalog', () => {
    const known = new Set(entities.map(refOf));
    const relations: Array<[string, string, string]> = [];
    const add = (from: CatalogEntity, field: string, ref: string, defaultKind: string) =>
      relations.push([refOf(from), field, stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }))]);
    for (const e of entities) {
      const spec = e.spec;
      if (spec.owner) add(e, 'owner', spec.owner, 'group');
      if (spec.system) add(e, 'system', spec.system, 'system');
      for (const r of spec.dependsOn ?? []) add(e, 'dependsOn', r, 'component');
      for (const r of spec.dependencyOf ?? []) add(e, 'dependencyOf', r, 'component');
      for (const r of spec.providesApis ?? []) add(e, 'providesApis', r, 'api');
      for (const r of spec.members ?? []) add(e, 'members', r, 'user');
      for (const r of spec.memberOf ?? []) add(e, 'memberOf', r, 'group');
    }
    expect(relations.length).toBeGreaterThan(10);
    expect(relations.filter(([, , to]) => !known.has(to))).toEqual([]);
  });

  test('a group per team with its people', () => {
    const group = find(entities, 'Group', 'payments');
    expect(group.spec).toEqual({ type: 'team', profile: { displayName: 'payments' }, children: [], members: ['alice', 'bob', 'carol'] });
    expect(group.metadata.annotations?.['github.com/team-slug']).toBe('acme/payments');
    expect(find(entities, 'User', 'alice').spec.memberOf).toEqual(['payments']);
  });

  test('a component per service, with annotations Backstage plugins read', () => {
    const component = find(entities, 'Component', 'payment-service');
    expect(component.spec).toMatchObject({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:payments',
      system: 'commerce',
      providesApis: ['payment-service-api'],
      dependsOn: [`resource:${stack.paymentsDb.name}`],
    });
    expect(component.metadata.annotations).toMatchObject({
      'github.com/project-slug': 'acme/payment-service',
      'backstage.io/kubernetes-id': 'payment-service',
      'backstage.io/source-location': 'url:https://github.com/acme/payment-service/tree/main/',
    });
    // Three environments, three namespaces: no single-namespace annotation.
    expect(component.metadata.annotations?.['backstage.io/kubernetes-namespace']).toBeUndefined();
    expect(component.metadata.tags).toEqual(['go', 'gin']);
  });

  test('a component lists the Secret Manager secrets its service reads, by variable and secret id, never a value', () => {
    // payment-service reads STRIPE_API_KEY from the secret stripe-api-key in every environment (examples/teams.ts).
    expect(find(entities, 'Component', 'payment-service').metadata.annotations?.['golden-paths.dev/secrets']).toBe('STRIPE_API_KEY=stripe-api-key');
    expect(find(entities, 'Component', 'search-api').metadata.annotations?.['golden-paths.dev/secrets']).toBeUndefined();
  });

  test('an API per service with its OpenAPI definition', () => {
    const api = find(entities, 'API', 'payment-service-api');
    expect(api.spec).toMatchObject({ type: 'openapi', owner: 'group:payments', system: 'commerce' });
    expect(api.spec.definition).toMatch(/^openapi: 3/);
    expect(api.spec.definition).toMatch(/\/healthz/);
  });

  test('a resource per database, a dependency of the services that use it', () => {
    const resource = find(entities, 'Resource', stack.paymentsDb.name);
    expect(resource.spec).toEqual({ type: 'database', owner: 'group:payments', system: 'commerce', dependencyOf: ['component:payment-service'] });
    expect(resource.metadata.tags).toEqual([stack.paymentsDb.engine]);
  });

  test('the catalog file is multi-document YAML that reads back to the entities', () => {
    const docs = parseAllDocuments(ServiceCatalog.toYaml(entities)).map((d) => d.toJS());
    expect(docs).toEqual(JSON.parse(JSON.stringify(entities)));
  });
});

describe('the validation catches what Backstage rejects', () => {
  test('a broken entity fails the Backstage validators', async () => {
    const entities = ServiceCatalog.entities(buildApp(Testing.app().outdir));
    const component = find(entities, 'Component', 'payment-service');
    const broken = { ...component, metadata: { ...component.metadata, name: 'Payment Service!' } };
    await expect(validate(broken as Entity)).rejects.toThrow(/name/);
    const noOwner = { ...component, spec: { ...component.spec, owner: undefined } };
    await expect(validate(JSON.parse(JSON.stringify(noOwner)))).rejects.toThrow();
  });
});

describe('the catalog file in the synth output', () => {
  test('app.synth() writes the whole app\'s catalog next to the stacks, with no extra call', () => {
    const outdir = Testing.app().outdir;
    const app = buildApp(outdir);
    app.synth();
    const { existsSync, readFileSync } = jest.requireActual('fs');
    const file = `${outdir}/catalog-info.yaml`;
    expect(existsSync(file)).toBe(true);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
    expect(docs).toEqual(JSON.parse(JSON.stringify(ServiceCatalog.entities(app))));
    expect(docs.map((d: any) => d.kind)).toEqual(expect.arrayContaining(['Group', 'User', 'System', 'Component', 'API', 'Resource']));
  });

  test('an app of several Platforms writes its catalog once per synth, with every platform in it', () => {
    const { App, TerraformStack } = jest.requireActual('cdktf');
    const outdir = Testing.app().outdir;
    // No providers in these stacks: validations (provider checks, guardrails) are not what is tested.
    const app = new App({ outdir, skipValidation: true });
    for (const org of ['acme', 'globex']) {
      const platform = new Platform(new TerraformStack(app, org), 'platform', { githubOrganization: org, gcpProject: `${org}-prod`, region: 'europe-west1', googleGroupsDomain: `${org}.com` });
      new Team(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    }
    const writeFile = jest.spyOn(SynthOutput, 'writeFile');
    try {
      app.synth();
      app.synth();
      // Once per synth (it was once per Platform), each time the whole app's catalog.
      expect(writeFile.mock.calls.filter((c) => c[1] === 'catalog-info.yaml')).toHaveLength(2);
    } finally {
      writeFile.mockRestore();
    }
    const docs = parseAllDocuments(jest.requireActual('fs').readFileSync(`${outdir}/catalog-info.yaml`, 'utf8')).map((d) => d.toJS());
    expect(docs.filter((d: any) => d.kind === 'Group').map((d: any) => d.metadata.namespace ?? d.metadata.name)).toHaveLength(2);
  });

  test('a stack without a platform writes no catalog', () => {
    const { App, TerraformStack } = jest.requireActual('cdktf');
    const outdir = Testing.app().outdir;
    const app = new App({ outdir });
    new TerraformStack(app, 'plain');
    app.synth();
    expect(jest.requireActual('fs').existsSync(`${outdir}/catalog-info.yaml`)).toBe(false);
  });
});

describe('catalog input errors', () => {
  const { GoMicroservice, TeamEnvironment } = jest.requireActual('../../src');
  const { platformFixture, errorOf } = jest.requireActual('../util');
  const make = (props: Record<string, unknown>) => () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    return new GoMicroservice(team, 'svc', { name: 'svc', description: 'A service', ...props });
  };

  test('a tag Backstage would reject', () => {
    expect(errorOf(make({ tags: ['payments', 'Go Lang'] }))).toBe(
      '[test/platform/payments/svc] invalid tags[1] "Go Lang": is not a valid Backstage tag (lowercase letters, digits and ":+#", words joined by "-", at most 63 characters). Fix: use a tag such as "go-lang".',
    );
  });

  test('a lifecycle that is not a ServiceLifecycle', () => {
    expect(errorOf(make({ lifecycle: 'Production' }))).toBe(
      '[test/platform/payments/svc] invalid lifecycle "Production": is not a ServiceLifecycle (the values are "experimental", "production", "deprecated"). Fix: use ServiceLifecycle.PRODUCTION ("production").',
    );
  });

  test('tags and lifecycle reach the component', () => {
    const svc = make({ tags: ['payments', 'go'], lifecycle: 'experimental' })();
    const component = find(ServiceCatalog.entities(svc.node.root), 'Component', 'svc');
    expect(component.metadata.tags).toEqual(['go', 'gin', 'payments']);
    expect(component.spec.lifecycle).toBe('experimental');
  });
});

describe('the catalog-info.yaml of each service repository', () => {
  const { Testing: T } = jest.requireActual('cdktf');
  const app = buildApp(T.app().outdir);
  const stack = app.node.findChild('acme-platform') as AcmePlatformStack;
  const json = JSON.parse(T.synth(stack, true));
  const files = Object.values<any>(json.resource.github_repository_file);
  const catalogFile = files.find((f) => f.file === 'catalog-info.yaml' && f.repository.includes('payment-service'));

  test('is committed as a platform-owned file (kept in sync, not create-once)', () => {
    expect(catalogFile).toBeDefined();
    expect(catalogFile.lifecycle?.ignore_changes ?? []).not.toContain('content');
    expect(catalogFile.overwrite_on_create).toBe(true);
  });

  test('holds the Component and the API, whose definition Backstage reads from the repository', async () => {
    const docs = parseAllDocuments(catalogFile.content).map((d) => d.toJS());
    expect(docs.map((d: any) => `${d.kind}:${d.metadata.name}`)).toEqual(['Component:payment-service', 'API:payment-service-api']);
    expect(docs[0].spec.dependsOn).toEqual([`resource:${stack.paymentsDb.name}`]);
    expect(docs[1].spec.definition).toEqual({ $text: './api/openapi.yaml' });
    // Backstage substitutes $text at ingestion; validate as the catalog would see it.
    await validate(docs[0]);
    await validate({ ...docs[1], spec: { ...docs[1].spec, definition: 'openapi: 3.0.3' } });
  });

  test('the openapi file it points at is committed too', () => {
    expect(files.some((f) => f.file === 'api/openapi.yaml' && f.repository.includes('payment-service'))).toBe(true);
  });
});

describe('the platform catalog repository', () => {
  const { platformFixture, synth, resource, errorOf } = jest.requireActual('../util');
  const { TeamEnvironment } = jest.requireActual('../../src');

  test('gathers the whole catalog in a repository the platform names', () => {
    const { stack, platform } = platformFixture({ catalogRepository: 'service-catalog' });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const file = resource(synth(stack), 'github_repository_file', (f: any) => f.repository === 'service-catalog');
    expect(file.file).toBe('catalog-info.yaml');
    const kinds = parseAllDocuments(file.content).map((d) => (d.toJS() as any).kind);
    expect(kinds).toEqual(['Group', 'User']);
  });

  test('a repository name GitHub would reject', () => {
    expect(errorOf(() => platformFixture({ catalogRepository: 'service catalog' }))).toMatch(
      /\[test\/platform\] invalid catalogRepository "service catalog": is not a GitHub repository name.*Fix: use "service-catalog"/,
    );
  });
});
