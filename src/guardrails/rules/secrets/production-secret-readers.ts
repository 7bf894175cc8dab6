import { parse } from 'yaml';
import { describeRole, readsSecretPayloads } from './secret-reading-roles';
import { MANIFEST_TYPE, manifestKind } from '../../manifest';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { block, dig, list, literal, map, unresolved } from '../../values';
import { grantsOf, isIamResource } from '../google/iam';
import { isWorkload, podSpecOf } from '../kubernetes/workloads';

/** The Secret Manager secret type. */
const SECRET_TYPE = 'google_secret_manager_secret';
/** IAM on one secret: `google_secret_manager_secret_iam_member`, `_binding`, `_policy`. */
const SECRET_IAM = /^google_secret_manager_secret_iam_(member|binding|policy)$/;

/** The Kubernetes annotation that names a service account's Google service account (Workload Identity). */
const WORKLOAD_IDENTITY_ANNOTATION = 'iam.gke.io/gcp-service-account';

/**
 * A member as a principal identifier: a literal as written; a Google service
 * account of the stack named by reference (`serviceAccount:${google_service_account.x.email}`,
 * `${google_service_account.x.member}`) as its email when its id and project are
 * written, else as `serviceAccount:<its address>`; undefined for any other expression.
 */
function principalOf(value: unknown, stack: StackView): string | undefined {
  const written = literal(value);
  if (written !== undefined) return written.trim();
  if (typeof value !== 'string') return undefined;
  const m = /^(serviceAccount:)?\$\{(google_service_account\.[A-Za-z0-9_-]+)\.(email|member)\}$/.exec(value.trim());
  if (!m || (m[1] === undefined) !== (m[3] === 'member')) return undefined;
  const account = stack.element(m[2]);
  if (account === undefined) return undefined;
  const id = literal(stack.resolve(account.config?.account_id));
  const project = projectOf(account.config?.project, stack);
  return `serviceAccount:${id !== undefined && project !== undefined ? `${id}@${project}.iam.gserviceaccount.com` : account.address}`;
}

/** One identity, not a set of them or a person: a service account, or one Workload Identity principal. */
function isSingleIdentity(member: string): boolean {
  return member.startsWith('serviceAccount:') || member.startsWith('principal://');
}

/** A secret's project and id, as written (literals only). */
function secretKey(secret: TerraformElement, stack: StackView): string | undefined {
  const id = literal(stack.resolve(secret.config?.secret_id));
  const project = projectOf(secret.config?.project, stack);
  return id === undefined || project === undefined ? undefined : `${project}/${id}`;
}

/** A project attribute's literal id: written, or read from the `google_project` it refers to. */
function projectOf(value: unknown, stack: StackView): string | undefined {
  const ref = stack.referenced(value);
  if (ref?.elementType === 'google_project') return literal(ref.config?.project_id);
  return literal(stack.resolve(value));
}

/**
 * The Google service accounts that mount each secret (by `project/id`): a
 * SecretProviderClass that names one of its versions, a workload whose pod
 * mounts that class as a CSI volume, and the Workload Identity annotation of
 * the pod's Kubernetes service account (GKE's Secret Manager add-on reads as
 * it: https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component).
 */
function mountingAccounts(stack: StackView): Map<string, Set<string>> {
  return stack.cached('secret-mounting-accounts', () => {
    const classes = new Map<string, string[]>();
    for (const m of stack.resources(MANIFEST_TYPE)) {
      if (manifestKind(m.config) !== 'SecretProviderClass') continue;
      const manifest = block(m.config.manifest);
      const name = literal(block(manifest.metadata)?.name);
      const namespace = literal(block(manifest.metadata)?.namespace);
      const text = literal(block(block(manifest.spec)?.parameters)?.secrets);
      if (name === undefined || namespace === undefined || text === undefined) continue;
      let entries: unknown;
      try {
        entries = parse(text);
      } catch {
        continue;
      }
      const secrets = list(entries).flatMap((entry: any) => {
        const found = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/[^/]+$/.exec(String(entry?.resourceName ?? ''));
        return found ? [`${found[1]}/${found[2]}`] : [];
      });
      classes.set(`${namespace}/${name}`, secrets);
    }
    const accounts = new Map<string, Set<string>>();
    if (classes.size === 0) return accounts;
    for (const w of stack.resources(...workloadTypes(stack))) {
      const namespace = stack.namespaceOf(w).name;
      const pod = podSpecOf(w) ?? {};
      if (namespace === undefined) continue;
      const mounted = list(pod.volume).flatMap((v: any) => {
        const cls = literal(map(dig(block(v), 'csi', 'volume_attributes')).secretProviderClass);
        return cls === undefined ? [] : classes.get(`${namespace}/${cls}`) ?? [];
      });
      if (mounted.length === 0) continue;
      const ksa = literal(pod.service_account_name) ?? 'default';
      const email = stack.inSameNamespace(w, 'kubernetes_service_account_v1', 'kubernetes_service_account')
        .filter((sa) => literal(dig(sa.config, 'metadata', 'name')) === ksa)
        .map((sa) => literal(map(dig(sa.config, 'metadata', 'annotations'))[WORKLOAD_IDENTITY_ANNOTATION]))
        .find((e) => e !== undefined);
      if (email === undefined) continue;
      for (const key of mounted) accounts.set(key, new Set([...(accounts.get(key) ?? []), `serviceAccount:${email}`]));
    }
    return accounts;
  });
}

/** The workload types present in the stack (every type the Kubernetes pack reads a pod spec of). */
function workloadTypes(stack: StackView): string[] {
  return stack.cached('workload-types', () => [...new Set(stack.elements.filter(isWorkload).map((e) => e.elementType))]);
}

/** The production secrets of the stack that an IAM resource on one secret names. */
function namedSecrets(e: TerraformElement, stack: StackView): TerraformElement[] {
  const value = e.config?.secret_id;
  const ref = stack.referenced(value);
  if (ref !== undefined) return ref.elementType === SECRET_TYPE ? [ref] : [];
  const written = literal(stack.resolve(value));
  if (written === undefined) return [];
  const full = /^projects\/([^/]+)\/secrets\/([^/]+)$/.exec(written);
  const key = full ? `${full[1]}/${full[2]}` : `${projectOf(e.config?.project, stack) ?? '?'}/${written}`;
  return stack.resources(SECRET_TYPE).filter((s) => secretKey(s, stack) === key);
}

/** Where an IAM resource grants, and the production secrets of the stack that reaches. */
function reach(e: TerraformElement, stack: StackView): { scope: string; onSecret: boolean; secrets: TerraformElement[] } | undefined {
  const production = stack.resources(SECRET_TYPE).filter((s) => stack.isProduction(s));
  if (production.length === 0) return undefined;
  if (SECRET_IAM.test(e.elementType)) {
    return { scope: 'on the secret', onSecret: true, secrets: namedSecrets(e, stack).filter((s) => production.includes(s)) };
  }
  if (e.elementType.startsWith('google_project_iam_')) {
    const project = projectOf(e.config?.project, stack);
    if (project === undefined) return undefined;
    return { scope: `on project "${project}", every secret of which it reads`, onSecret: false, secrets: production.filter((s) => projectOf(s.config?.project, stack) === project) };
  }
  if (e.elementType.startsWith('google_folder_iam_') || e.elementType.startsWith('google_organization_iam_')) {
    return { scope: `on ${e.elementType.startsWith('google_folder') ? 'a folder' : 'an organization'}, every secret under which it reads`, onSecret: false, secrets: production };
  }
  return undefined;
}

/**
 * Whether an IAM resource reaches production secrets of its own stack: then
 * this rule judges it, naming them, and GP-SEC-005 leaves it alone.
 */
export function reachesProductionSecretsOfStack(e: TerraformElement, stack: StackView): boolean {
  return (reach(e, stack)?.secrets.length ?? 0) > 0;
}

/**
 * The single identities that read a secret through IAM on the secret itself
 * (every such resource of the stack), for a secret no workload mounts.
 */
function secretLevelReaders(secret: TerraformElement, stack: StackView): Set<string> {
  return stack.cached(`secret-readers:${secret.address}`, () => {
    const found = new Set<string>();
    for (const e of stack.elements) {
      if (!isIamResource(e) || !SECRET_IAM.test(e.elementType) || !namedSecrets(e, stack).includes(secret)) continue;
      for (const grant of grantsOf(e, stack)) {
        if (readsSecretPayloads(grant.role, stack) === 'no') continue;
        for (const m of grant.members) {
          const member = principalOf(m, stack);
          if (member !== undefined && isSingleIdentity(member)) found.add(member);
        }
      }
    }
    return found;
  });
}

/**
 * In production, a Secret Manager secret is read by its service's own
 * account and nobody else: a grant of a role that reads payloads (on the
 * secret, or on its project, folder or organization, which read every secret
 * in them) goes to the Google service account of the workload that mounts
 * the secret (a SecretProviderClass naming it, a pod mounting the class, the
 * Workload Identity annotation of the pod's service account), or, when no
 * workload of the stack mounts it, to one service account alone; the
 * platform's break-glass members (`guardrails.breakGlassMembers`) may read
 * too. Anyone else (a person, a group, another service, a domain, a project's
 * every account) is a finding on the grant, naming the secret. The stack is
 * what is judged: grants made in other stacks are not seen.
 */
export function productionSecretReaders(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isIamResource(e)) return RuleCompliance.NOT_APPLICABLE;
  const reached = reach(e, stack);
  if (reached === undefined || reached.secrets.length === 0) return RuleCompliance.NOT_APPLICABLE;
  const breakGlass = new Set(stack.breakGlassMembers);
  const problems: string[] = [];
  for (const grant of grantsOf(e, stack)) {
    const reading = readsSecretPayloads(grant.role, stack);
    if (reading === 'no') continue;
    const role = describeRole(grant.role, stack);
    const how = reading === 'yes' ? `${role} ${reached.scope}` : `${role} ${reached.scope}, which may read payloads (its permissions are not in the configuration)`;
    for (const m of grant.members) {
      const member = principalOf(m, stack);
      if (member === undefined) {
        problems.push(`${unresolved('member', m)}, and it may read production secret${reached.secrets.length === 1 ? '' : 's'} ${names(reached.secrets, stack)} (${how})`);
        continue;
      }
      if (breakGlass.has(member)) continue;
      for (const secret of reached.secrets) {
        const why = notItsReader(member, secret, reached.onSecret, stack);
        if (why !== undefined) problems.push(`${member} reads production secret ${names([secret], stack)} (${how}): ${why}`);
      }
    }
  }
  return judge([...new Set(problems)]);
}

/** Why `member` may not read `secret`, or undefined when it is the secret's service's account. */
function notItsReader(member: string, secret: TerraformElement, onSecret: boolean, stack: StackView): string | undefined {
  if (!onSecret) return 'a role there reads every secret, so only a break-glass member may hold it';
  const key = secretKey(secret, stack);
  const mounting = key === undefined ? undefined : mountingAccounts(stack).get(key);
  if (mounting !== undefined && mounting.size > 0) {
    return mounting.has(member) ? undefined
      : `only the account of the workload that mounts it (${[...mounting].map((a) => a.slice('serviceAccount:'.length)).join(', ')}) or a break-glass member may`;
  }
  if (!isSingleIdentity(member)) return 'only its service\'s account or a break-glass member may';
  const readers = secretLevelReaders(secret, stack);
  return readers.size <= 1 ? undefined : `one of ${readers.size} service accounts that read it, and a secret is its service's alone`;
}

/** Secrets for a detail: their ids in quotes. */
function names(secrets: readonly TerraformElement[], stack: StackView): string {
  return secrets.map((s) => JSON.stringify(literal(stack.resolve(s.config?.secret_id)) ?? s.address)).join(', ');
}
