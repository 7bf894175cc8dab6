/**
 * The body of the cdktf-guardrails command (`bin/cdktf-guardrails.ts` is its
 * entry point; `golden-paths check` runs it too): runs the guardrail packs
 * over existing synthesized configurations (any cdktf project's
 * `cdk.tf.json`), prints the findings, optionally writes SARIF and JSON
 * reports, and exits non-zero on errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Options, parseArgs, USAGE, UsageError } from './guardrails-args';
import { belowPlatform, heldToPlatform } from './platform-guardrails';
import { InputProblems, stacksAt, type StackFiles } from './stack-folders';
import { ALL_PACKS, type EngineConfig, type Evaluation, evaluate, findingsAt, formatExpired, formatInvalid, type SuppressionRecord } from '../guardrails/engine';
import { artifactUri, CONFIG_RECORD_KEY, elementLines, isWeakened, JSON_REPORT_FILE, jsonReport, REPORT_KEY_ENV, type SarifInput, sarifLog, signatureProblem, TOOL_NAME, weakeningOf } from '../guardrails/report';
import { GuardrailLevel, type GuardrailPack } from '../guardrails/rule';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '../guardrails/stack-view';
import { parseExpiry } from '../guardrails/suppression-policy';
import { duplicateKeys, readAsTerraform, TerraformReadingError, type ConfigurationSource } from '../guardrails/terraform-json';
import { NestingError } from '../guardrails/values';

export { loadRulePacks, parseArgs } from './guardrails-args';

/** The configuration files a path stands for (each stack's cdk.tf.json); see {@link stacksAt}. */
export function configFiles(input: string): string[] {
  const problems: string[] = [];
  const stacks = stacksAt(input, problems);
  if (problems.length > 0) throw new InputProblems(problems);
  return stacks.map((s) => s.file);
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/** A file's text, refused with a clear message when it is a directory or larger than the limit. */
function readText(file: string, maxSizeMib: number): string {
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new UsageError(`${file}: is a directory, not a file`, false);
  if (stat.size > maxSizeMib * 1024 * 1024) {
    throw new UsageError(`${file}: is ${(stat.size / 1024 / 1024).toFixed(1)} MiB, more than the ${maxSizeMib} MiB limit (raise it with --max-size if the file is right)`, false);
  }
  return fs.readFileSync(file, 'utf8');
}

interface SynthReport {
  readonly version?: number;
  readonly stack?: string;
  readonly synth?: { readonly validationSkipped?: boolean };
  readonly configuration?: Partial<EngineConfig> & { readonly customPacks?: string[] };
  readonly suppressions?: Array<{ ruleId: string; scope: string; reason: string; expires?: string; wholeStack?: boolean }>;
}

/** What the guardrails recorded in `cdk.tf.json` at synth (see `configRecord`). */
interface ConfigRecord {
  readonly enabled?: boolean;
  readonly validationSkipped?: boolean;
  readonly settingsSha256?: string;
}

function configRecordOf(config: any): ConfigRecord | undefined {
  const record = config?.['//']?.[CONFIG_RECORD_KEY];
  return record !== null && typeof record === 'object' ? record : undefined;
}

/** The synth report next to a configuration, and whether it applies. */
interface SynthReportUse {
  /** The report, when it applies: its settings and suppressions count, as at synth. */
  readonly report?: SynthReport;
  /** Why a report that is there does not apply, when it would have changed the verdict. */
  readonly note?: string;
}

/**
 * The synth report next to a configuration, applied only when its signature
 * holds with the job's key (`GOLDEN_PATHS_REPORT_KEY`, see `REPORT_KEY_ENV`)
 * for exactly the cdk.tf.json next to it, alone in its folder. Anyone who can
 * write the output folder can edit a report (and any digest of it), so an
 * unsigned or edited one is a record, not an input: its suppressions and
 * settings do not apply, and every finding is judged.
 */
function readSynthReport(stack: StackFiles, configText: string, stackName: string, options: Options, env: NodeJS.ProcessEnv): SynthReportUse {
  const file = path.join(path.dirname(stack.file), JSON_REPORT_FILE);
  if (!fs.existsSync(file)) return {};
  const skip = (why: string, report?: SynthReport): SynthReportUse => {
    const c = report?.configuration;
    const wouldMatter = report === undefined || (report.suppressions ?? []).length > 0 || (c?.disabledRules ?? []).length > 0
      || Object.keys(c?.ruleLevels ?? {}).length > 0 || (Array.isArray(c?.packs) && c.packs.length < ALL_PACKS.length);
    return wouldMatter ? { note: `${file} does not apply (${why}): its suppressions and settings do not count, and every finding is judged` } : {};
  };
  let report: SynthReport;
  try {
    report = JSON.parse(readText(file, options.maxSizeMib));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return skip(`not valid JSON: ${(e as Error).message}`);
  }
  if (report === null || typeof report !== 'object' || report.version !== 1) return skip('it is not a guardrails report (version 1)');
  if (report.stack !== stackName) return skip(`it is the report of stack ${JSON.stringify(report.stack)}, not ${JSON.stringify(stackName)}`, report);
  const problem = stack.otherFiles.length > 0
    ? `Terraform reads ${stack.otherFiles.map((f) => path.basename(f)).join(', ')} with ${path.basename(stack.file)}, which the synth did not write`
    : signatureProblem(env[REPORT_KEY_ENV], report, configText);
  if (problem !== undefined) return skip(problem, report);
  const unknownPacks = (report.configuration?.packs ?? []).filter((p) => !(ALL_PACKS as string[]).includes(p));
  if (unknownPacks.length > 0) throw new UsageError(`${file}: names packs this command does not have: ${unknownPacks.join(', ')}; pass --ignore-synth-report to judge without it`, false);
  const loaded = new Set(options.customRules.map((r) => r.pack));
  const missing = (report.configuration?.customPacks ?? []).filter((p) => !loaded.has(p));
  if (missing.length > 0) {
    throw new UsageError(`${file}: the synth ran the custom pack${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; pass the module that exports ${missing.length === 1 ? 'it' : 'them'} with --rules`, false);
  }
  return { report };
}

/** What the synth recorded as skipped or weakened, as error lines, unless a flag allows it. */
function synthProblems(record: ConfigRecord | undefined, report: SynthReport | undefined, config: EngineConfig, options: Options): string[] {
  const problems: string[] = [];
  if (record?.enabled === false && !options.allowWeakened) {
    problems.push('the guardrails were turned off at synth (enabled: false) (allow with --allow-weakened)');
  }
  if ((record?.validationSkipped ?? report?.synth?.validationSkipped) === true && !options.allowSkippedValidation) {
    problems.push('the synth skipped validation (App skipValidation), so no guardrail error could fail it (allow with --allow-skipped-validation)');
  }
  if (report === undefined || options.allowWeakened) return problems;
  // Only what the synth recorded counts: this command's own --packs, --disable and --level are the choice of whoever runs it.
  const recorded = report.configuration ?? {};
  if (options.platform !== undefined) {
    const below = belowPlatform(recorded, options.platform, options.customRules);
    if (below.length > 0) {
      problems.push(`the synth's guardrail settings fall below the platform's (${options.platform.file}: ${below.join('; ')}); the platform's hold (allow with --allow-weakened)`);
    }
    return problems;
  }
  const w = weakeningOf({
    ...config,
    packs: Array.isArray(recorded.packs) ? recorded.packs : [...ALL_PACKS],
    disabledRules: Array.isArray(recorded.disabledRules) ? recorded.disabledRules : [],
    ruleLevels: recorded.ruleLevels ?? {},
  });
  if (isWeakened(w)) {
    const parts = [
      w.packsOff.length > 0 ? `packs off: ${w.packsOff.join(', ')}` : '',
      w.disabledRules.length > 0 ? `rules disabled: ${w.disabledRules.join(', ')}` : '',
      w.loweredRules.length > 0 ? `errors lowered to warnings: ${w.loweredRules.join(', ')}` : '',
    ].filter((p) => p !== '');
    problems.push(`the synth weakened the built-in rules (${parts.join('; ')}) (allow with --allow-weakened)`);
  }
  return problems;
}

/** The settings for one configuration: the synth report's (held to the platform's, with --platform), then the command line's. */
export function engineConfigFor(options: Options, report: SynthReport | undefined): EngineConfig {
  if (options.platform !== undefined) {
    const held = heldToPlatform(report?.configuration, options.platform, options.customRules);
    return {
      packs: options.packs ?? held.packs,
      customRules: options.customRules,
      disabledRules: [...new Set([...held.disabledRules, ...options.disable])],
      ruleLevels: { ...held.ruleLevels, ...options.levels },
      productionEnvironments: options.production ?? held.productionEnvironments,
      breakGlassMembers: held.breakGlassMembers,
      maxSuppressionDays: Math.min(options.maxSuppressionDays, held.maxSuppressionDays ?? Infinity),
    };
  }
  const base = report?.configuration ?? {};
  return {
    packs: options.packs ?? (base.packs as GuardrailPack[] | undefined)?.filter((p) => (ALL_PACKS as string[]).includes(p)) ?? [...ALL_PACKS],
    customRules: options.customRules,
    disabledRules: [...new Set([...(base.disabledRules ?? []), ...options.disable])],
    ruleLevels: { ...(base.ruleLevels ?? {}), ...options.levels },
    productionEnvironments: options.production
      ?? (base.productionEnvironments && base.productionEnvironments.length > 0 ? base.productionEnvironments : DEFAULT_PRODUCTION_ENVIRONMENTS),
    breakGlassMembers: Array.isArray(base.breakGlassMembers) ? base.breakGlassMembers.filter((m): m is string => typeof m === 'string') : [],
    maxSuppressionDays: Math.min(options.maxSuppressionDays, typeof base.maxSuppressionDays === 'number' ? base.maxSuppressionDays : Infinity),
  };
}

/** The suppressions a report records; the engine judges their reason, expiry and scope again, as at synth. */
function suppressionsFrom(report: SynthReport | undefined): SuppressionRecord[] {
  return (report?.suppressions ?? []).filter((s) => typeof s?.ruleId === 'string' && typeof s.scope === 'string').map((s) => ({
    ruleId: s.ruleId,
    scope: s.scope,
    reason: String(s.reason ?? ''),
    ...(s.expires ? { expires: String(s.expires), expiresAt: parseExpiry(s.expires) } : {}),
    ...(s.wholeStack === true ? { wholeStack: true } : {}),
  }));
}

/**
 * A stack's configuration as Terraform reads it: its files (cdk.tf.json and
 * the other JSON files of its folder) put together, blocks given as arrays
 * read as the blocks they hold. A file with a key given twice in one object
 * is refused: JSON.parse keeps the last, Terraform reads every one.
 */
function readStack(stack: StackFiles, maxSizeMib: number, problems: string[]): { text: string; config: Record<string, unknown> } | undefined {
  const sources: ConfigurationSource[] = [];
  let text = '';
  for (const file of [stack.file, ...stack.otherFiles]) {
    const t = readText(file, maxSizeMib);
    let json: unknown;
    try {
      json = JSON.parse(t);
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
      return undefined;
    }
    const twice = duplicateKeys(t);
    if (twice.length > 0) {
      const keys = twice.map((d) => `${d.pointer} (line ${d.line})`).join(', ');
      problems.push(`${file}: ${twice.length === 1 ? 'a key is' : 'keys are'} given twice in one object: ${keys}. JSON.parse keeps the last, but Terraform reads each as a block of its own (or refuses an argument given twice), so the guardrails would judge another configuration than Terraform's. Fix: write each key once (repeated blocks as an array of objects), or synthesize again`);
      return undefined;
    }
    if (file === stack.file) text = t;
    sources.push({ json, file });
  }
  try {
    return { text, config: readAsTerraform(sources) };
  } catch (e) {
    if (!(e instanceof TerraformReadingError)) throw e;
    problems.push(`${e.file ?? stack.file}: ${e.message}`);
    return undefined;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the command; returns the exit status. */
export function run(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  env: NodeJS.ProcessEnv = process.env,
): number {
  let options: Options;
  try {
    options = parseArgs(argv);
    if (options.help) {
      out(USAGE);
      return 0;
    }
    const inputProblems: string[] = [];
    const stacks = options.paths.flatMap((p) => stacksAt(p, inputProblems));
    const read = stacks.map((stack) => ({ stack, read: readStack(stack, options.maxSizeMib, inputProblems) }));
    if (inputProblems.length > 0) throw new InputProblems(inputProblems);
    type Judged = SarifInput & { readonly file: string; readonly synthProblems: string[]; readonly note?: string };
    const judged: Judged[] = read.map(({ stack, read: r }) => {
      const file = stack.file;
      const { text, config } = r!;
      const stackName = (config as any)?.['//']?.metadata?.stackName ?? path.basename(path.dirname(path.resolve(file)));
      const record = configRecordOf(config);
      const { report, note } = options.useSynthReport ? readSynthReport(stack, text, stackName, options, env) : {};
      const engineConfig = engineConfigFor(options, report);
      let evaluation: Evaluation;
      try {
        evaluation = evaluate(config, engineConfig, suppressionsFrom(report), { stackName });
      } catch (e) {
        if (e instanceof NestingError) throw new UsageError(`${file}: ${e.message}`, false);
        throw e;
      }
      const problems = synthProblems(record, report, engineConfig, options);
      return { file, evaluation, artifactUri: artifactUri(file), lines: elementLines(text), synthProblems: problems, note };
    });

    let errors = 0;
    let warnings = 0;
    for (const { file, evaluation, lines, synthProblems: problems, note } of judged) {
      const e = findingsAt(evaluation, GuardrailLevel.ERROR).length + problems.length;
      const w = findingsAt(evaluation, GuardrailLevel.WARNING).length;
      errors += e;
      warnings += w;
      out(`${file}: ${plural(e, 'error')}, ${plural(w, 'warning')}, ${evaluation.suppressed.length} suppressed (${plural(evaluation.elementCount, 'element')}, ${plural(evaluation.rules.length, 'rule')})`);
      for (const p of problems) out(`  ERROR   ${p}`);
      if (note !== undefined && !options.quiet) out(`  NOTE    ${note}`);
      printFindings(evaluation, lines, options.quiet, out);
    }
    if (options.sarif) writeJson(options.sarif, sarifLog(judged));
    if (options.json) writeJson(options.json, judged.map(({ evaluation }) => jsonReport(evaluation)));
    out(`${TOOL_NAME}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(judged.length, 'stack')}`);
    return errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof InputProblems) {
      for (const p of e.problems) err(`${TOOL_NAME}: ${p}`);
      return 2;
    }
    if (e instanceof UsageError) {
      err(`${TOOL_NAME}: ${e.message}`);
      if (e.showHelp) err(`Run ${TOOL_NAME} --help for the options.`);
      return 2;
    }
    // Anything else is a failure of the command (or of a custom rule), never "findings": exit 2, with the cause and no stack trace.
    err(`${TOOL_NAME}: failed: ${describeFailure(e)}`);
    return 2;
  }
}

/** A failure of the command as one line: its cause, without a stack trace. */
export function describeFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'the input is nested too deeply to judge';
  const error = e as NodeJS.ErrnoException;
  if (error?.code && error.path) return `${error.path}: ${error.code === 'EISDIR' ? 'is a directory, not a file' : error.message}`;
  return error instanceof Error ? error.message : String(e);
}

function printFindings(evaluation: Evaluation, lines: ReadonlyMap<string, number> | undefined, quiet: boolean, out: (line: string) => void): void {
  for (const f of evaluation.findings) {
    if (quiet && f.level !== GuardrailLevel.ERROR) continue;
    const line = lines?.get(f.element.address);
    out(`  ${f.level.toUpperCase().padEnd(7)} ${f.rule.id} ${f.element.address} at ${f.constructPath}${line ? ` (line ${line})` : ''}`);
    out(`          ${f.rule.message}${f.details.length > 0 ? ` (${f.details.join('; ')})` : ''}`);
    out(`          Fix: ${f.rule.fix}`);
    if (f.expiredSuppression) out(`          Its suppression expired on ${f.expiredSuppression.expires}: "${f.expiredSuppression.reason}"`);
  }
  if (quiet) return;
  for (const u of evaluation.suppressions.filter((s) => s.expired)) out(`  WARNING ${formatExpired(u)}`);
  for (const u of evaluation.suppressions.filter((s) => s.invalid !== undefined)) out(`  WARNING ${formatInvalid(u)}`);
}

function writeJson(file: string, value: unknown): void {
  if (isDirectory(file)) throw new UsageError(`${file}: is a directory; name a file to write the report to`, false);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
