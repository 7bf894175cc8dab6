/**
 * The fast synth engine: `app.synth()` of cdktf 0.21.0 with the same output
 * and less work. Together with src/private/cdk.ts the only module that
 * reaches into cdktf, and the only one that knows its internals, so it runs
 * only on the exact version it was written against (anything else keeps the
 * normal path and says so in one line).
 *
 * What it changes, and why the output stays byte for byte the same:
 *
 * - **No creation stack traces.** cdktf captures a complete stack trace
 *   (`Error.stackTraceLimit = MAX_SAFE_INTEGER`, formatted into strings)
 *   every time a token, a `Lazy` or a provider's nested block object is made:
 *   about 500 per service, most of the construction time and of the heap.
 *   They only ever appear in error messages. While an app with fast synth is
 *   being built, `captureStackTrace` returns no frames. When a token then fails
 *   to resolve, the error names the element, and a program run as a command
 *   (`cdktf synth`, `node main.js`) is run again once with the normal path,
 *   whose error shows where the token was created.
 * - **One resolve pass instead of three.** `prepareStack` resolves every
 *   element (looking for cross-stack references), `toTerraform` resolves them
 *   again and then resolves the merged configuration once more. The fast
 *   path keeps the prepared results and assembles the configuration from
 *   them, unless the stack took part in a cross-stack reference, has Aspects
 *   (they run between the two passes and may change elements), gained or lost
 *   elements since, or carries raw overrides (then cdktf's own passes run).
 * - **A faster `cdk.tf.json` writer.** cdktf writes it with
 *   `json-stable-stringify` (sorted keys, two-space indent); the engine's
 *   synthesizer writes the same bytes with {@link writeStableJson}, in about
 *   three quarters of the time (the rest of cdktf's stack synthesizer is kept as is).
 * - **The same writer for `manifest.json`.** cdktf writes the app's manifest
 *   (every stack, with its annotations) with `json-stable-stringify` at the end
 *   of every `app.synth()`, once per batch in a part of a parallel synth; the
 *   engine writes the same bytes with {@link writeStableJson}.
 * - **A token map that can be emptied.** cdktf keeps every token ever made in a
 *   process-wide map (`global.__cdktfTokenMap`), with what it points to;
 *   {@link clearTokenMap} empties it between batches of stacks that are done.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConstructOrder, type IConstruct } from 'constructs';
import { Aspects, LocalBackend, TerraformBackend, TerraformElement, TerraformOutput, TerraformStack, type App, type ISynthesisSession } from './cdk';
import { type CdktfResolveInternals, plainResolver, type ResolveOptions } from './fast-resolve';
import { rememberingKeysToSnakeCase } from './fast-snake-case';
import { onePassSplit, type StringFragments, type TokenStringFields } from './fast-split';
import { mergeFragments } from './merge-fragments';
import { writeStableJson } from './stable-json';

/** The one cdktf version the engine knows the internals of. */
export const FAST_SYNTH_CDKTF_VERSION = '0.21.0';

/** Set to `off` to keep the normal path whatever the program asks for (the rerun after a resolution error sets it). */
export const FAST_SYNTH_ENV = 'GOLDEN_PATHS_FAST_SYNTH';

/** Set to `off` to resolve every value with cdktf's resolve() in fast synth too (see `fast-resolve.ts`), to compare. */
export const PLAIN_RESOLVE_ENV = 'GOLDEN_PATHS_PLAIN_RESOLVE';

/* eslint-disable @typescript-eslint/no-require-imports */
function cdktfDir(): string {
  return path.dirname(require.resolve('cdktf/package.json'));
}

/** The installed cdktf's version. */
export function installedCdktfVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(cdktfDir(), 'package.json'), 'utf8')).version;
}

/** The cdktf 0.21.0 internals the engine uses, loaded only after the version check. */
interface Internals {
  readonly stackTrace: { captureStackTrace: (below?: unknown) => string[] };
  readonly resolve: (scope: IConstruct, obj: unknown, preparing?: boolean) => any;
  readonly deepMerge: (target: any, ...sources: any[]) => any;
  /** `lib/util`, whose `keysToSnakeCase` the resources, data sources and providers call. */
  readonly util: { keysToSnakeCase: (object: any) => any; snakeCase: (str: string) => string };
  readonly isResolvable: (obj: unknown) => boolean;
  readonly tokenMap: () => { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> };
  /** `lib/synthesize/synthesizer`: `StackSynthesizer` and `invokeAspects`. */
  readonly synthesizer: { StackSynthesizer: { prototype: StackSynthesizer }; invokeAspects: (root: IConstruct) => void };
  readonly ValidateTerraformVersion: new (range: string, message: string) => any;
  readonly encounteredAnnotationWithLevelError: (errors: string) => Error;
  readonly annotationLevels: { INFO: string; WARN: string; ERROR: string };
  /** `tokens/private/resolve`, whose `resolve` Tokenization.resolve calls, and what tells a token from a plain value. */
  readonly resolveModule: { resolve: CdktfResolveInternals['resolve'] };
  readonly plainResolveInternals: Omit<CdktfResolveInternals, 'resolve'>;
  /** `tokens/private/encoding`'s `TokenString`, whose `split` cuts a string into literals, tokens and escapes. */
  readonly TokenString: {
    prototype: { split: (this: TokenStringFields, lookup: (key: string) => unknown) => StringFragments };
    forString: (s: string) => TokenStringFields;
  };
  /** `tokens/string-fragments`'s `TokenizedStringFragments`. */
  readonly TokenizedStringFragments: new () => StringFragments;
  /** `lib/manifest`'s `Manifest` (the app's `manifest`). */
  readonly Manifest: { fileName: string; prototype: CdktfManifest };
}

interface CdktfManifest { readonly outdir: string; readonly hclOutput: boolean; buildManifest(): unknown; writeToFile(): void }

/** cdktf 0.21.0's `StackSynthesizer`, as far as the engine uses it. */
interface StackSynthesizer {
  readonly stack: TerraformStack;
  readonly continueOnErrorAnnotations: boolean;
  readonly hclOutput: boolean;
  synthesize(session: ISynthesisSession): void;
}

let loaded: Internals | undefined;
function internals(): Internals {
  if (!loaded) {
    const lib = (name: string) => require(path.join(cdktfDir(), 'lib', name));
    const tokenMap = lib('tokens/private/token-map').TokenMap;
    loaded = {
      stackTrace: lib('tokens/private/stack-trace'),
      resolve: lib('_tokens').resolve,
      deepMerge: lib('util').deepMerge,
      util: lib('util'),
      isResolvable: lib('tokens/token').Tokenization.isResolvable,
      tokenMap: () => tokenMap.instance(),
      synthesizer: lib('synthesize/synthesizer'),
      ValidateTerraformVersion: lib('validations/validate-terraform-version').ValidateTerraformVersion,
      encounteredAnnotationWithLevelError: lib('errors').encounteredAnnotationWithLevelError,
      annotationLevels: lib('annotations').AnnotationMetadataEntryType,
      resolveModule: lib('tokens/private/resolve'),
      plainResolveInternals: {
        extractTokenDouble: lib('tokens/private/encoding').extractTokenDouble,
        stringMapTokenValue: lib('tokens/token').Token.STRING_MAP_TOKEN_VALUE,
        anyMapTokenValue: lib('tokens/token').Token.ANY_MAP_TOKEN_VALUE,
        numberMapTokenValue: lib('tokens/token').Token.NUMBER_MAP_TOKEN_VALUE,
      },
      TokenString: lib('tokens/private/encoding').TokenString,
      TokenizedStringFragments: lib('tokens/string-fragments').TokenizedStringFragments,
      Manifest: lib('manifest').Manifest,
    };
  }
  return loaded;
}
/* eslint-enable @typescript-eslint/no-require-imports */

const ENABLED = Symbol.for('cdktf-golden-paths.FastSynth');
const STILL_BUILDING = Symbol.for('cdktf-golden-paths.FastSynth.stillBuilding');
const NO_FRAMES: string[] = Object.freeze([]) as unknown as string[];
let noticed = false;

/** Apps being built with fast synth (traces are off while there is one), and cdktf's own capture. */
let pendingApps = 0;
let capture: ((below?: unknown) => string[]) | undefined;

function tracesOff(): void {
  if (pendingApps++ === 0) {
    const module = internals().stackTrace;
    capture = module.captureStackTrace;
    module.captureStackTrace = () => NO_FRAMES;
  }
}

function tracesOn(): void {
  if (--pendingApps === 0 && capture) {
    internals().stackTrace.captureStackTrace = capture;
    capture = undefined;
  }
}

/** Whether `app` synthesizes with the fast engine. */
export function fastSynthEnabled(app: App): boolean {
  return (app as any)[ENABLED] === true;
}

/**
 * Makes `app.synth()` use the fast engine, from now on: call it right after
 * `new App()`, before the tree is built, so that the tokens made while
 * building it capture no stack traces. Returns whether the engine is on: not
 * when the installed cdktf is not {@link FAST_SYNTH_CDKTF_VERSION} (one line on
 * stderr says so) or `GOLDEN_PATHS_FAST_SYNTH=off`.
 */
export function enableFastSynth(app: App, installedVersion: string = installedCdktfVersion()): boolean {
  if (fastSynthEnabled(app)) return true;
  if (process.env[FAST_SYNTH_ENV] === 'off') return false;
  if (installedVersion !== FAST_SYNTH_CDKTF_VERSION) {
    if (!noticed) {
      process.stderr.write(`cdktf-golden-paths: fast synth supports cdktf ${FAST_SYNTH_CDKTF_VERSION} only, found ${installedVersion}: synthesizing with the normal path\n`);
      noticed = true;
    }
    return false;
  }
  Object.defineProperty(app, ENABLED, { value: true });
  tracesOff();
  let building = true;
  const normalSynth = app.synth;
  app.synth = function fastSynth(this: App) {
    try {
      synthesize(this, () => normalSynth.call(this));
    } catch (e) {
      if (building && isResolutionError(e)) explainResolutionError(e as Error);
      throw e;
    } finally {
      if (building && (this as any)[STILL_BUILDING] !== true) {
        building = false;
        tracesOn();
      }
    }
  };
  return true;
}

/**
 * Says that more of `app`'s tree will be built after its next `synth()` (a
 * synth in batches), so that stack traces stay off until the last batch.
 */
export function setStillBuilding(app: App, still: boolean): void {
  Object.defineProperty(app, STILL_BUILDING, { value: still, configurable: true });
}

/** Where cdktf's token map stands: {@link clearTokensSince} removes the tokens made after. */
export interface TokenMapMark {
  readonly strings: number;
  readonly numbers: number;
}

/** The token map's current size, to clear what comes after it. */
export function tokenMapMark(): TokenMapMark {
  const map = internals().tokenMap();
  return { strings: map.stringTokenMap.size, numbers: map.numberTokenMap.size };
}

/**
 * Removes from cdktf's token map the tokens made since `mark` (the map keeps
 * them in the order they were made): for a batch of stacks that is
 * synthesized and dropped, whose tokens will never be resolved again, while
 * tokens made before (by constructs that stay) are kept.
 */
export function clearTokensSince(mark: TokenMapMark): void {
  const map = internals().tokenMap();
  const drop = <K>(m: Map<K, unknown>, keep: number) => {
    let i = 0;
    // Deleting the entry being visited is safe while iterating a Map.
    for (const key of m.keys()) if (i++ >= keep) m.delete(key);
  };
  drop(map.stringTokenMap, mark.strings);
  drop(map.numberTokenMap, mark.numbers);
}

/**
 * Empties cdktf's process-wide token map. Only for tokens that will never be
 * resolved again: call it after the stacks that made them are synthesized.
 * The token counter goes on, so new tokens never take an old token's key.
 */
export function clearTokenMap(): void {
  const map = internals().tokenMap();
  map.stringTokenMap.clear();
  map.numberTokenMap.clear();
}

/** The number of tokens in cdktf's token map. */
export function tokenMapSize(): number {
  const map = internals().tokenMap();
  return map.stringTokenMap.size + map.numberTokenMap.size;
}

/** cdktf's `resolve(obj, options)` with plain values resolved in front of it (see `fast-resolve.ts`), as fast synth runs it. */
export function plainResolve(plainTreesMade?: WeakSet<object>): (obj: unknown, options: ResolveOptions) => unknown {
  const { resolveModule, plainResolveInternals } = internals();
  return plainResolver({ ...plainResolveInternals, resolve: resolveModule.resolve }, plainTreesMade);
}

/** The fast resolver's results that are trees of plain objects by construction (see `fast-resolve.ts`): prepared fragments among them are merged without a check. */
const plainTrees = new WeakSet<object>();

interface Prepared {
  readonly elements: TerraformElement[];
  readonly fragments: unknown[];
}

/**
 * Runs cdktf's `app.synth()` with each stack's prepare pass kept and reused by
 * `toTerraform`, and its `cdk.tf.json` written by {@link writeStack}.
 */
function synthesize(app: App, synth: () => void): void {
  const { resolve, synthesizer } = internals();
  const proto = TerraformStack.prototype as any;
  const stacks = app.node.findAll().filter(TerraformStack.isStack)
    .filter((s) => (s as any).prepareStack === proto.prepareStack && (s as any).toTerraform === proto.toTerraform);
  const prepared = new Map<TerraformStack, Prepared>();
  const crossStack = new Set<TerraformStack>();

  const crossStackReference = app.crossStackReference;
  app.crossStackReference = function (from: TerraformStack, to: TerraformStack, identifier: string) {
    crossStack.add(from);
    crossStack.add(to);
    return crossStackReference.call(this, from, to, identifier);
  };
  const handled = new Set(stacks);
  const stackSynthesizer = synthesizer.StackSynthesizer.prototype;
  const normalWrite = stackSynthesizer.synthesize;
  stackSynthesizer.synthesize = function synthesizeStack(this: StackSynthesizer, session: ISynthesisSession) {
    if (handled.has(this.stack) && !this.hclOutput) writeStack(this, session);
    else normalWrite.call(this, session);
  };
  for (const stack of stacks) {
    (stack as any).prepareStack = function prepareOnce(this: TerraformStack) {
      const elements = backendAndElements(this);
      prepared.set(this, { elements, fragments: elements.map((e) => resolveElement(e, () => resolve(this, e.toTerraform(), true))) });
    };
    (stack as any).toTerraform = function toTerraformFromPrepared(this: TerraformStack) {
      const p = prepared.get(this);
      if (!p || !reusable(this, p, crossStack)) return proto.toTerraform.call(this);
      // The configuration holds the fragments as they are: a later call resolves the stack anew, as cdktf does.
      prepared.delete(this);
      return assemble(this, p);
    };
  }
  const { resolveModule, plainResolveInternals, TokenString, TokenizedStringFragments, util, isResolvable } = internals();
  const cdktfResolve = resolveModule.resolve;
  const cdktfSplit = TokenString.prototype.split;
  if (process.env[PLAIN_RESOLVE_ENV] !== 'off') {
    // Plain values are resolved in front of cdktf's resolve(); tokens still go to it.
    resolveModule.resolve = plainResolver({ ...plainResolveInternals, resolve: cdktfResolve }, plainTrees);
    // Strings with tokens cut into fragments in one pass (see `fast-split.ts`).
    TokenString.prototype.split = onePassSplit({ split: cdktfSplit, stringTokenRegex: TokenString.forString('').re, fragments: () => new TokenizedStringFragments() });
  }
  // Snake case of attribute names remembered (see `fast-snake-case.ts`).
  const keysToSnakeCase = util.keysToSnakeCase;
  util.keysToSnakeCase = rememberingKeysToSnakeCase({ snakeCase: util.snakeCase, isResolvable });
  const restoreManifest = writeManifestStably(app);
  try {
    synth();
  } finally {
    restoreManifest();
    util.keysToSnakeCase = keysToSnakeCase;
    TokenString.prototype.split = cdktfSplit;
    resolveModule.resolve = cdktfResolve;
    stackSynthesizer.synthesize = normalWrite;
    app.crossStackReference = crossStackReference;
    for (const stack of stacks) {
      delete (stack as any).prepareStack;
      delete (stack as any).toTerraform;
    }
  }
}

/** Has the app's manifest written by {@link writeStableJson} (unless its writer is not cdktf's, or HCL); returns what puts cdktf's back. */
function writeManifestStably(app: App): () => void {
  const { Manifest } = internals();
  const manifest = (app as any).manifest as CdktfManifest | undefined;
  if (manifest === undefined || manifest.hclOutput || manifest.writeToFile !== Manifest.prototype.writeToFile) return () => undefined;
  manifest.writeToFile = function writeManifest(this: CdktfManifest) {
    writeStableJson(path.join(this.outdir, Manifest.fileName), this.buildManifest());
  };
  return () => {
    delete (manifest as any).writeToFile;
  };
}

const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/**
 * `StackSynthesizer.synthesize` of cdktf 0.21.0 for JSON output, step for
 * step, with `cdk.tf.json` written by {@link writeStableJson} instead of
 * `json-stable-stringify` (the same text).
 */
function writeStack(synthesizer: StackSynthesizer, session: ISynthesisSession): void {
  const { synthesizer: module, ValidateTerraformVersion, encounteredAnnotationWithLevelError, annotationLevels } = internals();
  const stack = synthesizer.stack;
  module.invokeAspects(stack);
  if (stack.hasResourceMove()) {
    stack.node.addValidation(new ValidateTerraformVersion('>=1.5', 'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.'));
  }
  if (!session.skipValidation) stack.runAllValidations();
  const stackManifest = session.manifest.forStack(stack);
  const workingDirectory = path.join(session.outdir, stackManifest.workingDirectory);
  if (!fs.existsSync(workingDirectory)) fs.mkdirSync(workingDirectory);
  for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) (node as any)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
  const levels: string[] = [annotationLevels.INFO, annotationLevels.WARN, annotationLevels.ERROR];
  const annotations = stack.node.findAll().flatMap((node) => node.node.metadata
    .filter((metadata) => levels.includes(metadata.type))
    .map((metadata) => ({ constructPath: node.node.path, level: metadata.type, message: metadata.data, stacktrace: metadata.trace })));
  // cdktf's manifest entry is readonly to its users; the synthesizer fills it in.
  (stackManifest as any).annotations = annotations;
  const errors = annotations.filter((a) => a.level === annotationLevels.ERROR);
  if (!synthesizer.continueOnErrorAnnotations && errors.length > 0) {
    throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n'));
  }
  writeStableJson(path.join(session.outdir, stackManifest.synthesizedStackPath), stack.toTerraform());
}

/** The Terraform elements of a stack, in cdktf's order (depth first, not into nested stacks). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child, into);
  }
  return into;
}

/**
 * `stack.ensureBackendExists()` then `terraformElements(stack)` of cdktf
 * 0.21.0, in one walk: cdktf looks for a backend anywhere below the stack
 * (nested stacks included) with an async visitor, a promise per construct,
 * and adds a LocalBackend when there is none, as the stack's last child, so
 * its last element. Exported for tests.
 */
export function backendAndElements(stack: TerraformStack): TerraformElement[] {
  if (stack.ensureBackendExists !== TerraformStack.prototype.ensureBackendExists) {
    stack.ensureBackendExists();
    return terraformElements(stack);
  }
  const elements: TerraformElement[] = [];
  let backend = false;
  const visit = (node: IConstruct, nested: boolean): void => {
    if (!nested && TerraformElement.isTerraformElement(node)) elements.push(node);
    if (!backend && TerraformBackend.isBackend(node)) backend = true;
    for (const child of node.node.children) visit(child, nested || TerraformStack.isStack(child));
  };
  visit(stack, false);
  if (!backend) elements.push(new LocalBackend(stack, {}));
  return elements;
}

function reusable(stack: TerraformStack, p: Prepared, crossStack: Set<TerraformStack>): boolean {
  if (crossStack.has(stack) || Object.keys((stack as any).rawOverrides).length > 0) return false;
  const now = terraformElements(stack);
  if (now.length !== p.elements.length || now.some((e, i) => e !== p.elements[i])) return false;
  return !hasAspects(stack);
}

function hasAspects(node: IConstruct): boolean {
  if (Aspects.of(node).all.length > 0) return true;
  return node.node.children.some((c) => !TerraformStack.isStack(c) && hasAspects(c));
}

/** `TerraformStack.toTerraform()` of cdktf 0.21.0 with the prepared, already resolved fragments. */
function assemble(stack: TerraformStack, p: Prepared): any {
  const { resolve, deepMerge } = internals();
  const metadata = {
    version: (stack as any).cdktfVersion,
    stackName: stack.node.id,
    backend: 'local',
    cloud: undefined,
  };
  for (const e of p.elements) deepMerge(metadata, resolve(stack, e.toMetadata()));
  const outputs = {};
  for (const item of p.elements) {
    if (!TerraformOutput.isTerraformOutput(item)) continue;
    deepMerge(outputs, item.node.path.split('/').reduceRight<any>(
      (inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}));
  }
  // The metadata and outputs are the only part not resolved yet (resolving drops `cloud: undefined`).
  const tf: any = { '//': resolve(stack, { metadata, outputs }) };
  return mergeFragments(tf, p.fragments, deepMerge, (f) => plainTrees.has(f));
}

const ELEMENT = Symbol.for('cdktf-golden-paths.FastSynth.element');

/** Resolves one element, recording which element failed on the error. */
function resolveElement<T>(element: TerraformElement, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !(ELEMENT in e)) Object.defineProperty(e, ELEMENT, { value: element.node.path });
    throw e;
  }
}

function isResolutionError(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith('Resolution error');
}

/**
 * A token failed to resolve, and no stack trace says where it was made. A
 * program run as a command is run again with the normal path, whose error
 * shows it; elsewhere (a test runner) the error says how to get it.
 */
function explainResolutionError(e: Error): void {
  const element = (e as any)[ELEMENT] as string | undefined;
  const command = rerunCommand();
  if (command) {
    process.stderr.write('cdktf-golden-paths: a token failed to resolve in fast synth, which records no creation stacks: synthesizing again with the normal path to show where it was created\n');
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, [FAST_SYNTH_ENV]: 'off' } });
    process.exit(result.status ?? 1);
  }
  e.message += `\n${element ? `In element ${element}. ` : ''}Fast synth records no creation stacks: run the program again with ${FAST_SYNTH_ENV}=off to see where the token was created.`;
}

/** How to run this program again, when it runs as a command (not in a test runner, not already a rerun). */
function rerunCommand(): string[] | undefined {
  if (require.main === undefined || process.env.JEST_WORKER_ID || process.env[FAST_SYNTH_ENV]) return undefined;
  try {
    // The command line as started (ts-node and the like rewrite process.argv).
    const args = fs.readFileSync('/proc/self/cmdline', 'utf8').split('\0').filter((a) => a.length > 0);
    if (args.length > 0) return [process.execPath, ...args.slice(1)];
  } catch {
    // not Linux
  }
  return [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
}
