import type { PropProblem } from '../private/errors';
import { optional, STRING, type PropTypes } from '../private/prop-types';
import { unresolved } from '../private/validation';

/**
 * The images of the tools the library runs next to the teams' own code, as
 * settings: a cluster that pulls only from Artifact Registry (an organization
 * policy, Binary Authorization) or has no way out to the internet pulls none
 * of the public defaults, so the platform team mirrors them and names the
 * copies here.
 */
export interface ToolImagesOptions {
  /**
   * The image that runs `psql` in the grant Job of each PostgreSQL database
   * (psql 17 talks to PostgreSQL 12 and newer). Any image with `psql`, `sh`
   * and `wget` (which waits for the Auth Proxy and stops it) on its PATH does,
   * running as a non-root user with a read-only root file system.
   * @default "docker.io/library/postgres:17.5-alpine"
   */
  readonly postgresClient?: string;
  /**
   * The image that runs the `mysql` client in the grant Job of each MySQL
   * database (MySQL 8.4's client talks to MySQL 5.7, 8.0 and 8.4). Any image
   * with `mysql`, `bash` (which talks to the Auth Proxy's HTTP endpoints
   * itself), `od` and `tr` on its PATH does, running as a non-root user with a
   * read-only root file system.
   * @default "docker.io/library/mysql:8.4.5"
   */
  readonly mysqlClient?: string;
  /**
   * The image that reads the grant Job's admin password from Secret Manager
   * (`sh` and `gcloud secrets versions access`).
   * @default "gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim"
   */
  readonly googleCloudCli?: string;
  /**
   * The Cloud SQL Auth Proxy (2.7.0 or later, which has the `wait` command
   * each service's pods run before starting the service), next to every
   * service connected to a Cloud SQL database and in the grant Jobs.
   * @default "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0"
   */
  readonly cloudSqlProxy?: string;
}

/** The images of the library's tools, defaults applied. */
export interface ToolImagesSettings {
  /** The image that runs psql in the PostgreSQL grant Jobs. */
  readonly postgresClient: string;
  /** The image that runs the mysql client in the MySQL grant Jobs. */
  readonly mysqlClient: string;
  /** The Google Cloud CLI image of the grant Jobs. */
  readonly googleCloudCli: string;
  /** The Cloud SQL Auth Proxy image of the services and the grant Jobs. */
  readonly cloudSqlProxy: string;
}

/** The public images the library runs when the settings name none (each pinned to a version). */
export const DEFAULT_TOOL_IMAGES: ToolImagesSettings = {
  postgresClient: 'docker.io/library/postgres:17.5-alpine',
  mysqlClient: 'docker.io/library/mysql:8.4.5',
  googleCloudCli: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim',
  cloudSqlProxy: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0',
};

/** The runtime types of {@link ToolImagesOptions}. */
export const TOOL_IMAGES_TYPES: PropTypes<ToolImagesOptions> = {
  postgresClient: optional(STRING),
  mysqlClient: optional(STRING),
  googleCloudCli: optional(STRING),
  cloudSqlProxy: optional(STRING),
};

/** The settings' images, defaults applied. */
export function toolImagesOf(options: ToolImagesOptions | undefined): ToolImagesSettings {
  return {
    postgresClient: options?.postgresClient ?? DEFAULT_TOOL_IMAGES.postgresClient,
    mysqlClient: options?.mysqlClient ?? DEFAULT_TOOL_IMAGES.mysqlClient,
    googleCloudCli: options?.googleCloudCli ?? DEFAULT_TOOL_IMAGES.googleCloudCli,
    cloudSqlProxy: options?.cloudSqlProxy ?? DEFAULT_TOOL_IMAGES.cloudSqlProxy,
  };
}

/*
 * An image reference as the container runtimes read it (the grammar of
 * github.com/distribution/reference, reference.go):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 *   domain    := domain-component ["." domain-component]* [":" port-number]
 *   path-component := [a-z0-9]+ ([_.]|__|[-]* [a-z0-9]+)*
 *   tag       := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex (sha256: 64 lowercase hex digits, as registries compute it)
 */
const DOMAIN = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** What is wrong with one tool image: not an image reference, not pinned (no tag, or `latest`), or a digest that names no image. */
export function imageReferenceProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  const example = 'e.g. "europe-west1-docker.pkg.dev/acme-prod/mirror/postgres:17.5-alpine@sha256:<64 hex digits>"';
  const match = typeof value === 'string' ? REFERENCE.exec(value) : null;
  if (!match) {
    return { prop, value, problem: 'is not an image reference ("[registry/]path[:tag][@sha256:digest]", lowercase path)', fix: `name the image as the cluster pulls it, ${example}` };
  }
  const [, , , tag, digest] = match;
  if (digest !== undefined) {
    return SHA256.test(digest) ? undefined : { prop, value, problem: `has the digest "${digest}", which is not "sha256:" and 64 lowercase hex digits, so it names no image`, fix: 'copy the digest `gcloud artifacts docker images describe <image>` or `docker buildx imagetools inspect <image>` prints' };
  }
  if (tag === undefined || tag === 'latest') {
    return {
      prop,
      value,
      problem: tag === undefined ? 'has no tag, so the cluster pulls "latest", whatever it is that day' : 'is tagged "latest", which moves',
      fix: `pin it to a version tag and, better, its digest, ${example}`,
    };
  }
  return undefined;
}

/**
 * The first Auth Proxy with the `wait` command (GoogleCloudPlatform/cloud-sql-proxy
 * pull request 2041, released in 2.7.0), which each service's pods run as the
 * proxy's postStart hook.
 */
const CLOUD_SQL_PROXY_WAIT_SINCE = [2, 7] as const;

/** What is wrong with the settings' tool images. */
export function toolImagesProblems(prop: string, options: ToolImagesOptions | undefined): PropProblem[] {
  if (options === undefined || options === null || typeof options !== 'object') return [];
  return (Object.keys(TOOL_IMAGES_TYPES) as Array<keyof ToolImagesOptions>)
    .filter((key) => options[key] !== undefined)
    .map((key) => imageReferenceProblem(`${prop}.${key}`, options[key]!) ?? (key === 'cloudSqlProxy' ? proxyVersionProblem(`${prop}.${key}`, options[key]!) : undefined))
    .filter((p): p is PropProblem => p !== undefined);
}

/** An Auth Proxy image whose version tag is older than its `wait` command (a tag that is no version is taken as it is). */
function proxyVersionProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  const tag = REFERENCE.exec(value)?.[3];
  const version = tag === undefined ? null : /^v?(\d+)\.(\d+)(?:[.-]|$)/.exec(tag);
  if (!version) return undefined;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  const [waitMajor, waitMinor] = CLOUD_SQL_PROXY_WAIT_SINCE;
  if (major > waitMajor || (major === waitMajor && minor >= waitMinor)) return undefined;
  return {
    prop,
    value,
    problem: `is Auth Proxy ${tag}, which has no "wait" command (${waitMajor}.${waitMinor}.0 and later): the pods of services connected to a Cloud SQL database run it before starting the service, and would restart the proxy forever`,
    fix: `mirror ${DEFAULT_TOOL_IMAGES.cloudSqlProxy} (or another 2.7.0 or later) and name it here`,
  };
}
