import { containersOf, isWorkload, securityContexts } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, unresolved } from '../../values';

/** Every container mounts its root filesystem read-only. */
export function readOnlyRootFilesystem(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const value = securityContexts(e, c).container.read_only_root_filesystem;
    if (isExpression(value)) problems.push(`${c.label}: ${unresolved('read_only_root_filesystem', value)}`);
    else if (bool(value) !== true) problems.push(`${c.label} has a writable root filesystem`);
  }
  return judge(problems);
}
