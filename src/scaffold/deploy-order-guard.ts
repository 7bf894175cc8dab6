/** The deploy job's step that compares the commit it deploys with the one the environment runs. */
export const ORDER_STEP = 'order';

/**
 * The deploy job's order guard. A concurrency group lets one deploy per
 * environment run, keeps at most one pending and cancels an older pending one
 * when another queues, but it does not order them: "When concurrency is
 * specified at the job level, order is not guaranteed for jobs or runs that
 * queue within 5 minutes of each other" (GitHub, "Control the concurrency of
 * workflows and jobs"), and a re-run of an old run queues late by design. So
 * before rolling out, the job reads the commit the Deployment runs (the
 * `kubernetes.io/change-cause` annotation the rollout writes,
 * `<owner>/<repo>@<sha> by <actor>`, which `kubectl rollout undo` restores with
 * the ReplicaSet) and asks GitHub's compare API how this run's commit relates
 * to it (`GET /repos/{owner}/{repo}/compare/{base}...{head}`, status `ahead`,
 * `behind`, `identical` or `diverged`). `behind` (the environment runs a newer
 * commit) skips the rollout with a notice and `older=true`; anything else, no
 * Deployment yet, another repository's or no annotation, and Forbidden (the
 * deployer's RoleBinding not applied yet, which the rollout waits out) rolls
 * out. A failed comparison fails the job before anything is changed, so the
 * rollback step (for failed rollouts) does not run.
 */
export const ORDER_GUARD = [
  'errors="$(mktemp)"',
  'if ! running="$(kubectl get deployment "${SERVICE}" --namespace "${NAMESPACE}" --ignore-not-found \\',
  '    --output "jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}" 2> "${errors}")"; then',
  '  if ! grep -q "^Error from server (Forbidden)" "${errors}"; then cat "${errors}" >&2; exit 1; fi',
  '  running=""',
  'fi',
  '# The rollout annotates "<owner>/<repo>@<sha> by <actor>": anything else names no commit of this repository.',
  'case "${running}" in',
  '  "${GITHUB_REPOSITORY}@"*) running="${running#"${GITHUB_REPOSITORY}@"}"; running="${running%% *}" ;;',
  '  *) running="" ;;',
  'esac',
  'if ! [[ "${running}" =~ ^[0-9a-f]{40}$ ]] || [ "${running}" = "${GITHUB_SHA}" ]; then',
  '  echo "older=false" >> "${GITHUB_OUTPUT}"',
  '  exit 0',
  'fi',
  '# GITHUB_API_URL: github.com, GitHub Enterprise Server and GHE.com alike.',
  'status="$(curl --fail --silent --show-error --header "Authorization: Bearer ${GITHUB_TOKEN}" --header "Accept: application/vnd.github+json" \\',
  '  "${GITHUB_API_URL}/repos/${GITHUB_REPOSITORY}/compare/${running}...${GITHUB_SHA}" | jq --raw-output .status)"',
  'if [ "${status}" = behind ]; then',
  '  echo "::notice title=A newer commit already runs::deployment/${SERVICE} in ${NAMESPACE} runs ${running}, which is newer than ${GITHUB_SHA}: this older run does not roll it back."',
  '  echo "older=true" >> "${GITHUB_OUTPUT}"',
  '  exit 0',
  'fi',
  'echo "older=false" >> "${GITHUB_OUTPUT}"',
];
