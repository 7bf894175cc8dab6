import { CI_GATES } from '../private/constants';

/**
 * The quality gates the CI workflow can run. Each name is both the job id in
 * `.github/workflows/ci.yml` and the status check that branch protection
 * requires, so the two cannot drift apart.
 */
export class RequiredCheck {
  /**
   * `go build ./...` and `go test -race ./...`.
   */
  public static readonly UNIT_TESTS: string = CI_GATES.UNIT_TESTS;

  /**
   * golangci-lint with the repository's `.golangci.yml`.
   */
  public static readonly LINT: string = CI_GATES.LINT;

  /**
   * `trivy fs` over the repository (dependencies, secrets, misconfiguration) and gosec over the Go code.
   */
  public static readonly SECURITY_SCAN: string = CI_GATES.SECURITY_SCAN;

  /**
   * `go test -coverprofile`; fails when total coverage is below the threshold.
   */
  public static readonly COVERAGE: string = CI_GATES.COVERAGE;

  /**
   * Every check, in the order the workflow lists them.
   */
  public static all(): string[] {
    return Object.values(CI_GATES);
  }

  /**
   * Whether `name` is a check the workflow can run.
   */
  public static isKnown(name: string): boolean {
    return RequiredCheck.all().includes(name);
  }

  private constructor() {}
}
