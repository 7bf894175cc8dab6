import * as fs from 'fs';
import * as path from 'path';
import type { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import { propError } from '../private/errors';
import { isObject, nestingProblem } from '../private/json-shape';

/** One stack of a synth output: its Terraform JSON and the guardrails' report next to it. */
export interface SynthStack {
  readonly name: string;
  /** `cdk.tf.json`, parsed. */
  readonly config: Record<string, any>;
  /** `guardrails-report.json`, parsed, when the synth wrote one. */
  readonly guardrails?: Record<string, any>;
}

/** What the report takes of a catalog entity (`catalog-info.json`): its name and the texts it shows. */
export interface CatalogEntry {
  readonly kind: string;
  readonly name: string;
  readonly description?: string;
  /** `group:payments`. */
  readonly owner?: string;
  readonly system?: string;
  /** The `github.com/project-slug` annotation: `owner/repository`. */
  readonly projectSlug?: string;
}

/** What a synth output (`cdktf.out`) holds that the report reads. */
export interface SynthDir {
  readonly stacks: readonly SynthStack[];
  /** `platform.json`, when a platform repository's synth wrote it. */
  readonly platform?: Record<string, unknown>;
  /** The app's catalog (`catalog-info.json`), when the synth wrote one. */
  readonly catalog?: readonly CatalogEntry[];
}

/** Where a path came from: the command (`report`, `metrics`) and its option (`--synth`). */
interface Given {
  readonly command: string;
  readonly option: string;
}

/** The error of a path the user gave, an input error in the house format (`[<command>] invalid <option> <path>: <problem>. Fix: <fix>.`). */
function inputError(given: Given, value: string, problem: string, fix: string): GoldenPathsValidationError {
  return propError(given.command, { prop: given.option, value, problem, fix });
}

const SYNTH_FIX = 'pass a cdktf.out folder that golden-paths synth or cdktf synth wrote';

/**
 * Reads the synth output in `dir` (given to `command` as `option`):
 * `manifest.json`, every stack it lists and the guardrails' report next to
 * each, and `platform.json` when there is one.
 */
export function readSynthDir(dir: string, option: string, command = 'report'): SynthDir {
  const given: Given = { command, option };
  if (!fs.existsSync(dir)) throw inputError(given, dir, 'does not exist', `${SYNTH_FIX} (run golden-paths synth first)`);
  if (!fs.statSync(dir).isDirectory()) throw inputError(given, dir, 'is a file, not a synth output folder', SYNTH_FIX);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw inputError(given, dir, 'holds no manifest.json, so it is no synth output', SYNTH_FIX);
  const manifest = readJsonFile(manifestFile, given);
  const listed = manifest.stacks;
  if (!isObject(listed)) throw inputError(given, manifestFile, 'lists no "stacks" object, as cdktf writes it', 'synthesize again');
  const stacks: SynthStack[] = [];
  for (const [name, entry] of Object.entries(listed).sort(([a], [b]) => a.localeCompare(b))) {
    const relative = isObject(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : path.join('stacks', name, 'cdk.tf.json');
    const file = path.resolve(dir, relative);
    if (path.relative(path.resolve(dir), file).startsWith('..')) {
      throw inputError(given, manifestFile, `places the stack ${name} outside the synth output (${relative})`, 'synthesize again into an empty folder');
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw inputError(given, dir, `lists the stack ${name}, whose ${relative} is missing`, 'synthesize again into an empty folder');
    }
    const config = readJsonFile(file, given);
    const reportFile = path.join(path.dirname(file), 'guardrails-report.json');
    const guardrails = fs.existsSync(reportFile) && fs.statSync(reportFile).isFile() ? readJsonFile(reportFile, given) : undefined;
    stacks.push({ name, config, ...(guardrails ? { guardrails } : {}) });
  }
  const platformFile = path.join(dir, 'platform.json');
  const platform = fs.existsSync(platformFile) && fs.statSync(platformFile).isFile() ? readJsonFile(platformFile, given) : undefined;
  const catalogFile = path.join(dir, 'catalog-info.json');
  const catalog = fs.existsSync(catalogFile) && fs.statSync(catalogFile).isFile()
    ? catalogEntries(readJson(catalogFile, given), catalogFile, given)
    : undefined;
  return { stacks, ...(platform ? { platform } : {}), ...(catalog ? { catalog } : {}) };
}

/** The entities of `catalog-info.json` (a list of Backstage entities), as the report shows them. */
function catalogEntries(json: unknown, file: string, given: Given): CatalogEntry[] {
  if (!Array.isArray(json)) throw inputError(given, file, 'is not a list of catalog entities', 'synthesize again');
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return json.filter(isObject).flatMap((e) => {
    const metadata = isObject(e.metadata) ? e.metadata : {};
    const spec = isObject(e.spec) ? e.spec : {};
    const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
    const kind = text(e.kind);
    const name = text(metadata.name);
    if (kind === undefined || name === undefined) return [];
    const fields = {
      description: text(metadata.description),
      owner: text(spec.owner),
      system: text(spec.system),
      projectSlug: text(annotations['github.com/project-slug']),
    };
    return [{ kind, name, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) }];
  });
}

/** A JSON object from a file of the synth output, or an input error naming it. */
function readJsonFile(file: string, given: Given): Record<string, any> {
  const json = readJson(file, given);
  if (!isObject(json)) throw inputError(given, file, 'is not a JSON object', 'synthesize again');
  return json;
}

/** JSON from a file of the synth output, or an input error naming it. */
function readJson(file: string, given: Given): unknown {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw inputError(given, file, `is not JSON (${(e as Error).message})`, 'synthesize again');
  }
  const deep = nestingProblem(json);
  if (deep) throw inputError(given, file, 'is nested too deeply to read', 'synthesize again');
  return json;
}
