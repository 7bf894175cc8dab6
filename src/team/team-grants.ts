import { Construct } from 'constructs';
import { DATABASE_ADMIN_PASSWORD_VERSIONS, secretManagerApplyRole } from './secret-manager-apply-role';
import type { TeamIdentities } from './team-identities';
import { clusterOnlyCondition, clustersOnlyCondition, GkeEndpoint } from '../platform/environment';
import type { OnboardedProjects } from '../platform/onboarded-team';
import { Platform } from '../platform/platform';
import type { TerraformResource } from '../private/cdk';
import { ArtifactRegistryRepositoryIamMember, ProjectIamMember, type ArtifactRegistryRepository } from '../private/providers/google';

/**
 * What each identity of a team may do in Google Cloud: the least the team's
 * stacks need, derived from the resource types the library puts in them (the
 * privilege test checks every synthesized type against this table).
 *
 * The platform's project is shared by the teams (the shared-project mode):
 * project-wide roles reach every team's resources of that kind there, which
 * is why granting roles on it is confined with `iam.googleapis.com/modifiedGrantsByRole`
 * (a team can grant its workloads and deployers only the roles the golden path
 * gives them, never a role on itself). See docs/tenancy.md for the project per
 * team and environment this table is the first step to.
 */
/**
 * The roles that reach a private cluster through the fleet's Connect gateway, on the cluster's (fleet host)
 * project, besides RBAC in the cluster: `roles/gkehub.viewer` to find the cluster's membership and get its
 * gateway credentials, and `roles/gkehub.gatewayEditor` to read and write through the gateway (an apply, a
 * rollout); "Set up the Connect gateway", "Grant IAM roles to users"
 * (https://cloud.google.com/kubernetes-engine/enterprise/multicluster-management/gateway/setup).
 */
const GATEWAY_ROLES = ['roles/gkehub.gatewayEditor', 'roles/gkehub.viewer'] as const;
/** The same for an identity that only reads (a plan): `roles/gkehub.gatewayReader` allows get, list and watch. */
const GATEWAY_READ_ROLES = ['roles/gkehub.gatewayReader', 'roles/gkehub.viewer'] as const;

export const TEAM_APPLY_ROLES = {
  /** The team stack (`<team>`): deployer service accounts and their Workload Identity bindings. */
  team: ['roles/iam.serviceAccountAdmin'],
  /**
   * An environment stack (`<team>-<env>`): databases, workload service accounts, the services' secrets' rotation
   * topics, and the services' SLOs, alert policies and the team's notification channel (`roles/monitoring.editor`:
   * "Provides full access to Cloud Monitoring", services, SLOs, alert policies and notification channels among it, on
   * the environment's project alone). Its secrets through a custom role that reads no value
   * (`secretManagerApplyRole`), not `roles/secretmanager.admin`, which does.
   */
  environment: ['roles/cloudsql.admin', 'roles/redis.admin', 'roles/iam.serviceAccountAdmin', 'roles/pubsub.admin', 'roles/monitoring.editor'],
  /** What the team stack may grant on the platform's and the clusters' projects (its deployers' cluster access). */
  teamGrantable: ['roles/container.clusterViewer', ...GATEWAY_ROLES],
  /** Reaching a private cluster through the fleet's Connect gateway (patching needs the editor). */
  gateway: GATEWAY_ROLES,
  /** The plan identity's way through the Connect gateway: read-only. */
  gatewayPlan: GATEWAY_READ_ROLES,
  /** What an environment stack may grant on the platform's project (its workloads' database access). */
  environmentGrantable: ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'],
  /** The plan identity reads configuration, never data: it plans, it does not apply. */
  plan: ['roles/viewer'],
  /**
   * Reading an environment's cluster and signing in to it: `container.clusters.get` (the
   * `google_container_cluster` data source, get-gke-credentials) and `container.clusters.connect`, which
   * the DNS-based endpoint checks besides RBAC (the role also holds `container.clusters.list` and
   * `resourcemanager.projects.get`/`list`; IAM, "Google Kubernetes Engine roles and permissions").
   */
  cluster: 'roles/container.clusterViewer',
  /**
   * Reading the foundation's Workload Identity provider, which the team stack checks before it grants its
   * principals (on the platform's project; "Manage workload identity pools and providers").
   */
  foundation: 'roles/iam.workloadIdentityPoolViewer',
  /** The team stack sets its deployers' push access on the team's own registry. */
  registry: 'roles/artifactregistry.admin',
} as const;

/** One Google Cloud grant of a team identity. */
export interface TeamGrant {
  /** The identity's email. */
  readonly serviceAccountEmail: string;
  /**
   * The role: a predefined role's name, or the name of a custom role the onboarding makes beside the binding
   * (`google_project_iam_custom_role`, a reference until it is applied: an environment's Secret Manager role).
   */
  readonly role: string;
  /** Where: `projects/<id>`, or the registry's name. */
  readonly resource: string;
  /**
   * The condition, when the grant is confined.
   * @default - none: the grant holds on the whole resource
   */
  readonly condition?: string;
  /** The binding (`google_project_iam_member`, or `google_artifact_registry_repository_iam_member` on the team's registry). */
  readonly binding: TerraformResource;
}

/** The IAM condition that lets a project IAM admin grant exactly `roles`. */
export function grantableRolesCondition(roles: readonly string[]): string {
  return `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${roles.map((r) => `'${r}'`).join(', ')}])`;
}

/** Makes the grants of a team's identities, in `scope` (the onboarding, in its platform-owned stack). */
export function teamGrants(
  scope: Construct, team: string, identities: TeamIdentities, registry: ArtifactRegistryRepository, projects?: OnboardedProjects,
  projectNumbers?: { [environment: string]: string },
): TeamGrant[] {
  const platform = Platform.of(scope);
  const grants: TeamGrant[] = [];
  const grantsScope = new Construct(scope, 'grants');
  type Condition = { title: string; description?: string; expression: string };
  const project = (email: string, key: string, role: string, projectId: string, condition?: Condition) => {
    const binding = new ProjectIamMember(grantsScope, key, {
      project: projectId,
      role,
      member: `serviceAccount:${email}`,
      condition: condition ? { title: condition.title, description: condition.description, expression: condition.expression } : undefined,
    });
    grants.push({ serviceAccountEmail: email, role, resource: `projects/${projectId}`, condition: condition?.expression, binding });
  };
  const short = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-').toLowerCase();
  const clusterProjects = [...new Set(platform.environments.map((e) => platform.deployTarget(e.name).project))];

  // With projects of its own, each identity holds roles on the team's projects alone; otherwise on the shared one.
  const teamProject = projects?.team ?? platform.gcpProject;
  const environmentProject = (env: string) => projects?.environments[env] ?? platform.gcpProject;
  const readable = projects ? [projects.team, ...Object.values(projects.environments)] : [platform.gcpProject];

  const plan = identities.planServiceAccountEmail;
  for (const p of readable) {
    for (const role of TEAM_APPLY_ROLES.plan) project(plan, projects ? `plan-${short(role)}-${p}` : `plan-${short(role)}`, role, p);
  }
  // The plan signs in to every environment's cluster, and to those alone: roles/viewer on a readable project may not
  // carry container.clusters.connect, which the DNS-based endpoint checks, and clusterViewer does.
  for (const p of clusterProjects) {
    const targets = platform.environments.map((e) => ({ environment: e.name, target: platform.deployTarget(e.name) }))
      .filter((t) => t.target.project === p);
    project(plan, `plan-cluster-${p}`, TEAM_APPLY_ROLES.cluster, p, clustersOnlyCondition(targets));
  }
  // A plan refreshes the environment stacks' Kubernetes objects: through the Connect gateway where an environment uses it.
  const gatewayProjects = [...new Set(platform.environments
    .filter((e) => e.gkeEndpoint === GkeEndpoint.CONNECT_GATEWAY)
    .map((e) => platform.deployTarget(e.name).project))];
  for (const p of gatewayProjects) {
    for (const role of TEAM_APPLY_ROLES.gatewayPlan) project(plan, `plan-${short(role)}-${p}`, role, p);
  }
  // The team stack's plan reads the foundation's Workload Identity provider (and so does its apply, below).
  project(plan, 'plan-foundation', TEAM_APPLY_ROLES.foundation, platform.gcpProject);

  for (const gate of identities.applyIdentities) {
    const email = gate.serviceAccountEmail;
    const key = (what: string) => `${gate.stack}-${what}`;
    const env = platform.environments.find((e) => gate.stack === `${team}-${e.name}`);
    if (env === undefined) {
      // The team stack's deployer accounts: in the team project, and with projects of its own, each environment's
      // deployer in that environment's project.
      for (const p of projects ? [projects.team, ...Object.values(projects.environments)] : [teamProject]) {
        for (const role of TEAM_APPLY_ROLES.team) project(email, projects ? key(`${short(role)}-${p}`) : key(short(role)), role, p);
      }
      // In a shared project the deployers' cluster access is the team stack's to grant (on the clusters' projects, and
      // the platform's); with projects of its own, the platform grants it below, and the team sets no IAM there.
      for (const p of projects ? [] : new Set([platform.gcpProject, ...clusterProjects])) {
        project(email, key(`grant-${p}`), 'roles/resourcemanager.projectIamAdmin', p, {
          title: 'deployer cluster access only',
          expression: grantableRolesCondition(TEAM_APPLY_ROLES.teamGrantable),
        });
      }
      project(email, key('foundation'), TEAM_APPLY_ROLES.foundation, platform.gcpProject);
      const binding = new ArtifactRegistryRepositoryIamMember(grantsScope, key('registry'), {
        project: registry.project,
        location: registry.location,
        repository: registry.name,
        role: TEAM_APPLY_ROLES.registry,
        member: `serviceAccount:${email}`,
      });
      grants.push({ serviceAccountEmail: email, role: TEAM_APPLY_ROLES.registry, resource: `registry ${registry.repositoryId}`, binding });
      continue;
    }
    for (const role of TEAM_APPLY_ROLES.environment) project(email, key(short(role)), role, environmentProject(env.name));
    // Secrets and who may read them, never a value: a custom role in the project, made here, beside its one grant.
    const secrets = secretManagerApplyRole(grantsScope, key('secrets-role'), { team, environment: env.name, project: environmentProject(env.name) });
    project(email, key('secrets'), secrets.name, environmentProject(env.name));
    // A database grant Job's admin password, which the stack writes (write-only) and never reads back.
    project(email, key('database-password-versions'), DATABASE_ADMIN_PASSWORD_VERSIONS.role, environmentProject(env.name), DATABASE_ADMIN_PASSWORD_VERSIONS);
    project(email, key('grant'), 'roles/resourcemanager.projectIamAdmin', environmentProject(env.name), {
      title: 'workload database access only',
      expression: grantableRolesCondition(TEAM_APPLY_ROLES.environmentGrantable),
    });
    // Its own environment's cluster, no other cluster of that project.
    const target = platform.deployTarget(env.name);
    project(email, key('cluster'), TEAM_APPLY_ROLES.cluster, target.project, clusterOnlyCondition(target, env.name));
    // The environment stack's Kubernetes provider reaches a Connect gateway cluster through the gateway.
    if (env.gkeEndpoint === GkeEndpoint.CONNECT_GATEWAY) {
      for (const role of TEAM_APPLY_ROLES.gateway) project(email, key(short(role)), role, platform.deployTarget(env.name).project);
    }
    if (projects && projectNumbers) {
      // Every account of the environment's project may read that environment's cluster (and, through the Connect
      // gateway, reach it): so may the deployers the team keeps there, with RBAC in the team's namespace alone.
      // IAM principal identifiers: "All service accounts in a project" (cloud.google.com/iam/docs/principal-identifiers).
      const accounts = `principalSet://cloudresourcemanager.googleapis.com/projects/${projectNumbers[env.name]}/type/ServiceAccount`;
      for (const role of [TEAM_APPLY_ROLES.cluster, ...(env.gkeEndpoint === GkeEndpoint.CONNECT_GATEWAY ? TEAM_APPLY_ROLES.gateway : [])]) {
        // Reading a cluster is confined to the environment's own; the gateway's roles are on fleet memberships, not clusters.
        const condition = role === TEAM_APPLY_ROLES.cluster ? clusterOnlyCondition(target, env.name) : undefined;
        const binding = new ProjectIamMember(grantsScope, `${env.name}-deployers-${short(role)}`, { project: target.project, role, member: accounts, condition });
        grants.push({ serviceAccountEmail: accounts, role, resource: `projects/${target.project}`, condition: condition?.expression, binding });
      }
    }
  }
  return grants;
}
