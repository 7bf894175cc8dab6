/**
 * An environment the CI workflow deploys to, in order.
 */
export interface DeployEnvironment {
  /**
   * The environment name: the GitHub environment the deploy job
   * (`deploy-<name>`) runs in, and the suffix of the Kubernetes namespace
   * `<team>-<name>`. A DNS-1123 label.
   */
  readonly name: string;

  /**
   * Whether this is a production environment. Its deploy job allows a longer
   * rollout; approval by reviewers comes from the GitHub environment's
   * protection rules.
   *
   * @default false
   */
  readonly production?: boolean;

  /**
   * Reach the cluster through its DNS-based endpoint (a private control plane).
   *
   * @default false
   */
  readonly useDnsBasedEndpoint?: boolean;

  /**
   * Reach the cluster through the fleet's Connect Gateway (a private control plane).
   *
   * @default false
   */
  readonly useConnectGateway?: boolean;
}
