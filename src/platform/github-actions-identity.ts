import { Construct, type IConstruct } from 'constructs';
import type { DeployTarget, PlatformEnvironment } from './environment';
import { Platform } from './platform';
import { OIDC_SUBJECT_CLAIM_KEYS, repositoryPrincipalSet, workloadIdentityIdProblem } from './workload-identity-names';
import { GITHUB_OIDC_ISSUER } from '../private/constants';
import { placementError, throwIfProblems } from '../private/errors';
import { ActionsRepositoryOidcSubjectClaimCustomizationTemplate, DataGithubOrganization } from '../private/providers/github';
import { IamWorkloadIdentityPoolProvider, IamWorkloadIdentityPool } from '../private/providers/google';
import { problems } from '../private/validation';

const IDENTITY_SYMBOL = Symbol.for('cdktf-golden-paths.GithubActionsIdentity');

/** The issuer of the OIDC tokens GitHub Actions hands to workflow jobs on github.com (the platform's githubOidcIssuer elsewhere). */
export const GITHUB_ACTIONS_ISSUER = GITHUB_OIDC_ISSUER;

/** The construct id of the platform's GithubActionsIdentity (a Terraform-address contract). */
export const GITHUB_ACTIONS_IDENTITY_ID = 'github-actions';

/** Properties of a {@link GithubActionsIdentity}. */
export interface GithubActionsIdentityProps {
  /**
   * The Workload Identity pool id: 4 to 32 lowercase letters, digits and
   * hyphens, not starting with `gcp-`. A deleted pool keeps its id for 30
   * days, so choose another id when re-creating one within that time.
   * @default - "github-<organization>" (lowercased, shortened with a hash to 32 characters)
   */
  readonly poolId?: string;
  /**
   * The id of the pool's OIDC provider for GitHub Actions (same rules as the pool id).
   * @default "github-actions"
   */
  readonly providerId?: string;
}

/**
 * Keyless access from GitHub Actions to Google Cloud: one Workload Identity
 * pool and OIDC provider per platform, trusting only tokens of workflows in
 * the platform's GitHub organization (its attribute condition pins
 * `repository_owner_id`, the organization's immutable id). Each service then
 * grants its own deployer service accounts to its repository's subjects alone
 * (by the repository's immutable id: see OIDC_SUBJECT_CLAIM_KEYS), so no
 * service account key ever exists.
 *
 * Services create it on first use through {@link GithubActionsIdentity.of};
 * create it yourself, before the first service, only to choose its ids.
 *
 * @example
 * new GithubActionsIdentity(platform, 'github-actions', { poolId: 'github-acme-2' });
 */
export class GithubActionsIdentity extends Construct {
  /** Whether `x` is a GithubActionsIdentity. */
  public static isGithubActionsIdentity(x: any): x is GithubActionsIdentity {
    return x !== null && typeof x === 'object' && IDENTITY_SYMBOL in x;
  }

  /**
   * The identity of the platform that `scope` belongs to, created with
   * default ids (as the child `github-actions` of the Platform) on first use.
   */
  public static of(scope: IConstruct): GithubActionsIdentity {
    const platform = Platform.of(scope);
    if (platform._layout.foundationApart) {
      const identity = platform._layout.tree.node.findAll()
        .find((c): c is GithubActionsIdentity => GithubActionsIdentity.isGithubActionsIdentity(c) && c.platform === platform);
      if (!identity) {
        throw placementError(scope, 'needs the platform\'s GitHub Actions identity, which only the PlatformFoundation makes at App scope',
          'refer to it by name (platform.workloadIdentityPoolId and gcpProjectNumber), or create new PlatformFoundation(platform, "foundation") in the platform repository');
      }
      return identity;
    }
    const existing = platform.node.children.find(GithubActionsIdentity.isGithubActionsIdentity);
    return existing ?? new GithubActionsIdentity(platform, GITHUB_ACTIONS_IDENTITY_ID);
  }

  /** The platform whose organization this identity trusts. */
  public readonly platform: Platform;
  /** The GitHub organization whose workflows may authenticate. */
  public readonly organization: string;
  /** The Workload Identity pool id. */
  public readonly poolId: string;
  /** The OIDC provider id within the pool. */
  public readonly providerId: string;
  /**
   * The organization's numeric id, which the attribute condition pins: the
   * platform's githubOrganizationId, or the id `organizationLookup` reads.
   */
  public readonly organizationId: string;
  /**
   * The lookup of the organization's id (`data.github_organization`, summary only),
   * when the platform settings do not give githubOrganizationId.
   * @default - none when the settings give the id
   */
  public readonly organizationLookup?: DataGithubOrganization;
  /** The CEL condition every token must meet: its repository owner is the organization, by id. */
  public readonly attributeCondition: string;
  /** The Workload Identity pool. */
  public readonly pool: IamWorkloadIdentityPool;
  /** The OIDC provider for GitHub Actions. */
  public readonly provider: IamWorkloadIdentityPoolProvider;

  public constructor(scope: Construct, id: string, props: GithubActionsIdentityProps = {}) {
    super(scope, id);
    Object.defineProperty(this, IDENTITY_SYMBOL, { value: true });
    const platform = Platform.of(scope);
    const apart = platform._layout.foundationApart;
    if (apart ? !isFoundation(scope) : scope !== platform) {
      throw placementError(this, apart ? 'is not a child of the PlatformFoundation, the only owner of shared resources at App scope' : 'is not a direct child of a Platform',
        apart
          ? 'create the PlatformFoundation in the platform repository (new PlatformFoundation(platform, "foundation")): it makes the identity'
          : 'create it as new GithubActionsIdentity(platform, "github-actions"), or let services create it through GithubActionsIdentity.of(platform)');
    }
    this.platform = platform;
    const others = platform._layout.tree.node.findAll()
      .filter((c) => c !== this && GithubActionsIdentity.isGithubActionsIdentity(c) && c.platform === platform);
    if (others.length > 0) {
      throw placementError(this, `is a second GithubActionsIdentity of the platform (the first is ${others[0].node.path})`,
        'create it once, before the first GoMicroservice, or leave it out and let services create it');
    }

    this.organization = this.platform.githubOrganization;
    this.poolId = props.poolId ?? this.platform.workloadIdentityPoolId;
    this.providerId = props.providerId ?? this.platform.workloadIdentityProviderId;
    // GitHub's token carries the owner's immutable id (`repository_owner_id`, a string of digits:
    // https://docs.github.com/en/actions/reference/security/oidc, "OIDC token claims"); a name can be
    // renamed and then claimed by another organization. The data source's id is the organization's
    // (integrations/github, data_source_github_organization.go: SetId(FormatInt(organization.GetID(), 10))).
    if (this.platform.githubOrganizationId === undefined) {
      this.organizationLookup = new DataGithubOrganization(this, 'organization', { name: this.organization, summaryOnly: true });
    }
    this.organizationId = this.platform.githubOrganizationId ?? this.organizationLookup!.id;
    this.attributeCondition = `assertion.repository_owner_id == '${this.organizationId}'`;

    throwIfProblems(this, [
      ...problems(
        workloadIdentityIdProblem('poolId', this.poolId),
        workloadIdentityIdProblem('providerId', this.providerId),
      ),
    ]);

    this.pool = new IamWorkloadIdentityPool(this, 'pool', {
      project: this.platform.gcpProject,
      workloadIdentityPoolId: this.poolId,
      displayName: 'GitHub Actions',
      description: `GitHub Actions workflows of the ${this.organization} organization (managed by cdktf-golden-paths)`,
      // Every repository's CI signs in through the pool and provider: a deleted pool keeps its id for
      // 30 days, so a stray destroy would stop every deploy. Destroying them takes an explicit step.
      lifecycle: { preventDestroy: true },
    });

    this.provider = new IamWorkloadIdentityPoolProvider(this, 'provider', {
      project: this.platform.gcpProject,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: this.providerId,
      displayName: 'GitHub Actions OIDC',
      description: `Tokens of GitHub Actions jobs in ${this.organization} repositories`,
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.actor': 'assertion.actor',
        'attribute.repository': 'assertion.repository',
        'attribute.repository_owner': 'assertion.repository_owner',
        'attribute.ref': 'assertion.ref',
        // The immutable ids, for principal sets that outlive a rename ("Define an attribute mapping":
        // https://cloud.google.com/iam/docs/workload-identity-federation#mapping).
        'attribute.repository_id': 'assertion.repository_id',
        'attribute.repository_owner_id': 'assertion.repository_owner_id',
      },
      attributeCondition: this.attributeCondition,
      oidc: { issuerUri: this.platform.githubOidcIssuer },
      lifecycle: { preventDestroy: true },
    });
  }

  /**
   * The provider's full resource name
   * (`projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`),
   * which `google-github-actions/auth` takes as `workload_identity_provider`.
   * Known after apply.
   */
  public get providerName(): string {
    return this.provider.name;
  }

  /**
   * The principal set of every workflow run in one repository of the
   * organization; grant roles to it, never to the whole pool.
   */
  public repositoryPrincipalSet(repository: string): string {
    return repositoryPrincipalSet(this.pool.name, this.organization, repository);
  }
}

/**
 * Customizes the OIDC subject of `repository`'s workflow tokens to the
 * platform's template (OIDC_SUBJECT_CLAIM_KEYS: the repository's id and the
 * job's context), so that the deployer principals, which name that subject,
 * match one repository forever. `use_default: false` with the claim keys sets
 * the repository's own template (REST "Set the customization template for an
 * OIDC subject claim for a repository"; the provider's
 * github_actions_repository_oidc_subject_claim_customization_template).
 */
export function oidcSubjectTemplate(scope: Construct, id: string, repository: string): ActionsRepositoryOidcSubjectClaimCustomizationTemplate {
  return new ActionsRepositoryOidcSubjectClaimCustomizationTemplate(scope, id, {
    repository,
    useDefault: false,
    includeClaimKeys: [...OIDC_SUBJECT_CLAIM_KEYS],
  });
}

/** The GKE cluster an environment deploys to, with the platform's region and project as defaults. */
export function deployTarget(platform: Platform, env: PlatformEnvironment): DeployTarget {
  return platform.deployTarget(env.name);
}

/** Whether `scope` is a PlatformFoundation (known by its symbol, so this module need not import it). */
function isFoundation(scope: IConstruct): boolean {
  return (scope as any)[Symbol.for('cdktf-golden-paths.PlatformFoundation')] === true;
}
