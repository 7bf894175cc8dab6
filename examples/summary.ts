import { existsSync, readFileSync } from 'fs';
import { join, relative } from 'path';

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string }>;
}

/** Counts of resources by Terraform type in one synthesized stack. */
export function resourceCounts(stackJson: any): Array<[string, number]> {
  const counts = Object.entries<Record<string, unknown>>(stackJson.resource ?? {})
    .map(([type, byName]): [string, number] => [type, Object.keys(byName).length]);
  return counts.sort(([a], [b]) => a.localeCompare(b));
}

/** Prints what `cdktf synth` wrote: each stack, its resources by type, and where they are. */
export function printSummary(outdir: string): void {
  const manifest: Manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  for (const [name, stack] of Object.entries(manifest.stacks)) {
    const file = join(outdir, stack.synthesizedStackPath);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const counts = resourceCounts(json);
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    console.log(`stack ${name}: ${total} resources in ${relative(process.cwd(), file)}`);
    for (const [type, n] of counts) {
      console.log(`  ${String(n).padStart(5)}  ${type}`);
    }
    const extra = ['catalog-info.yaml', 'guardrails-report.json', 'guardrails-report.sarif']
      .map((f) => join(outdir, 'stacks', name, f)).filter(existsSync);
    for (const f of extra) console.log(`  also wrote ${relative(process.cwd(), f)}`);
  }
}
