import { ElementKind, type TerraformElement } from '../../rule';

/** Whether an element is a Memorystore for Redis instance resource. */
export function isRedisInstance(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && e.elementType === 'google_redis_instance';
}
