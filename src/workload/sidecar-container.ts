import type { PropProblem } from '../private/errors';
import { envNameProblem } from '../private/kubernetes-names';
import { cpuProblem, memoryProblem } from '../private/quantity';
import { dnsLabelProblem, integerProblem, probePathProblem, problems } from '../private/validation';

/** HTTP health endpoints of a sidecar, probed by the kubelet. */
export interface SidecarHealthCheck {
  /** The port the health endpoints listen on (distinct from every other port of the pod). */
  readonly port: number;
  /** HTTP path of the liveness probe. */
  readonly livenessPath: string;
  /** HTTP path of the readiness probe. */
  readonly readinessPath: string;
  /**
   * HTTP path of a startup probe: until it answers, the container (and so the
   * pod) is not ready and the liveness probe waits. It is probed every second
   * for up to a minute.
   * @default - no startup probe
   */
  readonly startupPath?: string;
}

/**
 * A helper container that runs next to a service in every pod, such as the
 * Cloud SQL Auth Proxy. It gets the same hardening as the service container:
 * non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, seccomp `RuntimeDefault`, requests = limits.
 *
 * @example
 * workload.addSidecar({
 *   name: 'cloud-sql-proxy',
 *   image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0',
 *   args: ['--private-ip', '--auto-iam-authn', '--structured-logs', '--port=5432', connectionName],
 *   cpu: '100m',
 *   memory: '128Mi',
 * });
 */
export interface SidecarContainer {
  /** The container name: a DNS-1123 label, distinct from the service's and other sidecars'. */
  readonly name: string;
  /** The full image reference, pinned to a version or digest. */
  readonly image: string;
  /**
   * Arguments to the image's entrypoint.
   * @default - the image's default arguments
   */
  readonly args?: string[];
  /**
   * A port the sidecar listens on inside the pod (not exposed by the Service).
   * @default - no port is declared
   */
  readonly port?: number;
  /** CPU request and limit (requests = limits), as a Kubernetes quantity such as "100m". */
  readonly cpu: string;
  /** Memory request and limit (requests = limits), as a Kubernetes quantity such as "128Mi". */
  readonly memory: string;
  /**
   * The non-zero user id the sidecar runs as.
   * @default - the pod's user (65532, the distroless "nonroot" user)
   */
  readonly runAsUser?: number;
  /**
   * Plain environment variables of the sidecar. Never put credentials here.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Health endpoints the kubelet probes for liveness and readiness.
   * @default - no probes (the guardrails warn about long-running containers without them)
   */
  readonly healthCheck?: SidecarHealthCheck;
  /**
   * A command that returns once the sidecar serves, such as the Cloud SQL
   * Auth Proxy's `/cloud-sql-proxy wait` (it fails when the sidecar does not
   * serve in time). The kubelet runs it in the sidecar right after starting
   * it (its `lifecycle.postStart` exec hook) and starts a pod's containers in
   * order, the next one only once the hook has returned; so a sidecar with a
   * wait command runs before the service container, and the service starts
   * only once the sidecar serves. The command is run directly, not through a
   * shell. When it fails, the kubelet kills the sidecar, starts the next
   * containers all the same and restarts the sidecar.
   * @default - none: the sidecar runs after the service container, which may start before the sidecar serves
   */
  readonly waitCommand?: string[];
}

/** What is wrong with a sidecar definition; `prefix` names where it came from (`addSidecar.`). */
export function sidecarProblems(prefix: string, sidecar: SidecarContainer): PropProblem[] {
  return problems(
    dnsLabelProblem(`${prefix}name`, sidecar.name),
    typeof sidecar.image === 'string' && sidecar.image.trim().length > 0 && !/\s/.test(sidecar.image)
      ? undefined
      : { prop: `${prefix}image`, value: sidecar.image, problem: 'is not an image reference', fix: 'give the full image reference with a pinned tag, e.g. "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0"' },
    sidecar.port === undefined ? undefined : integerProblem(`${prefix}port`, sidecar.port, 1, 65535, 'use a port between 1 and 65535 that no other container of the pod uses'),
    cpuProblem(`${prefix}cpu`, sidecar.cpu),
    memoryProblem(`${prefix}memory`, sidecar.memory),
    sidecar.runAsUser === undefined ? undefined : integerProblem(`${prefix}runAsUser`, sidecar.runAsUser, 1, 2 ** 31 - 1, 'run as a non-root user id such as 65532; 0 is root'),
    ...Object.keys(sidecar.env ?? {}).map((name) => envNameProblem(`${prefix}env`, name)),
    waitCommandProblem(`${prefix}waitCommand`, sidecar.waitCommand),
    ...(sidecar.healthCheck === undefined ? [] : [
      integerProblem(`${prefix}healthCheck.port`, sidecar.healthCheck.port, 1, 65535, 'use a free port of the pod, e.g. 9090'),
      ...(['livenessPath', 'readinessPath', 'startupPath'] as const).map((key) => {
        const path = sidecar.healthCheck![key];
        return key === 'startupPath' && path === undefined ? undefined : probePathProblem(`${prefix}healthCheck.${key}`, path!);
      }),
    ]),
  );
}

/** A wait command is a program and its arguments: at least one word, each a non-empty string. */
function waitCommandProblem(prop: string, command: string[] | undefined): PropProblem | undefined {
  if (command === undefined) return undefined;
  return Array.isArray(command) && command.length > 0 && command.every((word) => typeof word === 'string' && word.length > 0)
    ? undefined
    : { prop, value: command, problem: 'is not a command: a program and its arguments, each a non-empty string', fix: 'give the program and its arguments, e.g. ["/cloud-sql-proxy", "wait", "--http-port=9432"], or leave waitCommand out' };
}
