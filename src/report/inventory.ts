import type { SynthDir, SynthStack } from './synth-dir';
import { DEFAULT_ENVIRONMENTS, OBSERVABILITY_ANNOTATIONS } from '../private/constants';
import { cloudMonitoringDashboardUrl } from '../private/dashboard-url';
import { boundedName } from '../private/naming';
import { parseQuantity } from '../private/quantity';
import { fromTerraformLiteral } from '../private/terraform-literal';

/**
 * What the report counts, read from the synthesized Terraform of every stack:
 * the workloads, databases, registries, service repositories and budgets,
 * each with the team and environment it belongs to. The library labels what
 * it makes (`golden-paths.dev/team` and `.../environment` on Kubernetes
 * objects, `team` and `environment` on Google Cloud resources); anything
 * else is placed by its namespace (`<team>-<env>`) or its stack's name.
 */

/** The value the library writes in `app.kubernetes.io/managed-by` and `managed-by` labels. */
export const MANAGED_BY = 'cdktf-golden-paths';

/** Where a resource stands: its stack, address and construct path. */
export interface Located {
  readonly stack: string;
  readonly address: string;
  /** The construct path cdktf records in the resource's `//` block. */
  readonly constructPath?: string;
}

/** Whom a resource belongs to. */
export interface Owner {
  /** The team, or undefined when nothing says. */
  readonly team?: string;
  /** The environment, or undefined for what every environment shares (the team's registry, repositories). */
  readonly environment?: string;
}

/** A container's requests (limits when it asks for none, as Kubernetes does), in cores and bytes. */
export interface ContainerRequests {
  readonly name: string;
  readonly cpu?: number;
  readonly memory?: number;
}

/** A Deployment: one service in one environment. */
export interface Workload extends Located, Owner {
  readonly service: string;
  readonly namespace?: string;
  /** Made by the library (its managed-by label). */
  readonly managed: boolean;
  readonly containers: readonly ContainerRequests[];
  readonly initContainers: readonly ContainerRequests[];
  /** The Deployment's replicas, when it says (autoscaling owns them otherwise). */
  readonly replicas?: number;
  /** The HorizontalPodAutoscaler of the Deployment, when it has one. */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilizationPercent?: number };
  /** What the Deployment says is off of its observability ({@link OBSERVABILITY_ANNOTATIONS}), as Terraform reads it; none when nothing is. */
  readonly annotations?: Readonly<Record<string, string>>;
}

const OBSERVED: ReadonlySet<string> = new Set(Object.values(OBSERVABILITY_ANNOTATIONS));

/** A Cloud Monitoring dashboard whose id its definition gives, and its Console address. */
export interface Dashboard extends Located, Owner {
  readonly project: string;
  readonly id: string;
  readonly url: string;
}

/** A Cloud SQL instance. */
export interface SqlInstance extends Located, Owner {
  readonly name: string;
  readonly region?: string;
  /** The ManagedDatabase it belongs to (its `database` label), else the instance name. */
  readonly database: string;
  readonly managed: boolean;
  readonly databaseVersion: string;
  readonly edition: string;
  readonly tier: string;
  readonly availability: string;
  readonly diskGb?: number;
  readonly diskType: string;
  readonly backups: boolean;
  readonly deletionProtection: boolean;
}

/** A Memorystore for Redis instance. */
export interface RedisInstance extends Located, Owner {
  readonly name: string;
  readonly region?: string;
  readonly database: string;
  readonly managed: boolean;
  readonly tier: string;
  readonly memoryGb?: number;
}

/** An Artifact Registry repository. */
export interface Registry extends Located, Owner {
  readonly name: string;
  readonly region?: string;
  readonly managed: boolean;
}

/** A GitHub repository, and the template repository it was created from. */
export interface Repository extends Located, Owner {
  readonly name: string;
  readonly template?: { readonly owner: string; readonly repository: string };
  /** The stack adopts it (an `import` block): someone else created it, as the platform does a team's service repositories. */
  readonly imported: boolean;
}

/** A team's monthly Cloud Billing budget. */
export interface Budget extends Located, Owner {
  readonly amount: number;
  /** The budget's currency, when it names one (else the billing account's). */
  readonly currency?: string;
}

/** A stack, whom it belongs to, and what it holds. */
export interface StackSummary extends Owner {
  readonly name: string;
  readonly resources: number;
}

/** Everything the report counts. */
export interface Inventory {
  /** The platform's environments, in promotion order. */
  readonly environments: readonly string[];
  /** The production environments. */
  readonly production: readonly string[];
  /** The teams found, sorted. */
  readonly teams: readonly string[];
  readonly stacks: readonly StackSummary[];
  readonly workloads: readonly Workload[];
  readonly sqlInstances: readonly SqlInstance[];
  readonly redisInstances: readonly RedisInstance[];
  readonly registries: readonly Registry[];
  readonly repositories: readonly Repository[];
  readonly budgets: readonly Budget[];
  /** The Cloud Monitoring dashboards, placed by their id (`<team>-<env>`, as the library names them) or their stack. */
  readonly dashboards: readonly Dashboard[];
  /** The team of each resource, by `<stack> <address>`, for the guardrails' findings. */
  readonly ownerOfAddress: ReadonlyMap<string, Owner>;
  /** Construct paths of resources and whom they belong to, for suppressions (scoped by construct path). */
  readonly ownerOfPath: ReadonlyMap<string, Owner>;
}

/** cdktf writes a single block as an object and repeated ones as a list: the first either way. */
export function first(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: any): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A whole number from Terraform JSON (cdktf writes some as strings), undefined for a reference or anything else. */
export function count(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function quantity(value: unknown): number | undefined {
  return typeof value === 'string' ? parseQuantity(value) : typeof value === 'number' ? value : undefined;
}

function requestsOf(container: any): ContainerRequests {
  const resources = first(container?.resources) ?? {};
  const requests = resources.requests ?? {};
  const limits = resources.limits ?? {};
  return {
    name: String(container?.name ?? ''),
    cpu: quantity(requests.cpu ?? limits.cpu),
    memory: quantity(requests.memory ?? limits.memory),
  };
}

function resourcesOf(stack: SynthStack, type: string): [string, any][] {
  const byName = stack.config.resource?.[type];
  return byName !== null && typeof byName === 'object' ? Object.entries<any>(byName) : [];
}

function located(stack: SynthStack, type: string, name: string, resource: any): Located {
  const constructPath = text(resource?.['//']?.metadata?.path);
  return { stack: stack.name, address: `${type}.${name}`, ...(constructPath ? { constructPath } : {}) };
}

/** The platform's environments: those platform.json lists, else those the labels name, else the library's defaults. */
function environmentsOf(synth: SynthDir): { names: string[]; production: string[] } {
  const listed = synth.platform?.environments;
  if (Array.isArray(listed) && listed.every((e) => typeof e?.name === 'string')) {
    return { names: listed.map((e) => e.name), production: listed.filter((e) => e.production === true).map((e) => e.name) };
  }
  const seen = new Set<string>();
  for (const stack of synth.stacks) {
    for (const [, deployment] of resourcesOf(stack, 'kubernetes_deployment_v1')) {
      const env = text(first(deployment?.metadata)?.labels?.['golden-paths.dev/environment']);
      if (env) seen.add(env);
    }
  }
  const defaults = DEFAULT_ENVIRONMENTS.map((e) => e.name);
  const production = DEFAULT_ENVIRONMENTS.filter((e) => e.production).map((e) => e.name);
  if (seen.size === 0) return { names: defaults, production };
  // In the defaults' order where they are known, then the others by name.
  const names = [...defaults.filter((e) => seen.has(e)), ...[...seen].filter((e) => !defaults.includes(e)).sort()];
  const guardrails = synth.stacks.map((s) => s.guardrails?.configuration?.productionEnvironments).find(Array.isArray);
  return { names, production: guardrails ? guardrails.filter((e: unknown): e is string => typeof e === 'string') : production.filter((e) => seen.has(e)) };
}

/** Reads the inventory of a synth output. */
export function inventoryOf(synth: SynthDir): Inventory {
  const { names: environments, production } = environmentsOf(synth);
  const workloads: Workload[] = [];
  const sqlInstances: SqlInstance[] = [];
  const redisInstances: RedisInstance[] = [];
  const registries: Registry[] = [];
  const repositories: Repository[] = [];
  const rawBudgets: { located: Located; resource: any }[] = [];
  const dashboards: Dashboard[] = [];
  const teams = new Set<string>();
  const ownerOfAddress = new Map<string, Owner>();
  const ownerOfPath = new Map<string, Owner>();

  // Teams named by labels first: they tell namespaces and stacks apart.
  for (const stack of synth.stacks) {
    for (const [type, byName] of Object.entries<any>(stack.config.resource ?? {})) {
      for (const resource of Object.values<any>(byName ?? {})) {
        const team = labelsOf(type, resource).team;
        if (team) teams.add(team);
      }
    }
  }
  for (const name of Object.keys(isRecord(synth.platform?.teams) ? synth.platform!.teams as object : {})) teams.add(name);

  const ownerByNamespace = (namespace: string | undefined): Owner => {
    if (namespace === undefined) return {};
    const env = environments.find((e) => namespace.endsWith(`-${e}`) && teams.has(namespace.slice(0, -e.length - 1)));
    return env ? { team: namespace.slice(0, -env.length - 1), environment: env } : {};
  };
  const ownerByStack = (name: string): Owner => stackOwner(name, teams, environments);

  const stacks: StackSummary[] = [];
  for (const stack of synth.stacks) {
    const stackOwnerOf = ownerByStack(stack.name);
    // The addresses the stack imports (`import { to = github_repository.x, id = ... }`).
    const imports = new Set((Array.isArray(stack.config.import) ? stack.config.import : []).map((i: any) => i?.to).filter((to: unknown) => typeof to === 'string'));
    let resources = 0;
    for (const [type, byName] of Object.entries<any>(stack.config.resource ?? {})) {
      for (const [name, resource] of Object.entries<any>(byName ?? {})) {
        resources++;
        const labels = labelsOf(type, resource);
        const namespace = text(first(resource?.metadata)?.namespace);
        const byNamespace = ownerByNamespace(namespace);
        const owner: Owner = {
          team: labels.team ?? byNamespace.team ?? stackOwnerOf.team,
          environment: labels.environment ?? byNamespace.environment ?? stackOwnerOf.environment,
        };
        const where = located(stack, type, name, resource);
        ownerOfAddress.set(`${stack.name} ${where.address}`, owner);
        if (where.constructPath) ownerOfPath.set(where.constructPath, owner);
        switch (type) {
          case 'kubernetes_deployment_v1': workloads.push(workloadOf(stack, where, owner, resource)); break;
          case 'google_sql_database_instance': sqlInstances.push(sqlInstanceOf(where, owner, resource)); break;
          case 'google_redis_instance': redisInstances.push(redisInstanceOf(where, owner, resource)); break;
          case 'google_artifact_registry_repository':
            registries.push({ ...where, ...owner, environment: undefined, name: String(resource?.repository_id ?? name), ...(text(resource?.location) ? { region: text(resource?.location) } : {}), managed: resource?.labels?.['managed-by'] === MANAGED_BY });
            break;
          case 'github_repository': {
            const template = first(resource?.template);
            repositories.push({
              ...where,
              ...owner,
              environment: undefined,
              name: String(resource?.name ?? name),
              imported: imports.has(`${type}.${name}`),
              ...(typeof template?.owner === 'string' && typeof template?.repository === 'string' ? { template: { owner: template.owner, repository: template.repository } } : {}),
            });
            break;
          }
          case 'google_billing_budget': rawBudgets.push({ located: where, resource }); break;
          case 'google_monitoring_dashboard': {
            const found = dashboardOf(where, owner, resource);
            if (found) dashboards.push(found);
            break;
          }
        }
      }
    }
    stacks.push({ name: stack.name, ...stackOwnerOf, resources });
  }

  // A service repository belongs to the team whose workload has its name.
  const teamOfService = new Map(workloads.filter((w) => w.team).map((w) => [w.service, w.team!]));
  const placedRepositories = repositories.map((r) => (teamOfService.has(r.name) ? { ...r, team: teamOfService.get(r.name) } : r));
  const budgets = rawBudgets.flatMap(({ located: where, resource }) => {
    const team = budgetTeam(resource, teams);
    const amount = first(resource?.amount)?.specified_amount;
    const specified = first(amount);
    const units = Number(specified?.units);
    if (team === undefined || !Number.isFinite(units)) return [];
    const nanos = typeof specified?.nanos === 'number' ? specified.nanos / 1e9 : 0;
    const currency = text(specified?.currency_code);
    return [{ ...where, team, amount: units + nanos, ...(currency ? { currency } : {}) }];
  });
  return {
    environments,
    production,
    teams: [...teams].sort(),
    stacks,
    workloads,
    sqlInstances,
    redisInstances,
    registries,
    repositories: placedRepositories,
    budgets,
    dashboards: dashboards.map((d) => placedDashboard(d, teams, environments)),
    ownerOfAddress,
    ownerOfPath,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The team and environment labels of a resource, wherever its type keeps them. */
function labelsOf(type: string, resource: any): Owner {
  const kubernetes = first(resource?.metadata)?.labels;
  const google = type === 'google_sql_database_instance' ? first(resource?.settings)?.user_labels : resource?.labels;
  const team = text(kubernetes?.['golden-paths.dev/team']) ?? text(google?.team);
  const environment = text(kubernetes?.['golden-paths.dev/environment']) ?? text(google?.environment);
  return { ...(team ? { team } : {}), ...(environment ? { environment } : {}) };
}

/** Whom a stack belongs to, by its name: `<team>`, `<team>-<env>`, `onboarding-<team>[-<env>]`. */
export function stackOwner(name: string, teams: ReadonlySet<string>, environments: readonly string[]): Owner {
  const bare = name.startsWith('onboarding-') ? name.slice('onboarding-'.length) : name;
  if (teams.has(bare)) return { team: bare };
  const env = environments.find((e) => bare.endsWith(`-${e}`) && teams.has(bare.slice(0, -e.length - 1)));
  return env ? { team: bare.slice(0, -env.length - 1), environment: env } : {};
}

/** The team a budget is for: its label filter, else its display name (`team-<name>`, as the library names it). */
function budgetTeam(resource: any, teams: ReadonlySet<string>): string | undefined {
  const label = first(resource?.budget_filter)?.labels?.team;
  if (typeof label === 'string') return label;
  const display = text(resource?.display_name);
  return [...teams].find((t) => boundedName(['team', t], 60) === display);
}

function workloadOf(stack: SynthStack, where: Located, owner: Owner, deployment: any): Workload {
  const meta = first(deployment?.metadata) ?? {};
  const spec = first(deployment?.spec) ?? {};
  const pod = first(first(spec.template)?.spec) ?? {};
  const service = String(meta.name ?? where.address);
  const namespace = text(meta.namespace);
  const hpa = resourcesOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2').map(([, h]) => h).find((h) => {
    const target = first(first(h?.spec)?.scale_target_ref);
    return target?.name === service && text(first(h?.metadata)?.namespace) === namespace;
  });
  const hpaSpec = hpa ? first(hpa.spec) : undefined;
  const min = count(hpaSpec?.min_replicas) ?? (hpaSpec ? 1 : undefined);
  const max = count(hpaSpec?.max_replicas);
  const cpuTarget = list(hpaSpec?.metric).map((m) => first(first(m?.resource)?.target)?.average_utilization).find((v) => typeof v === 'number');
  const replicas = count(spec.replicas);
  // The library escapes its annotations for Terraform: read them as Terraform does.
  const annotations = Object.fromEntries(Object.entries(isRecord(meta.annotations) ? meta.annotations : {})
    .filter((entry): entry is [string, string] => OBSERVED.has(entry[0]) && typeof entry[1] === 'string')
    .map(([k, v]) => [k, fromTerraformLiteral(v)]));
  return {
    ...where,
    ...owner,
    service,
    ...(namespace ? { namespace } : {}),
    managed: meta.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY,
    containers: list(pod.container).map(requestsOf),
    initContainers: list(pod.init_container).map(requestsOf),
    // Kubernetes runs 1 replica when the Deployment names none.
    ...(replicas !== undefined || spec.replicas === undefined ? { replicas: replicas ?? 1 } : {}),
    ...(min !== undefined && max !== undefined ? {
      autoscaling: { minReplicas: min, maxReplicas: max, ...(cpuTarget !== undefined ? { targetCpuUtilizationPercent: cpuTarget } : {}) },
    } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** A dashboard whose definition names it (`projects/<project>/dashboards/<id>`); none for one whose id is made at apply. */
function dashboardOf(where: Located, owner: Owner, resource: any): Dashboard | undefined {
  let definition: any;
  try {
    definition = typeof resource?.dashboard_json === 'string' ? JSON.parse(fromTerraformLiteral(resource.dashboard_json)) : undefined;
  } catch {
    return undefined;
  }
  const name = /^projects\/([^/$]+)\/dashboards\/([^/$]+)$/.exec(text(definition?.name) ?? '');
  if (!name) return undefined;
  return { ...where, ...owner, project: name[1], id: name[2], url: cloudMonitoringDashboardUrl(name[1], name[2]) };
}

/** A dashboard of the library's is `<team>-<env>`: whom its id names, else whom its stack names. */
function placedDashboard(d: Dashboard, teams: ReadonlySet<string>, environments: readonly string[]): Dashboard {
  for (const env of environments) {
    const team = d.id.endsWith(`-${env}`) ? d.id.slice(0, -env.length - 1) : undefined;
    if (team !== undefined && teams.has(team)) return { ...d, team, environment: env };
  }
  return d;
}

function sqlInstanceOf(where: Located, owner: Owner, instance: any): SqlInstance {
  const settings = first(instance?.settings) ?? {};
  const backup = first(settings.backup_configuration);
  return {
    ...where,
    ...owner,
    name: String(instance?.name ?? where.address),
    ...(text(instance?.region) ? { region: text(instance?.region) } : {}),
    database: text(settings.user_labels?.database) ?? String(instance?.name ?? where.address),
    managed: settings.user_labels?.['managed-by'] === MANAGED_BY,
    databaseVersion: String(instance?.database_version ?? ''),
    // The API's default edition (ENTERPRISE) when the configuration names none.
    edition: text(settings.edition) ?? 'ENTERPRISE',
    tier: String(settings.tier ?? ''),
    availability: text(settings.availability_type) ?? 'ZONAL',
    ...(count(settings.disk_size) !== undefined ? { diskGb: count(settings.disk_size) } : {}),
    diskType: text(settings.disk_type) ?? 'PD_SSD',
    backups: backup?.enabled === true,
    deletionProtection: instance?.deletion_protection !== false && settings.deletion_protection_enabled === true,
  };
}

function redisInstanceOf(where: Located, owner: Owner, instance: any): RedisInstance {
  return {
    ...where,
    ...owner,
    name: String(instance?.name ?? where.address),
    ...(text(instance?.region) ? { region: text(instance?.region) } : {}),
    database: text(instance?.labels?.database) ?? String(instance?.name ?? where.address),
    managed: instance?.labels?.['managed-by'] === MANAGED_BY,
    tier: text(instance?.tier) ?? 'BASIC',
    ...(count(instance?.memory_size_gb) !== undefined ? { memoryGb: count(instance?.memory_size_gb) } : {}),
  };
}
