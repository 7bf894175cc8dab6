import type { IConstruct } from 'constructs';
import { TerraformStack } from './cdk';

/**
 * Whether two constructs land in the same stack. A reference between stacks
 * would make cdktf read another stack's state (terraform_remote_state), which
 * the library never does: across stacks it uses names known at synth time.
 */
export function sameStack(a: IConstruct, b: IConstruct): boolean {
  return TerraformStack.of(a) === TerraformStack.of(b);
}
