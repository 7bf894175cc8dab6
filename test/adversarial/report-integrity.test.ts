import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Guardrails } from '../../src';
import { run } from '../../src/bin/cdktf-guardrails';
import { settingsDigest } from '../../src/guardrails/report';
import { unsafeStack } from '../guardrails/util';
import { captureWarnings } from '../util';

/**
 * The guardrails report is public data (issue 26): anyone who can write the
 * output folder can edit it, and recompute the SHA-256 digest cdk.tf.json
 * records of it. So the report is no input to the verdict unless it is signed
 * with a key that never lands in the output (GOLDEN_PATHS_REPORT_KEY, one
 * value per CI job): an edited report, with its digest recomputed, must not
 * change what cdktf-guardrails decides.
 */

const KEY = 'a-key-this-job-keeps-to-itself';

/** The unsafe stack, synthesized (validations skipped, so cdk.tf.json is written), with its report signed when `key` is given. */
function synthesized(key: string | undefined): string {
  const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
  if (key === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
  else process.env.GOLDEN_PATHS_REPORT_KEY = key;
  try {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-integrity-')), skipValidation: true });
    const { stack } = unsafeStack(app);
    Guardrails.of(stack);
    captureWarnings(() => app.synth());
    return path.join(app.outdir, 'stacks', 'unsafe');
  } finally {
    if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
    else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
  }
}

/** The command's verdict: its exit status and the rules it reports as errors. */
function verdict(dir: string, key: string | undefined, extra: string[] = []): { status: number; errors: string[] } {
  const out: string[] = [];
  const env = key === undefined ? {} : { GOLDEN_PATHS_REPORT_KEY: key };
  const status = run([dir, '--allow-skipped-validation', ...extra], (l) => out.push(l), () => undefined, env);
  const errors = out.flatMap((l) => /^ {2}ERROR +(GP-[A-Z0-9]+-\d+) /.exec(l)?.[1] ?? []).sort();
  return { status, errors };
}

/** Edits the report as someone without the key can: change it, then recompute the digest cdk.tf.json records. */
function edit(dir: string, change: (report: any) => void): void {
  const reportFile = path.join(dir, Guardrails.JSON_REPORT_FILE);
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  change(report);
  fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  const configFile = path.join(dir, 'cdk.tf.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  config['//'].guardrails.settingsSha256 = settingsDigest(report.configuration, report.suppressions);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
}

const suppress = (ruleId: string, scope: string) => (r: any) => r.suppressions.push({ ruleId, scope, reason: 'Added to the report by hand after the synth', expired: false, matched: 0 });

const CASES: Array<[string, string | undefined, (report: any) => void, string[]]> = [
  ['an unsigned report with a suppression added', undefined, suppress('GP-GCP-007', 'unsafe/team'), []],
  ['a signed report with a suppression added', KEY, suppress('GP-GCP-007', 'unsafe/team'), []],
  ['a signed report with a whole-stack suppression added', KEY, (r) => r.suppressions.push({ ruleId: 'GP-GH-001', scope: 'unsafe', reason: 'Added to the report by hand after the synth', wholeStack: true }), []],
  ['a signed report with a rule disabled', KEY, (r) => { r.configuration.disabledRules = ['GP-GCP-007']; }, ['--allow-weakened']],
  ['a signed report with an error lowered to a warning', KEY, (r) => { r.configuration.ruleLevels = { 'GP-GCP-007': 'warning' }; }, ['--allow-weakened']],
  ['a signed report with a pack turned off', KEY, (r) => { r.configuration.packs = ['kubernetes', 'github', 'secrets']; }, ['--allow-weakened']],
  ['a signed report where no environment is production', KEY, (r) => { r.configuration.productionEnvironments = ['none']; }, []],
];

describe('an edited report does not change the verdict', () => {
  test.each(CASES)('%s', (_name, key, change, flags) => {
    const dir = synthesized(key);
    const before = verdict(dir, key, flags);
    expect(before.status).toBe(1);
    expect(before.errors).toContain('GP-GCP-007');
    edit(dir, change);
    expect(verdict(dir, key, flags)).toEqual(before);
  });
});

describe('a report signed with the job\'s key still applies', () => {
  test('its suppressions count when the signature holds, and not with another key or none', () => {
    const dir = synthesized(KEY);
    // Suppressed at synth: the report is signed with the job's key after cdk.tf.json is written.
    const report = JSON.parse(fs.readFileSync(path.join(dir, Guardrails.JSON_REPORT_FILE), 'utf8'));
    expect(report.signature).toEqual({ algorithm: 'HMAC-SHA256', configurationSha256: expect.stringMatching(/^[0-9a-f]{64}$/), value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-integrity-')), skipValidation: true });
    const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
    process.env.GOLDEN_PATHS_REPORT_KEY = KEY;
    try {
      const { stack } = unsafeStack(app);
      Guardrails.of(stack);
      Guardrails.suppress(stack.node.findChild('team').node.findChild('key'), 'GP-GCP-007', 'Legacy batch job needs a key until its migration');
      captureWarnings(() => app.synth());
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
      else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
    }
    const suppressed = path.join(app.outdir, 'stacks', 'unsafe');
    expect(verdict(suppressed, KEY).errors).not.toContain('GP-GCP-007');
    expect(verdict(suppressed, 'another-key').errors).toContain('GP-GCP-007');
    expect(verdict(suppressed, undefined).errors).toContain('GP-GCP-007');
  });
});
