/**
 * What Terraform reads for a stack, found the way Terraform and cdktf find
 * it, so that `cdktf-guardrails` judges every file that reaches a plan:
 *
 * - Terraform reads every `.tf` and `.tf.json` file of the folder it runs in
 *   as one configuration, except names starting with "." (and editor files
 *   ending in "~" or wrapped in "#"), and merges the override files
 *   (`override.tf.json`, `*_override.tf.json`, and their `.tf` forms) over
 *   the others (https://developer.hashicorp.com/terraform/language/files,
 *   https://developer.hashicorp.com/terraform/language/files/override).
 *   OpenTofu also reads `.tofu` and `.tofu.json`, and prefers
 *   `<name>.tofu.json` to `<name>.tf.json`.
 * - cdktf deploys each stack of `manifest.json` from its `workingDirectory`,
 *   which cdktf writes as `stacks/<stack>`.
 *
 * The other JSON files are judged with the stack's `cdk.tf.json`; what the
 * command cannot judge as Terraform reads it (native syntax, override files,
 * OpenTofu files, a stack the manifest places elsewhere) is refused.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The stack's configuration file as cdktf writes it. */
export const CONFIG_FILE = 'cdk.tf.json';
const MANIFEST_FILE = 'manifest.json';

/** One stack to judge: its configuration and the other files Terraform reads with it. */
export interface StackFiles {
  /** `cdk.tf.json`, or the file given on the command line. */
  readonly file: string;
  /** The other JSON configuration files of its folder, which Terraform reads with it. */
  readonly otherFiles: readonly string[];
}

/** A problem of the input: the command exits 2, listing every one. */
export class InputProblems extends Error {
  public constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

type Kind = 'json' | 'native' | 'override' | 'opentofu';

/** How Terraform (or OpenTofu) reads a file of a module's folder; undefined when neither reads it. */
export function terraformFileKind(name: string): Kind | undefined {
  if (name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'))) return undefined;
  if (name.endsWith('.tofu') || name.endsWith('.tofu.json')) return 'opentofu';
  const base = /^(.*)\.tf(\.json)?$/.exec(name);
  if (base === null) return undefined;
  if (base[1] === 'override' || base[1].endsWith('_override')) return 'override';
  return base[2] === undefined ? 'native' : 'json';
}

const WHY: Readonly<Record<Exclude<Kind, 'json'>, string>> = {
  native: 'Terraform reads it with the stack\'s configuration, and the guardrails judge JSON configuration only',
  override: 'Terraform merges this override file over the stack\'s configuration (https://developer.hashicorp.com/terraform/language/files/override), so what it changes is never judged',
  opentofu: 'OpenTofu reads it with the stack\'s configuration (and instead of the .tf.json file of the same name), and the guardrails judge Terraform\'s files only',
};

function isFile(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).isFile();
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/**
 * The files Terraform reads in `folder` besides `main`, as the stack to judge;
 * a file the command cannot judge is a problem, with the fix.
 */
function folderStack(folder: string, main: string | undefined, problems: string[]): StackFiles {
  const otherFiles: string[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if ((main !== undefined && path.resolve(file) === path.resolve(main)) || !isFile(file)) continue;
    const kind = terraformFileKind(name);
    if (kind === undefined) continue;
    if (kind === 'json') otherFiles.push(file);
    else problems.push(`${file}: ${WHY[kind]}. Fix: remove it, and make the change in the app instead (an escape hatch such as addOverride), then synthesize again`);
  }
  return { file: main ?? folder, otherFiles };
}

/** The stack of a folder: its cdk.tf.json (or else its first JSON configuration file), with the rest; undefined when Terraform reads no JSON there. */
function stackOfFolder(folder: string, problems: string[]): StackFiles | undefined {
  const own = path.join(folder, CONFIG_FILE);
  if (isFile(own)) return folderStack(folder, own, problems);
  const first = fs.readdirSync(folder).sort().find((n) => terraformFileKind(n) === 'json' && isFile(path.join(folder, n)));
  if (first !== undefined) return folderStack(folder, path.join(folder, first), problems);
  folderStack(folder, undefined, problems);
  return undefined;
}

/**
 * The stacks of a cdktf output folder: every stack `manifest.json` lists
 * (cdktf deploys each from its working directory, which must be
 * `stacks/<folder>` of this output) and every folder of `stacks/`, listed or not.
 */
function outputStacks(outdir: string, problems: string[]): StackFiles[] {
  const stacksDir = path.resolve(outdir, 'stacks');
  const folders = new Set<string>();
  const manifestFile = path.join(outdir, MANIFEST_FILE);
  if (isFile(manifestFile)) {
    let manifest: any;
    try {
      manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    } catch (e) {
      throw new InputProblems([`${manifestFile}: not valid JSON (${(e as Error).message}). Fix: synthesize again`]);
    }
    const stacks = manifest?.stacks;
    if (stacks === null || typeof stacks !== 'object' || Array.isArray(stacks)) {
      throw new InputProblems([`${manifestFile}: lists no "stacks" object, as cdktf writes it. Fix: synthesize again`]);
    }
    for (const [name, stack] of Object.entries<any>(stacks)) {
      const workingDirectory = stack?.workingDirectory;
      const synthesized = stack?.synthesizedStackPath;
      const folder = typeof workingDirectory === 'string' ? path.resolve(outdir, workingDirectory) : undefined;
      if (folder === undefined || path.dirname(folder) !== stacksDir || typeof synthesized !== 'string' || path.resolve(outdir, synthesized) !== path.join(folder, CONFIG_FILE)) {
        problems.push(`${manifestFile}: stack ${JSON.stringify(name)} is deployed from ${JSON.stringify(workingDirectory)} with ${JSON.stringify(synthesized)}, not from stacks/<folder>/${CONFIG_FILE} of this output, so cdktf would deploy a configuration the guardrails do not judge. Fix: synthesize again (cdktf writes every stack to stacks/<stack>/${CONFIG_FILE})`);
        continue;
      }
      if (!isFile(path.join(folder, CONFIG_FILE))) {
        problems.push(`${manifestFile}: stack ${JSON.stringify(name)} has no ${synthesized}. Fix: synthesize again`);
        continue;
      }
      folders.add(folder);
    }
  }
  if (isDirectory(stacksDir)) {
    for (const name of fs.readdirSync(stacksDir)) {
      const folder = path.join(stacksDir, name);
      if (isDirectory(folder)) folders.add(folder);
    }
  }
  return [...folders].sort().flatMap((folder) => {
    const stack = stackOfFolder(path.join(outdir, path.relative(path.resolve(outdir), folder)), problems);
    return stack ? [stack] : [];
  });
}

/**
 * The stacks a path stands for: a configuration file (with the other files
 * Terraform reads in its folder, when it is a `.tf.json` file), a stack folder,
 * or a cdktf output folder. Problems are added to `problems`; a path that
 * holds no configuration at all throws.
 */
export function stacksAt(input: string, problems: string[]): StackFiles[] {
  if (!fs.existsSync(input)) throw new InputProblems([`${input}: no such file or directory`]);
  const stat = fs.statSync(input);
  if (stat.isFile()) {
    return input.endsWith('.tf.json') ? [folderStack(path.dirname(input), input, problems)] : [{ file: input, otherFiles: [] }];
  }
  if (!stat.isDirectory()) throw new InputProblems([`${input}: not a file or directory`]);
  const own = path.join(input, CONFIG_FILE);
  if (fs.existsSync(own)) {
    if (!isFile(own)) throw new InputProblems([`${own}: is a directory, not a ${CONFIG_FILE} file`]);
    return [folderStack(input, own, problems)];
  }
  const found = outputStacks(input, problems);
  if (found.length === 0 && problems.length === 0) {
    throw new InputProblems([`${input}: holds no ${CONFIG_FILE} (nor stacks/*/${CONFIG_FILE}); run cdktf synth first`]);
  }
  return found;
}
