/*
 * What the commands read of a service's Deployment in the synth output, where
 * Terraform JSON may hold a block as an object or as a list of one.
 */

/** A block as Terraform JSON holds it: the object, or the first of a list. */
function first(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The service container of a synthesized Deployment: the container named
 * after the Deployment, which is not always the first (sidecars that must
 * serve before the service starts, such as the Cloud SQL Auth Proxy, come
 * before it).
 */
export function serviceContainer(deployment: any): any {
  const name = first(deployment?.metadata)?.name;
  const containers = first(first(first(deployment?.spec)?.template)?.spec)?.container;
  return Array.isArray(containers) ? containers.find((c) => c?.name === name) : undefined;
}
