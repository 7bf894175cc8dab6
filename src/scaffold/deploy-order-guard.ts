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

/**
 * The keep-image job's script: tags the image this run rolled out
 * `deployed-<environment>`, unless the tag already names the image of a newer
 * commit. The keep-image jobs of an environment share a concurrency group, which
 * runs them one at a time but, like the deploy group, does not order them: an
 * older run's job can start after a newer one's and would move the tag back,
 * leaving the image the environment runs to the registry's age and count
 * policies. So, as the deploy's order guard does with the Deployment, it reads
 * which image the tag names (`gcloud artifacts docker tags list`, whose rows have
 * the `tag` and `version` resource names: `tag.basename()` is the tag,
 * `version.basename()` the digest, as the command's own table format shows them;
 * the `value` format prints them without a heading, tab-separated:
 * https://cloud.google.com/sdk/gcloud/reference/topic/formats),
 * finds that image's commit (the build job tags every image with its commit,
 * `<registry>/<service>:<sha>`) and asks GitHub's compare API how this run's
 * commit relates to it: `behind` leaves the tag where it is, with a notice.
 * Anything else moves it here (`gcloud artifacts docker tags add` creates the tag
 * or moves it: https://cloud.google.com/sdk/gcloud/reference/artifacts/docker/tags/add).
 * A failed listing or comparison fails the job before the tag moves.
 */
export const KEEP_IMAGE = [
  '# IMAGE is <registry>/<service>@sha256:<digest>: the tag goes on that digest.',
  'repository="${IMAGE%@*}"',
  'tags="$(gcloud artifacts docker tags list "${repository}" --format "value(tag.basename(),version.basename())")"',
  'tagged=""',
  'while IFS=$\'\\t\' read -r tag digest; do',
  '  if [ "${tag}" = "${TAG}" ]; then tagged="${digest}"; fi',
  'done <<< "${tags}"',
  '# The build job tags each image with its commit: the commit of the image the tag names now.',
  'commit=""',
  'if [ -n "${tagged}" ]; then',
  '  while IFS=$\'\\t\' read -r tag digest; do',
  '    if [ "${digest}" = "${tagged}" ] && [[ "${tag}" =~ ^[0-9a-f]{40}$ ]]; then commit="${tag}"; fi',
  '  done <<< "${tags}"',
  'fi',
  'if [ -n "${commit}" ] && [ "${commit}" != "${GITHUB_SHA}" ]; then',
  '  # GITHUB_API_URL: github.com, GitHub Enterprise Server and GHE.com alike.',
  '  status="$(curl --fail --silent --show-error --header "Authorization: Bearer ${GITHUB_TOKEN}" --header "Accept: application/vnd.github+json" \\',
  '    "${GITHUB_API_URL}/repos/${GITHUB_REPOSITORY}/compare/${commit}...${GITHUB_SHA}" | jq --raw-output .status)"',
  '  if [ "${status}" = behind ]; then',
  '    echo "::notice title=A newer image keeps the tag::${TAG} names the image of ${commit}, which is newer than ${GITHUB_SHA}: this older run leaves it there."',
  '    exit 0',
  '  fi',
  'fi',
  'gcloud artifacts docker tags add "${IMAGE}" "${repository}:${TAG}"',
];
