import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { compiled } from './setup/compiled-js';

/**
 * The platform repository and two team repositories, each synthesized in its
 * own process and output directory, as three CI pipelines would: no
 * real-world resource (its type and the name that identifies it in GitHub,
 * Google Cloud or Kubernetes) may be created by more than one of them, or the
 * second apply fails with "already exists" and a destroy in one repository
 * deletes what another one uses.
 */

const ROOT = path.join(__dirname, '..');
const REPOSITORIES: Record<string, string> = {
  'platform': path.join(ROOT, 'examples', 'platform', 'main.ts'),
  'team-payments': path.join(ROOT, 'examples', 'team-payments', 'main.ts'),
  'team-search': path.join(ROOT, 'test', 'fixtures', 'team-search', 'main.ts'),
};

/**
 * What names a resource in the real world, by Terraform type: two resources
 * with the same identity are the same thing in GitHub, Google Cloud or the cluster.
 */
const IDENTITY: Record<string, (r: any) => unknown[]> = {
  github_team: (r) => [r.name],
  github_team_membership: (r) => [r.team_id, r.username],
  github_repository: (r) => [r.name],
  github_repository_file: (r) => [r.repository, r.file],
  github_repository_ruleset: (r) => [r.repository, r.name],
  github_branch_default: (r) => [r.repository],
  github_team_repository: (r) => [r.repository, r.team_id],
  github_repository_environment: (r) => [r.repository, r.environment],
  github_repository_environment_deployment_policy: (r) => [r.repository, r.environment],
  github_actions_variable: (r) => [r.repository, r.variable_name],
  github_actions_environment_variable: (r) => [r.repository, r.environment, r.variable_name],
  github_actions_secret: (r) => [r.repository, r.secret_name],
  github_actions_environment_secret: (r) => [r.repository, r.environment, r.secret_name],
  github_actions_repository_oidc_subject_claim_customization_template: (r) => [r.repository],
  google_storage_bucket: (r) => [r.name],
  google_project: (r) => [r.project_id],
  google_compute_shared_vpc_service_project: (r) => [r.host_project, r.service_project],
  google_storage_bucket_iam_member: (r) => [r.bucket, r.role, r.member, r.condition],
  google_iam_workload_identity_pool: (r) => [r.project, r.workload_identity_pool_id],
  google_iam_workload_identity_pool_provider: (r) => [r.project, r.workload_identity_pool_id, r.workload_identity_pool_provider_id],
  google_project_service: (r) => [r.project, r.service],
  google_service_account: (r) => [r.project, r.account_id],
  google_service_account_iam_member: (r) => [r.service_account_id, r.role, r.member],
  google_project_iam_member: (r) => [r.project, r.role, r.member, r.condition],
  google_artifact_registry_repository: (r) => [r.project, r.location, r.repository_id],
  google_artifact_registry_repository_iam_member: (r) => [r.project, r.location, r.repository, r.role, r.member],
  google_billing_budget: (r) => [r.billing_account, r.display_name],
  // Cloud Monitoring names these itself (a server-made id): two are the same when they show as the same.
  google_monitoring_notification_channel: (r) => [r.project, r.type, r.labels, r.display_name],
  google_monitoring_custom_service: (r) => [r.project, r.service_id],
  google_monitoring_monitored_project: (r) => [r.name],
  google_monitoring_slo: (r) => [r.project, r.display_name],
  google_monitoring_alert_policy: (r) => [r.project, r.display_name],
  google_sql_database_instance: (r) => [r.project, r.name],
  google_sql_database: (r) => [r.project, r.instance, r.name],
  google_sql_user: (r) => [r.project, r.instance, r.name],
  google_redis_instance: (r) => [r.project, r.region, r.name],
  google_compute_global_address: (r) => [r.project, r.name],
  google_secret_manager_secret: (r) => [r.project, r.secret_id],
  google_secret_manager_secret_version: (r) => [r.secret],
  google_secret_manager_secret_iam_member: (r) => [r.project, r.secret_id, r.role, r.member],
  google_service_networking_connection: (r) => [r.network, r.service],
  google_pubsub_topic: (r) => [r.project, r.name],
  google_pubsub_topic_iam_member: (r) => [r.project, r.topic, r.role, r.member],
  google_project_iam_custom_role: (r) => [r.project, r.role_id],
  // A dashboard given a name is that dashboard id in its project (Terraform JSON escapes `${` in the document; the name has none).
  google_monitoring_dashboard: (r) => [r.project, JSON.parse(r.dashboard_json).name ?? JSON.parse(r.dashboard_json).displayName],
  github_issue_label: (r) => [r.repository, r.name],
};

/** Kubernetes objects are named by kind, namespace and name (cluster-scoped: kind and name). */
function identityOf(type: string, r: any, cluster: string): string {
  const byType = IDENTITY[type];
  if (byType) return `${type} ${JSON.stringify(byType(r))}`;
  // A manifest is the object it holds: its kind, namespace and name.
  if (type === 'kubernetes_manifest') return `${type} ${JSON.stringify([cluster, r.manifest?.kind, r.manifest?.metadata?.namespace ?? '', r.manifest?.metadata?.name])}`;
  if (type.startsWith('kubernetes_')) return `${type} ${JSON.stringify([cluster, r.metadata?.namespace ?? '', r.metadata?.name])}`;
  throw new Error(`no identity known for ${type}: add it to IDENTITY`);
}

const run = promisify(execFile);

/**
 * Every real-world identity each repository's output creates, with where, and
 * those it adopts (a resource with an import block: another repository created it).
 */
function identities(outdir: string): { created: Map<string, string>; adopted: Map<string, string> } {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const created = new Map<string, string>();
  const adopted = new Map<string, string>();
  for (const [name, stack] of Object.entries<any>(manifest.stacks)) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'));
    const cluster = JSON.stringify(Object.values(json.data?.google_container_cluster ?? {}).map((c: any) => [c.project, c.location, c.name]));
    const imported = new Set((json.import ?? []).map((i: any) => i.to));
    for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
      for (const [address, r] of Object.entries(byName)) {
        const id = identityOf(type, r, cluster);
        const found = imported.has(`${type}.${address}`) ? adopted : created;
        expect({ id, first: found.get(id) }).toEqual({ id, first: undefined });
        found.set(id, `${name}: ${type}.${address}`);
      }
    }
  }
  return { created, adopted };
}

describe('three repositories, three processes', () => {
  const outdirs: Record<string, string> = {};

  beforeAll(async () => {
    await Promise.all(Object.entries(REPOSITORIES).map(async ([repo, main]) => {
      outdirs[repo] = fs.mkdtempSync(path.join(os.tmpdir(), `${repo}-`));
      // Each app on the repository transpiled once per jest run (test/setup/compiled-js.ts), in its own folder.
      await run(process.execPath, [compiled(main)], {
        cwd: path.dirname(main),
        env: { ...process.env, CDKTF_OUTDIR: outdirs[repo] },
        maxBuffer: 16 * 1024 * 1024,
      });
    }));
  }, 180_000);

  test('each repository synthesizes its own stacks', () => {
    const stacks = (repo: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(outdirs[repo], 'manifest.json'), 'utf8')).stacks).sort();
    const onboarding = (team: string) => [`onboarding-${team}`, `onboarding-${team}-dev`, `onboarding-${team}-prod`, `onboarding-${team}-staging`];
    expect(stacks('platform')).toEqual(['foundation', ...onboarding('payments'), ...onboarding('search'), 'platform', 'platform-dev', 'platform-prod', 'platform-staging']);
    expect(stacks('team-payments')).toEqual(['payments', 'payments-dev', 'payments-prod', 'payments-staging']);
    expect(stacks('team-search')).toEqual(['search', 'search-dev', 'search-prod', 'search-staging']);
  });

  test('no real-world resource is created by more than one repository', () => {
    const owners = new Map<string, string[]>();
    const adopters = new Map<string, string[]>();
    for (const [repo, outdir] of Object.entries(outdirs)) {
      const { created, adopted } = identities(outdir);
      for (const [id, where] of created) owners.set(id, [...(owners.get(id) ?? []), `${repo} (${where})`]);
      for (const [id, where] of adopted) adopters.set(id, [...(adopters.get(id) ?? []), `${repo} (${where})`]);
    }
    const shared = [...owners.entries()].filter(([, where]) => where.length > 1);
    expect(shared).toEqual([]);
    // What a team repository adopts (its service repositories), the platform repository created, and one team adopts it.
    expect([...adopters.entries()].map(([id, where]) => [id, where.length, owners.get(id)?.map((o) => o.split(' ')[0])]).sort()).toEqual([
      ['github_repository ["payment-service"]', 1, ['platform']],
      ['github_repository ["search-api"]', 1, ['platform']],
    ]);
    // The check has something to compare: every repository creates GitHub, Google and Kubernetes resources.
    expect(owners.size).toBeGreaterThan(200);
    expect([...owners.keys()].filter((id) => id.startsWith('google_iam_workload_identity_pool '))).toHaveLength(1);
  });

  test('only the platform repository writes platform.json; every repository writes its catalog', () => {
    expect(fs.existsSync(path.join(outdirs.platform, 'platform.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdirs['team-payments'], 'platform.json'))).toBe(false);
    for (const outdir of Object.values(outdirs)) expect(fs.existsSync(path.join(outdir, 'catalog-info.yaml'))).toBe(true);
  });
});
