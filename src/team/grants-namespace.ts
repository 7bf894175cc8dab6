import { Construct } from 'constructs';
import type { ITeamEnvironment } from './team-interfaces';
import { grantsNamespaceName } from './team-names';
import type { PlatformEnvironment } from '../platform/environment';
import { MANAGED_BY, RESTRICTED_POD_SECURITY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { NamespaceV1, NetworkPolicyV1, ResourceQuotaV1, RoleBindingV1 } from '../private/providers/kubernetes';

/**
 * How many database grant Jobs of one team may run at once in an
 * environment, and what each pod takes at most: the init container that
 * reads the admin password (200m, 256Mi) runs before the client and the Auth
 * Proxy (100m + 100m, 128Mi + 128Mi), so a pod holds 200m and 256Mi. More
 * Jobs than that wait for a place (the Job controller retries the pod).
 */
export const GRANT_JOBS_AT_ONCE = 10;
const GRANT_POD_CPU_MILLICORES = 200;
const GRANT_POD_MEMORY_MIB = 256;

/** Properties of a {@link GrantsNamespace}. */
export interface GrantsNamespaceProps {
  /** The team whose database grant Jobs run there. */
  readonly team: ITeamEnvironment;
  /** The platform environment of the namespace. */
  readonly environment: PlatformEnvironment;
}

/**
 * The namespace of a team's database grant Jobs in one environment,
 * `<team>-grants-<env>`: the Jobs log in as each database's admin, and their
 * Kubernetes service accounts act, through Workload Identity, as Google
 * service accounts that may read the admin's password. So they run apart
 * from the team's workloads: a pod may use any service account of its own
 * namespace, and whoever may create or change a workload in the team's
 * namespace (its CI deployers, which patch their Deployment; the team's
 * people outside production) could otherwise run one as a grant Job's
 * account and read the password.
 *
 * - `namespaceResource`: labelled with team and environment, Pod Security
 *   Admission `restricted`;
 * - `roleBinding`: the team's group may only read (ClusterRole `view`), to
 *   follow a Job and its logs; nobody else is bound here (the platform's
 *   onboarding gives the team's Terraform identities what they need);
 * - `resourceQuota`: room for 10 grant pods at once (200m and 256Mi each),
 *   and nothing more;
 * - `denyIngressPolicy`: nothing connects to the Jobs.
 *
 * A TeamNamespace makes it, as its child `grants`: always when the platform
 * onboards the team, otherwise when the team's first Cloud SQL database gets
 * a grant Job in that environment.
 */
export class GrantsNamespace extends Construct {
  /** The namespace name, `<team>-grants-<env>`. */
  public readonly name: string;
  /** The namespace (`kubernetes_namespace_v1`). */
  public readonly namespaceResource: NamespaceV1;
  /** The resource quota (`grants-quota`): the grant Jobs' pods at once, and nothing more. */
  public readonly resourceQuota: ResourceQuotaV1;
  /** The team's group may read the Jobs and their logs (`team-view`, ClusterRole `view`). */
  public readonly roleBinding: RoleBindingV1;
  /** The network policy that denies all ingress to the namespace's pods (`deny-ingress`). */
  public readonly denyIngressPolicy: NetworkPolicyV1;

  public constructor(scope: Construct, id: string, props: GrantsNamespaceProps) {
    super(scope, id);
    const { team, environment } = props;
    this.name = grantsNamespaceName(team.name, environment.name);
    const provider = environment.kubernetesProvider;
    const labels = {
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': team.name,
      'golden-paths.dev/environment': environment.name,
      'app.kubernetes.io/component': 'database-grants',
    };
    this.namespaceResource = new NamespaceV1(this, 'namespace', {
      provider,
      metadata: {
        name: this.name,
        labels: {
          ...labels,
          ...RESTRICTED_POD_SECURITY,
        },
      },
    });
    const inNamespace = (name: string) => ({ provider, metadata: { name, namespace: this.name, labels } });
    const cpu = `${GRANT_JOBS_AT_ONCE * GRANT_POD_CPU_MILLICORES}m`;
    const memory = `${GRANT_JOBS_AT_ONCE * GRANT_POD_MEMORY_MIB}Mi`;
    this.resourceQuota = new ResourceQuotaV1(this, 'quota', {
      ...inNamespace('grants-quota'),
      spec: {
        hard: {
          'requests.cpu': cpu,
          'limits.cpu': cpu,
          'requests.memory': memory,
          'limits.memory': memory,
          'pods': `${GRANT_JOBS_AT_ONCE}`,
        },
      },
    });
    const subject = team.groupSubject;
    this.roleBinding = new RoleBindingV1(this, 'role-binding', {
      ...inNamespace('team-view'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subject: [{ apiGroup: subject.apiGroup, kind: subject.kind, name: subject.name }],
    });
    this.denyIngressPolicy = new NetworkPolicyV1(this, 'deny-ingress', {
      ...inNamespace('deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    for (const r of [this.resourceQuota, this.roleBinding, this.denyIngressPolicy]) dependOn(r, this.namespaceResource);
  }
}
