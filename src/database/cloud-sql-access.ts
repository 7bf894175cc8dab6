import type { Construct } from 'constructs';
import { DEFAULT_TOOL_IMAGES } from '../platform/tool-images';
import type { TerraformResource } from '../private/cdk';
import { dependOn } from '../private/dependencies';
import { ProjectIamMember, type GoogleProvider } from '../private/providers/google';

/**
 * What the Cloud SQL constructs share: the Auth Proxy's image and size, and
 * roles limited to one instance.
 */

/** The Cloud SQL Auth Proxy image the platform's settings default to (pinned; `PlatformProps.toolImages.cloudSqlProxy` names another). */
export const CLOUD_SQL_PROXY_IMAGE = DEFAULT_TOOL_IMAGES.cloudSqlProxy;

/** CPU of the Cloud SQL Auth Proxy sidecar (request = limit). */
export const CLOUD_SQL_PROXY_CPU = '100m';

/** Memory of the Cloud SQL Auth Proxy sidecar (request = limit). */
export const CLOUD_SQL_PROXY_MEMORY = '128Mi';

/**
 * How long the Auth Proxy keeps open connections after SIGTERM while the
 * service drains: longer than the scaffold's shutdown timeout (10 s), shorter
 * than the pod's termination grace period (30 s), after which SIGKILL comes.
 */
export const CLOUD_SQL_PROXY_MAX_SIGTERM_DELAY_SECONDS = 25;

/**
 * How long the Auth Proxy's `wait` command (its postStart hook, which holds
 * back the service container) waits for the proxy's `/startup` endpoint: as
 * long as the proxy's startup probe gives it, a minute (the command's own
 * default is 30 s). After that the hook fails: the kubelet kills the proxy,
 * starts the service all the same and restarts the proxy.
 */
export const CLOUD_SQL_PROXY_WAIT_SECONDS = 60;

/** The Auth Proxy's binary in its image (the image's entrypoint, in a distroless image without a shell). */
export const CLOUD_SQL_PROXY_BINARY = '/cloud-sql-proxy';


/** A Cloud SQL instance, as IAM conditions name it. */
export interface CloudSqlInstanceRef {
  /** The Google provider of the instance's environment, when it names one. */
  readonly provider?: GoogleProvider;
  /** The instance's project. */
  readonly project: string;
  /** The instance name. */
  readonly instanceName: string;
}

/**
 * A project role for `member`, limited by an IAM condition to one Cloud SQL
 * instance (Cloud SQL roles take no resource-level binding).
 */
export function instanceRole(
  scope: Construct, id: string, instance: CloudSqlInstanceRef, role: string, member: string, dependsOn: TerraformResource[],
): ProjectIamMember {
  return dependOn(new ProjectIamMember(scope, id, {
    provider: instance.provider,
    project: instance.project,
    role,
    member,
    condition: {
      title: `only ${instance.instanceName}`,
      description: `Limits the role to Cloud SQL instance ${instance.instanceName}`,
      expression: `resource.name == "projects/${instance.project}/instances/${instance.instanceName}" && resource.service == "sqladmin.googleapis.com"`,
    },
  }), ...dependsOn);
}
