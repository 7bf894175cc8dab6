import { Commented } from '../private/yaml-writer';

/**
 * Every GitHub Action the CI workflow uses, pinned to the full commit SHA of a
 * release; the version goes into a trailing comment. Update the SHA and the
 * version together, after checking the SHA against the release tag
 * (`git ls-remote https://github.com/<repository> refs/tags/<version>`).
 *
 * trivy-action: v0.35.0 is the first release published after the March 2026
 * compromise of the project's earlier tags; do not move back to an older tag.
 */
export const ACTION_PINS = {
  checkout: { repository: 'actions/checkout', sha: '11bd71901bbe5b1630ceea73d27597364c9af683', version: 'v4.2.2' },
  setupGo: { repository: 'actions/setup-go', sha: 'd35c59abb061a4a6fb18e82ac0862c26744d6ab5', version: 'v5.5.0' },
  golangciLint: { repository: 'golangci/golangci-lint-action', sha: '4afd733a84b1f43292c63897423277bb7f4313a9', version: 'v8.0.0' },
  trivy: { repository: 'aquasecurity/trivy-action', sha: '57a97c7e7821a5776cebc9bb87c984fa69cba8f1', version: 'v0.35.0' },
  googleAuth: { repository: 'google-github-actions/auth', sha: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093', version: 'v3.0.0' },
  getGkeCredentials: { repository: 'google-github-actions/get-gke-credentials', sha: '3da1e46a907576cefaa90c484278bb5b259dd395', version: 'v3.0.0' },
  // The team infrastructure repository's workflow (InfrastructureWorkflow).
  setupNode: { repository: 'actions/setup-node', sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  setupTerraform: { repository: 'hashicorp/setup-terraform', sha: 'b9cd54a3c349d3f38e8881555d616ced269862dd', version: 'v3.1.2' },
  githubAppToken: { repository: 'actions/create-github-app-token', sha: 'df432ceedc7162793a195dd1713ff69aefc7379e', version: 'v2.0.6' },
  uploadArtifact: { repository: 'actions/upload-artifact', sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02', version: 'v4.6.2' },
  downloadArtifact: { repository: 'actions/download-artifact', sha: 'd3f86a106a0bac45b974a628896c90dbdf5c8093', version: 'v4.3.0' },
  uploadSarif: { repository: 'github/codeql-action/upload-sarif', sha: '181d5eefc20863364f96762470ba6f862bdef56b', version: 'v3.29.2' },
} as const;

export type PinnedAction = keyof typeof ACTION_PINS;

/**
 * The golangci-lint release the lint job installs (a v2 release: .golangci.yml
 * uses `version: "2"`). golangci-lint refuses a module whose `go` line is newer
 * than the Go it was built with: this release is built with Go 1.26, the
 * scaffold's `go` line (GO_VERSION).
 */
export const GOLANGCI_LINT_VERSION = 'v2.12.2';

/**
 * The gosec release the security-scan job runs. It runs with `go run
 * <module>@<version>` on the job's Go (set up from go.mod), not as the gosec
 * Docker action: that image carries its own Go with GOTOOLCHAIN=local and
 * cannot load a module whose `go` line is newer. The module proxy and the
 * checksum database pin the version's content.
 */
export const GOSEC_VERSION = 'v2.28.0';

/** `owner/repo@<sha> # <version>` for a `uses:` key. */
export function pinned(action: PinnedAction): Commented {
  const pin = ACTION_PINS[action];
  return new Commented(`${pin.repository}@${pin.sha}`, pin.version);
}
