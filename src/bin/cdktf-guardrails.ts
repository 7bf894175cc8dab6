#!/usr/bin/env node
/**
 * cdktf-guardrails: runs the guardrail packs over existing synthesized
 * configurations (any cdktf project's `cdk.tf.json`), prints the findings,
 * optionally writes SARIF and JSON reports, and exits non-zero on errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_PACKS, type EngineConfig, type Evaluation, evaluate, findingsAt, formatExpired, type SuppressionRecord } from '../guardrails/engine';
import { ruleById } from '../guardrails/packs';
import { artifactUri, elementLines, JSON_REPORT_FILE, jsonReport, type SarifInput, sarifLog, TOOL_NAME } from '../guardrails/report';
import { GuardrailLevel, GuardrailPack, type RuleDefinition } from '../guardrails/rule';
import { definitionsOf, GuardrailRulePack, packProblems } from '../guardrails/rule-pack';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '../guardrails/stack-view';
import { parseExpiry } from '../guardrails/suppressions';
import { describeProblem } from '../private/errors';

const USAGE = `Usage: ${TOOL_NAME} [options] [path ...]

Runs the cdktf-golden-paths guardrails over synthesized Terraform JSON.
A path is a cdk.tf.json, a stack directory holding one, or a cdktf output
directory whose stacks/*/cdk.tf.json are all judged (default: cdktf.out).

Options:
  --sarif <file>         write a SARIF 2.1.0 report of every stack (for GitHub code scanning)
  --json <file>          write the JSON reports (an array, one per stack)
  --packs <list>         packs to run, comma-separated: ${ALL_PACKS.join(', ')} (default: all)
  --rules <module>       also run the custom rule packs a JavaScript module exports
                         (GuardrailRulePack objects, named or default; repeatable)
  --disable <ids>        rule ids not to run, comma-separated
  --level <id>=<level>   run a rule at "error" or "warning" (repeatable)
  --production <names>   production environment names, comma-separated (default: ${DEFAULT_PRODUCTION_ENVIRONMENTS.join(',')})
  --ignore-synth-report  ignore ${JSON_REPORT_FILE} next to cdk.tf.json (by default its
                         configuration and suppressions apply, as they did at synth)
  --quiet                print errors and the summary only
  -h, --help             show this help

Exit status: 0 without errors, 1 with errors, 2 when the input or options are wrong.`;

/** A problem with the command line or the input: exit status 2. */
class UsageError extends Error {
  /** Whether to point at --help (for option mistakes, not for missing or broken files). */
  public constructor(message: string, public readonly showHelp = true) {
    super(message);
  }
}

interface Options {
  readonly paths: string[];
  readonly sarif?: string;
  readonly json?: string;
  readonly packs?: GuardrailPack[];
  readonly customRules: RuleDefinition[];
  readonly disable: string[];
  readonly levels: Record<string, GuardrailLevel>;
  readonly production?: string[];
  readonly useSynthReport: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
}

function csv(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function knownRule(id: string, flag: string, customRules: readonly RuleDefinition[]): string {
  if (!ruleById(id) && !customRules.some((r) => r.id === id)) {
    throw new UsageError(`${flag}: "${id}" is not a guardrail rule id (e.g. GP-K8S-001, or a rule of a pack given with --rules)`);
  }
  return id;
}

/** The rules of the custom packs that JavaScript modules export. */
export function loadRulePacks(modules: readonly string[]): RuleDefinition[] {
  const known = new Map<string, RuleDefinition>();
  for (const file of modules) {
    const abs = path.resolve(file);
    if (!fs.existsSync(abs)) throw new UsageError(`--rules: ${file}: no such file`, false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(abs);
    const candidates = [exported, exported?.default, ...Object.values(exported ?? {})];
    const packs = [...new Set(candidates.filter((v) => v !== null && typeof v === 'object' && typeof v.id === 'string' && Array.isArray(v.rules)))];
    if (packs.length === 0) throw new UsageError(`--rules: ${file} exports no rule pack (a GuardrailRulePack, named or default)`, false);
    for (const p of packs) {
      const pack = p instanceof GuardrailRulePack ? p : new GuardrailRulePack({ id: p.id, rules: p.rules });
      const problems = packProblems(`pack "${pack.id}"`, pack, known);
      if (problems.length > 0) throw new UsageError(`--rules: ${file}: ${problems.map(describeProblem).join(' ')}`, false);
      for (const rule of definitionsOf(pack)) known.set(rule.id, rule);
    }
  }
  return [...known.values()];
}

/** Parses the command line. */
export function parseArgs(argv: readonly string[]): Options {
  const paths: string[] = [];
  const disable: string[] = [];
  const levels: Record<string, GuardrailLevel> = {};
  const ruleModules: string[] = [];
  let sarif: string | undefined;
  let json: string | undefined;
  let packs: GuardrailPack[] | undefined;
  let production: string[] | undefined;
  let useSynthReport = true;
  let quiet = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--sarif': sarif = value(); break;
      case '--json': json = value(); break;
      case '--packs':
        packs = csv(value()).map((p) => {
          if (!(ALL_PACKS as string[]).includes(p)) throw new UsageError(`--packs: "${p}" is not a pack (use ${ALL_PACKS.join(', ')})`);
          return p as GuardrailPack;
        });
        break;
      case '--rules': ruleModules.push(value()); break;
      case '--disable': disable.push(...csv(value())); break;
      case '--level': {
        const [id, level] = value().split('=');
        if (level !== GuardrailLevel.ERROR && level !== GuardrailLevel.WARNING) throw new UsageError(`--level: "${level}" is not a level (use error or warning), as in --level ${id}=warning`);
        levels[id] = level;
        break;
      }
      case '--production': production = csv(value()); break;
      case '--ignore-synth-report': useSynthReport = false; break;
      case '--quiet': quiet = true; break;
      case '-h': case '--help': help = true; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        paths.push(arg);
    }
  }
  if (help) return { paths, packs, customRules: [], disable, levels, useSynthReport, quiet, help };
  // Rule ids are judged once every pack is loaded, whatever the order of the options.
  const customRules = loadRulePacks(ruleModules);
  disable.forEach((id) => knownRule(id, '--disable', customRules));
  Object.keys(levels).forEach((id) => knownRule(id, '--level', customRules));
  return { paths: paths.length > 0 ? paths : ['cdktf.out'], sarif, json, packs, customRules, disable, levels, production, useSynthReport, quiet, help };
}

/** The cdk.tf.json files a path stands for. */
export function configFiles(input: string): string[] {
  if (!fs.existsSync(input)) throw new UsageError(`${input}: no such file or directory`, false);
  if (fs.statSync(input).isFile()) return [input];
  const own = path.join(input, 'cdk.tf.json');
  if (fs.existsSync(own)) return [own];
  const stacks = path.join(input, 'stacks');
  const found = fs.existsSync(stacks)
    ? fs.readdirSync(stacks).sort().map((s) => path.join(stacks, s, 'cdk.tf.json')).filter((f) => fs.existsSync(f))
    : [];
  if (found.length === 0) throw new UsageError(`${input}: holds no cdk.tf.json (nor stacks/*/cdk.tf.json); run cdktf synth first`, false);
  return found;
}

interface SynthReport {
  readonly configuration?: Partial<EngineConfig>;
  readonly suppressions?: Array<{ ruleId: string; scope: string; reason: string; expires?: string }>;
}

function readSynthReport(configFile: string): SynthReport | undefined {
  const file = path.join(path.dirname(configFile), JSON_REPORT_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message}); delete it or pass --ignore-synth-report`, false);
  }
}

/** The settings for one configuration: the synth report's, then the command line's. */
export function engineConfigFor(options: Options, report: SynthReport | undefined): EngineConfig {
  const base = report?.configuration ?? {};
  return {
    packs: options.packs ?? (base.packs as GuardrailPack[] | undefined)?.filter((p) => (ALL_PACKS as string[]).includes(p)) ?? [...ALL_PACKS],
    customRules: options.customRules,
    disabledRules: [...new Set([...(base.disabledRules ?? []), ...options.disable])],
    ruleLevels: { ...(base.ruleLevels ?? {}), ...options.levels },
    productionEnvironments: options.production
      ?? (base.productionEnvironments && base.productionEnvironments.length > 0 ? base.productionEnvironments : DEFAULT_PRODUCTION_ENVIRONMENTS),
  };
}

function suppressionsFrom(report: SynthReport | undefined): SuppressionRecord[] {
  return (report?.suppressions ?? []).filter((s) => typeof s?.ruleId === 'string' && typeof s.scope === 'string').map((s) => ({
    ruleId: s.ruleId,
    scope: s.scope,
    reason: String(s.reason ?? ''),
    ...(s.expires ? { expires: s.expires, expiresAt: parseExpiry(s.expires) } : {}),
  }));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the command; returns the exit status. */
export function run(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  let options: Options;
  try {
    options = parseArgs(argv);
    if (options.help) {
      out(USAGE);
      return 0;
    }
    const files = options.paths.flatMap(configFiles);
    const judged: Array<SarifInput & { readonly file: string }> = files.map((file) => {
      let config: unknown;
      const text = fs.readFileSync(file, 'utf8');
      try {
        config = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`, false);
      }
      const report = options.useSynthReport ? readSynthReport(file) : undefined;
      const stackName = (config as any)?.['//']?.metadata?.stackName ?? path.basename(path.dirname(path.resolve(file)));
      const evaluation = evaluate(config, engineConfigFor(options, report), suppressionsFrom(report), { stackName });
      return { file, evaluation, artifactUri: artifactUri(file), lines: elementLines(text) };
    });

    let errors = 0;
    let warnings = 0;
    for (const { file, evaluation, lines } of judged) {
      const e = findingsAt(evaluation, GuardrailLevel.ERROR).length;
      const w = findingsAt(evaluation, GuardrailLevel.WARNING).length;
      errors += e;
      warnings += w;
      out(`${file}: ${plural(e, 'error')}, ${plural(w, 'warning')}, ${evaluation.suppressed.length} suppressed (${plural(evaluation.elementCount, 'element')}, ${plural(evaluation.rules.length, 'rule')})`);
      printFindings(evaluation, lines, options.quiet, out);
    }
    if (options.sarif) writeJson(options.sarif, sarifLog(judged));
    if (options.json) writeJson(options.json, judged.map(({ evaluation }) => jsonReport(evaluation)));
    out(`${TOOL_NAME}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(judged.length, 'stack')}`);
    return errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${TOOL_NAME}: ${e.message}`);
      if (e.showHelp) err(`Run ${TOOL_NAME} --help for the options.`);
      return 2;
    }
    throw e;
  }
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
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
