/**
 * What a job that holds credentials runs of a team's stack: its synthesized
 * Terraform JSON alone, after checks that it cannot run a command. The team's
 * code (`npm ci`, `main.ts`) runs in the `check` job, which holds no
 * credentials; the jobs that hold a Google identity or a GitHub App key take
 * only `cdk.tf.json` from it.
 *
 * Terraform runs what a configuration asks for in three ways, each refused:
 * provisioners (`local-exec` and the others, https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax),
 * providers (every provider is a program Terraform starts; only the library's
 * three are allowed, as named in `required_providers` or implied by a resource
 * type's prefix, https://developer.hashicorp.com/terraform/language/providers/requirements#implicit-provider-source-addresses),
 * and provider `exec` blocks (the Kubernetes provider's credential plugin,
 * https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs#exec-plugins).
 * Functions that read the runner's files (`file`, `templatefile`, ...) are
 * refused as well.
 * Modules are refused too: their code is not in the JSON. After `terraform
 * init`, the dependency lock file it wrote names every provider it installed,
 * which must be among the allowed ones as well.
 */

/** The registry addresses of the providers the library's stacks use (`src/private/providers/`). */
export const ALLOWED_PROVIDER_SOURCES = [
  'registry.terraform.io/hashicorp/google',
  'registry.terraform.io/hashicorp/kubernetes',
  'registry.terraform.io/integrations/github',
] as const;

/**
 * Terraform's functions that read the local filesystem
 * (https://developer.hashicorp.com/terraform/language/functions): the
 * library's stacks call none, and in a job holding credentials they would read
 * the runner's files into a resource.
 */
const FILE_FUNCTIONS = ['file', 'filebase64', 'filebase64sha256', 'filebase64sha512', 'fileexists', 'filemd5', 'fileset', 'filesha1', 'filesha256', 'filesha512', 'templatefile', 'abspath', 'pathexpand'];

/** The top-level blocks cdktf writes; `module`, `check` and anything else is refused. */
const ALLOWED_BLOCKS = ['//', 'terraform', 'provider', 'resource', 'data', 'output', 'variable', 'locals', 'import', 'moved', 'removed'];

/**
 * A jq program that prints one line per problem of a stack's Terraform JSON
 * (nothing when it may run), given `--argjson allowed '<ALLOWED_PROVIDER_SOURCES>'`.
 */
export const STACK_RULES_JQ = [
  '# A provider source as the registry address Terraform resolves it to: "google" is registry.terraform.io/hashicorp/google.',
  'def address: ascii_downcase | if test("/") then . else "hashicorp/" + . end | if (split("/") | length) == 2 then "registry.terraform.io/" + . else . end;',
  '((.terraform.required_providers // {}) | to_entries | map({ key: .key, value: ((if (.value | type) == "object" and (.value.source | type) == "string" then .value.source else .key end) | address) }) | from_entries) as $sources',
  '| [',
  '  ($sources | to_entries[] | select(.value as $s | $allowed | index($s) | not) | "the provider \\"\\(.key)\\" comes from \\(.value), which is not one of the library\'s providers"),',
  `  (keys[] | select(IN(${ALLOWED_BLOCKS.map((b) => JSON.stringify(b)).join(', ')}) | not) | "a top-level \\"\\(.)\\" block is not allowed (modules and checks bring code or providers the JSON does not show)"),`,
  '  (((.resource // {}), (.data // {})) | keys[] | select((split("_")[0]) as $p | $p != "terraform" and ($sources | has($p) | not)) | "\\(.) needs a provider that is not allowed"),',
  '  (((.resource // {}), (.data // {})) | .[] | .[] | objects | .provider? // empty | select(type != "string" or ((split(".")[0]) as $p | $sources | has($p) | not)) | "a resource names the provider \\(tojson), which is not allowed"),',
  '  ((.provider // {}) | keys[] | select(. as $p | $sources | has($p) | not) | "a provider block configures \\"\\(.)\\", which is not allowed"),',
  '  (if [.. | objects | select(has("provisioner"))] | length > 0 then "a provisioner would run commands on the runner" else empty end),',
  '  (if [(.provider // {}) | .. | objects | select(has("exec"))] | length > 0 then "a provider exec block would run a command on the runner" else empty end),',
  `  (if [.. | strings | select(test("(^|[^$])\\\\$\\\\{[^}]*\\\\b(${FILE_FUNCTIONS.join('|')})\\\\("))] | length > 0 then "a Terraform function would read the runner's files (${FILE_FUNCTIONS.join(', ')})" else empty end),`,
  '  (if ((.terraform.backend // {}) | keys) != ["gcs"] then "the state is not in a Cloud Storage bucket (terraform.backend is not gcs)" else empty end)',
  '] | unique | .[]',
].join('\n');

/** What each job does with a stack once it is vetted and initialised. */
export enum StackCommand {
  /** `terraform plan` without the state lock: pull requests. */
  PLAN = 'plan',
  /** `terraform apply`: the deploy gates. */
  APPLY = 'apply',
}

/**
 * The lines of a bash step that, for each stack in `${STACKS}`, copies
 * `<from>/<stack>/cdk.tf.json` (re-serialized, so only JSON reaches Terraform)
 * into a fresh directory, refuses it with `STACK_RULES_JQ` (read from
 * `${STACK_RULES}`), runs `terraform init`, checks the providers it installed,
 * then plans or applies. A plan that fails is reported and the loop goes on;
 * the step fails at the end.
 */
export function stackScript(from: string, command: StackCommand): string[] {
  const run = command === StackCommand.PLAN
    ? [
      '  if terraform -chdir="${work}" plan -lock=false -input=false -no-color 2>&1 | tee "${work}/plan.txt"; then result="planned"; else result="failed"; status=1; fi',
      '  summary="$(grep -E \'^(Plan:|No changes)\' "${work}/plan.txt" | tail -n 1 || true)"',
      '  echo "- \\`${stack}\\`: ${result}. ${summary:-see the job log}" >> "${GITHUB_STEP_SUMMARY}"',
    ]
    : [
      '  terraform -chdir="${work}" apply -input=false -auto-approve -no-color',
    ];
  return [
    'status=0',
    `allowed='${JSON.stringify(ALLOWED_PROVIDER_SOURCES)}'`,
    'for stack in ${STACKS}; do',
    '  echo "::group::terraform ' + command + ' ${stack}"',
    '  work="${RUNNER_TEMP}/terraform/${stack}"',
    '  rm -rf "${work}" && mkdir -p "${work}"',
    `  jq . "${from}/\${stack}/cdk.tf.json" > "\${work}/cdk.tf.json"`,
    '  problems="$(jq -r --argjson allowed "${allowed}" "${STACK_RULES}" "${work}/cdk.tf.json")"',
    '  if [ -n "${problems}" ]; then',
    '    while IFS= read -r problem; do echo "::error title=${stack} refused::${problem}"; done <<< "${problems}"',
    '    exit 1',
    '  fi',
    '  terraform -chdir="${work}" init -input=false -no-color',
    '  for provider in $(sed -n \'s/^provider "\\(.*\\)" {$/\\1/p\' "${work}/.terraform.lock.hcl"); do',
    '    if ! jq -e --arg p "${provider}" \'index($p) != null\' <<< "${allowed}" > /dev/null; then echo "::error title=${stack} refused::terraform init installed ${provider}, which is not one of the library\'s providers"; exit 1; fi',
    '  done',
    ...run,
    '  echo "::endgroup::"',
    'done',
    'exit "${status}"',
  ];
}
