/**
 * Parallel synth of a platform: `golden-paths synth --jobs N` runs the app in
 * N worker processes (the "parts"), each building and synthesizing a share of
 * the teams declared with `TeamEnvironment.define`, then once more (the
 * "rest") for every other stack, and merges the outputs into one directory
 * identical to a synth in one process.
 *
 * The library, not user code, chooses which teams a process builds: a team
 * declared with a definition is numbered in declaration order (per app), and
 * part `i` of `n` builds the teams whose number is `i` modulo `n`. The others
 * are not constructed at all; in their place stands an empty construct with
 * the id of the team's stack, so the tree keeps its order.
 *
 * - A part synthesizes only the stacks of the teams it built (the stacks made
 *   while their definition ran, or owned by them); with fast synth it builds
 *   them at synth, a batch at a time, dropping each batch (see
 *   {@link SYNTH_BATCH_ENV}). It hands back, a batch at a time as it builds
 *   them, for each team the real-world names it claimed and what the concerns
 *   above carry of it ({@link PartCarrier}: the catalog carries what it reads
 *   of the team), then its part file (`PART_FILE`).
 * - The rest, started with the parts, builds no defined team; it takes in each
 *   team as soon as its part hands it back, in declaration order, checks the
 *   names claimed across parts as one process would, and hands the team's
 *   carried records back under its stand-in (so the app-wide catalog, and the
 *   catalog file of the foundation, list every team in the order of one
 *   process). Once every part is done, it synthesizes everything else.
 * - An app without defined teams is synthesized whole by part 0; the other
 *   parts synthesize nothing.
 *
 * Teams made with `new TeamEnvironment` are built in every process and
 * synthesized by the rest. The manifest lists stacks by name (cdktf writes it
 * with sorted keys), so merging is a union of the parts' manifests.
 *
 * This module is what happens inside one process; what the processes agree
 * on (the variables that give a process its role, the part file, merging the
 * outputs) is in `synth-parts.ts`.
 */
import * as fs from 'fs';
import { Construct, type IConstruct } from 'constructs';
import { App, TerraformStack } from './cdk';
import { inputError, nameTakenError, stackTakenError, type PropProblem } from './errors';
import { clearTokensSince, fastSynthEnabled, setStillBuilding, tokenMapMark } from './fast-synth';
import {
  type Claim, DEFAULT_BATCH, partWriter, PartsReader, type PartTeam, processStats, SYNTH_BATCH_ENV, SYNTH_PARTS_ENV, SYNTH_STATS_ENV,
  type SynthRole, synthRole,
} from './synth-parts';

/**
 * What a concern above this module hands from the parts to the rest, by key
 * (the catalog installs one: what it reads of each team, and whether a part
 * wrote the app-wide catalog). Records are plain JSON data. This module knows
 * nothing of the concern but its key: a helper room does not call up.
 */
export interface PartCarrier {
  /** Where its records go in the part file; one carrier per key and app. */
  readonly key: string;
  /** In a part: what it carries of a team the part built. */
  teamRecord(team: IConstruct): unknown;
  /** In a part, after its synth: what it carries of the part as a whole. */
  partRecord(app: App): unknown;
  /** In the rest, before its synth: puts a team's record back under the team's stand-in. */
  restoreTeam(standIn: Construct, record: unknown): void;
  /** In the rest, after its synth: with the part records of every part. */
  finishRest(app: App, partRecords: readonly unknown[]): void;
}

interface Definition {
  readonly index: number;
  /** The id of the team's stack (and of its stand-in elsewhere). */
  readonly stackId: string;
  /** The declared team's construct path. */
  readonly owner: string;
  readonly build: () => IConstruct;
  team?: IConstruct;
  readonly stacks: TerraformStack[];
}

interface AppState {
  readonly role: SynthRole;
  readonly definitions: Definition[];
  /** The definition being built, whose new stacks are its own. */
  building?: Definition;
  readonly owners: Map<TerraformStack, string>;
  readonly claims: Map<string, Claim>;
  readonly claimOrder: Claim[];
  /** The stand-ins of the teams this process does not build, by id (the team's stack id), with their declaration numbers. */
  readonly standIns: Map<string, number>;
  /** Whether this part builds its teams in batches at synth, rather than where they are declared. */
  deferred: boolean;
  /** The teams built, synthesized and dropped already, by stack id. */
  readonly released: Set<string>;
  /** What else lets go of a dropped batch (the Platform's stacks, the app's NameRegistry). */
  readonly releaseHooks: Array<(released: (c: IConstruct) => boolean) => void>;
  /** Detached stacks named like the stacks of teams built elsewhere, for dependencies on them. */
  readonly elsewhere: Map<string, TerraformStack>;
  /** What the concerns above carry from the parts to the rest, in the order they were installed. */
  readonly carriers: PartCarrier[];
}

const STATES = new WeakMap<IConstruct, AppState>();
const STAND_IN = Symbol.for('cdktf-golden-paths.ParallelSynth.standIn');

function stateOf(scope: IConstruct): AppState {
  const root = scope.node.root;
  let state = STATES.get(root);
  if (!state) {
    state = {
      role: synthRole(),
      definitions: [],
      owners: new Map(),
      claims: new Map(),
      claimOrder: [],
      standIns: new Map(),
      elsewhere: new Map(),
      deferred: false,
      released: new Set(),
      releaseHooks: [],
      carriers: [],
    };
    STATES.set(root, state);
    if (state.role.kind !== 'whole' && App.isApp(root)) hookSynth(root, state);
  }
  return state;
}

/** Starts tracking the app of `scope` for a parallel synth (the Platform calls it when created at App scope). */
export function trackApp(scope: IConstruct): void {
  stateOf(scope);
}

/** Installs `carrier` for the app of `scope`; a second carrier with the same key is ignored. */
export function carryAcrossParts(scope: IConstruct, carrier: PartCarrier): void {
  const state = stateOf(scope);
  if (!state.carriers.some((c) => c.key === carrier.key)) state.carriers.push(carrier);
}

/**
 * Declares a team the library builds: at once in a synth of the whole app,
 * in the one part whose share it is, and nowhere else (a stand-in with the id
 * `standInId` under the App keeps its place). Returns the team when this
 * process built it. A stack id declared twice fails here, as it is declared,
 * so that every process (and a synth of the whole app) fails the same way,
 * whichever of them builds the two teams.
 */
export function defineTeam<T extends IConstruct>(scope: IConstruct, standInId: string, owner: string, build: () => T): T | undefined {
  const state = stateOf(scope);
  const earlier = state.definitions.find((d) => d.stackId === standInId);
  if (earlier) throw stackTakenError(owner, standInId, earlier.owner);
  const definition: Definition = { index: state.definitions.length, stackId: standInId, owner, build, stacks: [] };
  state.definitions.push(definition);
  if (!builds(state.role, definition.index)) {
    const standIn = new Construct(scope.node.root as Construct, standInId);
    Object.defineProperty(standIn, STAND_IN, { value: definition.index });
    state.standIns.set(standInId, definition.index);
    return undefined;
  }
  if (state.role.kind === 'part' && batchSize() > 0 && fastSynthEnabled(scope.node.root as App)) {
    // Built at synth, a batch at a time (see synthPart).
    state.deferred = true;
    return undefined;
  }
  return buildDefinition(state, definition) as T;
}

function batchSize(): number {
  const value = process.env[SYNTH_BATCH_ENV];
  return value === undefined || value === '' ? DEFAULT_BATCH : Math.max(0, Math.floor(Number(value)) || 0);
}

/** Runs `hook` on each batch of teams a part drops, with a test of whether a construct was in it. */
export function onRelease(scope: IConstruct, hook: (released: (c: IConstruct) => boolean) => void): void {
  stateOf(scope).releaseHooks.push(hook);
}

function builds(role: SynthRole, index: number): boolean {
  if (role.kind === 'whole') return true;
  if (role.kind === 'rest') return false;
  return index % role.count === role.index;
}

function buildDefinition(state: AppState, definition: Definition): IConstruct {
  const outer = state.building;
  state.building = definition;
  try {
    definition.team = definition.build();
    return definition.team;
  } finally {
    state.building = outer;
  }
}

/**
 * The stack `id` of a team declared with a definition that another process
 * builds, as something a stack here can depend on: the manifest names it by
 * path, the same as the real one's. Undefined when there is no such team.
 */
export function stackBuiltElsewhere(scope: IConstruct, id: string): TerraformStack | undefined {
  const state = stateOf(scope);
  const index = state.standIns.get(id);
  // Only a team declared before the one being built: in one process, a later one does not exist yet.
  const before = index !== undefined && (state.building === undefined || index < state.building.index);
  if (!before && !state.released.has(id)) return undefined;
  let stack = state.elsewhere.get(id);
  if (!stack) {
    // Outside the app's tree (never synthesized), directly under a root like the App, so with the same path.
    stack = new TerraformStack(new Construct(undefined as any, ''), id);
    state.elsewhere.set(id, stack);
  }
  return stack;
}

/** Records the stack a Platform made for `owner` (a construct path). */
export function noteStack(stack: TerraformStack, owner: string): void {
  const state = stateOf(stack);
  state.owners.set(stack, owner);
  state.building?.stacks.push(stack);
}

/** Records a real-world name claimed by `owner` (after the app's NameRegistry accepted it), for the rest to check across parts. */
export function noteClaim(owner: IConstruct, id: string, problem: PropProblem): void {
  const state = stateOf(owner);
  if (state.role.kind === 'whole' || state.claims.has(id)) return;
  const claim = { id, owner: owner.node.path, problem };
  state.claims.set(id, claim);
  state.claimOrder.push(claim);
}

/** Whether `stack` belongs to the defined team `d` (made while it was built, or owned by a construct in it). */
function ownedBy(state: AppState, stack: TerraformStack, d: Definition): boolean {
  if (d.stacks.includes(stack)) return true;
  const owner = state.owners.get(stack);
  return owner !== undefined && d.team !== undefined && within(owner, d.team);
}

/**
 * Whether a team declared with a definition is being built now (`scope`'s
 * app runs a define body), and, of `value`, whether it is in the team of
 * another such definition: what a body can reach only in one process, since
 * a worker of a parallel synth builds no other team's body.
 */
export function crossDefinition(scope: IConstruct, value: IConstruct): { readonly building: boolean; readonly other: boolean } {
  const state = STATES.get(scope.node.root);
  const building = state?.building;
  if (!state || !building) return { building: false, other: false };
  const valuePath = value.node.path;
  return { building: true, other: state.definitions.some((d) => d !== building && d.team !== undefined && within(valuePath, d.team)) };
}

function within(constructPath: string, team: IConstruct): boolean {
  const p = team.node.path;
  return constructPath === p || constructPath.startsWith(`${p}/`);
}

function hookSynth(app: App, state: AppState): void {
  const synth = app.synth;
  const started = Date.now();
  app.synth = function parallelSynth(this: App) {
    const role = state.role;
    if (role.kind === 'part') {
      synthPart(this, state, role, () => synth.call(this), started);
    } else if (role.kind === 'rest') {
      synthRest(this, state, role, () => synth.call(this));
      const stats = process.env[SYNTH_STATS_ENV];
      if (stats) fs.writeFileSync(stats, JSON.stringify(processStats('rest', started)));
    } else {
      synth.call(this);
    }
  };
}

function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter(TerraformStack.isStack);
}

function removeStacks(app: App, keep: (s: TerraformStack) => boolean): void {
  for (const stack of stacksOf(app)) if (!keep(stack)) app.node.tryRemoveChild(stack.node.id);
}

function synthPart(app: App, state: AppState, role: Extract<SynthRole, { kind: 'part' }>, synth: () => void, started: number): void {
  const whole = state.definitions.length === 0;
  const writer = partWriter(app.outdir);
  if (whole) {
    if (role.index === 0) synth();
    else removeStacks(app, () => false);
  } else if (state.deferred) {
    synthInBatches(app, state, state.definitions.filter((d) => builds(role, d.index)), synth, writer.teams);
  } else {
    const defined = state.definitions.filter((d) => d.team !== undefined);
    writer.teams(defined.map((d) => partTeam(state, d)));
    removeStacks(app, (s) => defined.some((d) => ownedBy(state, s, d)));
    synth();
  }
  const carried = Object.fromEntries(state.carriers.map((c) => [c.key, c.partRecord(app)]));
  writer.finish({ whole: whole && role.index === 0, declared: state.definitions.length, carried, stats: processStats(`part ${role.index + 1}/${role.count}`, started) });
}

function partTeam(state: AppState, d: Definition): PartTeam {
  const carried = Object.fromEntries(state.carriers.map((c) => [c.key, c.teamRecord(d.team!)]));
  return { index: d.index, claims: state.claimOrder.filter((c) => within(c.owner, d.team!)), carried };
}

/**
 * Builds the part's teams a batch at a time, hands the batch back (`handBack`:
 * the rest takes it in while this part goes on), synthesizes the batch's stacks
 * (cdktf's manifest collects them all), then drops them: out of the tree, out
 * of what the library keeps (see {@link onRelease}), and their tokens out of
 * cdktf's token map, so that a part's memory is that of one batch.
 */
function synthInBatches(app: App, state: AppState, own: Definition[], synth: () => void, handBack: (teams: PartTeam[]) => void): void {
  // The rest synthesizes every other stack.
  removeStacks(app, () => false);
  const size = batchSize();
  for (let i = 0; i < own.length; i += size) {
    const batch = own.slice(i, i + size);
    const mark = tokenMapMark();
    setStillBuilding(app, i + size < own.length);
    for (const d of batch) buildDefinition(state, d);
    handBack(batch.map((d) => partTeam(state, d)));
    removeStacks(app, (s) => batch.some((d) => ownedBy(state, s, d)));
    synth();
    release(app, state, batch);
    clearTokensSince(mark);
  }
}

function release(app: App, state: AppState, batch: readonly Definition[]): void {
  const stacks = new Set(stacksOf(app));
  for (const s of stacks) {
    app.node.tryRemoveChild(s.node.id);
    state.owners.delete(s);
  }
  for (const d of batch) {
    state.released.add(d.stackId);
    d.team = undefined;
    d.stacks.length = 0;
  }
  const released = (c: IConstruct) => c.node.scopes.some((s) => stacks.has(s as TerraformStack));
  for (const hook of state.releaseHooks) hook(released);
}

function synthRest(app: App, state: AppState, role: { parts: readonly string[] }, synth: () => void): void {
  // Without a defined team, the first part synthesizes the whole app.
  if (state.definitions.length === 0) return;
  const reader = new PartsReader(role.parts);
  const standIns = new Map<number, Construct>();
  for (const c of app.node.children) {
    const index = (c as any)[STAND_IN] as number | undefined;
    if (index !== undefined) standIns.set(index, c as Construct);
  }
  // Each team as soon as its part hands it back, in declaration order.
  let failure: unknown;
  for (let index = 0; index < state.definitions.length; index++) {
    const team = reader.team(index);
    try {
      if (!team) throw inputError(SYNTH_PARTS_ENV, `invalid parts: no part built team ${index} of ${state.definitions.length}`, 'run the parts with the same app and the same number of parts');
      checkClaims(state, team.claims);
    } catch (e) {
      failure = e;
      break;
    }
    for (const carrier of state.carriers) carrier.restoreTeam(standIns.get(index)!, team.carried[carrier.key]);
  }
  // The first failure once every part is done, as when the rest took in the parts only then: an error of a part comes first.
  const parts = reader.finish();
  if (failure !== undefined) throw failure;
  synth();
  for (const carrier of state.carriers) carrier.finishRest(app, parts.map((p) => p.carried[carrier.key]));
}

function checkClaims(state: AppState, claims: readonly Claim[]): void {
  for (const claim of claims) {
    const first = state.claims.get(claim.id);
    if (first !== undefined && first.owner !== claim.owner) throw nameTakenError(claim.owner, claim.problem, first.owner);
    state.claims.set(claim.id, claim);
  }
}

