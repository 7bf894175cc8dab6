import type { IConstruct } from 'constructs';
import { TerraformStack } from '../private/cdk';
import { DataGoogleIamWorkloadIdentityPoolProvider } from '../private/providers/google';

/**
 * The construct id of the lookup of the foundation's Workload Identity provider in a team stack.
 * It names the Terraform address, `data.google_iam_workload_identity_pool_provider.apply-the-foundation-first`,
 * which is what Terraform prints under the provider's own error when the lookup finds nothing
 * ("<provider name> not found"): the one part of that error the library writes.
 */
export const FOUNDATION_CHECK_ID = 'apply-the-foundation-first';

/** The foundation's provider as a team stack names it: project, pool and provider ids, and the full name principals use. */
export interface FoundationIdentity {
  /** The platform's project id. */
  readonly project: string;
  /** The platform's project number (in every principal the team stack grants). */
  readonly projectNumber: string;
  /** The Workload Identity pool id. */
  readonly poolId: string;
  /** The OIDC provider id. */
  readonly providerId: string;
}

/**
 * A team stack at App scope grants roles to principals of the platform's Workload Identity pool by
 * name (`principal://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/...`),
 * since the pool is in the foundation's stack. Applied before the foundation, those grants fail at
 * apply with errors that name no cause. This reads the foundation's provider once per stack, at plan:
 * - not there: Terraform stops the plan at this lookup (its address says to apply the foundation first);
 * - deleted (a deleted pool or provider stays readable for 30 days, "Manage workload identity pools and
 *   providers", cloud.google.com/iam/docs/manage-workload-identity-pools-providers) or disabled, or under
 *   another project number than the settings' (whose principals would name no pool): a postcondition
 *   stops the plan with what to do.
 * Reading it takes `roles/iam.workloadIdentityPoolViewer` on the platform's project, which onboarding grants.
 */
export function foundationCheck(scope: IConstruct, identity: FoundationIdentity): DataGoogleIamWorkloadIdentityPoolProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(FOUNDATION_CHECK_ID);
  if (existing !== undefined) return existing as DataGoogleIamWorkloadIdentityPoolProvider;
  const name = `projects/${identity.projectNumber}/locations/global/workloadIdentityPools/${identity.poolId}/providers/${identity.providerId}`;
  const what = `This stack grants roles to principals of the platform's Workload Identity pool "${identity.poolId}", which the platform repository's foundation stack makes`;
  return new DataGoogleIamWorkloadIdentityPoolProvider(stack, FOUNDATION_CHECK_ID, {
    project: identity.project,
    workloadIdentityPoolId: identity.poolId,
    workloadIdentityPoolProviderId: identity.providerId,
    lifecycle: {
      postcondition: [
        {
          condition: '${self.state == "ACTIVE" && !self.disabled}',
          errorMessage: `${what}, and its provider "${identity.providerId}" in project ${identity.project} is deleted or disabled. `
            + 'Fix: apply the foundation first (`cdktf deploy foundation` in the platform repository), which makes or restores the pool and provider; a deleted one can be undeleted within 30 days.',
        },
        {
          condition: `\${self.name == "${name}"}`,
          errorMessage: `${what}, and the platform's settings name it under the project number ${identity.projectNumber}, which is not the number of ${identity.project}. `
            + `Fix: set gcpProjectNumber in the platform settings to what \`gcloud projects describe ${identity.project} --format="value(projectNumber)"\` prints, then apply the foundation first and publish platform.json again.`,
        },
      ],
    },
  });
}
