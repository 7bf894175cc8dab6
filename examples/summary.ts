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
    const report = join(outdir, 'stacks', name, 'guardrails-report.json');
    if (existsSync(report)) {
      const { summary } = JSON.parse(readFileSync(report, 'utf8'));
      console.log(`  guardrails: ${summary.rules} rules over ${summary.elements} elements, ${summary.errors} errors, ${summary.warnings} warnings, ${summary.suppressed} suppressed`);
      console.log(`  reports in ${relative(process.cwd(), report)} and guardrails-report.sarif`);
    }
  }
  const catalog = join(outdir, 'catalog-info.yaml');
  if (existsSync(catalog)) {
    const kinds = [...readFileSync(catalog, 'utf8').matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    const counts = [...new Set(kinds)].map((k) => `${kinds.filter((x) => x === k).length} ${k}`).join(', ');
    console.log(`catalog: ${kinds.length} Backstage entities (${counts}) in ${relative(process.cwd(), catalog)}`);
  }
  const settings = join(outdir, 'platform.json');
  if (existsSync(settings)) {
    console.log(`platform.json: the settings and shared names team repositories build their Platform from, in ${relative(process.cwd(), settings)}`);
  }
}
