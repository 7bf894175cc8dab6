import { ElementKind, GuardrailLevel, GuardrailPack, type BuiltInRuleDefinition } from '../rule';
import { moduleHidden } from '../rules/terraform/module-hidden';
import { runsOnRunner, runsOnRunnerScope } from '../rules/terraform/runs-on-runner';
import { unjudgedType, unjudgedTypeScope } from '../rules/terraform/unjudged-type';

const pack = GuardrailPack.TERRAFORM;
const { ERROR } = GuardrailLevel;

/** The Terraform pack: what Terraform runs on the machine that applies, what modules hide, and in production what no other pack judges. */
export const TERRAFORM_RULES: readonly BuiltInRuleDefinition[] = [
  {
    id: 'GP-TF-001',
    pack,
    name: 'runs-on-runner',
    level: ERROR,
    checks: 'no provisioner (`local-exec`, `remote-exec`, `file`) and no `external` data source: they run programs on the machine that plans or applies, with its credentials',
    check: runsOnRunner,
    judges: runsOnRunnerScope,
    message: 'A provisioner or an external data source runs a program on the machine that plans or applies the stack, with its credentials.',
    fix: 'Remove the provisioner or the external data source and do the work in a resource of a provider (or in the CI workflow); if a reviewer accepted it, suppress GP-TF-001 on it with the reason.',
  },
  {
    id: 'GP-TF-002',
    pack,
    name: 'module-hidden',
    level: ERROR,
    checks: 'no module: its resources are not in `cdk.tf.json`, so no rule judges them (a reviewed module needs a suppression)',
    check: moduleHidden,
    judges: (kind) => kind === ElementKind.MODULE,
    message: 'A module is called: its resources are not in cdk.tf.json, so no guardrail judges what it makes or runs.',
    fix: 'Write its resources as constructs of the stack, or suppress GP-TF-002 on the module with the reason a reviewer accepted (its source pinned to a reviewed version).',
  },
  {
    id: 'GP-TF-003',
    pack,
    name: 'unjudged-type',
    level: ERROR,
    checks: 'in production, every resource is of a type the guardrails know (judged, or made by the library) and data sources come from the Google, Kubernetes, GitHub or Terraform providers; anything else (`kubectl_manifest`, `helm_release`, `google_alloydb_*`, `google_spanner_*`, ...) needs a suppression with the reason a reviewer accepted',
    check: unjudgedType,
    judges: unjudgedTypeScope,
    message: 'A production resource (or a data source of another provider) is of a type no guardrail judges, so whether it runs code, opens access or holds data unprotected is not checked.',
    fix: 'Use a type the guardrails judge, or suppress GP-TF-003 on it (Guardrails.suppress(construct, "GP-TF-003", reason)) with the reason a reviewer accepted.',
  },
];
