import { TerraformStack, type TerraformResource } from './cdk';

/**
 * Makes `resource` depend on those of `on` in its own stack (depends_on cannot
 * cross stacks), written as literal Terraform addresses
 * (`kubernetes_namespace_v1.<name>`): the same `depends_on` as passing the
 * resources in the `dependsOn` prop, without the two tokens (and the two
 * captured stack traces) cdktf makes for each entry.
 */
export function dependOn<T extends TerraformResource>(resource: T, ...on: TerraformResource[]): T {
  const stack = TerraformStack.of(resource);
  const local = on.filter((e) => TerraformStack.of(e) === stack);
  if (local.length === 0) return resource;
  resource.dependsOn = [...(resource.dependsOn ?? []), ...local.map((e) => `${e.terraformResourceType}.${e.friendlyUniqueId}`)];
  return resource;
}
