import { containersOf, isWorkload, securityContexts } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, num, unresolved } from '../../values';

/** Every container runs as a non-root user: run_as_non_root is true and run_as_user is not 0. */
export function runAsNonRoot(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const { container, pod } = securityContexts(e, c);
    const nonRootValue = container.run_as_non_root ?? pod.run_as_non_root;
    const userValue = container.run_as_user ?? pod.run_as_user;
    const unknown = [['run_as_non_root', nonRootValue], ['run_as_user', userValue]].filter(([, v]) => isExpression(v));
    if (unknown.length > 0) {
      problems.push(...unknown.map(([attr, v]) => `${c.label}: ${unresolved(attr, v)}`));
      continue;
    }
    const nonRoot = bool(nonRootValue);
    const user = num(userValue);
    if (user === 0) {
      problems.push(`${c.label} runs as user 0 (root)`);
    } else if (nonRoot === false) {
      problems.push(`${c.label} sets run_as_non_root to false`);
    } else if (nonRoot === undefined) {
      problems.push(`${c.label} does not set run_as_non_root (in its own or the pod's security context)`);
    }
  }
  return judge(problems);
}
