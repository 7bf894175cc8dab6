import { isKnownResourceType, providerOf, READ_ONLY_DATA_PROVIDERS } from './known-types';
import { type ElementScope, ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';

/** What an unknown type may do, for the finding: the types most often met, then any other. */
function whatItMayDo(e: TerraformElement): string {
  const t = e.elementType;
  if (/^(kubectl|helm|kustomization|k8s)_/.test(t)) return 'applies Kubernetes objects (or charts) that no rule reads';
  if (/^google_(alloydb|spanner|bigtable|firestore|datastore|bigquery|memcache|redis_cluster|sql|oracle|mongodb|looker)_/.test(t)) return 'is a database or data store whose backups, public access and deletion protection no rule judges';
  if (/^google_(cloud_run|cloudfunctions|compute_instance|compute_region_instance|container_|cloudbuild|composer|dataflow|dataproc|workflows|cloud_scheduler|app_engine|workbench|notebooks|vertex_ai)/.test(t)) return 'runs code no rule judges';
  if (e.kind === ElementKind.DATA) return 'is read by a provider that may run a program or call out during every plan';
  return 'may run code, open access or hold data, and no rule judges it';
}

/**
 * In production, every resource is of a type the guardrails know: judged by
 * a rule, or one the library's constructs make (`known-types.ts`); data
 * sources come from the Google, Kubernetes, GitHub or Terraform providers,
 * which only read. Anything else (`kubectl_manifest`, `helm_release`,
 * `google_alloydb_cluster`, `google_spanner_instance`, `google_cloud_run_v2_service`,
 * a data source of another provider) may run code, open access or hold data
 * with no rule looking: it needs a suppression whose reason a reviewer
 * accepted.
 */
export function unjudgedType(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.kind === ElementKind.RESOURCE) {
    if (isKnownResourceType(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  } else if (e.kind === ElementKind.DATA) {
    // The external data source is GP-TF-001's.
    if (READ_ONLY_DATA_PROVIDERS.has(providerOf(e.elementType)) || e.elementType === 'external') return RuleCompliance.NOT_APPLICABLE;
  } else {
    return RuleCompliance.NOT_APPLICABLE;
  }
  if (!stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  return nonCompliant(`${e.kind === ElementKind.DATA ? 'data source' : 'resource'} type ${e.elementType} ${whatItMayDo(e)}, in production environment "${stack.environmentOf(e)}"; suppress GP-TF-003 on ${e.constructPath ?? e.address} with the reason a reviewer accepted`);
}

/** The elements GP-TF-003 judges: resources of types no rule knows, and data sources of providers that may do more than read. */
export const unjudgedTypeScope: ElementScope = (kind, type) =>
  (kind === ElementKind.RESOURCE && !isKnownResourceType(type))
  || (kind === ElementKind.DATA && !(READ_ONLY_DATA_PROVIDERS.has(providerOf(type)) || type === 'external'));
