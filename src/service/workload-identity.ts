import type { Construct } from 'constructs';
import type { PlatformEnvironment } from '../platform/environment';
import { MANAGED_BY } from '../private/constants';
import { NameKind } from '../private/name-registry';
import { boundedName } from '../private/naming';
import { ServiceAccount, ServiceAccountIamMember } from '../private/providers/google';
import { ServiceAccountV1 } from '../private/providers/kubernetes';
import type { TeamEnvironment } from '../team/team-environment';

/** What the identity of a ServiceWorkload is made from. */
export interface WorkloadIdentityProps {
  /** The service name (the Kubernetes service account's). */
  readonly serviceName: string;
  /** The team that owns the service. */
  readonly team: TeamEnvironment;
  /** The platform environment the workload runs in. */
  readonly environment: PlatformEnvironment;
  /** The project of the Google service account (the team's project of the environment). */
  readonly project: string;
  /** The project whose Workload Identity pool the cluster uses. */
  readonly workloadIdentityProject: string;
  /** The metadata of the workload's Kubernetes objects (name, namespace, labels). */
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
}

/** The identity of a ServiceWorkload. */
export interface WorkloadIdentity {
  /** The account id of the Google service account. */
  readonly googleServiceAccountId: string;
  /** Its email. */
  readonly googleServiceAccountEmail: string;
  /** The Google service account (`google-service-account`). */
  readonly googleServiceAccount: ServiceAccount;
  /** The Kubernetes service account's `roles/iam.workloadIdentityUser` on it (`workload-identity`). */
  readonly workloadIdentity: ServiceAccountIamMember;
  /** The Kubernetes service account the pods run as (`service-account`). */
  readonly serviceAccount: ServiceAccountV1;
}

/**
 * Makes the identity of a workload, as its children: one Google service
 * account per service and environment (its email claimed in the platform, so
 * that no two workloads share one), bound through GKE Workload Identity to the
 * Kubernetes service account its pods run as.
 */
export function workloadIdentity(workload: Construct, props: WorkloadIdentityProps): WorkloadIdentity {
  const { serviceName, environment: env, project } = props;
  const namespaceName = props.metadata.namespace;
  const accountId = googleServiceAccountId(serviceName, env.name);
  const email = `${accountId}@${project}.iam.gserviceaccount.com`;
  props.team.platform._claimName(workload, NameKind.GOOGLE_SERVICE_ACCOUNT, email, {
    prop: 'serviceName', value: serviceName, problem: `would make the service account "${accountId}" in "${project}" that another workload already has`, fix: 'give every service a distinct name',
  });
  const googleServiceAccount = new ServiceAccount(workload, 'google-service-account', {
    provider: env.googleProvider,
    project,
    accountId,
    displayName: `${serviceName} (${env.name})`,
    description: `Workload identity of ${serviceName} in ${namespaceName}, managed by ${MANAGED_BY}`,
  });
  const binding = new ServiceAccountIamMember(workload, 'workload-identity', {
    provider: env.googleProvider,
    serviceAccountId: googleServiceAccount.name,
    role: 'roles/iam.workloadIdentityUser',
    member: `serviceAccount:${props.workloadIdentityProject}.svc.id.goog[${namespaceName}/${serviceName}]`,
  });
  const serviceAccount = new ServiceAccountV1(workload, 'service-account', {
    provider: env.kubernetesProvider,
    metadata: { ...props.metadata, annotations: { 'iam.gke.io/gcp-service-account': email } },
  });
  return { googleServiceAccountId: accountId, googleServiceAccountEmail: email, googleServiceAccount, workloadIdentity: binding, serviceAccount };
}

/**
 * The account id of a service's Google service account in one environment:
 * `<service>-<env>`, kept within the 6 to 30 characters Google allows.
 */
export function googleServiceAccountId(serviceName: string, environment: string): string {
  const id = boundedName([serviceName, environment], 30);
  return id.length >= 6 ? id : boundedName([serviceName, 'svc', environment], 30);
}
