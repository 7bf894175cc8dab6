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
