import { Token } from './cdk';
import { CI_GATES, DNS_LABEL, ITEMS_API_PREFIX, ONBOARDING_STACK_PREFIX, PROBE_PATH, RESERVED_NAMESPACES, RESERVED_TEAM_NAMES } from './constants';
import type { PropProblem } from './errors';

/**
 * Checks of names and numbers against the rules of the system that will receive
 * them. Each returns a {@link PropProblem} or `undefined`; unresolved tokens are
 * never judged, since their value is only known at apply time.
 */

const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GCP_REGION = /^[a-z]+-[a-z]+\d+$/;
const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const GITHUB_NAME_MAX_LENGTH = 39;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const NETWORK = /^(?:https:\/\/www\.googleapis\.com\/compute\/v1\/)?projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/global\/networks\/[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Whether a string or number is a token whose value is only known at apply time (never judged at synth). */
export function unresolved(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

/**
 * A name that becomes a construct id and is a property every JavaScript
 * object has (`constructor`, a valid DNS label): constructs keeps a node's
 * children in a plain object, so such an id reads as taken ("There is already
 * a Construct with name 'constructor'") wherever it is used.
 */
export function prototypeNameProblem(prop: string, value: unknown): PropProblem | undefined {
  if (typeof value !== 'string' || !(value in Object.prototype)) return undefined;
  return {
    prop,
    value,
    problem: 'is the name of a property every JavaScript object has, and the construct library reads such an id as taken',
    fix: `choose another name, e.g. "${value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'app'}-1"`,
  };
}

/** A DNS-1123 label (Kubernetes names, namespaces, environment and team names). */
export function dnsLabelProblem(prop: string, value: string, maxLength = 63): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    return { prop, value, problem: 'is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)', fix: `use a name such as "${suggestLabel(String(value))}"` };
  }
  if (value.length > maxLength) {
    return { prop, value, problem: `is ${value.length} characters long, over the ${maxLength} allowed here`, fix: `shorten it to ${maxLength} characters or fewer` };
  }
  return undefined;
}

/** A lowercase DNS-1123 label suggestion made from any text. */
export function suggestLabel(text: string): string {
  const label = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').replace(/--+/g, '-');
  return label || 'my-name';
}

/** A Google Cloud project id: 6 to 30 characters, lowercase letters, digits and hyphens. */
export function gcpProjectProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && GCP_PROJECT.test(value)) return undefined;
  return { prop, value, problem: 'is not a Google Cloud project id (6 to 30 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)', fix: 'use the project id shown by `gcloud projects list`, not the project name or number' };
}

/** A Google Cloud region such as `europe-west1` (not a zone such as `europe-west1-b`). */
export function gcpRegionProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && GCP_REGION.test(value)) return undefined;
  const zone = typeof value === 'string' ? /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(value) : null;
  return {
    prop,
    value,
    problem: zone ? 'is a zone, not a region' : 'is not a Google Cloud region',
    fix: zone ? `use the region "${zone[1]}"` : 'use a region id such as "europe-west1" or "us-central1"',
  };
}

/** A GitHub organization or user name: 1 to 39 characters, letters, digits and single inner hyphens. */
export function githubNameProblem(prop: string, value: string, what = 'GitHub name'): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= GITHUB_NAME_MAX_LENGTH && GITHUB_NAME.test(value)) return undefined;
  return { prop, value, problem: `is not a valid ${what} (1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen)`, fix: `write the ${what} exactly as it appears in its GitHub URL, without "@"` };
}

/** A GitHub repository name: 1 to 100 letters, digits, ".", "_" and "-", not "." or "..", not ending in ".git". */
export function repositoryNameProblem(prop: string, value: string, alternative?: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && REPOSITORY_NAME.test(value) && value !== '.' && value !== '..' && !value.toLowerCase().endsWith('.git')) return undefined;
  const suggestion = typeof value === 'string' ? value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').replace(/\.git$/i, '').slice(0, 100) : '';
  const fixes = [suggestion && suggestion !== value ? `use "${suggestion}"` : 'use letters, digits, ".", "_" and "-" only', alternative].filter(Boolean);
  return {
    prop,
    value,
    problem: 'is not a GitHub repository name (1 to 100 letters, digits, ".", "_" and "-", not "." or "..", not ending in ".git")',
    fix: fixes.join(', '),
  };
}

/** A VPC network given as `projects/<project>/global/networks/<network>` (or its self link). */
export function networkProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && NETWORK.test(value)) return undefined;
  return { prop, value, problem: 'is not a VPC network path', fix: 'write it as "projects/<host-project>/global/networks/<network>"' };
}

/** A whole number within [min, max]. */
export function integerProblem(prop: string, value: number, min: number, max: number, fix?: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `between ${min} and ${max}`;
  return { prop, value, problem: `must be a whole number ${range}`, fix: fix ?? `set a whole number ${range}` };
}

/** A coverage threshold: a percentage between 0 and 100 (decimals allowed: the CI check compares with awk). */
export function coverageThresholdProblem(prop: string, value: number): PropProblem | undefined {
  const literal = literalProblem(prop, value);
  if (literal) return literal;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100) return undefined;
  return { prop, value, problem: 'must be a percentage between 0 and 100', fix: 'use a percentage such as 80' };
}

/**
 * Why a value is not a member of a string enum. Callers outside TypeScript
 * (or with casts) may pass any string; a close match is suggested.
 */
export function enumProblem(prop: string, value: unknown, enumObject: Record<string, string>, enumName: string): PropProblem | undefined {
  const keys = Object.keys(enumObject);
  const values = Object.values(enumObject);
  if (typeof value === 'string' && values.includes(value)) return undefined;
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  const close = values.find((v) => text === v || (text.length >= 4 && (v.startsWith(text) || text.startsWith(v))));
  return {
    prop,
    value,
    problem: `is not a ${enumName} (the values are ${values.map((v) => `"${v}"`).join(', ')})`,
    fix: close ? `use ${enumName}.${keys[values.indexOf(close)]} ("${close}")` : `use one of ${keys.map((k) => `${enumName}.${k}`).join(', ')}`,
  };
}

/** Names that appear more than once, in order of first repeat. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) repeated.add(v);
    seen.add(v);
  }
  return [...repeated];
}

/** A value written into repository files must be known at synth time. */
export function literalProblem(prop: string, value: unknown): PropProblem | undefined {
  if (!unresolved(value)) return undefined;
  return { prop, value, problem: 'is an unresolved token, but it is written into repository files', fix: 'pass the literal value instead of a reference to another resource attribute' };
}

/** The one rule for HTTP probe paths: "/" and segments of letters, digits, ".", "_", "~" and "-". */
export function probePathProblem(prop: string, value: string): PropProblem | undefined {
  if (typeof value === 'string' && PROBE_PATH.test(value)) return undefined;
  const suggestion = `/${String(value).trim().replace(/[?#].*$/, '').replace(/^\/+/, '').replace(/[^A-Za-z0-9._~/-]+/g, '-')}`;
  return {
    prop,
    value,
    problem: 'is not a probe path the kubelet and the scaffold accept ("/" then segments of letters, digits, ".", "_", "~" and "-"; no query, route parameter or space)',
    fix: `use a path such as "${PROBE_PATH.test(suggestion) ? suggestion : '/healthz'}"`,
  };
}

/**
 * The liveness and readiness paths the service's scaffold serves: each a
 * literal probe path outside the items API, and two different paths (a
 * readiness failure must not restart the pod). `prefix` names where they came from.
 */
export function servicePathsProblems(prefix: string, livenessPath: string, readinessPath: string, clashOn = 'readinessPath'): PropProblem[] {
  const found = [['livenessPath', livenessPath], ['readinessPath', readinessPath]].map(([key, value]) => {
    const prop = `${prefix}${key}`;
    const problem = literalProblem(prop, value) ?? probePathProblem(prop, value);
    if (problem || (value !== ITEMS_API_PREFIX && !value.startsWith(`${ITEMS_API_PREFIX}/`))) return problem;
    return { prop, value, problem: `collides with the scaffold's items API under ${ITEMS_API_PREFIX}`, fix: `use a path outside ${ITEMS_API_PREFIX}, such as "${key === 'livenessPath' ? '/healthz' : '/readyz'}"` };
  });
  if (!found.some(Boolean) && livenessPath === readinessPath) {
    found.push({
      prop: `${prefix}${clashOn}`,
      value: readinessPath,
      problem: `is the same path as ${clashOn === 'readinessPath' ? 'livenessPath' : 'readinessPath'}, so a pod that is only not ready would be restarted`,
      fix: 'serve readiness and liveness on separate paths, such as "/readyz" and "/healthz"',
    });
  }
  return problems(...found);
}

/**
 * The metrics endpoint the service's scaffold serves and the collector
 * scrapes: a port of its own (not the API's, so the Service and ingress never
 * expose it) and a probe-like path. `prefix` names where they came from.
 */
export function metricsEndpointProblems(prefix: string, metricsPort: number, metricsPath: string, containerPort: number): PropProblem[] {
  const portProblem = literalProblem(`${prefix}metricsPort`, metricsPort)
    ?? integerProblem(`${prefix}metricsPort`, metricsPort, 1, 65535, 'use a port such as 9464');
  return problems(
    portProblem ?? (metricsPort === containerPort ? {
      prop: `${prefix}metricsPort`,
      value: metricsPort,
      problem: 'is the containerPort too, so the Service and its ingress would expose the metrics',
      fix: `give the metrics a port of their own, such as ${containerPort === 9464 ? 9465 : 9464}`,
    } : undefined),
    literalProblem(`${prefix}metricsPath`, metricsPath) ?? probePathProblem(`${prefix}metricsPath`, metricsPath),
  );
}

/** The CI gates branch protection requires: at least one, each a job the workflow can run, none twice. */
export function requiredChecksProblems(prop: string, checks: readonly string[]): PropProblem[] {
  const known: readonly string[] = Object.values(CI_GATES);
  const allowed = known.map((c) => `"${c}"`).join(', ');
  if (!Array.isArray(checks) || checks.length === 0) {
    return [{ prop, value: checks, problem: 'is empty, so nothing would gate a merge or the image build', fix: `list one or more of ${allowed}` }];
  }
  const unknown = checks.flatMap((check, i) => (known.includes(check) ? [] : [{
    prop: `${prop}[${i}]`,
    value: check,
    problem: `is not a check the CI workflow can run (its gates are ${allowed})`,
    fix: 'use one of those names: they are the workflow\'s job ids, which branch protection requires',
  }]));
  return [
    ...unknown,
    ...duplicates(checks).map((check) => ({ prop, value: check, problem: 'lists a check twice', fix: 'list each check once' })),
  ];
}

/** GitHub's limit on a repository description. */
export const MAX_DESCRIPTION_LENGTH = 350;

/**
 * The rules of what a team declares through `golden-paths add`, services/<name>.json or the
 * portal's Templates, in one place: the CLI checks them, and the Templates' parameter schemas
 * are generated from them.
 */
export const DECLARATION_RULES = {
  /** The longest service or database name: it names the repository, the workloads, the catalog entry and the database instance. */
  nameMaxLength: 40,
  /** A DNS-1123 label that is also a Backstage entity name (no "--"), as a JSON Schema (ECMA-262) pattern. */
  namePattern: `^(?!.*--)${DNS_LABEL.source.slice(1)}`,
  /** The longest description (GitHub's limit on a repository description). */
  descriptionMaxLength: MAX_DESCRIPTION_LENGTH,
} as const;

/**
 * A one-line description (repository description, README, OpenAPI document):
 * literal, not empty once whitespace is collapsed, within GitHub's 350 characters.
 */
export function descriptionProblem(prop: string, value: string): PropProblem | undefined {
  const literal = literalProblem(prop, value);
  if (literal) return literal;
  const oneLine = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (oneLine === '') {
    return { prop, value, problem: 'is empty', fix: 'say what the service does in one line, e.g. "Payment processing service"' };
  }
  if (oneLine.length > MAX_DESCRIPTION_LENGTH) {
    return { prop, value: `${oneLine.slice(0, 40)}...`, problem: `is ${oneLine.length} characters long, over GitHub's ${MAX_DESCRIPTION_LENGTH}`, fix: `shorten it to ${MAX_DESCRIPTION_LENGTH} characters or fewer` };
  }
  return undefined;
}

/** Collects the defined problems of a list of checks. */
export function problems(...checks: Array<PropProblem | undefined>): PropProblem[] {
  return checks.filter((c): c is PropProblem => c !== undefined);
}

/** The longest Kubernetes namespace (a DNS-1123 label); a team's are `<team>-<environment>`. */
export const NAMESPACE_MAX_LENGTH = 63;

/**
 * The rules of a team file (`golden-paths add team`, `teams/<name>.json`) that the portal's
 * "Onboard a team" Template carries in its form, as JSON Schema (ECMA-262) patterns made from
 * the expressions the checks above use: GitHub logins, repository names, the description.
 */
export const TEAM_DECLARATION_RULES = {
  githubLoginPattern: GITHUB_NAME.source,
  githubLoginMaxLength: GITHUB_NAME_MAX_LENGTH,
  /** Not "." or "..", not ending in ".git" (any case). */
  repositoryNamePattern: `^(?!\\.\\.?$)(?!.*\\.[Gg][Ii][Tt]$)${REPOSITORY_NAME.source.slice(1)}`,
  descriptionMaxLength: MAX_DESCRIPTION_LENGTH,
} as const;

/**
 * The team name a platform with `environments` accepts, as a JSON Schema string's `pattern`,
 * `maxLength` and the names it refuses (`not.enum`): a DNS label that is also a catalog name, its
 * namespaces `<team>-<environment>` within Kubernetes' length and none a reserved one, not a
 * platform stack's name, not a property every JavaScript object has. What `teamNameProblems`
 * and `reservedTeamNameProblem` check, from the same constants.
 */
export function teamNameSchema(environments: readonly string[]): { pattern: string; maxLength: number; refused: string[] } {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const longest = Math.max(0, ...environments.map((e) => e.length));
  // "<team>-" starts with a reserved prefix ("kube-"): the team is the prefix's stem or starts with it and "-".
  const prefixes = [ONBOARDING_STACK_PREFIX, ...RESERVED_NAMESPACES.prefixes].map((p) => `(?!${escape(p.replace(/-$/, ''))}(?:-|$))`);
  const refused = [
    ...RESERVED_TEAM_NAMES,
    ...RESERVED_NAMESPACES.names.flatMap((ns) => environments.filter((e) => ns.endsWith(`-${e}`)).map((e) => ns.slice(0, -(e.length + 1)))),
    ...Object.getOwnPropertyNames(Object.prototype).filter((n) => DNS_LABEL.test(n)),
  ];
  return {
    pattern: `^(?!.*--)${prefixes.join('')}${DNS_LABEL.source.slice(1)}`,
    maxLength: Math.min(NAMESPACE_MAX_LENGTH, NAMESPACE_MAX_LENGTH - 1 - longest),
    refused: [...new Set(refused)].sort(),
  };
}
