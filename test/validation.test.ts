import * as fs from 'fs';
import * as path from 'path';
import { GoldenPath, GoMicroservice, GoServiceScaffold, TeamEnvironment, type GoMicroserviceProps, type PlatformProps } from '../src';
import { errorOf, platformFixture, resource, synth } from './util';
import { GOLDEN_PATH_DEFAULTS, ITEMS_API_PREFIX, NONROOT_UID } from '../src/private/constants';
import { DEFAULT_RUN_AS_USER } from '../src/service/service-workload';

/**
 * One validation pass at the entry construct, one error format in the whole
 * library, and a golden path judged at the Platform for everything the
 * scaffold and the CI workflow will take as given.
 */

function platform(props: Partial<PlatformProps> = {}) {
  return platformFixture(props).platform;
}

function service(props: Partial<GoMicroserviceProps> = {}) {
  const f = platformFixture();
  const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing', ...props });
  return { ...f, team, svc };
}

const SERVICE_PATH = 'test/platform/payments/payment-service';

describe('a golden path fails at the Platform, under the prop that holds the mistake', () => {
  test('a liveness path with a query (the scaffold\'s router cannot serve it)', () => {
    expect(errorOf(() => platform({ goldenPath: GoldenPath.goMicroservice({ livenessPath: '/health?deep=1' }) }))).toBe(
      '[test/platform] invalid goldenPath.livenessPath "/health?deep=1": is not a probe path the kubelet and the scaffold accept '
      + '("/" then segments of letters, digits, ".", "_", "~" and "-"; no query, route parameter or space). Fix: use a path such as "/health".',
    );
  });

  test('a required check the CI workflow cannot run', () => {
    expect(errorOf(() => platform({ goldenPath: GoldenPath.goMicroservice({ requiredChecks: ['e2e'] }) }))).toBe(
      '[test/platform] invalid goldenPath.requiredChecks[0] "e2e": is not a check the CI workflow can run (its gates are "unit-tests", "lint", "security-scan", "coverage"). '
      + 'Fix: use one of those names: they are the workflow\'s job ids, which branch protection requires.',
    );
  });

  test('liveness equal to readiness, a probe under the items API, a repeated check: all at once', () => {
    const message = errorOf(() => platform({
      goldenPath: GoldenPath.goMicroservice({ livenessPath: '/v1/items/ping', requiredChecks: ['lint', 'lint'], coverageThreshold: 120 }),
    }));
    expect(message).toMatch(/^\[test\/platform\] 3 invalid props:\n/);
    expect(message).toContain('invalid goldenPath.coverageThreshold 120: must be a percentage between 0 and 100');
    expect(message).toContain('invalid goldenPath.livenessPath "/v1/items/ping": collides with the scaffold\'s items API under /v1/items');
    expect(message).toContain('invalid goldenPath.requiredChecks "lint": lists a check twice');
    expect(errorOf(() => platform({ goldenPath: GoldenPath.goMicroservice({ livenessPath: '/probe', readinessPath: '/probe' }) }))).toBe(
      '[test/platform] invalid goldenPath.readinessPath "/probe": is the same path as livenessPath, so a pod that is only not ready would be restarted. '
      + 'Fix: serve readiness and liveness on separate paths, such as "/readyz" and "/healthz".',
    );
  });

  test('a golden path the Platform accepts gives a service its scaffold and checks', () => {
    const f = platformFixture({ goldenPath: GoldenPath.goMicroservice({ livenessPath: '/live', requiredChecks: ['unit-tests', 'lint'] }) });
    const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    expect(svc.repository.requiredChecks).toEqual(['unit-tests', 'lint']);
    expect(svc.repository.scaffold.livenessPath).toBe('/live');
  });
});

describe('GoMicroservice judges its props once, all problems at once', () => {
  test('a bad name and a bad system are both reported, with the workload and repository props, under the service', () => {
    const message = errorOf(() => service({
      name: 'Payment_Service',
      system: 'commerce platform',
      cpu: 'half',
      repositoryName: 'payment service',
      topics: ['Payments API'],
      livenessPath: '/health?deep=1',
    }));
    expect(message.split('\n')[0]).toBe(`[${SERVICE_PATH}] 6 invalid props:`);
    for (const prop of ['name "Payment_Service"', 'system "commerce platform"', 'cpu "half"', 'repositoryName "payment service"', 'topics[0] "Payments API"', 'livenessPath "/health?deep=1"']) {
      expect(message).toContain(`  - invalid ${prop}: `);
    }
    // Reported once, at the entry construct: no layer below judged the name again.
    expect(message.match(/invalid name /g)).toHaveLength(1);
    expect(message).not.toContain(`${SERVICE_PATH}/`);
  });

  test('a service probe path the scaffold cannot serve fails at the service, not in the scaffold', () => {
    expect(errorOf(() => service({ readinessPath: '/healthz' }))).toBe(
      `[${SERVICE_PATH}] invalid readinessPath "/healthz": is the same path as livenessPath, so a pod that is only not ready would be restarted. `
      + 'Fix: serve readiness and liveness on separate paths, such as "/readyz" and "/healthz".',
    );
    expect(errorOf(() => service({ livenessPath: '/readyz' }))).toContain(`[${SERVICE_PATH}] invalid livenessPath "/readyz": is the same path as readinessPath`);
  });

  test('a containerPort that is the golden path\'s metricsPort fails at the service, under containerPort (the scaffold would serve both on it)', () => {
    expect(GOLDEN_PATH_DEFAULTS.metricsPort).toBe(9464);
    const message = `[${SERVICE_PATH}] invalid containerPort 9464: is the golden path's metricsPort, where the service serves its metrics apart from its API. `
      + 'Fix: use another port for the API, such as 8080.';
    expect(errorOf(() => service({ containerPort: 9464 }))).toBe(message);
    expect(errorOf(() => service({ port: 9464 }))).toBe(message.replace('invalid containerPort', 'invalid port'));
    // The golden path's own metricsPort is what counts.
    const f = platformFixture({ goldenPath: GoldenPath.goMicroservice({ metricsPort: 9100 }) });
    const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(new GoMicroservice(team, 'metrics-default', { name: 'metrics-default', description: 'x', containerPort: 9464 }).containerPort).toBe(9464);
    expect(errorOf(() => new GoMicroservice(team, 'metrics-taken', { name: 'metrics-taken', description: 'x', containerPort: 9100 }))).toContain(
      'invalid containerPort 9100: is the golden path\'s metricsPort, where',
    );
  });

  test('a name written into repository files must be a literal', () => {
    const f = platformFixture();
    const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new GoMicroservice(team, 'svc', { name: team.githubTeam!.slug, description: 'x' }))).toMatch(
      /^\[test\/platform\/payments\/svc\] invalid name "\$\{TfToken\[TOKEN\.\d+\]\}": is an unresolved token, but it is written into repository files/,
    );
  });
});

describe('one name per concept', () => {
  test('containerPort is the port\'s name; port is its deprecated alias and still works', () => {
    const byNew = service({ containerPort: 9090 }).svc;
    const byOld = service({ port: 9090 });
    for (const svc of [byNew, byOld.svc]) {
      expect(svc.containerPort).toBe(9090);
      expect(svc.port).toBe(9090);
      expect(svc.workload('dev').containerPort).toBe(9090);
      expect(svc.workload('dev').port).toBe(9090);
      expect(svc.repository.scaffold.containerPort).toBe(9090);
    }
    const json = synth(byOld.stack);
    const deployment = resource(json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === 'payments-prod');
    // The API's port, then the metrics' own: the golden path's metricsPort.
    expect(deployment.spec.template.spec.container[0].port).toEqual([
      { name: 'http', container_port: 9090, protocol: 'TCP' },
      { name: 'metrics', container_port: GOLDEN_PATH_DEFAULTS.metricsPort, protocol: 'TCP' },
    ]);
    expect(errorOf(() => service({ port: 0 }))).toContain('invalid port 0: must be a whole number between 1 and 65535');
    expect(errorOf(() => service({ containerPort: 0 }))).toContain('invalid containerPort 0: must be a whole number between 1 and 65535');
  });

  test('livenessPath is the liveness probe\'s name; the scaffold\'s healthPath is its deprecated alias', () => {
    const options = { name: 'payment-service', description: 'Payments', githubOrganization: 'acme', teamSlug: 'payments' };
    expect(new GoServiceScaffold({ ...options, livenessPath: '/live' }).healthPath).toBe('/live');
    expect(new GoServiceScaffold({ ...options, healthPath: '/live' }).livenessPath).toBe('/live');
  });
});

describe('one constants module', () => {
  // The template is a tree of real files that cannot import the constants: these tie them together.
  const scaffold = new GoServiceScaffold({ name: 'payment-service', description: 'Payments', githubOrganization: 'acme', teamSlug: 'payments' });
  const file = (p: string) => scaffold.tryGetFile(p)!.content;

  test('the image runs as the user the pods run as', () => {
    expect(DEFAULT_RUN_AS_USER).toBe(NONROOT_UID);
    expect(file('Dockerfile')).toMatch(new RegExp(`^USER ${NONROOT_UID}:${NONROOT_UID}$`, 'm'));
  });

  test('the scaffold serves the golden path\'s defaults and its items API where probes may not go', () => {
    const defaults = { ...GOLDEN_PATH_DEFAULTS, requiredChecks: [...GOLDEN_PATH_DEFAULTS.requiredChecks] };
    expect(GoldenPath.goMicroservice()).toEqual(expect.objectContaining(defaults));
    expect(scaffold.containerPort).toBe(GOLDEN_PATH_DEFAULTS.containerPort);
    expect(file('Dockerfile')).toContain(`EXPOSE ${GOLDEN_PATH_DEFAULTS.containerPort}`);
    const openapi = file('api/openapi.yaml');
    expect(openapi).toMatch(new RegExp(`^  ${GOLDEN_PATH_DEFAULTS.livenessPath}:$`, 'm'));
    expect(openapi).toMatch(new RegExp(`^  ${GOLDEN_PATH_DEFAULTS.readinessPath}:$`, 'm'));
    expect(openapi).toMatch(new RegExp(`^  ${ITEMS_API_PREFIX}:$`, 'm'));
    expect(scaffold.ciWorkflow.requiredChecks).toEqual([...GOLDEN_PATH_DEFAULTS.requiredChecks]);
  });
});

describe('one error format in the whole library', () => {
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const sources = files(path.join(__dirname, '..', 'src')).map((f) => ({ file: path.relative(path.join(__dirname, '..'), f), text: fs.readFileSync(f, 'utf8') }));

  test('one validation path: every construct and generator judges its own props, none skips them for settings marked as judged', () => {
    // The entry construct judges first, so its errors name what the user wrote; a layer below that judges
    // again finds the values right, and catches what the entry missed instead of taking it as given.
    const offenders = sources.filter(({ text }) => /\bisValidated\(|from '[./]*private\/validated'|from '\.\/validated'/.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
    expect(fs.existsSync(path.join(__dirname, '..', 'src', 'private', 'validated.ts'))).toBe(false);
  });

  test('no source writes the "<Owner>: <prop> <rule>; received ..." style', () => {
    const offenders = sources.filter(({ text }) => /;\s*received\b|\$\{(?:owner|OWNER)\}:\s/.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  test('every error the library throws starts with "[<construct path or generator>]"', () => {
    // Errors thrown inside a guardrail rule's check are wrapped by the engine as
    // "[<path>] guardrail <id> failed on <address>: <message>. Fix: ...".
    const wrapped = ['src/guardrails/rule-pack.ts'];
    const offenders = sources.filter(({ file }) => !wrapped.includes(file)).flatMap(({ file, text }) => [...text.matchAll(/new Error\(([^)]{0,40})/g)]
      .filter((m) => !/^`\[/.test(m[1]) && !/^'\[/.test(m[1]))
      .map((m) => `${file}: new Error(${m[1]}`));
    expect(offenders).toEqual([]);
  });

  test('an error of the input is a GoldenPathsValidationError: the plain Errors left are defects, each for a reason', () => {
    // What the library throws as a plain Error (outside the command line's own CliError), by its text: not an error of the input.
    const defects = [
      // A rule's check that returns no RuleResult, and any error a check throws: the rule's defect, wrapped by the engine with the rule id.
      'which is not a RuleResult',
      'guardrail ${rule.id} failed on',
      // Values the library's own code hands the YAML writer.
      '[toYaml] cannot write',
      // An owner count above the --max-entries the option already checked.
      'cannot pack ${byOwner.size}',
      // "This is a bug in cdktf-golden-paths: please report it."
      'has no job for the check',
      'the CI workflow reads vars.',
      // The library loaded other than through its index, so the database module never offered its choices.
      'no database choices were offered',
      // Wrong declarations listed together with a defect met among them, and a thrown value that is no Error.
      '${heading}:',
      '${String(e)}',
      // A worker of golden-paths synth --jobs that handed back nothing for an onboarded team it was given.
      'was built by another process of the synth, which handed nothing back',
      // The platform's own construction order: its stacks are made before its settings are judged.
      'the platform\'s stacks are made before its settings are judged',
    ];
    const plain = sources.flatMap(({ file, text }) => [...text.matchAll(/new Error\(([^\n]*)/g)].map((m) => ({ file, text: m[1] })));
    expect(plain.filter((p) => !defects.some((d) => p.text.includes(d))).map((p) => `${p.file}: new Error(${p.text}`)).toEqual([]);
    expect(defects.filter((d) => !plain.some((p) => p.text.includes(d)))).toEqual([]);
  });
});
