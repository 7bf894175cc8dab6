import { NONROOT_UID } from '../private/constants';
import type { DeploymentV1SpecTemplateSpecContainerSecurityContext } from '../private/providers/kubernetes';

/*
 * The hardening every pod and container the library runs shares: the
 * service's workloads (service/) and the database's grant Job (database/).
 */

/** The pod security context of every pod the library runs: non-root, seccomp `RuntimeDefault`. */
export const POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: String(NONROOT_UID),
  runAsGroup: String(NONROOT_UID),
  fsGroup: String(NONROOT_UID),
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** The container security context every container gets (Pod Security "restricted"). */
export function hardened(runAsUser?: number): DeploymentV1SpecTemplateSpecContainerSecurityContext {
  return {
    runAsNonRoot: true,
    ...(runAsUser === undefined ? {} : { runAsUser: String(runAsUser) }),
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
