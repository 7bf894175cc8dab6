import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { GuardrailLevel, Guardrails } from '../../src';
import { parseExpiry } from '../../src/guardrails/suppressions';
import { captureWarnings as quietly, errorOf } from '../util';
import { loadSarifSchema, sarifValidator } from './sarif-schema';
import { errorIds, goodDeployment, RawResource, safeStack, UNSAFE_STACK_ERRORS, unsafeStack } from './util';

const YESTERDAY = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-06-30`;

describe('suppressions', () => {
  test('apply to the scope and its children, only for their rule', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack);
    const team = stack.node.findChild('team');
    Guardrails.suppress(team.node.findChild('deployment'), 'GP-K8S-006', 'The image tag is set by the release pipeline on first deploy');
    Guardrails.suppress(team, 'GP-GCP-007', 'Legacy batch job needs a key until its migration in Q3');
    const ids = errorIds(quietly(() => Testing.synth(stack, true)).error!);
    expect(ids).toEqual(UNSAFE_STACK_ERRORS.filter((id) => id !== 'GP-K8S-006' && id !== 'GP-GCP-007'));
  });

  test('do not apply to siblings', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack);
    Guardrails.suppress(stack.node.findChild('team').node.findChild('namespace'), 'GP-K8S-006', 'The namespace has no images, this must not silence the deployment');
    expect(errorIds(quietly(() => Testing.synth(stack, true)).error!)).toContain('GP-K8S-006');
  });

  test('on the app or the stack cover every element, providers included', () => {
    const { stack, app } = unsafeStack();
    Guardrails.of(stack);
    Guardrails.suppress(app, 'GP-SEC-001', 'Test fixture: the token is a placeholder, not a credential', { wholeStack: true });
    Guardrails.suppress(stack, 'GP-GH-001', 'The shop repository is open source by decision of the CTO', { wholeStack: true });
    const ids = errorIds(quietly(() => Testing.synth(stack, true)).error!);
    expect(ids).not.toContain('GP-SEC-001');
    expect(ids).not.toContain('GP-GH-001');
  });

  test('need a reason of at least 10 characters', () => {
    const { stack } = unsafeStack();
    const repo = stack.node.findChild('team').node.findChild('repository');
    expect(errorOf(() => Guardrails.suppress(repo, 'GP-GH-001', 'public'))).toBe(
      '[unsafe/team/repository] invalid reason "public": is 6 characters long; a suppression of GP-GH-001 needs a reason of at least 10 characters that a reviewer can judge. '
      + 'Fix: say in a sentence why the rule does not apply here, e.g. "Public documentation site: holds no code or secrets".',
    );
    expect(errorOf(() => Guardrails.suppress(repo, 'GP-GH-001', '   too short   '))).toMatch(/invalid reason "   too short   ": is 9 characters long/);
    expect(() => Guardrails.suppress(repo, 'GP-GH-001', 'Documentation')).not.toThrow();
  });

  test('need a known rule id, with the likely one suggested', () => {
    const { stack } = unsafeStack();
    expect(errorOf(() => Guardrails.suppress(stack, 'gp-gh-001', 'The shop repository is open source'))).toBe(
      '[unsafe] invalid ruleId "gp-gh-001": is not a guardrail rule id. Fix: use "GP-GH-001".',
    );
    expect(errorOf(() => Guardrails.suppress(stack, 'GP-XX-001', 'The shop repository is open source'))).toBe(
      '[unsafe] invalid ruleId "GP-XX-001": is not a guardrail rule id. Fix: use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001"), or add the custom pack that holds the rule (Guardrails.addPack) before suppressing it.',
    );
  });

  test('apply until they expire', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack);
    Guardrails.suppress(stack, 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { expires: NEXT_YEAR, wholeStack: true });
    expect(errorIds(quietly(() => Testing.synth(stack, true)).error!)).not.toContain('GP-GCP-007');
  });

  test('an expired one stops applying, and both the error and a warning say so', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack);
    Guardrails.suppress(stack, 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { expires: YESTERDAY, wholeStack: true });
    const { error, warned } = quietly(() => Testing.synth(stack, true));
    expect(errorIds(error!)).toContain('GP-GCP-007');
    expect(error).toContain(`[its suppression expired on ${YESTERDAY}: "Legacy batch job needs a key until its migration"]`);
    expect(warned.join('\n')).toContain(`suppression of GP-GCP-007 on unsafe expired on ${YESTERDAY} and no longer applies ("Legacy batch job needs a key until its migration"): fix the finding or renew the suppression with a new expiry`);
  });

  test('an expiry that is not an ISO date or timestamp is refused', () => {
    const { stack } = unsafeStack();
    expect(errorOf(() => Guardrails.suppress(stack, 'GP-GCP-007', 'Legacy batch job needs a key', { expires: '30/06/2026' }))).toBe(
      '[unsafe] invalid options.expires "30/06/2026": is not an ISO date or timestamp. '
      + 'Fix: write a date such as "2026-06-30" (the suppression ends when that day ends, UTC) or a timestamp such as "2026-06-30T12:00:00Z".',
    );
    expect(errorOf(() => Guardrails.suppress(stack, 'GP-GCP-007', 'Legacy batch job needs a key', { expires: '2026-02-30' }))).toMatch(/invalid options.expires "2026-02-30"/);
  });

  test('expiry dates end at the end of their day (UTC); timestamps and Dates are exact', () => {
    expect(parseExpiry('2026-06-30')?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(parseExpiry('2026-06-30T12:00:00+02:00')?.toISOString()).toBe('2026-06-30T10:00:00.000Z');
    expect(parseExpiry(new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseExpiry('2026-13-01')).toBeUndefined();
    expect(parseExpiry('tomorrow')).toBeUndefined();
  });
});

describe('reports written by app.synth()', () => {
  const read = (app: App, stack: string, file: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, file), 'utf8'));

  /** The unsafe stack with one active and one expired suppression, synthesized (and failing). */
  function unsafeSynth() {
    const { stack, app } = unsafeStack();
    Guardrails.of(stack);
    const team = stack.node.findChild('team');
    Guardrails.suppress(team.node.findChild('deployment'), 'GP-K8S-006', 'The image tag is set by the release pipeline', { expires: NEXT_YEAR });
    Guardrails.suppress(team, 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { expires: YESTERDAY });
    Guardrails.suppress(stack, 'GP-GH-005', 'Nothing in this stack breaks this rule', { wholeStack: true });
    const { error } = quietly(() => app.synth());
    return { app, error: error!, report: read(app, 'unsafe', Guardrails.JSON_REPORT_FILE), sarif: read(app, 'unsafe', Guardrails.SARIF_REPORT_FILE) };
  }

  test('a failing synthesis still writes both reports next to where cdk.tf.json goes', () => {
    const { app, error } = unsafeSynth();
    expect(error).toMatch(/GP-K8S-001 error at unsafe\/team\/deployment/);
    expect(fs.readdirSync(path.join(app.outdir, 'stacks', 'unsafe')).sort()).toEqual(['guardrails-report.json', 'guardrails-report.sarif']);
  });

  test('the JSON report holds the configuration, summary, rules, findings, suppressed findings and suppressions', () => {
    const { report } = unsafeSynth();
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('cdktf-guardrails');
    expect(report.stack).toBe('unsafe');
    expect(report.configuration).toEqual({
      packs: ['kubernetes', 'google-cloud', 'github', 'secrets', 'terraform'],
      customPacks: [],
      disabledRules: [],
      ruleLevels: {},
      productionEnvironments: ['prod', 'production'],
      maxSuppressionDays: 365,
      weakened: { packsOff: [], disabledRules: [], loweredRules: [] },
    });
    // The synth failed, so no cdk.tf.json was written for the report to name.
    expect(report.synth).toEqual({ validationSkipped: false });
    // GP-K8S-006 is suppressed; the warnings are GP-K8S-007 (no probes) and GP-GCP-006 (zonal production database).
    expect(report.summary).toEqual({
      errors: UNSAFE_STACK_ERRORS.length - 1, warnings: 2, suppressed: 1, expiredSuppressions: 1, elements: 8, rules: 50,
    });
    expect(report.rules).toHaveLength(50);
    expect(report.rules[0]).toEqual({
      id: 'GP-K8S-001',
      pack: 'kubernetes',
      name: 'container-resources',
      level: 'error',
      message: expect.stringMatching(/^A container has no cpu or memory request or limit/),
      fix: expect.stringMatching(/^Set resources.requests/),
    });
    expect(report.findings.find((f: any) => f.ruleId === 'GP-GCP-007')).toEqual({
      ruleId: 'GP-GCP-007',
      level: 'error',
      address: 'google_service_account_key.team_key_97180269',
      constructPath: 'unsafe/team/key',
      message: expect.any(String),
      details: [],
      fix: expect.any(String),
      expiredSuppression: { reason: 'Legacy batch job needs a key until its migration', scope: 'unsafe/team', expires: YESTERDAY },
    });
    expect(report.suppressed).toEqual([expect.objectContaining({
      ruleId: 'GP-K8S-006',
      constructPath: 'unsafe/team/deployment',
      details: ['container "shop" uses image "shop:latest"'],
      suppression: { reason: 'The image tag is set by the release pipeline', scope: 'unsafe/team/deployment', expires: NEXT_YEAR },
    })]);
    // By scope, whatever the order they were made in.
    expect(report.suppressions).toEqual([
      { ruleId: 'GP-GH-005', scope: 'unsafe', reason: 'Nothing in this stack breaks this rule', wholeStack: true, expired: false, matched: 0 },
      { ruleId: 'GP-GCP-007', scope: 'unsafe/team', reason: 'Legacy batch job needs a key until its migration', expires: YESTERDAY, expired: true, matched: 1 },
      { ruleId: 'GP-K8S-006', scope: 'unsafe/team/deployment', reason: 'The image tag is set by the release pipeline', expires: NEXT_YEAR, expired: false, matched: 1 },
    ]);
  });

  test('the SARIF log holds the rules, results with locations and fingerprints, and suppressions', () => {
    const { sarif, app } = unsafeSynth();
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdktf-guardrails');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toHaveLength(50);
    expect(run.tool.driver.rules.find((r: any) => r.id === 'GP-K8S-007').defaultConfiguration).toEqual({ level: 'warning' });
    const key = run.results.find((r: any) => r.ruleId === 'GP-GCP-007');
    expect(key).toEqual(expect.objectContaining({
      level: 'error',
      ruleIndex: run.tool.driver.rules.findIndex((r: any) => r.id === 'GP-GCP-007'),
      message: { text: expect.stringMatching(/^A service-account key is created.* Fix: Remove the google_service_account_key.* Its suppression expired on /) },
      locations: [{
        physicalLocation: { artifactLocation: { uri: path.relative(process.cwd(), path.join(app.outdir, 'stacks', 'unsafe', 'cdk.tf.json')) }, region: { startLine: 1 } },
        logicalLocations: [{ name: 'team_key_97180269', fullyQualifiedName: 'google_service_account_key.team_key_97180269', kind: 'resource' }],
      }],
      partialFingerprints: { 'guardrailsFinding/v1': expect.stringMatching(/^[0-9a-f]{32}$/) },
      properties: { constructPath: 'unsafe/team/key', stack: 'unsafe', details: [] },
    }));
    expect(key.suppressions).toBeUndefined();
    const image = run.results.find((r: any) => r.ruleId === 'GP-K8S-006');
    expect(image.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'The image tag is set by the release pipeline' }]);
    expect(run.results).toHaveLength(UNSAFE_STACK_ERRORS.length + 2);
  });

  test('a successful synthesis points each result at its line of cdk.tf.json', () => {
    const { stack, app, team } = safeStack();
    Guardrails.of(stack);
    const noProbes = goodDeployment('payments-prod', 'api');
    delete noProbes.spec.template.spec.container[0].liveness_probe;
    (team.node.findChild('deployment') as RawResource).addOverride('spec.template.spec.container.0.liveness_probe', null);
    quietly(() => app.synth());
    const sarif = read(app, 'safe', Guardrails.SARIF_REPORT_FILE);
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe('GP-K8S-007');
    const lines = fs.readFileSync(path.join(app.outdir, 'stacks', 'safe', 'cdk.tf.json'), 'utf8').split('\n');
    expect(lines[result.locations[0].physicalLocation.region.startLine - 1]).toBe(`      "${result.locations[0].logicalLocations[0].name}": {`);
    expect(read(app, 'safe', Guardrails.JSON_REPORT_FILE).summary).toEqual({ errors: 0, warnings: 1, suppressed: 0, expiredSuppressions: 0, elements: 8, rules: 50 });
  });

  test('with validations skipped, the synthesis succeeds and the report still lists the errors', () => {
    const { stack, app } = unsafeStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skip-')), skipValidation: true }));
    Guardrails.of(stack);
    quietly(() => app.synth());
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'unsafe', 'cdk.tf.json'))).toBe(true);
    expect(read(app, 'unsafe', Guardrails.JSON_REPORT_FILE).summary.errors).toBe(UNSAFE_STACK_ERRORS.length);
  });

  test('reports: false writes none', () => {
    const { stack, app } = safeStack();
    Guardrails.of(stack).configure({ reports: false, ruleLevels: { 'GP-K8S-001': GuardrailLevel.ERROR } });
    app.synth();
    expect(fs.readdirSync(path.join(app.outdir, 'stacks', 'safe'))).toEqual(['cdk.tf.json']);
  });

  test('judging adds no resolution of the stack: app.synth() resolves it once', () => {
    const { stack, app } = safeStack();
    Guardrails.of(stack);
    const resolve = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    try {
      app.synth();
      expect(resolve).toHaveBeenCalledTimes(1);
    } finally {
      resolve.mockRestore();
    }
  });

  const schema = loadSarifSchema();
  describe('against the SARIF 2.1.0 JSON schema', () => {
    test('the reports of a failing and of a clean stack are valid SARIF 2.1.0', () => {
      const validate = sarifValidator(schema);
      expect(validate(unsafeSynth().sarif)).toEqual([]);
      const { stack, app } = safeStack();
      Guardrails.of(stack);
      app.synth();
      expect(validate(read(app, 'safe', Guardrails.SARIF_REPORT_FILE))).toEqual([]);
    });

    test('the validator rejects a log that is not SARIF 2.1.0', () => {
      const validate = sarifValidator(schema);
      expect(validate({ version: '2.0.0', runs: [] })).not.toEqual([]);
      expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).not.toEqual([]);
      const wrongLevel = unsafeSynth().sarif;
      wrongLevel.runs[0].results[0].level = 'fatal';
      expect(validate(wrongLevel)).toEqual([expect.stringMatching(/^\/runs\/0\/results\/0\/level must be equal to one of the allowed values/)]);
    });
  });
});

describe('each stack records the suppressions that can apply to it, and no other', () => {
  /** The files of stack `id` that record its guardrails: cdk.tf.json (its "//" record) and the JSON report. */
  const filesOf = (app: App, id: string) => Object.fromEntries(['cdk.tf.json', Guardrails.JSON_REPORT_FILE]
    .map((f) => [f, fs.readFileSync(path.join(app.outdir, 'stacks', id, f), 'utf8')]));

  /** Two clean stacks, `a` and `b`, with their guardrails, after `suppress` ran; their files. */
  function synthTwo(suppress: (a: Construct, b: Construct, app: App) => void) {
    const app = Testing.app();
    const a = safeStack(app, 'a');
    const b = safeStack(app, 'b');
    Guardrails.of(a.stack);
    Guardrails.of(b.stack);
    suppress(a.team, b.team, app);
    quietly(() => app.synth());
    return { a: filesOf(app, 'a'), b: filesOf(app, 'b') };
  }
  const reason = 'The release pipeline sets the image tag on first deploy';
  const suppressionsIn = (files: Record<string, string>) => JSON.parse(files[Guardrails.JSON_REPORT_FILE]).suppressions
    .map((s: any) => `${s.ruleId} ${s.scope}`);

  test('a suppression made in another stack changes nothing in this stack\'s files (a team added, a service changed)', () => {
    const base = synthTwo((a) => Guardrails.suppress(a.node.findChild('deployment'), 'GP-K8S-006', reason));
    const head = synthTwo((a, b) => {
      Guardrails.suppress(a.node.findChild('deployment'), 'GP-K8S-006', reason);
      Guardrails.suppress(b.node.findChild('deployment'), 'GP-K8S-006', reason);
      Guardrails.suppress(b, 'GP-GH-001', 'The shop repository is open source by decision of the CTO');
    });
    expect(head.a).toEqual(base.a);
    expect(head.b).not.toEqual(base.b);
    expect(suppressionsIn(head.a)).toEqual(['GP-K8S-006 a/team/deployment']);
    expect(suppressionsIn(head.b)).toEqual(['GP-GH-001 b/team', 'GP-K8S-006 b/team/deployment']);
    expect(JSON.parse(head.a['cdk.tf.json'])['//'].guardrails.settingsSha256).not.toBe(JSON.parse(head.b['cdk.tf.json'])['//'].guardrails.settingsSha256);
  });

  test('one on the app concerns every stack: it is in every record', () => {
    const base = synthTwo(() => undefined);
    const head = synthTwo((_a, _b, app) => Guardrails.suppress(app, 'GP-SEC-001', 'Test fixture: the token is a placeholder, not a credential', { wholeStack: true }));
    expect(head.a).not.toEqual(base.a);
    expect(suppressionsIn(head.a)).toEqual(['GP-SEC-001 ']);
    expect(suppressionsIn(head.b)).toEqual(['GP-SEC-001 ']);
  });

  test('the order they were made in changes nothing: sorted by scope, and the narrowest one that covers a finding silences it', () => {
    const synth = (narrowFirst: boolean) => {
      const { stack, app } = unsafeStack();
      Guardrails.of(stack);
      const narrow = () => Guardrails.suppress(stack.node.findChild('team').node.findChild('deployment'), 'GP-K8S-006', reason);
      const wide = () => Guardrails.suppress(stack, 'GP-K8S-006', 'Every image of this stack is pinned by the deploy job', { wholeStack: true });
      if (narrowFirst) {
        narrow();
        wide();
      } else {
        wide();
        narrow();
      }
      quietly(() => app.synth());
      const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'unsafe', Guardrails.JSON_REPORT_FILE), 'utf8'));
      return { report: { ...report, tool: undefined }, suppressedBy: report.suppressed.map((f: any) => f.suppression.scope) };
    };
    const [first, second] = [synth(true), synth(false)];
    expect(second.report).toEqual(first.report);
    expect(first.suppressedBy).toEqual(['unsafe/team/deployment']);
    expect(first.report.suppressions.map((s: any) => s.scope)).toEqual(['unsafe', 'unsafe/team/deployment']);
  });
});
