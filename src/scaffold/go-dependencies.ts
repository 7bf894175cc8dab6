/**
 * The Go toolchain and gin versions of the built-in template
 * (`templates/go-microservice`); a test keeps its go.mod and these in step.
 *
 * The template's go.mod requires gin {@link GIN_VERSION} and, as `go mod tidy`
 * writes them for Go 1.17+ modules, every module whose packages the build
 * needs, at the versions a tidied module requiring gin v1.12.0 selects. The
 * go.sum lines are the checksum-database lines of exactly those versions:
 * they come from a public go.sum captured with `go mod tidy` for a module
 * that requires gin v1.12.0 with this dependency set (its own direct
 * requirements, which this service does not use, left out), each checked
 * against other public go.sum files that list the same versions; the
 * gopkg.in/yaml.v2 lines are the ones the service has always pinned. The
 * scaffold tests re-verify the `/go.mod` checksums of the modules Debian
 * ships at the same version.
 *
 * The Prometheus Go client (github.com/prometheus/client_golang v1.24.1, for
 * the metrics) came the same way: its go.mod requirements and go.sum lines are
 * those of a public go.sum tidied for a module requiring client_golang v1.24.1
 * (client_golang's subgraph only), which agree with client_golang's own go.sum
 * at that tag; its `/go.mod` checksum is the one of go.mod at the v1.24.1 tag.
 *
 * The versions are newer than gin's own minimums where the tidied module
 * had them newer (quic-go, golang.org/x/*): the repository's `security-scan`
 * gate (trivy fs over go.mod) fails on known vulnerabilities, so new
 * services start from current releases.
 *
 * Bumping a version means updating the template's go.mod and go.sum together
 * (run `go get` and `go mod tidy` in it); raise {@link GO_VERSION} when a dependency's `go` line needs it.
 */

/**
 * The `go` directive: the oldest Go release the service builds with. Two-part
 * on purpose (no `toolchain` line): it must be at least every dependency's `go`
 * line (1.25.0 for the current golang.org/x modules), and `1.25` sorts below
 * `1.25.0`, so the smallest two-part version that qualifies is 1.26.
 */
export const GO_VERSION = '1.26';

/** The gin release the service is written against. */
export const GIN_VERSION = 'v1.12.0';
