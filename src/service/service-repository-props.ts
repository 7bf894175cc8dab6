import { reviewersProblems } from '../platform/environment';
import type { Platform } from '../platform/platform';
import type { PropProblem } from '../private/errors';
import { boundedName } from '../private/naming';
import { literalProblem, problems, repositoryNameProblem, unresolved } from '../private/validation';

/** Who can see a service repository. */
export enum RepositoryVisibility {
  /** Only people and teams given access (the golden path). */
  PRIVATE = 'private',
  /** Every member of the enterprise (GitHub Enterprise Cloud organizations only). */
  INTERNAL = 'internal',
  /** Everyone on the internet. */
  PUBLIC = 'public',
}

/** GitHub's limit of topics on one repository. */
const MAX_TOPICS = 20;

const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

/**
 * The repository settings a service may choose. GoMicroservice takes these as
 * its own props.
 */
export interface ServiceRepositoryOptions {
  /**
   * The GitHub repository name: up to 100 letters, digits, `.`, `_` and `-`.
   * It also names the Go module (`github.com/<org>/<repository>`) and is the
   * only repository whose workflows may deploy the service.
   * @default - the service name
   */
  readonly repositoryName?: string;
  /**
   * Who can see the repository.
   * @default RepositoryVisibility.PRIVATE
   */
  readonly visibility?: RepositoryVisibility;
  /**
   * Extra repository topics (lowercase letters, digits and hyphens, at most 50
   * characters each), after the language, the team and `microservices`.
   * @default - only the language, the team and "microservices"
   */
  readonly topics?: string[];
  /**
   * Reviewers who must approve deploys, by production environment name: GitHub
   * users (`alice`) or teams of the organization (`acme/sre`), at most 6 per
   * environment. Each must be able to read the repository; teams named here
   * get read access. Replaces the environment's own reviewers for this service.
   * @default - the environment's reviewers from the platform, or else the owning team
   */
  readonly deployReviewers?: { [environment: string]: string[] };
}

/** Properties of a {@link ServiceRepository}. */
export interface ServiceRepositoryProps extends ServiceRepositoryOptions {
  /** The service name: a DNS-1123 label (binary, image, Deployment). */
  readonly serviceName: string;
  /** What the service does, in one line (repository description, README, OpenAPI). */
  readonly description: string;
  /**
   * The port the service listens on.
   * @default - the golden path's containerPort
   */
  readonly containerPort?: number;
  /**
   * The liveness probe path the scaffold serves.
   * @default - the golden path's livenessPath
   */
  readonly livenessPath?: string;
  /**
   * The readiness probe path the scaffold serves.
   * @default - the golden path's readinessPath
   */
  readonly readinessPath?: string;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** A repository visibility, for callers that pass strings. */
function visibilityProblem(prop: string, value: RepositoryVisibility): PropProblem | undefined {
  const allowed = Object.values(RepositoryVisibility) as string[];
  if (allowed.includes(value as string)) return undefined;
  const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
  return {
    prop,
    value,
    problem: `is not a GitHub repository visibility (one of ${allowed.map((v) => `"${v}"`).join(', ')})`,
    fix: lower !== undefined && allowed.includes(lower)
      ? `use RepositoryVisibility.${lower.toUpperCase()} ("${lower}")`
      : 'use RepositoryVisibility.PRIVATE, RepositoryVisibility.INTERNAL or RepositoryVisibility.PUBLIC',
  };
}

function topicProblems(prop: string, topics: string[] | undefined): PropProblem[] {
  if (topics === undefined) return [];
  if (!Array.isArray(topics)) {
    return [{ prop, value: topics, problem: 'is not a list', fix: 'pass a list of topics, e.g. ["payments", "pci"]' }];
  }
  return topics.flatMap((t, i) => {
    if (unresolved(t) || (typeof t === 'string' && TOPIC.test(t))) return [];
    const suggestion = typeof t === 'string' ? t.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) : '';
    return [{
      prop: `${prop}[${i}]`,
      value: t,
      problem: 'is not a GitHub topic (lowercase letters, digits and hyphens, starting with a letter or digit, at most 50 characters)',
      fix: suggestion ? `use "${suggestion}"` : 'use a topic such as "payments"',
    }];
  });
}

function reviewerProblems(platform: Platform, byEnvironment: { [environment: string]: string[] }): PropProblem[] {
  if (byEnvironment === null || typeof byEnvironment !== 'object' || Array.isArray(byEnvironment)) {
    return [{ prop: 'deployReviewers', value: byEnvironment, problem: 'is not a map of environment names to reviewers', fix: 'write it like { prod: ["acme/sre"] }' }];
  }
  const found: PropProblem[] = [];
  const names = platform.environments.map((e) => e.name);
  const production = platform.productionEnvironments.map((e) => e.name);
  for (const [envName, reviewers] of Object.entries(byEnvironment)) {
    const prop = `deployReviewers.${envName}`;
    if (!names.includes(envName)) {
      found.push({ prop: 'deployReviewers', value: envName, problem: `names the environment "${envName}", which the platform does not have`, fix: `use a production environment: ${production.map((e) => `"${e}"`).join(', ')}` });
      continue;
    }
    if (!production.includes(envName)) {
      found.push({ prop: 'deployReviewers', value: envName, problem: `names "${envName}", which is not a production environment, and only production deploys wait for reviewers`, fix: `name reviewers for ${production.map((e) => `"${e}"`).join(', ')} only, or mark "${envName}" with production: true on the platform` });
      continue;
    }
    found.push(...reviewersProblems(platform.githubOrganization, prop, reviewers));
  }
  return found;
}

/** The repository topics: the language, the team and "microservices", then the service's own. */
export function repositoryTopics(language: string, team: string, topics: string[] | undefined): string[] {
  return unique([language, boundedName([team], 50), 'microservices', ...(topics ?? [])]);
}

/**
 * What is wrong with a service's repository options (GoMicroservice judges
 * them with its other props; the repository takes them as given).
 */
export function repositoryOptionProblems(platform: Platform, team: string, o: ServiceRepositoryOptions): PropProblem[] {
  const found = [
    ...problems(
      o.repositoryName === undefined ? undefined
        : literalProblem('repositoryName', o.repositoryName) ?? repositoryNameProblem('repositoryName', o.repositoryName, 'or leave it out to use the service name'),
      visibilityProblem('visibility', o.visibility ?? RepositoryVisibility.PRIVATE),
    ),
    ...topicProblems('topics', o.topics),
    ...reviewerProblems(platform, o.deployReviewers ?? {}),
  ];
  const topics = Array.isArray(o.topics) ? repositoryTopics(platform.goldenPath.language, team, o.topics) : [];
  if (topics.length > MAX_TOPICS) {
    found.push({ prop: 'topics', value: o.topics, problem: `makes ${topics.length} topics with the language, the team and "microservices", over GitHub's ${MAX_TOPICS}`, fix: `name at most ${MAX_TOPICS - 3} extra topics` });
  }
  return found;
}
