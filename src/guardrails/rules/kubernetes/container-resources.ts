import { containersOf, isWorkload } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { blank, block, map } from '../../values';

/** Every container (and init container) of a workload sets cpu and memory requests and limits. */
export function containerResources(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const resources = block(c.config.resources) ?? {};
    for (const [kind, noun] of [['requests', 'request'], ['limits', 'limit']]) {
      const set = map(resources[kind]);
      const missing = ['cpu', 'memory'].filter((r) => blank(set[r]));
      if (missing.length > 0) problems.push(`${c.label} has no ${missing.join(' or ')} ${noun}`);
    }
  }
  return judge(problems);
}
