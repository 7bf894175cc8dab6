import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { tryFindPlatformRepository } from './platform-repository';
import { platformStatus } from './platform-status';
import { onPath, run } from './process';
import { serviceContainer } from './synthesized-deployment';
import { findRepository, readJson, type RepositoryEnvironment, synthOutput, type TeamRepository } from './team-repository';

export const STATUS = {
  name: 'status',
  usage: `Usage: golden-paths status [service] [--live] [--no-synth]
       golden-paths status [team] [--no-synth]        (in the platform repository)

Per environment, what the team declares for each service (or one): the image policy, the
replicas or autoscaling range, its databases, its namespace and in-cluster URL, read from the
synthesized Terraform. In the platform repository: the environments, the foundation and each team
(or one): onboarded or declared here, its repositories or its services and databases, its stacks
and their resources.

Options:
  --live      also show each Deployment's rollout status, from its environment's cluster (kubectl
              context gke_<project>_<location>_<cluster>, as gcloud container clusters get-credentials names it)
  --no-synth  read the existing cdktf.out instead of synthesizing
  -h, --help  show this help`,
  options: {
    'live': { type: 'boolean' },
    'no-synth': { type: 'boolean' },
  },
  positionals: [0, 1],
} as const;

/** What one environment stack declares for one service. */
export interface DeclaredService {
  readonly service: string;
  readonly environment: string;
  readonly namespace: string;
  readonly image: string;
  /** `autoscaling <min>-<max> at <cpu>% CPU`, or `<n> replicas`. */
  readonly scaling: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly replicas?: number;
  readonly databases: string[];
  readonly url: string;
}

/** The services every environment stack of `repo` declares, from the synth output in `outdir`. */
export function declaredServices(repo: TeamRepository, outdir: string): DeclaredService[] {
  const manifest = readJson(path.join(outdir, 'manifest.json'));
  const connected = connectedDatabases(repo);
  const found: DeclaredService[] = [];
  for (const env of repo.environments) {
    const stack = manifest.stacks?.[`${repo.team}-${env.name}`];
    if (!stack) continue;
    const config = readJson(path.join(outdir, stack.synthesizedStackPath));
    const resources = config.resource ?? {};
    const hpas = Object.values<any>(resources.kubernetes_horizontal_pod_autoscaler_v2 ?? {});
    const services = Object.values<any>(resources.kubernetes_service_v1 ?? {});
    const databases = [
      ...Object.values<any>(resources.google_sql_database_instance ?? {}).map((d) => ({ name: d.name as string, what: `${d.database_version} ${d.settings?.[0]?.tier ?? d.settings?.tier ?? ''}`.trim() })),
      ...Object.values<any>(resources.google_redis_instance ?? {}).map((d) => ({ name: d.name as string, what: `redis ${d.tier} ${d.memory_size_gb} GB` })),
    ];
    for (const deployment of Object.values<any>(resources.kubernetes_deployment_v1 ?? {})) {
      const meta = first(deployment.metadata);
      const name = meta.name as string;
      const namespace = meta.namespace as string;
      const container = serviceContainer(deployment);
      const hpa = hpas.find((h) => first(first(h.spec).scale_target_ref).name === name);
      const hpaSpec = hpa ? first(hpa.spec) : undefined;
      const cpu = hpaSpec ? first(first(first(hpaSpec.metric)?.resource)?.target)?.average_utilization : undefined;
      const svc = services.find((s) => first(s.metadata).name === name);
      const port = svc ? first(first(svc.spec).port)?.port : undefined;
      const ignoresImage = (deployment.lifecycle?.ignore_changes ?? []).some((c: string) => /image/.test(c));
      found.push({
        service: name,
        environment: env.name,
        namespace,
        image: `${container?.image}${ignoresImage ? ' (initial; CI rolls out each build by digest)' : ''}`,
        scaling: hpaSpec ? `autoscaling ${hpaSpec.min_replicas}-${hpaSpec.max_replicas}${cpu ? ` at ${cpu}% CPU` : ''}` : `${first(deployment.spec).replicas} replicas`,
        minReplicas: hpaSpec?.min_replicas,
        maxReplicas: hpaSpec?.max_replicas,
        replicas: hpaSpec ? undefined : Number(first(deployment.spec).replicas),
        // Each database's instance of an environment is <database>-<environment>.
        databases: databases.filter((d) => (connected.get(name) ?? []).some((db) => d.name === `${db}-${env.name}`)).map((d) => `${d.name} (${d.what})`),
        url: `http://${name}.${namespace}.svc.cluster.local${port ? `:${port}` : ''}`,
      });
    }
  }
  return found;
}

/** The databases each service declared under services/ uses: those it names, and its own `<service>-db`. */
function connectedDatabases(repo: TeamRepository): Map<string, string[]> {
  const connected = new Map<string, string[]>();
  for (const file of fs.existsSync(repo.servicesDir) ? fs.readdirSync(repo.servicesDir).filter((f) => f.endsWith('.json')) : []) {
    const json = readJson(path.join(repo.servicesDir, file));
    if (json.kind !== 'service') continue;
    connected.set(json.name, [...(Array.isArray(json.databases) ? json.databases : []), ...(json.database ? [`${json.name}-db`] : [])]);
  }
  return connected;
}

/** cdktf writes single blocks as objects and repeated ones as arrays: the first either way. */
function first(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

/** `golden-paths status`. */
export async function status(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(STATUS, argv);
  const platform = tryFindPlatformRepository(io.cwd);
  if (platform) return platformStatus(platform, io, { noSynth: values['no-synth'] === true, live: values.live === true, team: positionals[0] });
  const repo = findRepository(io.cwd);
  const outdir = await synthOutput(repo, io, values['no-synth'] === true, 'status');
  const all = declaredServices(repo, outdir);
  const wanted = positionals[0];
  const shown = wanted === undefined ? all : all.filter((s) => s.service === wanted);
  if (wanted !== undefined && shown.length === 0) {
    throw CliError.invalid('status', { prop: 'service', value: wanted, problem: 'is not a service of this team', fix: `use one of ${[...new Set(all.map((s) => s.service))].join(', ') || '(none yet: golden-paths add service <name>)'}` });
  }
  if (shown.length === 0) io.out('No services yet. Add one: golden-paths add service <name>');
  const live = values.live === true && onPath('kubectl');
  for (const env of repo.environments) {
    const here = shown.filter((s) => s.environment === env.name);
    if (here.length === 0) continue;
    io.out(paint(io, 'bold', `${env.name}${env.production ? ' (production)' : ''}: stack ${repo.team}-${env.name}`));
    // Each environment's own cluster, never kubectl's current context: dev, staging and prod run on different clusters.
    const context = live ? await kubeContext(repo, env) : undefined;
    if (context?.missing) io.out(`  rollout: ${paint(io, 'yellow', context.missing)}`);
    for (const s of here) {
      io.out(`  ${s.service}`);
      io.out(`    image:     ${s.image}`);
      io.out(`    scaling:   ${s.scaling}`);
      io.out(`    databases: ${s.databases.join(', ') || 'none'}`);
      io.out(`    namespace: ${s.namespace}, ${s.url}`);
      if (context && !context.missing) {
        const { code, stderr } = await run('kubectl', [
          '--context', context.name, '--request-timeout', '5s',
          'rollout', 'status', `deployment/${s.service}`, '--namespace', s.namespace, '--timeout', '5s',
        ], { cwd: repo.root });
        io.out(`    rollout:   ${code === 0 ? paint(io, 'green', 'complete') : paint(io, 'yellow', stderr.trim().split('\n').pop() ?? 'not complete')}`);
      }
    }
  }
  if (values.live && !live) io.out('Live status not shown: kubectl is not on the PATH (install it, and get each cluster\'s credentials with gcloud container clusters get-credentials).');
  return 0;
}

/**
 * The kubectl context of an environment's cluster: the name `gcloud container
 * clusters get-credentials` gives it, `gke_<project>_<location>_<cluster>`
 * (KUBECONTEXT_FORMAT in the Cloud SDK's googlecloudsdk/api_lib/container/util.py),
 * and, when kubectl's configuration has no such context, what to run to get it.
 */
async function kubeContext(repo: TeamRepository, env: RepositoryEnvironment): Promise<{ name: string; missing?: string }> {
  const { cluster, location, project } = env.target;
  const name = `gke_${project}_${location}_${cluster}`;
  const { code } = await run('kubectl', ['config', 'get-contexts', name, '--output', 'name'], { cwd: repo.root });
  if (code === 0) return { name };
  return { name, missing: `kubectl has no context ${name}. Get it: gcloud container clusters get-credentials ${cluster} --location ${location} --project ${project}` };
}
