import * as fs from 'fs';
import { Construct, type IConstruct } from 'constructs';
import { ALL_PACKS, type EngineConfig, type Evaluation, evaluate, findingsAt, formatExpired, formatFinding, formatInvalid } from './engine';
import { ALL_RULES } from './packs';
import { artifactUri, CONFIG_RECORD_KEY, configRecord, elementLines, JSON_REPORT_FILE, jsonReport, REPORT_KEY_ENV, reportSignature, reportText, SARIF_REPORT_FILE, sarifLog } from './report';
import { GuardrailLevel, GuardrailPack, type GuardrailRule, type RuleDefinition } from './rule';
import { customRulesOf, definitionsOf, type GuardrailRulePack, knownRules, packProblems } from './rule-pack';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from './stack-view';
import { addSuppression, maxSuppressionDaysOf, setMaxSuppressionDays, type SuppressionOptions, suppressionsConcerning } from './suppressions';
import { AnnotationMetadataEntryType, TerraformStack } from '../private/cdk';
import { placementError, type PropProblem, throwIfProblems } from '../private/errors';
import { SynthOutput, type SynthOutputContext } from '../private/synth-output';
import { publishedPath } from '../private/synth-parts';

/** Which guardrails run on a stack, and how. */
export interface GuardrailsOptions {
  /**
   * Whether the guardrails run at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The packs that run.
   * @default - all packs: Kubernetes, Google Cloud, GitHub, Secrets and Terraform
   */
  readonly packs?: GuardrailPack[];
  /**
   * The platform team's own packs, run next to the built-in ones (see
   * `GuardrailRulePack`). Packs given by several calls add up.
   * @default - no custom pack
   */
  readonly customPacks?: GuardrailRulePack[];
  /**
   * Rule ids that do not run (e.g. `GP-K8S-007`). Prefer a suppression with
   * a reason on the construct that needs the exception.
   * @default - every rule of the enabled packs runs
   */
  readonly disabledRules?: string[];
  /**
   * Levels that replace rules' own levels, by rule id (e.g. make
   * `GP-K8S-007` an error, or `GP-GH-002` a warning).
   * @default - each rule at its own level
   */
  readonly ruleLevels?: { [ruleId: string]: GuardrailLevel };
  /**
   * The environment names that are production, for the rules that apply
   * only there. Names given by several calls (or Platforms) add up.
   * @default - the production environments of the Platform that applies the guardrails; otherwise "prod" and "production"
   */
  readonly productionEnvironments?: string[];
  /**
   * Principals that may read production Secret Manager secrets besides each
   * secret's own service account (GP-SEC-004): the platform's break-glass
   * group, as `group:<email>` (or `user:<email>`, `serviceAccount:<email>`).
   * Members given by several calls add up; guardrails locked to the
   * platform's settings take none beyond them.
   * @default - none: only each secret's own service account reads it
   */
  readonly breakGlassMembers?: string[];
  /**
   * Whether `guardrails-report.json` and `guardrails-report.sarif` are
   * written next to `cdk.tf.json` when the app is synthesized.
   * @default true
   */
  readonly reports?: boolean;
  /**
   * How far ahead a suppression may expire, in days. A suppression that
   * expires later is refused by `Guardrails.suppress` (and does not apply).
   * The strictest value configured anywhere in the app applies to it all.
   * @default 365
   */
  readonly maxSuppressionDays?: number;
  /**
   * Whether these guardrails also judge, with the same settings, every stack
   * of the app that has no guardrails of its own, when the app is
   * synthesized (`app.synth()`, `cdktf synth`): their errors fail it too.
   * @default false (a Platform turns it on for its guardrails)
   */
  readonly coverApp?: boolean;
}


const GUARDRAILS_SYMBOL = Symbol.for('cdktf-golden-paths.Guardrails');
/** One principal that may hold a break-glass grant: a group, a user or a service account, by email. */
export const BREAK_GLASS_MEMBER = /^(group|user|serviceAccount):[^@\s:]+@[^@\s]+\.[^@\s]+$/;

/**
 * Policy rule packs over a stack's synthesized Terraform: every resource,
 * data source, provider, variable and output is judged as it will be written
 * to `cdk.tf.json`, so resources written by hand next to the golden-path
 * constructs (and escape-hatch overrides) are judged too.
 *
 * The rules run when the stack is synthesized with validations
 * (`app.synth()`, `cdktf synth`, `Testing.synth(stack, true)`), after all
 * Aspects have changed the tree. Errors fail the synthesis, each naming the
 * rule, construct path, Terraform address, message and fix; warnings are
 * printed and become cdktf warning annotations. `app.synth()` also writes
 * `guardrails-report.json` and `guardrails-report.sarif` (SARIF 2.1.0, for
 * GitHub code scanning) next to `cdk.tf.json`, whether or not it fails.
 *
 * A stack gets them with `Guardrails.of(stack)`. They judge the resolved
 * configuration rather than run as an Aspect: an Aspect would see resources
 * before later Aspects (tagging, overrides) finished changing them, and the
 * resolution is shared with the synthesizer (see `SynthOutput`), so judging
 * costs no second resolution of the stack.
 *
 * @example
 * Guardrails.of(stack).configure({ ruleLevels: { 'GP-K8S-007': GuardrailLevel.ERROR } });
 * Guardrails.suppress(docsRepository, 'GP-GH-001', 'Public documentation site: holds no code or secrets', { expires: '2026-06-30' });
 */
export class Guardrails extends Construct {
  /** The file name of the JSON report, next to `cdk.tf.json`. */
  public static readonly JSON_REPORT_FILE = JSON_REPORT_FILE;
  /** The file name of the SARIF 2.1.0 report, next to `cdk.tf.json`. */
  public static readonly SARIF_REPORT_FILE = SARIF_REPORT_FILE;
  /** The construct id of the guardrails under their stack. */
  public static readonly ID = 'guardrails';

  /** Whether `x` is a Guardrails. */
  public static isGuardrails(x: any): x is Guardrails {
    return x !== null && typeof x === 'object' && GUARDRAILS_SYMBOL in x;
  }

  /**
   * The guardrails of the stack that `scope` is in, applied with the default
   * packs on first use.
   */
  public static of(scope: IConstruct): Guardrails {
    const stack = scope.node.scopes.slice().reverse().find((s): s is TerraformStack => TerraformStack.isStack(s));
    if (!stack) {
      throw placementError(scope, 'is not inside a TerraformStack, so it has no guardrails', 'call Guardrails.of(stack) with a stack or a construct inside one');
    }
    const existing = stack.node.tryFindChild(Guardrails.ID);
    if (existing !== undefined) {
      if (Guardrails.isGuardrails(existing)) return existing;
      throw placementError(existing, `is named "${Guardrails.ID}", the id the stack's guardrails need`, 'give that construct another id');
    }
    return new Guardrails(stack);
  }

  /**
   * Suppresses one rule on `scope` and everything in it, with a reason that
   * a reviewer can judge (at least 10 characters and 5 different letters, not
   * one word repeated) and optionally an expiry at most `maxSuppressionDays`
   * (365) ahead. A whole stack or the whole app needs `{ wholeStack: true }`.
   * Suppressions are listed in the reports; an expired one stops applying,
   * with a warning.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string, options: SuppressionOptions = {}): void {
    addSuppression(scope, ruleId, reason, options);
  }

  /** Every rule of every built-in pack, with its own level, message and fix. */
  public static allRules(): GuardrailRule[] {
    return ALL_RULES.map(({ id, pack, name, level, message, fix }) => ({ id, pack: pack as GuardrailPack, name, level, message, fix }));
  }

  /** The stack the guardrails judge. */
  public readonly stack: TerraformStack;

  private _enabled = true;
  private _packs: GuardrailPack[] = [...ALL_PACKS];
  private readonly _customPacks: GuardrailRulePack[] = [];
  private readonly _disabled = new Set<string>();
  private readonly _levels: Record<string, GuardrailLevel> = {};
  private readonly _production: string[] = [];
  private readonly _breakGlass: string[] = [];
  private _reports = true;
  private _lockedBy?: string;
  private last?: { readonly evaluation: Evaluation; readonly synthesis?: number };
  private readonly announced = new Set<string>();

  private constructor(stack: TerraformStack) {
    super(stack, Guardrails.ID);
    Object.defineProperty(this, GUARDRAILS_SYMBOL, { value: true });
    this.stack = stack;
    this.node.addValidation({ validate: () => this.check() });
    const output = SynthOutput.of(stack);
    output.addWriter('guardrails', { write: (ctx) => this.writeReports(ctx) }, { evenOnFailure: true });
    // cdk.tf.json records whether the guardrails ran and the digest of their settings, against which the command verifies the report.
    output.addRecord(CONFIG_RECORD_KEY, (session) =>
      configRecord(this._enabled, session.skipValidation === true, this.engineConfig(), suppressionsConcerning(this, stack.node.path)));
  }

  /**
   * Changes which rules run and how: `enabled`, `packs` and `reports` replace
   * the current values; `disabledRules`, `ruleLevels` and
   * `productionEnvironments` add to them.
   */
  public configure(options: GuardrailsOptions): void {
    throwIfProblems(this, this.weakeningProblems(options));
    const problems: PropProblem[] = [];
    const packs = Object.values(GuardrailPack) as string[];
    (options.packs ?? []).forEach((p, i) => {
      if (!packs.includes(p)) problems.push({ prop: `packs[${i}]`, value: p, problem: 'is not a guardrail pack', fix: 'use GuardrailPack.KUBERNETES, GOOGLE_CLOUD, GITHUB, SECRETS or TERRAFORM, and add your own packs with customPacks' });
    });
    const known = knownRules(this);
    const added = (options.customPacks ?? []).filter((pack, i) => {
      const found = this.packProblems(`customPacks[${i}]`, pack, known);
      problems.push(...found);
      if (found.length === 0) for (const rule of definitionsOf(pack)) known.set(rule.id, rule);
      return found.length === 0;
    });
    const unknownRule = (prop: string, id: string) => ({ prop, value: id, problem: 'is not a guardrail rule id', fix: 'use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001") or of a custom pack added before' });
    (options.disabledRules ?? []).forEach((id, i) => {
      if (!known.has(id)) problems.push(unknownRule(`disabledRules[${i}]`, id));
    });
    for (const [id, level] of Object.entries(options.ruleLevels ?? {})) {
      if (!known.has(id)) {problems.push(unknownRule(`ruleLevels.${id}`, id));} else if (level !== GuardrailLevel.ERROR && level !== GuardrailLevel.WARNING) {
        problems.push({ prop: `ruleLevels.${id}`, value: level, problem: 'is not a guardrail level', fix: 'use GuardrailLevel.ERROR or GuardrailLevel.WARNING' });
      }
    }
    (options.productionEnvironments ?? []).forEach((name, i) => {
      if (typeof name !== 'string' || name.trim() === '') problems.push({ prop: `productionEnvironments[${i}]`, value: name, problem: 'is empty', fix: 'name an environment, e.g. "prod"' });
    });
    (options.breakGlassMembers ?? []).forEach((member, i) => {
      if (typeof member !== 'string' || !BREAK_GLASS_MEMBER.test(member)) {
        problems.push({ prop: `breakGlassMembers[${i}]`, value: member, problem: 'is not one group, user or service account', fix: 'name the break-glass group as "group:<email>", e.g. "group:break-glass@acme.com"' });
      }
    });
    const days = options.maxSuppressionDays;
    if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1)) {
      problems.push({ prop: 'maxSuppressionDays', value: days, problem: 'is not a whole number of days of 1 or more', fix: 'give the number of days a suppression may last, e.g. 90' });
    }
    throwIfProblems(this, problems);

    for (const pack of added) this.register(pack);
    if (days !== undefined) setMaxSuppressionDays(this, days);
    if (options.coverApp === true) coverApp(this);
    if (options.enabled !== undefined) this._enabled = options.enabled;
    if (options.packs !== undefined) this._packs = [...new Set(options.packs)];
    if (options.reports !== undefined) this._reports = options.reports;
    for (const id of options.disabledRules ?? []) this._disabled.add(id);
    Object.assign(this._levels, options.ruleLevels ?? {});
    // Locked to the platform's settings, names add to the production environments in force, never replace the defaults.
    if (this._lockedBy !== undefined && this._production.length === 0 && (options.productionEnvironments ?? []).length > 0) {
      this._production.push(...DEFAULT_PRODUCTION_ENVIRONMENTS);
    }
    for (const name of options.productionEnvironments ?? []) {
      if (!this._production.includes(name)) this._production.push(name);
    }
    for (const member of options.breakGlassMembers ?? []) {
      if (!this._breakGlass.includes(member)) this._breakGlass.push(member);
    }
  }

  /**
   * From now on, refuses any configuration that would weaken these
   * guardrails: turning them off, dropping a pack, disabling a rule, lowering
   * an error to a warning, or turning the reports off. Stricter settings stay
   * welcome. A team repository's stacks are locked after the platform's
   * settings are applied to them, so a team cannot weaken what the platform set.
   *
   * @param by who set the guardrails, for the message
   * @internal
   */
  public _lock(by: string): void {
    this._lockedBy = by;
    // The platform's guardrails judge every stack of the app whose guardrails are not the platform's.
    coverApp(this);
  }

  /**
   * Whether these guardrails are locked to the platform's settings (see `_lock`).
   * @internal
   */
  public get _locked(): boolean {
    return this._lockedBy !== undefined;
  }

  /** What a configuration would weaken once the guardrails are locked. */
  private weakeningProblems(options: GuardrailsOptions): PropProblem[] {
    const by = this._lockedBy;
    if (by === undefined) return [];
    const weaken = (prop: string, value: unknown, what: string): PropProblem => ({
      prop,
      value,
      problem: `would ${what}, but the guardrails of this stack are set by ${by}, and a team repository cannot weaken them`,
      fix: 'ask the platform team to change "guardrails" in the platform settings; to accept one finding, suppress it with a reason (Guardrails.suppress)',
    });
    const found: PropProblem[] = [];
    if (options.enabled === false && this._enabled) found.push(weaken('enabled', false, 'turn the guardrails off'));
    const dropped = options.packs === undefined ? [] : this._packs.filter((p) => !options.packs!.includes(p));
    if (dropped.length > 0) found.push(weaken('packs', options.packs, `drop the packs ${dropped.map((p) => `"${p}"`).join(', ')}`));
    (options.disabledRules ?? []).forEach((id, i) => found.push(weaken(`disabledRules[${i}]`, id, `disable the rule ${id}`)));
    for (const [id, level] of Object.entries(options.ruleLevels ?? {})) {
      if (level === GuardrailLevel.WARNING && this.levelOf(id) === GuardrailLevel.ERROR) found.push(weaken(`ruleLevels.${id}`, level, `lower ${id} from an error to a warning`));
    }
    if (options.reports === false && this._reports) found.push(weaken('reports', false, 'stop writing the reports code scanning reads'));
    (options.breakGlassMembers ?? []).forEach((member, i) => {
      if (!this._breakGlass.includes(member)) found.push(weaken(`breakGlassMembers[${i}]`, member, 'let it read production secrets'));
    });
    const days = options.maxSuppressionDays;
    if (typeof days === 'number' && days > maxSuppressionDaysOf(this)) {
      found.push(weaken('maxSuppressionDays', days, `let suppressions last ${days} days, longer than the ${maxSuppressionDaysOf(this)} the platform allows`));
    }
    return found;
  }

  /**
   * Adds a platform team's own pack of rules: they run next to the built-in
   * packs, at their own levels unless `ruleLevels` says otherwise, and can be
   * disabled and suppressed by id. Adding the same pack again does nothing.
   */
  public addPack(pack: GuardrailRulePack): void {
    throwIfProblems(this, this.packProblems('pack', pack, knownRules(this)));
    this.register(pack);
  }

  /** A pack's own problems, or that another pack of these guardrails has its id. */
  private packProblems(prop: string, pack: GuardrailRulePack, known: ReadonlyMap<string, RuleDefinition>): PropProblem[] {
    const twin = this._customPacks.find((p) => p !== pack && p.id === pack?.id);
    if (twin) return [{ prop: `${prop}.id`, value: pack.id, problem: 'is the id of another pack of these guardrails', fix: 'give every pack an id of its own' }];
    return packProblems(prop, pack, known);
  }

  /** The custom packs that run, in the order they were added. */
  public get customPacks(): GuardrailRulePack[] {
    return [...this._customPacks];
  }

  /** Whether the guardrails run. */
  public get enabled(): boolean {
    return this._enabled;
  }

  /** The packs that run. */
  public get packs(): GuardrailPack[] {
    return [...this._packs];
  }

  /** The rule ids that do not run. */
  public get disabledRules(): string[] {
    return [...this._disabled];
  }

  /** The production environment names (configured, or "prod" and "production"). */
  public get productionEnvironments(): string[] {
    return this._production.length > 0 ? [...this._production] : [...DEFAULT_PRODUCTION_ENVIRONMENTS];
  }

  /** The principals that may read production secrets besides each secret's own service account. */
  public get breakGlassMembers(): string[] {
    return [...this._breakGlass];
  }

  /** Whether reports are written at synth. */
  public get reports(): boolean {
    return this._reports;
  }

  /** The level a rule runs at; undefined when it does not run (disabled, or its pack is off). */
  public levelOf(ruleId: string): GuardrailLevel | undefined {
    const builtIn = ALL_RULES.find((r) => r.id === ruleId && this._packs.includes(r.pack as GuardrailPack));
    const rule = builtIn ?? this.customRules().find((r) => r.id === ruleId);
    if (!rule || this._disabled.has(ruleId)) return undefined;
    return this._levels[ruleId] ?? rule.level;
  }

  private register(pack: GuardrailRulePack): void {
    if (this._customPacks.includes(pack)) return;
    this._customPacks.push(pack);
    const registry = customRulesOf(this);
    for (const rule of definitionsOf(pack)) registry.set(rule.id, rule);
  }

  private customRules(): RuleDefinition[] {
    return this._customPacks.flatMap(definitionsOf);
  }

  private engineConfig(): EngineConfig {
    return {
      packs: this.packs,
      customRules: this.customRules(),
      disabledRules: this.disabledRules,
      ruleLevels: { ...this._levels },
      productionEnvironments: this.productionEnvironments,
      breakGlassMembers: this.breakGlassMembers,
      maxSuppressionDays: maxSuppressionDaysOf(this),
    };
  }

  private evaluateConfig(config: unknown): Evaluation {
    return this._evaluateStack(this.stack, config);
  }

  /**
   * Judges the configuration of a stack (this one, or one it covers) with these settings.
   * @internal
   */
  public _evaluateStack(stack: TerraformStack, config: unknown): Evaluation {
    const stackPath = stack.node.path;
    return evaluate(config, this.engineConfig(), suppressionsConcerning(this, stackPath), { stackPath, stackName: stack.node.id });
  }

  /** The validation: judges the resolved configuration, announces warnings, returns the errors. */
  private check(): string[] {
    if (!this._enabled) return [];
    const output = SynthOutput.of(this.stack);
    const evaluation = this.evaluateConfig(SynthOutput.terraformConfig(this.stack));
    this.last = { evaluation, synthesis: output.synthesizing ? output.synthesis : undefined };
    this.announce(evaluation);
    return findingsAt(evaluation, GuardrailLevel.ERROR).map(formatFinding);
  }

  /** Warnings (and expired suppressions) become warning annotations and are printed once. */
  private announce(evaluation: Evaluation): void {
    const messages: Array<{ path: string; text: string }> = [
      ...findingsAt(evaluation, GuardrailLevel.WARNING).map((f) => ({ path: f.constructPath, text: formatFinding(f) })),
      ...evaluation.suppressions.filter((u) => u.expired).map((u) => ({ path: u.suppression.scope, text: formatExpired(u) })),
      ...evaluation.suppressions.filter((u) => u.invalid !== undefined).map((u) => ({ path: u.suppression.scope, text: formatInvalid(u) })),
    ].filter((m) => !this.announced.has(m.text));
    if (messages.length === 0) return;
    const byPath = new Map<string, IConstruct>(this.stack.node.findAll().map((c) => [c.node.path, c]));
    for (const m of messages) {
      this.announced.add(m.text);
      // A warning annotation as cdktf's Annotations writes it, but without the stack trace it would record: the trace
      // is the process's, so `golden-paths synth --jobs N` would write another manifest.json than one process does.
      (byPath.get(m.path) ?? this.stack).node.addMetadata(AnnotationMetadataEntryType.WARN, m.text);
    }
    console.warn(`[${this.node.path}] ${messages.length} guardrail warning${messages.length === 1 ? '' : 's'}:\n  ${messages.map((m) => m.text).join('\n  ')}`);
  }

  private writeReports(context: SynthOutputContext): void {
    if (!this._enabled || !this._reports) return;
    const output = SynthOutput.of(this.stack);
    let evaluation = this.last !== undefined && this.last.synthesis === output.synthesis ? this.last.evaluation : undefined;
    if (evaluation === undefined) {
      // Validations were skipped (App skipValidation): report without failing.
      if (!context.succeeded) return;
      evaluation = this.evaluateConfig(SynthOutput.terraformConfig(this.stack));
    }
    // Results point at their line of cdk.tf.json; a clean stack has none to point at, so the file is not read.
    const hasResults = evaluation.findings.length + evaluation.suppressed.length > 0;
    const lines = hasResults && context.succeeded && context.configFile.endsWith('.json') && fs.existsSync(context.configFile)
      ? elementLines(fs.readFileSync(context.configFile)) : undefined;
    const synth = { validationSkipped: context.session.skipValidation === true };
    const report = jsonReport(evaluation, synth);
    // Signed with the job's key, a report's suppressions and settings can be applied again by cdktf-guardrails; unsigned, they cannot.
    const key = process.env[REPORT_KEY_ENV];
    if (key && context.succeeded && fs.existsSync(context.configFile)) report.signature = reportSignature(key, report, fs.readFileSync(context.configFile, 'utf8'));
    // The text JSON.stringify(report, null, 2) writes, with the rules every stack's report repeats written once (reportText).
    SynthOutput.writeFile(context.stackOutdir, JSON_REPORT_FILE, `${reportText(report)}\n`);
    // In a worker of a parallel synth, the path the file will have in the merged output.
    const sarif = sarifLog([{ evaluation, artifactUri: artifactUri(publishedPath(context.configFile, context.outdir)), lines }]);
    SynthOutput.writeFile(context.stackOutdir, SARIF_REPORT_FILE, `${reportText(sarif)}\n`);
  }
}

const COVERAGE = Symbol.for('cdktf-golden-paths.GuardrailsCoverage');

/** The guardrails that judge the stacks of an app that others do not. */
interface Coverage {
  guardrails: Guardrails;
}

/**
 * Makes `guardrails` judge every stack of its app that has no guardrails of
 * its own, when the app is synthesized: a validation on the app, which cdktf
 * runs after every stack is synthesized (so after every Aspect). The first
 * guardrails to ask cover the app, unless guardrails locked to a platform's
 * published settings ask: those cover it, and judge every stack whose
 * guardrails are not locked too, so that a stack a team repository adds with
 * guardrails of its own set weaker is still judged with the platform's.
 */
function coverApp(guardrails: Guardrails): void {
  const root = guardrails.node.root as any;
  const coverage: Coverage | undefined = root[COVERAGE];
  if (coverage === undefined) {
    const created: Coverage = { guardrails };
    Object.defineProperty(root, COVERAGE, { value: created });
    guardrails.node.root.node.addValidation({ validate: () => judgeUncoveredStacks(created.guardrails) });
  } else if (guardrails._locked && !coverage.guardrails._locked) {
    coverage.guardrails = guardrails;
  }
}

function judgeUncoveredStacks(guardrails: Guardrails): string[] {
  if (!guardrails.enabled) return [];
  const ownOf = (stack: TerraformStack) => stack.node.tryFindChild(Guardrails.ID);
  const uncovered = guardrails.node.root.node.findAll().filter((c): c is TerraformStack => {
    if (!TerraformStack.isStack(c)) return false;
    const own = ownOf(c);
    return !Guardrails.isGuardrails(own) || (guardrails._locked && !own._locked);
  });
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const stack of uncovered) {
    const evaluation = guardrails._evaluateStack(stack, SynthOutput.terraformConfig(stack));
    const note = Guardrails.isGuardrails(ownOf(stack))
      ? `(stack ${stack.node.path} has guardrails of its own, not the platform's; judged by ${guardrails.node.path})`
      : `(stack ${stack.node.path} has no guardrails of its own; judged by ${guardrails.node.path})`;
    errors.push(...findingsAt(evaluation, GuardrailLevel.ERROR).map((f) => `${formatFinding(f)} ${note}`));
    warnings.push(...findingsAt(evaluation, GuardrailLevel.WARNING).map((f) => `${formatFinding(f)} ${note}`));
  }
  if (warnings.length > 0) console.warn(`[${guardrails.node.path}] ${warnings.length} guardrail warning${warnings.length === 1 ? '' : 's'} in other stacks:\n  ${warnings.join('\n  ')}`);
  return errors;
}
