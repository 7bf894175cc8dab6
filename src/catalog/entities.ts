import { BACKSTAGE_API_VERSION, type CatalogEntity, type CatalogEntityLink, entityRef } from './entity';
import { DEFAULT_BRANCH, MANAGED_BY } from '../private/constants';

/**
 * Builders of the Backstage entities each construct contributes. They take
 * plain descriptions (names are known at synth time), so they are pure and
 * cheap; src/catalog/catalog.ts reads the descriptions off the construct tree.
 */

/** A team as the catalog sees it. */
export interface TeamDescription {
  readonly name: string;
  readonly description: string;
  readonly githubOrganization: string;
  readonly maintainers: readonly string[];
  readonly members: readonly string[];
}

/** A service as the catalog sees it. */
export interface ServiceDescription {
  readonly name: string;
  readonly description: string;
  readonly team: string;
  readonly system: string;
  readonly lifecycle: string;
  readonly githubOrganization: string;
  /** The web host of the platform's GitHub: github.com, or the GitHub Enterprise Server / GHE.com host. */
  readonly githubHost: string;
  readonly repository: string;
  readonly tags: readonly string[];
  readonly databases: readonly string[];
  /** The labels every Kubernetes object of the service carries, in every environment, and no other service's do. */
  readonly kubernetesLabels: Readonly<Record<string, string>>;
  /** Its environments, in promotion order. */
  readonly environments: readonly ServiceEnvironmentDescription[];
  /** Whether its repository has TechDocs (an MkDocs configuration at its root). */
  readonly techdocs: boolean;
  /** The Secret Manager secrets the service reads (names only, never values). */
  readonly secrets?: readonly SecretDescription[];
}

/** A secret a service reads, as the catalog lists it. */
export interface SecretDescription {
  /** The environment variable it is read as (`<variable>_FILE` holds the path of its file). */
  readonly variable: string;
  /** The secret's id within the service. */
  readonly secret: string;
  /** The environments it is read in, when not every one of the service's. */
  readonly environments?: readonly string[];
}

/** One environment of a service, as the catalog sees it. */
export interface ServiceEnvironmentDescription {
  readonly name: string;
  /** The namespace its workload runs in. */
  readonly namespace: string;
  /** The environment's dashboard of the service, its placeholders filled in; none when the environment has none. */
  readonly dashboardUrl?: string;
  /** The team's Cloud Monitoring dashboard of the environment, where the service has its charts; none when the team's are off. */
  readonly monitoringDashboardUrl?: string;
}

/** A database as the catalog sees it. */
export interface DatabaseDescription {
  readonly name: string;
  readonly engine: string;
  readonly team: string;
  readonly system: string;
  readonly services: readonly string[];
}

const ANNOTATION = {
  projectSlug: 'github.com/project-slug',
  teamSlug: 'github.com/team-slug',
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  sourceLocation: 'backstage.io/source-location',
  techdocsRef: 'backstage.io/techdocs-ref',
  managedBy: 'golden-paths.dev/managed-by',
  secrets: 'golden-paths.dev/secrets',
} as const;


/** The API entity name of a service. */
export function apiName(service: string): string {
  return `${service}-api`;
}

/** The Group entity of a team, with its people as members. */
export function groupEntity(team: TeamDescription): CatalogEntity {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Group',
    metadata: {
      name: team.name,
      description: team.description,
      annotations: { [ANNOTATION.teamSlug]: `${team.githubOrganization}/${team.name}`, [ANNOTATION.managedBy]: MANAGED_BY },
    },
    spec: {
      type: 'team',
      profile: { displayName: team.name },
      children: [],
      members: uniqueSorted([...team.maintainers, ...team.members].map(userName)),
    },
  };
}

/** The User entities of all teams' people, each a member of every team that lists them. */
export function userEntities(teams: readonly TeamDescription[]): CatalogEntity[] {
  const memberOf = new Map<string, Set<string>>();
  for (const team of teams) {
    for (const person of [...team.maintainers, ...team.members]) {
      const name = userName(person);
      memberOf.set(name, (memberOf.get(name) ?? new Set()).add(team.name));
    }
  }
  return [...memberOf.keys()].sort().map((name) => ({
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'User',
    metadata: { name, annotations: { 'github.com/user-login': name, [ANNOTATION.managedBy]: MANAGED_BY } },
    spec: { profile: { displayName: name }, memberOf: [...memberOf.get(name)!].sort() },
  }));
}

/** The System entity of a system name, owned by a team. */
export function systemEntity(name: string, owner: string, description?: string): CatalogEntity {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'System',
    metadata: { name, ...(description ? { description } : {}), annotations: { [ANNOTATION.managedBy]: MANAGED_BY } },
    spec: { owner: entityRef('group', owner) },
  };
}

/** The Component entity of a service. */
export function componentEntity(service: ServiceDescription): CatalogEntity {
  const slug = `${service.githubOrganization}/${service.repository}`;
  const annotations: Record<string, string> = {
    [ANNOTATION.projectSlug]: slug,
    [ANNOTATION.kubernetesId]: service.name,
    [ANNOTATION.sourceLocation]: `url:https://${service.githubHost}/${slug}/tree/${DEFAULT_BRANCH}/`,
    [ANNOTATION.managedBy]: MANAGED_BY,
  };
  // Backstage's Kubernetes plugin finds the objects by this selector in every cluster, so in every
  // environment's namespace; it reads one namespace only, so only a single environment names it.
  const selector = Object.entries(service.kubernetesLabels).map(([key, value]) => `${key}=${value}`).join(',');
  if (selector !== '') annotations[ANNOTATION.kubernetesLabelSelector] = selector;
  if (service.environments.length === 1) annotations[ANNOTATION.kubernetesNamespace] = service.environments[0].namespace;
  // The docs beside this catalog entry: the repository's mkdocs.yml and docs/.
  if (service.techdocs) annotations[ANNOTATION.techdocsRef] = 'dir:.';
  const links: CatalogEntityLink[] = service.environments.flatMap((env) => [
    ...(env.dashboardUrl === undefined ? [] : [{ url: env.dashboardUrl, title: `Dashboard (${env.name})`, icon: 'dashboard' }]),
    ...(env.monitoringDashboardUrl === undefined ? [] : [{ url: env.monitoringDashboardUrl, title: `Cloud Monitoring dashboard (${env.name})`, icon: 'dashboard' }]),
  ]);
  // What the service needs set before it starts: `STRIPE_API_KEY=stripe-api-key, SANDBOX_KEY=sandbox-key (dev)`.
  const secrets = (service.secrets ?? []).map((s) => `${s.variable}=${s.secret}${s.environments ? ` (${s.environments.join(' ')})` : ''}`);
  if (secrets.length > 0) annotations[ANNOTATION.secrets] = secrets.join(', ');
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Component',
    metadata: { name: service.name, description: service.description, annotations, tags: [...service.tags], ...(links.length > 0 ? { links } : {}) },
    spec: {
      type: 'service',
      lifecycle: service.lifecycle,
      owner: entityRef('group', service.team),
      system: service.system,
      providesApis: [apiName(service.name)],
      dependsOn: service.databases.map((db) => entityRef('resource', db)),
    },
  };
}

/**
 * The API entity of a service. `definition` is the OpenAPI document itself; in
 * the repository's catalog-info.yaml pass `{ $text: './api/openapi.yaml' }`
 * instead, so the catalog follows the team's edits.
 */
export function apiEntity(service: ServiceDescription, definition: string | { readonly $text: string }): CatalogEntity {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'API',
    metadata: {
      name: apiName(service.name),
      description: `HTTP API of ${service.name}`,
      annotations: { [ANNOTATION.projectSlug]: `${service.githubOrganization}/${service.repository}`, [ANNOTATION.managedBy]: MANAGED_BY },
    },
    spec: {
      type: 'openapi',
      lifecycle: service.lifecycle,
      owner: entityRef('group', service.team),
      system: service.system,
      definition,
    },
  };
}

/** The Resource entity of a database. */
export function resourceEntity(db: DatabaseDescription): CatalogEntity {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Resource',
    metadata: { name: db.name, description: `${db.engine} database of ${db.team}`, tags: [db.engine], annotations: { [ANNOTATION.managedBy]: MANAGED_BY } },
    spec: {
      type: 'database',
      owner: entityRef('group', db.team),
      system: db.system,
      dependencyOf: db.services.map((s) => entityRef('component', s)),
    },
  };
}

/** Backstage entity names are case-insensitive; GitHub logins map to lowercase names. */
function userName(login: string): string {
  return login.toLowerCase();
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
