import { isWorkload, podSpecOf } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { block, list, literal } from '../../values';

/**
 * No pod mounts a directory of the node: a `volume` with a `host_path`
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/deployment_v1#host_path)
 * reads or writes the node's files, a step from the pod to the node.
 */
export function noHostPath(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems = list(podSpecOf(e)?.volume).flatMap((v, i) => {
    const hostPath = block(v?.host_path);
    if (hostPath === undefined || hostPath === null) return [];
    return [`volume ${JSON.stringify(literal(v.name) ?? `#${i + 1}`)} mounts the node's path ${JSON.stringify(hostPath.path ?? null)}`];
  });
  return judge(problems);
}
