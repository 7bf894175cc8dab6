/**
 * The command line of cdktf-guardrails: its options, their checks, and the
 * custom rule packs and platform settings they name (`guardrails-command.ts`
 * runs the command).
 */
import * as fs from 'fs';
import * as path from 'path';
import { type PlatformGuardrails, readPlatformGuardrails } from './platform-guardrails';
import { ALL_PACKS } from '../guardrails/engine';
import { ruleById } from '../guardrails/packs';
import { JSON_REPORT_FILE, REPORT_KEY_ENV, TOOL_NAME } from '../guardrails/report';
import { GuardrailLevel, GuardrailPack, type RuleDefinition } from '../guardrails/rule';
import { definitionsOf, GuardrailRulePack, packProblems } from '../guardrails/rule-pack';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '../guardrails/stack-view';
import { DEFAULT_MAX_SUPPRESSION_DAYS } from '../guardrails/suppression-policy';
import { describeProblem } from '../private/errors';

/** The largest configuration file read unless --max-size says otherwise, in MiB. */
const DEFAULT_MAX_SIZE_MIB = 256;

export const USAGE = `Usage: ${TOOL_NAME} [options] [path ...]

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
  --platform <file>      the platform's settings (its platform.json): its guardrails are the
                         floor: its packs run, the rules it leaves on stay on at its level, its
                         production environments count, its maxSuppressionDays holds, whatever
                         a synth report says; a report below it is an error
  --ignore-synth-report  ignore ${JSON_REPORT_FILE} next to cdk.tf.json (by default its
                         configuration and suppressions apply when it is signed with the key
                         in ${REPORT_KEY_ENV}, as the synth of the same job signs it)
  --allow-skipped-validation
                         accept a synth that skipped validation (App skipValidation)
  --allow-weakened       accept a synth whose configuration turned built-in packs or
                         rules off, or lowered errors to warnings
  --max-suppression-days <n>
                         the furthest a suppression may expire (default: ${DEFAULT_MAX_SUPPRESSION_DAYS})
  --max-size <MiB>       the largest cdk.tf.json read (default: ${DEFAULT_MAX_SIZE_MIB})
  --quiet                print errors and the summary only
  -h, --help             show this help

Exit status: 0 without errors, 1 with errors (findings, or a synth that skipped validation
or weakened the rules without the flag that allows it), 2 when the input or options are
wrong or the command fails.`;


/** A problem with the command line or the input: exit status 2. */
export class UsageError extends Error {
  /** Whether to point at --help (for option mistakes, not for missing or broken files). */
  public constructor(message: string, public readonly showHelp = true) {
    super(message);
  }
}

/** The command line, read. */
export interface Options {
  readonly paths: string[];
  readonly sarif?: string;
  readonly json?: string;
  readonly packs?: GuardrailPack[];
  readonly customRules: RuleDefinition[];
  readonly disable: string[];
  readonly levels: Record<string, GuardrailLevel>;
  readonly production?: string[];
  /** The platform's guardrail settings, the floor of every stack's (`--platform`). */
  readonly platform?: PlatformGuardrails;
  readonly useSynthReport: boolean;
  readonly allowSkippedValidation: boolean;
  readonly allowWeakened: boolean;
  readonly maxSuppressionDays: number;
  readonly maxSizeMib: number;
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
    let exported: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(abs);
    } catch (e) {
      // A module that does not load (a syntax error, a missing import, a throw as it loads) is the input's fault: name it.
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      throw new UsageError(`--rules: ${file}: cannot be loaded: ${message.length > 300 ? `${message.slice(0, 300)}... (cut)` : message}. Fix: run it with node to see the whole error, and correct it`, false);
    }
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
  let platformFile: string | undefined;
  let useSynthReport = true;
  let allowSkippedValidation = false;
  let allowWeakened = false;
  let maxSuppressionDays = DEFAULT_MAX_SUPPRESSION_DAYS;
  let maxSizeMib = DEFAULT_MAX_SIZE_MIB;
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
      case '--platform':
        if (platformFile !== undefined) throw new UsageError('--platform is given twice: name the one platform.json whose settings hold');
        platformFile = value();
        break;
      case '--ignore-synth-report': useSynthReport = false; break;
      case '--allow-skipped-validation': allowSkippedValidation = true; break;
      case '--allow-weakened': allowWeakened = true; break;
      case '--max-suppression-days': maxSuppressionDays = positive(flag, value()); break;
      case '--max-size': maxSizeMib = positive(flag, value()); break;
      case '--quiet': quiet = true; break;
      case '-h': case '--help': help = true; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        paths.push(arg);
    }
  }
  const common = { disable, levels, useSynthReport, allowSkippedValidation, allowWeakened, maxSuppressionDays, maxSizeMib, quiet, help };
  if (help) return { paths, packs, customRules: [], ...common };
  // Rule ids are judged once every pack is loaded, whatever the order of the options.
  const customRules = loadRulePacks(ruleModules);
  disable.forEach((id) => knownRule(id, '--disable', customRules));
  Object.keys(levels).forEach((id) => knownRule(id, '--level', customRules));
  return { paths: paths.length > 0 ? paths : ['cdktf.out'], sarif, json, packs, customRules, production, platform: platformGuardrails(platformFile), ...common };
}

/** The guardrails of the platform settings `--platform` names; a file that is not one is an input error (exit 2). */
function platformGuardrails(file: string | undefined): PlatformGuardrails | undefined {
  if (file === undefined) return undefined;
  try {
    return readPlatformGuardrails(file);
  } catch (e) {
    throw new UsageError(`--platform: ${(e as Error).message}`, false);
  }
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: "${value}" is not a whole number of 1 or more`);
  return n;
}
