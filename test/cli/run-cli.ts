import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/bin/golden-paths';
import type { Io } from '../../src/cli/cli';

/** What a golden-paths command line printed and returned. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `golden-paths <argv>` in `cwd`, in process, capturing its output (no colour). */
export async function gp(cwd: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), colour: false, cwd };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The example platform's platform.json, as a platform repository's synth publishes it: with its
 * state bucket, both GitHub Apps and the teams its TeamOnboarding onboarded (payments, search).
 */
export const EXAMPLE_PLATFORM = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');

/** Writes `dir/platform.json`: the example platform with `changes` on top (a key set to `undefined` is left out); returns the file. */
export function writePlatform(dir: string, changes: Record<string, unknown>): string {
  const file = path.join(dir, 'platform.json');
  fs.writeFileSync(file, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(EXAMPLE_PLATFORM, 'utf8')), ...changes }, null, 2)}\n`);
  return file;
}

/** `golden-paths init payments-infra` in `parent`, for the team payments on the example platform; returns the repository. */
export async function initTeam(parent: string): Promise<string> {
  const result = await gp(parent, 'init', 'payments-infra', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice,bob');
  expect(result).toMatchObject({ code: 0, err: '' });
  return path.join(parent, 'payments-infra');
}

/** What the platform's apply does when it creates the repository `name` for the team: lists it in the repository's platform.json. */
export function platformCreatesRepository(repo: string, name: string, team = 'payments'): void {
  const file = path.join(repo, 'platform.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings.teams[team].serviceRepositories = [...(settings.teams[team].serviceRepositories ?? []), name];
  fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}
