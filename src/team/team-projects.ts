import { Construct } from 'constructs';
import { deployTargetOf } from '../platform/environment';
import type { OnboardedProjects } from '../platform/onboarded-team';
import type { Platform } from '../platform/platform';
import { MANAGED_BY } from '../private/constants';
import { boundedName } from '../private/naming';
import { ComputeSharedVpcServiceProject, MonitoringMonitoredProject, Project, ProjectService } from '../private/providers/google';

/**
 * The Google APIs a team's own projects use: the team project keeps the
 * registry and the deployer accounts; an environment's project keeps the
 * databases (Cloud SQL, Memorystore, on the Shared VPC), their secrets and
 * the workload accounts. Never disabled on destroy.
 */
export const TEAM_PROJECT_APIS: readonly string[] = ['artifactregistry.googleapis.com', 'iam.googleapis.com', 'iamcredentials.googleapis.com', 'cloudresourcemanager.googleapis.com'];
export const ENVIRONMENT_PROJECT_APIS: readonly string[] = [
  'cloudresourcemanager.googleapis.com', 'compute.googleapis.com', 'iam.googleapis.com', 'iamcredentials.googleapis.com', 'redis.googleapis.com',
  'pubsub.googleapis.com', 'secretmanager.googleapis.com', 'servicenetworking.googleapis.com', 'sqladmin.googleapis.com', 'monitoring.googleapis.com',
];

/** A Google Cloud project id: 6 to 30 characters, within Google's rules once joined. */
function projectId(parts: string[]): string {
  return boundedName(parts, 30);
}

/** The ids of a team's projects, known at synth. */
export function teamProjectIds(platform: Platform, team: string): OnboardedProjects {
  const prefix = platform.teamProjects!.prefix;
  return {
    team: projectId([prefix, team]),
    environments: Object.fromEntries(platform.environments.map((e) => [e.name, projectId([prefix, team, e.name])])),
  };
}

/**
 * A team's own Google Cloud projects, the project-factory shape: the team
 * project and one project per environment, in the platform's folder (or
 * organization), billed to its billing account, without a default network,
 * protected from deletion, with the APIs the golden path uses; environment
 * projects are service projects of the Shared VPC that holds `network`, so
 * databases get private IPs on it. Project IAM then confines each of the
 * team's identities to the team's own projects.
 */
export class TeamProjects extends Construct {
  /** The projects' ids. */
  public readonly ids: OnboardedProjects;
  /** The team project. */
  public readonly teamProject: Project;
  /** Each environment's project, in the platform's order. */
  public readonly environmentProjects: Project[] = [];
  /** The APIs enabled in the projects. */
  public readonly services: ProjectService[] = [];
  /** Each environment project's attachment to the Shared VPC, when the platform names a network. */
  public readonly sharedVpcAttachments: ComputeSharedVpcServiceProject[] = [];
  /**
   * Each environment's cluster project in the metrics scope of the environment's project, where the services' SLOs
   * live: the managed collectors write to the cluster's project. The environment's project then reads every metric of
   * that project (Cloud Monitoring scopes whole projects).
   */
  public readonly metricsScopes: MonitoringMonitoredProject[] = [];

  public constructor(scope: Construct, id: string, platform: Platform, team: string) {
    super(scope, id);
    const settings = platform.teamProjects!;
    this.ids = teamProjectIds(platform, team);
    const parent = settings.parent.startsWith('folders/') ? { folderId: settings.parent } : { orgId: settings.parent.replace(/^organizations\//, '') };
    const make = (key: string, projectIdValue: string, name: string, labels: Record<string, string>, apis: readonly string[]) => {
      const project = new Project(this, key, {
        projectId: projectIdValue,
        name,
        ...parent,
        billingAccount: platform.billingAccount!,
        autoCreateNetwork: false,
        deletionPolicy: 'PREVENT',
        labels: { ...labels, 'team': team, 'managed-by': MANAGED_BY },
      });
      const services = apis.map((service) => new ProjectService(this, `${key}-api-${service.split('.')[0]}`, {
        project: project.projectId,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      }));
      this.services.push(...services);
      return { project, services };
    };
    this.teamProject = make('team', this.ids.team, this.ids.team, {}, TEAM_PROJECT_APIS).project;
    const host = platform.network === undefined ? undefined : /^projects\/([^/]+)\//.exec(platform.network)?.[1];
    for (const env of platform.environments) {
      const envProjectId = this.ids.environments[env.name];
      const { project, services } = make(env.name, envProjectId, envProjectId, { environment: env.name }, ENVIRONMENT_PROJECT_APIS);
      this.environmentProjects.push(project);
      const clusterProject = deployTargetOf(env, platform).project;
      if (clusterProject !== envProjectId) {
        // https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_monitored_project
        const metricsScope = `locations/global/metricsScopes/${envProjectId}`;
        this.metricsScopes.push(new MonitoringMonitoredProject(this, `${env.name}-metrics-scope`, {
          metricsScope,
          name: `${metricsScope}/projects/${clusterProject}`,
          dependsOn: services.filter((_, i) => ENVIRONMENT_PROJECT_APIS[i] === 'monitoring.googleapis.com'),
        }));
      }
      if (host !== undefined) {
        this.sharedVpcAttachments.push(new ComputeSharedVpcServiceProject(this, `${env.name}-shared-vpc`, {
          hostProject: host,
          serviceProject: project.projectId,
          dependsOn: services.filter((_, i) => ENVIRONMENT_PROJECT_APIS[i] === 'compute.googleapis.com'),
        }));
      }
    }
  }
}
