import { createHash, createHmac, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { type ActiveRule, ALL_PACKS, type EngineConfig, type Evaluation, type Finding, findingsAt, type SuppressionRecord } from './engine';
import { ruleById } from './packs';
import { frame, reused } from './report-text';
import { GuardrailLevel } from './rule';
import { DEFAULT_MAX_SUPPRESSION_DAYS } from './suppression-policy';
import { REPORT_KEY_ENV } from '../private/constants';

export { reportText } from './report-text';

/** The file name of the JSON report, next to `cdk.tf.json`. */
export const JSON_REPORT_FILE = 'guardrails-report.json';
/** The file name of the SARIF 2.1.0 report, next to `cdk.tf.json`. */
export const SARIF_REPORT_FILE = 'guardrails-report.sarif';
/** The tool name in reports. */
export const TOOL_NAME = 'cdktf-guardrails';
/** Where the rules are documented. */
export const RULES_HELP_URI = 'https://github.com/cdktf-golden-paths/cdktf-golden-paths#guardrails';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The version of this package, for reports. */
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = String(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0');
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
let version: string | undefined;

function suppressionJson(s: SuppressionRecord) {
  return { reason: s.reason, scope: s.scope, ...(s.expires ? { expires: s.expires } : {}) };
}

function findingJson(f: Finding) {
  return {
    ruleId: f.rule.id,
    level: f.level,
    address: f.element.address,
    constructPath: f.constructPath,
    message: f.rule.message,
    details: [...f.details],
    fix: f.rule.fix,
    ...(f.suppressedBy ? { suppression: suppressionJson(f.suppressedBy) } : {}),
    ...(f.expiredSuppression ? { expiredSuppression: suppressionJson(f.expiredSuppression) } : {}),
  };
}

/** What the synthesis that wrote a report knew about itself. */
export interface SynthFacts {
  /** Whether the App skipped validations, so that no guardrail error failed the synthesis. */
  readonly validationSkipped: boolean;
}

/** The key of the guardrails' record in the `//` block of `cdk.tf.json`. */
export const CONFIG_RECORD_KEY = 'guardrails';

/** A suppression as recorded: what was decided, not how it was used. */
function recordedSuppression(s: { ruleId: string; scope: string; reason: string; expires?: string; wholeStack?: boolean }) {
  return { ruleId: s.ruleId, scope: s.scope, reason: s.reason, expires: s.expires ?? null, wholeStack: s.wholeStack === true };
}

/** The settings a report records (as in its `configuration`), whatever their types once read back. */
export interface RecordedConfiguration {
  readonly packs?: unknown;
  readonly customPacks?: unknown;
  readonly disabledRules?: unknown;
  readonly ruleLevels?: unknown;
  readonly productionEnvironments?: unknown;
  readonly maxSuppressionDays?: unknown;
  /** Absent when there are none (as before the setting existed). */
  readonly breakGlassMembers?: unknown;
}

/**
 * The digest of the settings and suppressions a stack was judged with, as
 * `cdk.tf.json` records it at synth. It names what the synth decided; it
 * proves nothing, since anyone can recompute it: what makes a report
 * trustworthy is its signature with a key kept out of the output (see
 * {@link REPORT_KEY_ENV}).
 */
export function settingsDigest(
  configuration: RecordedConfiguration,
  suppressions: ReadonlyArray<{ ruleId: string; scope: string; reason: string; expires?: string; wholeStack?: boolean }>,
): string {
  const canonical = {
    packs: configuration.packs ?? null,
    customPacks: configuration.customPacks ?? null,
    disabledRules: configuration.disabledRules ?? null,
    ruleLevels: Object.entries((configuration.ruleLevels ?? {}) as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
    productionEnvironments: configuration.productionEnvironments ?? null,
    maxSuppressionDays: configuration.maxSuppressionDays ?? null,
    // Only when set, so that the digest of settings without break-glass members is what it was before they existed.
    ...(Array.isArray(configuration.breakGlassMembers) && configuration.breakGlassMembers.length > 0
      ? { breakGlassMembers: configuration.breakGlassMembers } : {}),
    suppressions: suppressions.map(recordedSuppression),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The configuration section of a report (and of the digest). */
function configurationJson(config: EngineConfig) {
  return {
    packs: [...config.packs],
    customPacks: [...new Set((config.customRules ?? []).map((r) => r.pack))],
    disabledRules: [...config.disabledRules],
    ruleLevels: { ...config.ruleLevels },
    productionEnvironments: [...config.productionEnvironments],
    maxSuppressionDays: config.maxSuppressionDays ?? DEFAULT_MAX_SUPPRESSION_DAYS,
    ...((config.breakGlassMembers ?? []).length > 0 ? { breakGlassMembers: [...config.breakGlassMembers!] } : {}),
  };
}

/** The record the guardrails add to `cdk.tf.json`: on or off, validation skipped, and the digest of their settings. */
export function configRecord(
  enabled: boolean, validationSkipped: boolean, config: EngineConfig, suppressions: readonly SuppressionRecord[],
): Record<string, unknown> {
  return enabled
    ? { enabled, validationSkipped, settingsSha256: settingsDigest(configurationJson(config), suppressions) }
    : { enabled, validationSkipped };
}

/** How a configuration runs the built-in rules below their own strength: packs off, rules disabled, errors lowered to warnings. */
export interface Weakening {
  readonly packsOff: string[];
  readonly disabledRules: string[];
  readonly loweredRules: string[];
}

/** The built-in packs and rules a configuration turns off or lowers. */
export function weakeningOf(config: EngineConfig): Weakening {
  const builtIn = (id: string) => ruleById(id) !== undefined;
  return {
    packsOff: ALL_PACKS.filter((p) => !config.packs.includes(p)),
    disabledRules: config.disabledRules.filter(builtIn),
    loweredRules: Object.entries(config.ruleLevels)
      .filter(([id, level]) => ruleById(id)?.level === GuardrailLevel.ERROR && level === GuardrailLevel.WARNING).map(([id]) => id),
  };
}

/** Whether a weakening turns anything off or down. */
export function isWeakened(w: Weakening): boolean {
  return w.packsOff.length + w.disabledRules.length + w.loweredRules.length > 0;
}

/** The rules section of the JSON report: one list for the reports of every stack judged with the same rules, its text written once. */
function rulesJson(rules: readonly ActiveRule[]): unknown[] {
  let json = RULES_JSON.get(rules);
  if (json === undefined) {
    json = reused(rules.map(({ rule, level }) => ({ id: rule.id, pack: rule.pack, name: rule.name, level, message: rule.message, fix: rule.fix })));
    RULES_JSON.set(rules, json);
  }
  return json;
}
const RULES_JSON = new WeakMap<readonly ActiveRule[], unknown[]>();

/**
 * The JSON report of one stack: configuration, summary, rules, findings,
 * suppressed findings and suppressions. Its rules section is the same list
 * for every stack judged with the same rules: write it with {@link reportText}
 * and change none of it.
 */
export function jsonReport(e: Evaluation, synth?: SynthFacts): Record<string, unknown> {
  return frame({
    version: 1,
    tool: { name: TOOL_NAME, version: toolVersion() },
    stack: e.stackName,
    ...(synth ? { synth: { validationSkipped: synth.validationSkipped } } : {}),
    configuration: { ...configurationJson(e.engineConfig), weakened: weakeningOf(e.engineConfig) },
    summary: {
      errors: findingsAt(e, GuardrailLevel.ERROR).length,
      warnings: findingsAt(e, GuardrailLevel.WARNING).length,
      suppressed: e.suppressed.length,
      expiredSuppressions: e.suppressions.filter((s) => s.expired).length,
      elements: e.elementCount,
      rules: e.rules.length,
    },
    rules: rulesJson(e.rules),
    findings: e.findings.map(findingJson),
    suppressed: e.suppressed.map(findingJson),
    suppressions: e.suppressions.map((u) => ({
      ruleId: u.suppression.ruleId,
      scope: u.suppression.scope,
      reason: u.suppression.reason,
      ...(u.suppression.expires ? { expires: u.suppression.expires } : {}),
      ...(u.suppression.wholeStack ? { wholeStack: true } : {}),
      expired: u.expired,
      matched: u.matched,
      ...(u.invalid !== undefined ? { invalid: u.invalid } : {}),
    })),
  });
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Whether the line of `bytes` that starts at `start` starts with 7 spaces. */
function indented(bytes: Buffer, start: number): boolean {
  if (start + 7 > bytes.length) return false;
  for (let i = start; i < start + 7; i++) if (bytes[i] !== SPACE) return false;
  return true;
}

/** A line that opens an object or array under a key, in a file written with two-space indentation: its indentation and key. */
const KEY_LINE = /^( *)"((?:[^"\\]|\\.)*)": [[{]/;

/**
 * Reads one line of a configuration file written with two-space indentation:
 * when it opens an object or array under a key, puts the key into `keys` (the
 * path of keys above it, changed in place) and returns the Terraform address of
 * the element the key opens, if it opens one.
 */
export function elementKeyAddress(line: string, keys: string[]): string | undefined {
  const m = KEY_LINE.exec(line);
  if (!m || m[1].length % 2 !== 0) return undefined;
  const depth = m[1].length / 2;
  if (depth < 1) return undefined;
  keys.length = depth - 1;
  keys.push(JSON.parse(`"${m[2]}"`));
  const [block, a, b] = keys;
  if (depth === 3 && block === 'resource') return `${a}.${b}`;
  if (depth === 3 && block === 'data') return `data.${a}.${b}`;
  if (depth === 2 && block === 'provider') return `provider.${a}`;
  if (depth === 2 && block === 'variable') return `var.${a}`;
  if (depth === 2 && block === 'output') return `output.${a}`;
  if (depth === 1 && block === 'locals') return 'locals';
  return undefined;
}

/**
 * The line of each element in a configuration file written with two-space
 * indentation (as cdktf writes `cdk.tf.json`), by Terraform address.
 */
export function elementLines(text: string | Buffer): Map<string, number> {
  // The file's bytes are decoded line by line, and only the lines read: a newline is never part of
  // another character's bytes in UTF-8, so each line decodes as it does in the whole text.
  const bytes = typeof text === 'string' ? undefined : text;
  const DEEP = '       ';
  const lines = new Map<string, number>();
  const keys: string[] = [];
  // Elements are keys at depth 1 to 3 (at most 6 spaces): a line indented 7 spaces or more holds no
  // element's key, and the next shallower key drops what it added to the path, so it is passed over unread.
  for (let start = 0, i = 0; start <= text.length; i++) {
    const newline = bytes ? bytes.indexOf(NEWLINE, start) : (text as string).indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const deep = bytes ? indented(bytes, start) : (text as string).startsWith(DEEP, start);
    const line = deep ? '' : bytes ? bytes.toString('utf8', start, end) : (text as string).slice(start, end);
    start = end + 1;
    if (deep) continue;
    const address = elementKeyAddress(line, keys);
    if (address !== undefined && !lines.has(address)) lines.set(address, i + 1);
  }
  return lines;
}

/**
 * The environment variable holding the key that signs reports (see
 * `private/constants.ts`). A report is public data that anyone who can write
 * the output folder can edit, and so is the digest `cdk.tf.json` records:
 * only a key that never lands in the output (a random value for one CI job)
 * makes an edited report detectable.
 */
export { REPORT_KEY_ENV };

/** What a report's signature covers: what the command applies from it, and the configuration file it was written with. */
function signedContent(report: { stack?: unknown; synth?: unknown; configuration?: unknown; suppressions?: unknown }, sha: string): string {
  return JSON.stringify({
    stack: report.stack ?? null,
    synth: report.synth ?? null,
    configuration: report.configuration ?? null,
    suppressions: report.suppressions ?? null,
    configurationSha256: sha,
  });
}

/** The SHA-256 of a configuration file's text. */
export function configurationSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A report's signature with `key`: an HMAC-SHA256 over what the command applies and the SHA-256 of `cdk.tf.json` as written. */
export function reportSignature(key: string, report: Record<string, unknown>, configText: string): Record<string, string> {
  const sha = configurationSha256(configText);
  return { algorithm: 'HMAC-SHA256', configurationSha256: sha, value: createHmac('sha256', key).update(signedContent(report, sha)).digest('hex') };
}

/**
 * Why a report cannot be trusted for the configuration text next to it, or
 * undefined when its signature holds with `key`.
 */
export function signatureProblem(key: string | undefined, report: any, configText: string): string | undefined {
  const signature = report?.signature;
  if (key === undefined || key === '') return `no key to verify it with (${REPORT_KEY_ENV} is not set)`;
  if (signature === null || typeof signature !== 'object' || signature.algorithm !== 'HMAC-SHA256' || typeof signature.value !== 'string') return 'it is not signed';
  if (signature.configurationSha256 !== configurationSha256(configText)) return 'it was written for another cdk.tf.json than the one next to it';
  const expected = Buffer.from(createHmac('sha256', key).update(signedContent(report, configurationSha256(configText))).digest('hex'));
  const given = Buffer.from(signature.value);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : `its signature does not hold with this ${REPORT_KEY_ENV} (it was edited, or signed by another job)`;
}

/** One stack's evaluation and where its configuration file is, for SARIF. */
export interface SarifInput {
  readonly evaluation: Evaluation;
  /** The configuration file, relative to where the report is consumed (the repository root, usually). */
  readonly artifactUri: string;
  /** The line of each element in that file. */
  readonly lines?: ReadonlyMap<string, number>;
}

function fingerprint(f: Finding, stack: string): string {
  return createHash('sha256').update(`${f.rule.id}|${stack}|${f.element.address}`).digest('hex').slice(0, 32);
}

/**
 * A SARIF 2.1.0 log with one run holding the findings of every given stack
 * (suppressed findings carry their suppression), ready for GitHub code scanning.
 */
export function sarifLog(inputs: readonly SarifInput[]): Record<string, unknown> {
  // The stacks of one configuration share their rules (see engineRules): their definitions are made once.
  const shared = inputs.length > 0 && inputs.every(({ evaluation }) => evaluation.rules === inputs[0].evaluation.rules);
  const { defs, indexOf } = shared ? sarifRules(inputs[0].evaluation.rules) : sarifRulesOf(inputs.map(({ evaluation }) => evaluation.rules));
  const results: unknown[] = [];
  for (const { evaluation, artifactUri: uri, lines } of inputs) {
    for (const f of [...evaluation.findings, ...evaluation.suppressed]) {
      const details = f.details.length > 0 ? ` ${f.details.join('; ')}.` : '';
      const expired = f.expiredSuppression ? ` Its suppression expired on ${f.expiredSuppression.expires}.` : '';
      results.push({
        ruleId: f.rule.id,
        ruleIndex: indexOf.get(f.rule.id)!,
        level: f.level,
        message: { text: `${f.rule.message}${details} Fix: ${f.rule.fix}${expired}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: lines?.get(f.element.address) ?? 1 },
          },
          logicalLocations: [{ name: f.element.name, fullyQualifiedName: f.element.address, kind: 'resource' }],
        }],
        partialFingerprints: { 'guardrailsFinding/v1': fingerprint(f, evaluation.stackName) },
        properties: { constructPath: f.constructPath, stack: evaluation.stackName, details: [...f.details] },
        ...(f.suppressedBy ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressedBy.reason }] } : {}),
      });
    }
  }
  // Framed down to the rules, the same list for every stack of a configuration, written once by reportText.
  return frame({
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: frame([frame({
      tool: frame({
        driver: frame({
          name: TOOL_NAME,
          version: toolVersion(),
          informationUri: RULES_HELP_URI,
          rules: defs,
        }),
      }),
      automationDetails: { id: `${TOOL_NAME}/${inputs.length === 1 ? inputs[0].evaluation.stackName : 'all'}/` },
      results,
    })]),
  });
}

/** The rule definitions of a SARIF run, and the index of each rule among them. */
interface SarifRules {
  readonly defs: unknown[];
  readonly indexOf: ReadonlyMap<string, number>;
}

/** The definitions of the rules of several stacks' evaluations, each rule once, first seen first, at the level it is first seen with. */
function sarifRulesOf(lists: ReadonlyArray<readonly ActiveRule[]>): SarifRules {
  const defs: unknown[] = [];
  const indexOf = new Map<string, number>();
  for (const rules of lists) {
    for (const { rule, level } of rules) {
      if (indexOf.has(rule.id)) continue;
      indexOf.set(rule.id, defs.length);
      defs.push({
        id: rule.id,
        name: rule.name,
        shortDescription: { text: rule.message },
        fullDescription: { text: `${rule.message} Fix: ${rule.fix}` },
        help: { text: rule.fix, markdown: `**Fix:** ${rule.fix}` },
        helpUri: RULES_HELP_URI,
        defaultConfiguration: { level },
        properties: { pack: rule.pack, tags: [...new Set(['security', 'terraform', rule.pack])] },
      });
    }
  }
  return { defs, indexOf };
}

/** {@link sarifRulesOf} one list of rules, made once for that list (the same for every stack of a configuration), its text written once. */
function sarifRules(rules: readonly ActiveRule[]): SarifRules {
  let made = SARIF_RULES.get(rules);
  if (made === undefined) {
    const { defs, indexOf } = sarifRulesOf([rules]);
    made = { defs: reused(defs), indexOf };
    SARIF_RULES.set(rules, made);
  }
  return made;
}
const SARIF_RULES = new WeakMap<readonly ActiveRule[], SarifRules>();

/** A path as SARIF wants it: forward slashes, relative to `base` (the working directory). */
export function artifactUri(file: string, base: string = process.cwd()): string {
  return path.relative(base, path.resolve(file)).split(path.sep).join('/');
}
