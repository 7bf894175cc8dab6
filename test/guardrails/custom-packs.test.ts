import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import {
  DatabaseEngine, DatabaseSize, GuardrailLevel, GuardrailRulePack, Guardrails, type IGuardrailRule, ManagedDatabase, RuleCompliance, TeamEnvironment,
} from '../../src';
import { run } from '../../src/bin/cdktf-guardrails';
import { errorOf, platformFixture, synth } from '../util';
import { loadSarifSchema, sarifValidator } from './sarif-schema';
import { RawResource } from './util';

/**
 * A platform team's own rule: production Cloud SQL instances carry a
 * `cost-center` label, so that their cost lands on a budget. It reads the
 * resolved Terraform JSON, where labels are `settings.user_labels`
 * (registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#user_labels).
 */
const costCenter: IGuardrailRule = {
  id: 'ACME-001',
  name: 'cost-center-label',
  level: GuardrailLevel.ERROR,
  message: 'A production Cloud SQL instance has no cost-center label, so its cost lands on nobody\'s budget.',
  fix: 'Add the label "cost-center" to settings.user_labels.',
  check: (element, stack) => {
    if (element.elementType !== 'google_sql_database_instance' || !stack.isProduction(element)) return { compliance: RuleCompliance.NOT_APPLICABLE };
    // A nested block is an object in cdktf's JSON, a one-element list in hand-written JSON.
    const settings = Array.isArray(element.config.settings) ? element.config.settings[0] : element.config.settings;
    const labels = settings?.user_labels ?? {};
    return labels['cost-center']
      ? { compliance: RuleCompliance.COMPLIANT }
      : { compliance: RuleCompliance.NON_COMPLIANT, details: [`instance "${element.config.name}" has no cost-center label`] };
  },
};

const acme = () => new GuardrailRulePack({ id: 'acme', rules: [costCenter] });

/** A platform with one team and one postgres database: three Cloud SQL instances, one of them production. */
function withDatabase(guardrails = {}) {
  const fixture = platformFixture({ guardrails });
  const team = new TeamEnvironment(fixture.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'payments-db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  return { ...fixture, team, db };
}

function quietly<T>(fn: () => T): T {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}

describe('custom rule packs', () => {
  test('a custom rule added to the platform\'s guardrails fails synth, naming the rule, path, address, details and fix', () => {
    const { platform, stack } = withDatabase();
    platform.guardrails.addPack(acme());
    expect(platform.guardrails.customPacks.map((p) => p.id)).toEqual(['acme']);
    expect(platform.guardrails.levelOf('ACME-001')).toBe(GuardrailLevel.ERROR);

    const error = errorOf(() => quietly(() => Testing.synth(stack, true)));
    const findings = error.split('\n').filter((line) => line.includes('ACME-001'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(new RegExp(
      'ACME-001 error at test/platform/payments/payments-db/prod/instance \\(google_sql_database_instance\\.[A-Za-z0-9_-]+_[0-9A-F]{8}\\): '
      + 'A production Cloud SQL instance has no cost-center label, so its cost lands on nobody\'s budget\\. '
      + '\\(instance "payments-db-prod" has no cost-center label\\) Fix: Add the label "cost-center" to settings\\.user_labels\\.',
    ));
  });

  test('the customPacks option of the Platform adds the pack too; levels and disabled rules apply to its rules', () => {
    const { stack, platform } = withDatabase({ customPacks: [acme()], ruleLevels: { 'ACME-001': GuardrailLevel.WARNING } });
    expect(platform.guardrails.levelOf('ACME-001')).toBe(GuardrailLevel.WARNING);
    expect(() => quietly(() => synth(stack))).not.toThrow();

    const disabled = withDatabase({ customPacks: [acme()], disabledRules: ['ACME-001'] });
    expect(disabled.platform.guardrails.levelOf('ACME-001')).toBeUndefined();
    expect(() => quietly(() => synth(disabled.stack))).not.toThrow();
  });

  test('a finding of a custom rule is suppressed with a reason, and only with one', () => {
    const { platform, stack, db } = withDatabase();
    platform.guardrails.addPack(acme());
    expect(errorOf(() => Guardrails.suppress(db, 'ACME-001', 'later'))).toMatch(/invalid reason "later": is 5 characters long; a suppression of ACME-001 needs a reason/);
    Guardrails.suppress(db, 'ACME-001', 'Cost center assigned by finance in the next quarter');
    expect(() => quietly(() => synth(stack))).not.toThrow();
  });

  test('a rule id is known once its pack is added: suppressing before says how to fix it', () => {
    const { db } = withDatabase();
    expect(errorOf(() => Guardrails.suppress(db, 'ACME-001', 'Cost center assigned by finance'))).toBe(
      '[test/platform/payments/payments-db] invalid ruleId "ACME-001": is not a guardrail rule id. Fix: use an id from the rule table of docs/guardrails.md '
      + '(e.g. "GP-K8S-001"), or add the custom pack that holds the rule (Guardrails.addPack) before suppressing it.',
    );
  });

  test('the JSON and SARIF reports list the custom rule, its finding and its suppressed finding', () => {
    const { app, platform, stack, team } = withDatabase();
    platform.guardrails.addPack(acme());
    const other = new ManagedDatabase(team, 'ledger-db', { name: 'ledger-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
    Guardrails.suppress(other, 'ACME-001', 'The ledger is paid by the platform budget until its move');
    expect(errorOf(() => quietly(() => app.synth()))).toMatch(/ACME-001 error at test\/platform\/payments\/payments-db\/prod\/instance/);

    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, file), 'utf8'));
    const report = read(Guardrails.JSON_REPORT_FILE);
    expect(report.rules).toContainEqual({
      id: 'ACME-001', pack: 'acme', name: 'cost-center-label', level: 'error', message: costCenter.message, fix: costCenter.fix,
    });
    expect(report.findings.filter((f: any) => f.ruleId === 'ACME-001')).toEqual([expect.objectContaining({
      level: 'error', constructPath: 'test/platform/payments/payments-db/prod/instance', details: ['instance "payments-db-prod" has no cost-center label'],
    })]);
    expect(report.suppressed.filter((f: any) => f.ruleId === 'ACME-001')).toEqual([expect.objectContaining({
      constructPath: 'test/platform/payments/ledger-db/prod/instance',
      suppression: { reason: 'The ledger is paid by the platform budget until its move', scope: 'test/platform/payments/ledger-db' },
    })]);

    const sarif = read(Guardrails.SARIF_REPORT_FILE);
    expect(sarifValidator(loadSarifSchema())(sarif)).toEqual([]);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.rules).toContainEqual(expect.objectContaining({ id: 'ACME-001', name: 'cost-center-label', properties: { pack: 'acme', tags: ['security', 'terraform', 'acme'] } }));
    const results = run0.results.filter((r: any) => r.ruleId === 'ACME-001');
    expect(results.map((r: any) => [r.level, r.properties.constructPath, r.suppressions?.[0]?.justification])).toEqual([
      ['error', 'test/platform/payments/payments-db/prod/instance', undefined],
      ['error', 'test/platform/payments/ledger-db/prod/instance', 'The ledger is paid by the platform budget until its move'],
    ]);
  });

  test('the command runs a custom pack that a module exports (--rules), with the levels of the synth report', () => {
    // The synth report's levels count only when it is signed with the job's key (see report-integrity.test.ts).
    const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
    process.env.GOLDEN_PATHS_REPORT_KEY = 'custom-packs-test-key';
    try {
      commandWithPack();
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
      else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
    }
  });

  function commandWithPack() {
    const { app, platform, stack } = withDatabase();
    platform.guardrails.addPack(acme());
    platform.guardrails.configure({ ruleLevels: { 'ACME-001': GuardrailLevel.WARNING } });
    quietly(() => app.synth());
    const stackDir = path.join(app.outdir, 'stacks', stack.node.id);
    const command = (...args: string[]) => {
      const out: string[] = [];
      const status = run([stackDir, ...args], (l) => out.push(l), (l) => out.push(l));
      return { status, text: out.join('\n') };
    };

    // Without the pack, its rule is left out: the synth report's level for it is no error.
    expect(command().text).not.toMatch(/ACME-001/);

    // A plain JavaScript module, as a platform team would publish next to its settings.
    const module = path.join(app.outdir, 'acme-rules.js');
    fs.writeFileSync(module, `
      exports.acme = {
        id: 'acme',
        rules: [{
          id: 'ACME-001', name: 'cost-center-label', level: 'error',
          message: 'A production Cloud SQL instance has no cost-center label.', fix: 'Add the label "cost-center".',
          check: (element, stack) => element.elementType === 'google_sql_database_instance' && stack.isProduction(element)
            ? { compliance: element.config.settings.user_labels['cost-center'] ? 'COMPLIANT' : 'NON_COMPLIANT' }
            : { compliance: 'NOT_APPLICABLE' },
        }],
      };
    `);
    const withPack = command('--rules', module, '--sarif', path.join(app.outdir, 'all.sarif'));
    expect(withPack.status).toBe(0);
    expect(withPack.text).toMatch(/WARNING ACME-001 google_sql_database_instance\.\S+ at test\/platform\/payments\/payments-db\/prod\/instance/);
    const sarif = JSON.parse(fs.readFileSync(path.join(app.outdir, 'all.sarif'), 'utf8'));
    expect(sarif.runs[0].results.filter((r: any) => r.ruleId === 'ACME-001').map((r: any) => r.level)).toEqual(['warning']);

    // On the command line, the rule's own level wins back over the synth report's.
    expect(command('--rules', module, '--level', 'ACME-001=error').status).toBe(1);
    expect(command('--level', 'ACME-001=error').text).toMatch(/--level: "ACME-001" is not a guardrail rule id \(e\.g\. GP-K8S-001, or a rule of a pack given with --rules\)/);
    fs.writeFileSync(path.join(app.outdir, 'empty.js'), 'module.exports = {};');
    expect(command('--rules', path.join(app.outdir, 'empty.js')).text).toMatch(/exports no rule pack/);
  }

  test('a check that returns no RuleResult fails synth with the rule id and the element', () => {
    const { platform, stack } = platformFixture();
    platform.guardrails.addPack(new GuardrailRulePack({
      id: 'broken',
      rules: [{ ...costCenter, id: 'BROKEN-001', check: () => 'yes' as any }],
    }));
    new RawResource(stack, 'db', 'google_sql_database_instance', { name: 'db-prod' });
    expect(errorOf(() => synth(stack))).toMatch(/guardrail BROKEN-001 failed on google_sql_database_instance\.db: returned "yes", which is not a RuleResult/);
  });

  test('a wrong pack fails with every problem, the prop, the value and the fix', () => {
    const { platform } = platformFixture();
    const bad = new GuardrailRulePack({
      id: 'kubernetes',
      rules: [
        { ...costCenter, id: 'GP-K8S-001' },
        { ...costCenter, id: 'ACME 2', level: 'fatal' as GuardrailLevel, fix: '' },
      ],
    });
    expect(errorOf(() => platform.guardrails.addPack(bad))).toBe([
      '[test/guardrails] 5 invalid props:',
      '  - invalid pack.id "kubernetes": is the id of a built-in pack. Fix: give the pack its own id, e.g. "acme".',
      '  - invalid pack.rules[0].id "GP-K8S-001": is already the id of another rule. Fix: give every rule an id of its own, e.g. prefixed with the pack id.',
      '  - invalid pack.rules[1].id "ACME 2": is not a rule id (letters, digits and "-"). Fix: use an id such as "ACME-001".',
      '  - invalid pack.rules[1].level "fatal": is not a guardrail level. Fix: use GuardrailLevel.ERROR or GuardrailLevel.WARNING.',
      '  - invalid pack.rules[1].fix "": is empty. Fix: say in a few words the rule\'s fix.',
    ].join('\n'));
    expect(platform.guardrails.customPacks).toEqual([]);
  });

  test('adding a pack again does nothing; another pack with its id is refused', () => {
    const { platform } = platformFixture();
    const pack = acme();
    platform.guardrails.addPack(pack);
    platform.guardrails.configure({ customPacks: [pack] });
    expect(platform.guardrails.customPacks).toEqual([pack]);
    expect(errorOf(() => platform.guardrails.addPack(acme()))).toBe(
      '[test/guardrails] invalid pack.id "acme": is the id of another pack of these guardrails. Fix: give every pack an id of its own.',
    );
  });
});
