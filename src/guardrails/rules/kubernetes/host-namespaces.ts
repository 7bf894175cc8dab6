import { isWorkload, podSpecOf } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, unresolved } from '../../values';

/**
 * The pod spec attributes that share a node's namespaces with the pod
 * (kubernetes_deployment_v1 and the other workloads' `spec.template.spec`:
 * https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/deployment_v1#host_network,
 * #host_pid, #host_ipc).
 */
const HOST_NAMESPACES = ['host_network', 'host_pid', 'host_ipc'];

/** No pod shares the node's network, process or IPC namespace (the Pod Security Standard "baseline" forbids it). */
export function hostNamespaces(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const spec = podSpecOf(e) ?? {};
  const problems: string[] = [];
  for (const attr of HOST_NAMESPACES) {
    const value = spec[attr];
    if (isExpression(value)) problems.push(unresolved(attr, value));
    else if (bool(value) === true) problems.push(`${attr} is true`);
  }
  return judge(problems);
}
