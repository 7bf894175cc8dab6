import { containersOf, isLongRunning } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { list } from '../../values';

/** Every container of a long-running workload has a readiness and a liveness probe. */
export function probes(e: TerraformElement): RuleOutcome {
  if (!isLongRunning(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e, false)) {
    const missing = [['readiness_probe', 'readiness'], ['liveness_probe', 'liveness']]
      .filter(([attr]) => list(c.config[attr]).length === 0)
      .map(([, noun]) => noun);
    if (missing.length > 0) problems.push(`${c.label} has no ${missing.join(' or ')} probe`);
  }
  return judge(problems);
}
