import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What the end-to-end tests (`*.e2e.ts`, `npx projen test:e2e`) share: a
 * temporary folder, commands run as a user runs them and recorded in a
 * transcript, the package as npm publishes it, and its install.
 *
 * The install: by default, offline and fast, node_modules holds the packaged
 * tarball extracted (what `npm install <tarball>` unpacks) beside links to the
 * packages of this repository's node_modules (the same versions the new
 * repository's package.json asks for). With GOLDEN_PATHS_E2E_NPM_INSTALL=1 it
 * runs the real `npm install --prefer-offline` instead, from the registry and
 * the npm cache.
 *
 * Every command, its exit status and its time go to the transcript, printed
 * at the end and written to test-reports/<name>.txt. GOLDEN_PATHS_E2E_KEEP=1
 * keeps the temporary folder.
 */

export const ROOT = path.join(__dirname, '..', '..');
const STEP_TIMEOUT_MS = 300_000;
/** Whether the new repositories are installed with npm (GOLDEN_PATHS_E2E_NPM_INSTALL=1), not offline. */
export const REAL_INSTALL = process.env.GOLDEN_PATHS_E2E_NPM_INSTALL === '1';

/** One command of the transcript. */
export interface Step {
  readonly command: string;
  readonly status: number;
  readonly seconds: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One end-to-end run: its folder and its transcript. */
export class EndToEndRun {
  public readonly transcript: Step[] = [];
  /** The temporary folder everything happens in. */
  public readonly work: string;
  private packed?: string;

  constructor(prefix: string) {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** The package `npm pack` wrote (see {@link pack}). */
  public get tarball(): string {
    if (this.packed === undefined) throw new Error('the package is not packed yet: call pack() first');
    return this.packed;
  }

  /** Fails unless the library is compiled (lib/), which npm pack packs. */
  public expectCompiled(): void {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'bin', 'golden-paths.js'))) throw new Error('lib/ is not compiled: run npx projen compile first');
  }

  /** Runs `command args` in `cwd`, records it in the transcript and returns it. */
  public sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Step {
    const started = Date.now();
    const result = spawnSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
      timeout: STEP_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const step = {
      command: `${cwd === ROOT ? '<repository>' : path.relative(this.work, cwd) || '.'}$ ${[command, ...args].map((a) => this.shown(a)).join(' ')}`,
      status: result.status ?? -1,
      seconds: (Date.now() - started) / 1000,
      stdout: result.stdout ?? '',
      stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
    };
    this.transcript.push(step);
    return step;
  }

  /** The step, or an error with its output when it failed. */
  public ok(step: Step): Step {
    if (step.status !== 0) throw new Error(`${step.command} exited ${step.status}:\n${step.stdout}\n${step.stderr}`);
    return step;
  }

  /** A line in the transcript for what the test did itself (a check with a real tool, a file edited). */
  public note(command: string, seconds = 0): void {
    this.transcript.push({ command, status: 0, seconds, stdout: '', stderr: '' });
  }

  /** The package as npm publishes it, in the temporary folder. */
  public pack(): string {
    const pack = this.ok(this.sh(ROOT, 'npm', ['pack', '--pack-destination', this.work, '--json', '--ignore-scripts']));
    this.packed = path.join(this.work, JSON.parse(pack.stdout)[0].filename);
    return this.packed;
  }

  /** The node_modules of `dir`: `npm install` with GOLDEN_PATHS_E2E_NPM_INSTALL=1, else {@link offlineInstall}. */
  public install(dir: string): void {
    if (REAL_INSTALL) this.ok(this.sh(dir, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']));
    else this.offlineInstall(dir);
  }

  /** The node_modules of `dir` without a registry: the tarball unpacked, every other package linked from this repository's. */
  public offlineInstall(dir: string): void {
    const started = Date.now();
    const modules = path.join(dir, 'node_modules');
    fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
    const ours = path.join(ROOT, 'node_modules');
    for (const entry of fs.readdirSync(ours)) {
      if (entry === '.bin' || entry === 'cdktf-golden-paths' || entry.startsWith('.')) continue;
      fs.symlinkSync(path.join(ours, entry), path.join(modules, entry));
    }
    for (const bin of fs.readdirSync(path.join(ours, '.bin'))) {
      fs.symlinkSync(fs.readlinkSync(path.join(ours, '.bin', bin)), path.join(modules, '.bin', bin));
    }
    const library = path.join(modules, 'cdktf-golden-paths');
    fs.mkdirSync(library);
    execFileSync('tar', ['xzf', this.tarball, '-C', library, '--strip-components', '1']);
    const pkg = JSON.parse(fs.readFileSync(path.join(library, 'package.json'), 'utf8'));
    for (const [name, target] of Object.entries<string>(pkg.bin)) {
      fs.chmodSync(path.join(library, target), 0o755);
      fs.symlinkSync(path.join('..', 'cdktf-golden-paths', target), path.join(modules, '.bin', name));
    }
    this.note(`${path.relative(this.work, dir)}$ (offline install: ${path.basename(this.tarball)} unpacked, other packages linked)`, (Date.now() - started) / 1000);
  }

  /** A folder `tool` with the packaged library installed offline: its `golden-paths`, as `npx cdktf-golden-paths` would run it. */
  public tool(): string {
    const tool = path.join(this.work, 'tool');
    fs.mkdirSync(tool);
    this.offlineInstall(tool);
    return path.join(tool, 'node_modules', '.bin', 'golden-paths');
  }

  /** Prints the transcript, writes it to test-reports/<name>.txt and removes the folder (unless GOLDEN_PATHS_E2E_KEEP=1). */
  public finish(name: string, title: string): void {
    const lines = this.transcript.map((s) => `${s.command}\n  exit ${s.status}, ${s.seconds.toFixed(1)} s`);
    const total = this.transcript.reduce((t, s) => t + s.seconds, 0);
    const text = `${title} (${REAL_INSTALL ? 'npm install' : 'offline install'}), total ${total.toFixed(1)} s\n${lines.join('\n')}\n`;
    fs.mkdirSync(path.join(ROOT, 'test-reports'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-reports', `${name}.txt`), text);
    process.stdout.write(text);
    if (process.env.GOLDEN_PATHS_E2E_KEEP !== '1') fs.rmSync(this.work, { recursive: true, force: true });
  }

  /** An argument as the transcript shows it: the temp folder as $TMP, a bin of node_modules by its name. */
  private shown(arg: string): string {
    const short = arg.replace(/^.*\/node_modules\/\.bin\//, '').split(this.work).join('$TMP').split(ROOT).join('<repository>');
    return /\s/.test(short) ? JSON.stringify(short) : short;
  }
}
