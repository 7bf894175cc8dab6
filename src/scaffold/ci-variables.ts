/**
 * The GitHub Actions variables (`vars.*`) the CI workflow reads. Create each
 * one on the repository, the organization, or, where the value differs per
 * environment, on the GitHub environment (an environment's variable wins for
 * the deploy job that runs in it). None of them is a secret: keyless
 * authentication through Workload Identity Federation needs no key.
 */
export class CiVariables {
  /**
   * Full resource name of the Workload Identity Federation provider, e.g.
   * `projects/123456789/locations/global/workloadIdentityPools/github/providers/github`.
   */
  public static readonly WORKLOAD_IDENTITY_PROVIDER = 'GCP_WORKLOAD_IDENTITY_PROVIDER';

  /**
   * Email of the deployer service account the workflow impersonates, e.g.
   * `payment-service-deployer@acme-prod.iam.gserviceaccount.com`. It pushes
   * images and updates Deployments.
   */
  public static readonly DEPLOY_SERVICE_ACCOUNT = 'GCP_DEPLOY_SERVICE_ACCOUNT';

  /**
   * The Artifact Registry Docker repository images are pushed to, without a
   * trailing slash, e.g. `europe-west1-docker.pkg.dev/acme-prod/payments`.
   * The image is `<ARTIFACT_REGISTRY>/<service name>`.
   */
  public static readonly ARTIFACT_REGISTRY = 'ARTIFACT_REGISTRY';

  /**
   * The GKE cluster to deploy to: its name, or its full resource name
   * `projects/<project>/locations/<location>/clusters/<name>`.
   */
  public static readonly GKE_CLUSTER = 'GKE_CLUSTER';

  /**
   * The GKE cluster's region or zone, e.g. `europe-west1`.
   */
  public static readonly GKE_LOCATION = 'GKE_LOCATION';

  /**
   * Every variable name, sorted.
   */
  public static all(): string[] {
    return [
      CiVariables.ARTIFACT_REGISTRY,
      CiVariables.DEPLOY_SERVICE_ACCOUNT,
      CiVariables.WORKLOAD_IDENTITY_PROVIDER,
      CiVariables.GKE_CLUSTER,
      CiVariables.GKE_LOCATION,
    ].sort();
  }

  private constructor() {}
}
