import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, ExitCode, type Io, paint, parseCommand, progress } from './cli';
import { run as runGuardrails } from './guardrails-command';
import { findCdktfProject, synthProject } from './synth';
import { findRepository, readJson, synthOutput } from './team-repository';
import { CATALOG_JSON_FILE } from '../catalog/catalog';
import type { CatalogEntity } from '../catalog/entity';
import { catalogNameProblem } from '../catalog/validation';
import { REPORT_KEY_ENV } from '../guardrails/report';

export const CHECK = {
  name: 'check',
  usage: `Usage: golden-paths check [--sarif <file>] [--no-synth]

Synthesizes the team or platform repository (as cdktf synth does; a platform repository with a
process per core), runs the guardrails over every stack
(the same engine as cdktf-guardrails; in a team repository, its platform.json's guardrail settings
are the floor), validates the Backstage catalog, prints the findings and
a one-screen summary: stacks, resources by type, findings.

Options:
  --sarif <file>  also write the guardrail findings as SARIF 2.1.0 (for GitHub code scanning)
  --no-synth      judge the existing cdktf.out instead of synthesizing
  -h, --help      show this help

Exit status: 0 without errors, 1 with guardrail or catalog errors (or guardrail findings that
failed the synth), 2 on a usage or input error.`,
  options: {
    'sarif': { type: 'string' },
    'no-synth': { type: 'boolean' },
  },
  positionals: [0, 0],
} as const;

/** Why the catalog is not a valid Backstage catalog: names, and every relation resolving to an entity of it. */
export function catalogProblems(entities: readonly CatalogEntity[]): string[] {
  const refs = new Set(entities.map((e) => `${e.kind.toLowerCase()}:${e.metadata.name}`));
  const found: string[] = [];
  const expect = (entity: CatalogEntity, field: string, ref: string) => {
    if (!refs.has(ref)) found.push(`${entity.kind} ${entity.metadata.name}: spec.${field} "${ref}" names no entity of the catalog`);
  };
  for (const e of entities) {
    const name = catalogNameProblem(`${e.kind} metadata.name`, e.metadata.name);
    if (name) found.push(`${e.kind} ${e.metadata.name}: ${name.problem}`);
    const spec = e.spec ?? {};
    if (typeof spec.owner === 'string') expect(e, 'owner', spec.owner);
    if (typeof spec.system === 'string') expect(e, 'system', `system:${spec.system}`);
    for (const api of spec.providesApis ?? []) expect(e, 'providesApis', `api:${api}`);
    for (const dep of spec.dependsOn ?? []) expect(e, 'dependsOn', dep);
    for (const group of spec.memberOf ?? []) expect(e, 'memberOf', `group:${group}`);
  }
  return found;
}

/**
 * The synth output to judge and whose it is: a team repository's (its team,
 * and the platform settings it holds), or, outside one, the cdktf project's
 * here (a platform repository: its folder), synthesized with a process per
 * core unless `noSynth`.
 */
async function checkedOutput(io: Io, noSynth: boolean, env: NodeJS.ProcessEnv): Promise<{ name: string; outdir: string; platformFile?: string }> {
  const project = findCdktfProject(io.cwd);
  if (project.teamRepository) {
    const repo = findRepository(io.cwd);
    return { name: repo.team, outdir: await synthOutput(repo, io, noSynth, 'check', env), platformFile: repo.platformFile };
  }
  if (!noSynth) await synthProject(project, io, { jobs: os.availableParallelism(), fastSynth: true, env });
  if (!fs.existsSync(path.join(project.outdir, 'manifest.json'))) {
    throw new CliError(`${project.outdir}: no synth output. Fix: run golden-paths check without --no-synth.`);
  }
  return { name: path.basename(project.root), outdir: project.outdir };
}

/** `golden-paths check`. */
export async function check(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(CHECK, argv);
  const noSynth = values['no-synth'] === true;
  // The synth signs its guardrail reports with this run's key (the job's, when set), so that the reports apply here and nowhere else.
  const key = process.env[REPORT_KEY_ENV] || (noSynth ? undefined : randomBytes(32).toString('hex'));
  const env: NodeJS.ProcessEnv = key === undefined ? {} : { [REPORT_KEY_ENV]: key };
  const { name, outdir, platformFile } = await checkedOutput(io, noSynth, env);

  progress(io, 'guardrails');
  const guardrailLines: string[] = [];
  const guardrailArgs = [
    ...(typeof values.sarif === 'string' ? ['--sarif', path.resolve(io.cwd, values.sarif)] : []),
    // A team repository is judged with the platform's guardrail settings as the floor, whatever its own code configured.
    ...(platformFile === undefined ? [] : ['--platform', platformFile]),
    outdir,
  ];
  const guardrails = runGuardrails(guardrailArgs, (line) => guardrailLines.push(line), io.err, { ...process.env, ...env });
  if (guardrails === ExitCode.USAGE) return ExitCode.USAGE;
  for (const line of guardrailLines.slice(0, -1)) {
    if (/^\s+(ERROR|WARNING)/.test(line)) io.out(line.replace(/(ERROR|WARNING)/, (l) => paint(io, l === 'ERROR' ? 'red' : 'yellow', l)));
    else if (/^\s/.test(line)) io.out(line);
  }

  progress(io, 'catalog');
  const catalogFile = path.join(outdir, CATALOG_JSON_FILE);
  const entities = fs.existsSync(catalogFile) ? JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as CatalogEntity[] : [];
  const catalog = catalogProblems(entities);
  for (const p of catalog) io.out(`  ${paint(io, 'red', 'ERROR')}   catalog: ${p}`);

  const manifest = readJson(path.join(outdir, 'manifest.json'));
  const stacks = Object.keys(manifest.stacks ?? {});
  const byType = new Map<string, number>();
  const perStack: string[] = [];
  for (const stack of stacks) {
    const config = readJson(path.join(outdir, manifest.stacks[stack].synthesizedStackPath));
    let count = 0;
    for (const [type, resources] of Object.entries<Record<string, unknown>>(config.resource ?? {})) {
      const n = Object.keys(resources).length;
      byType.set(type, (byType.get(type) ?? 0) + n);
      count += n;
    }
    perStack.push(`${stack} (${count})`);
  }
  const summary = guardrailLines[guardrailLines.length - 1] ?? '';
  io.out('');
  io.out(paint(io, 'bold', `Summary of ${name}`));
  io.out(`  stacks:    ${perStack.join(', ')}`);
  io.out(`  resources: ${[...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  io.out(`  catalog:   ${entities.length} entities, ${catalog.length} problems`);
  io.out(`  findings:  ${summary.replace(/^[^:]+: /, '')}`);
  const failed = guardrails !== 0 || catalog.length > 0;
  io.out(failed ? paint(io, 'red', 'check failed') : paint(io, 'green', 'check passed'));
  return failed ? ExitCode.FINDINGS : ExitCode.OK;
}
