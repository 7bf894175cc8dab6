import { Construct } from 'constructs';
import type { TeamApplyIdentity } from './team-identities';
import { Guardrails } from '../guardrails/guardrails';
import { feedbackLabels } from '../platform/feedback-labels';
import { oidcSubjectTemplate } from '../platform/github-actions-identity';
import { GithubPlan } from '../platform/platform-props';
import { Annotations, TerraformStack, TerraformVariable, Token } from '../private/cdk';
import { DEFAULT_BRANCH, GITHUB_ACTIONS_APP_ID, MANAGED_BY } from '../private/constants';
import {
  ActionsEnvironmentSecret, ActionsEnvironmentVariable, ActionsRepositoryOidcSubjectClaimCustomizationTemplate, ActionsSecret, ActionsVariable,
  DataGithubTeam, DataGithubUser, IssueLabel, Repository, RepositoryEnvironment, RepositoryEnvironmentDeploymentPolicy, RepositoryFile,
  RepositoryRuleset, TeamRepository,
} from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';
import { INFRASTRUCTURE_VARIABLES as VARS } from '../scaffold/infrastructure-variables';

/** The job of `infrastructure.yml` that must pass before a pull request merges. */
const REQUIRED_CHECK = 'check';
/** The Terraform variables the platform repository's CI sets from its own secrets (`TF_VAR_<name>`): the keys never appear in the synthesized JSON. */
export const APP_PRIVATE_KEY_VARIABLE = 'golden_paths_app_private_key';
export const READER_APP_PRIVATE_KEY_VARIABLE = 'golden_paths_reader_app_private_key';

/** What a team's infrastructure repository is made from. */
export interface InfrastructureRepositoryProps {
  /** The team. */
  readonly team: string;
  /** The repository name. */
  readonly name: string;
  /** The team's GitHub team id (a reference to the team in the same stack). */
  readonly teamId: string;
  /** The deploy gates, in promotion order. */
  readonly gates: TeamApplyIdentity[];
  /** The gates that wait for reviewers: production's, and the team stack's (it holds production's deployer bindings). */
  readonly reviewedGates: string[];
  /** Who reviews the reviewed gates (`alice`, `acme/sre`); none: the team itself. */
  readonly reviewers: string[];
  /** The organization's GitHub plan (required reviewers on private repositories need Enterprise Cloud). */
  readonly githubPlan: GithubPlan;
  /** The repository variables the workflow reads. */
  readonly variables: { readonly [name: string]: string };
  /** The GitHub App Terraform writes with: the only bypass actor of the ruleset. */
  readonly appId: number;
  /**
   * The App ID of GitHub Actions, whose check alone satisfies the required check.
   * @default 15368 (github.com)
   */
  readonly actionsAppId?: number;
  /**
   * The files the platform keeps in the repository (path to their text, or to a
   * token that produces it already escaped for Terraform at synth): the settings the team's stacks are built from. Pushes that
   * change them are refused, except the platform App's.
   */
  readonly platformFiles: { [path: string]: string };
}

/**
 * A team's infrastructure repository as the platform keeps it: private, a
 * ruleset on `main` (pull request with one approval, the `check` job, no
 * force push or deletion; only the platform's GitHub App bypasses it), the
 * team with `maintain` (not admin: admins could edit environments, secrets
 * and rulesets), one GitHub environment per deploy gate (deployments from
 * `main` only, admins cannot bypass, self-review prevented, reviewers on the
 * gates that reach production), and the Actions variables and secrets of
 * `infrastructure.yml`. The write App's key is a secret of the deploy gates
 * only; pull requests get the read-only App's key.
 */
export class InfrastructureRepository extends Construct {
  /** The repository. */
  public readonly repository: Repository;
  /** The team's access (`maintain`). */
  public readonly teamAccess: TeamRepository;
  /** The ruleset on the default branch. */
  public readonly ruleset: RepositoryRuleset;
  /** The GitHub environment of each gate, in promotion order. */
  public readonly environments: RepositoryEnvironment[] = [];
  /** The repository-level variables. */
  public readonly variables: ActionsVariable[] = [];
  /** The per-gate variables (the apply identity). */
  public readonly environmentVariables: ActionsEnvironmentVariable[] = [];
  /** The write App's key: a secret of the team stack's gate alone. */
  public readonly environmentSecrets: ActionsEnvironmentSecret[] = [];
  /** The repository secret: the read-only App's key. */
  public readonly readerKey: ActionsSecret;
  /** The files the platform keeps in sync (`platform.json`, the workflow, the feedback forms). */
  public readonly platformFiles: RepositoryFile[] = [];
  /** The feedback loop's labels, which its issue forms apply (`platform-feedback`, `platform-feature-request`, the `effort:` sizes). */
  public readonly issueLabels: IssueLabel[];
  /**
   * The repository's OIDC subject template (`repository_id` and `context`): the
   * subject its workflows' tokens carry, which the team's identities trust.
   */
  public readonly oidcSubject: ActionsRepositoryOidcSubjectClaimCustomizationTemplate;
  /**
   * The push ruleset that refuses any push changing a platform-owned file,
   * except the platform App's (push rulesets: GitHub Team and Enterprise Cloud,
   * private and internal repositories).
   */
  public readonly platformFilesRuleset: RepositoryRuleset;

  public constructor(scope: Construct, id: string, props: InfrastructureRepositoryProps) {
    super(scope, id);
    this.repository = new Repository(this, 'repository', {
      name: props.name,
      description: `Infrastructure of the ${props.team} team (cdktf-golden-paths), managed by ${MANAGED_BY}`,
      visibility: 'private',
      vulnerabilityAlerts: true,
      deleteBranchOnMerge: true,
      archiveOnDestroy: true,
      // A first commit, so that main exists for the ruleset and the deployment branch policies.
      autoInit: true,
    });
    const repository = this.repository.name;
    this.teamAccess = new TeamRepository(this, 'team-access', { teamId: props.teamId, repository, permission: 'maintain' });
    this.issueLabels = feedbackLabels(this, repository);
    this.ruleset = new RepositoryRuleset(this, 'branch-protection', {
      name: 'golden-path-infrastructure',
      repository,
      target: 'branch',
      enforcement: 'active',
      conditions: { refName: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      // Only the platform's App, which keeps the platform-owned files: no organization admin bypass.
      bypassActors: [{ actorType: 'Integration', actorId: props.appId, bypassMode: 'always' }],
      rules: {
        deletion: true,
        nonFastForward: true,
        pullRequest: { requiredApprovingReviewCount: 1, dismissStaleReviewsOnPush: true, requireLastPushApproval: true },
        requiredStatusChecks: {
          strictRequiredStatusChecksPolicy: true,
          requiredCheck: [{ context: REQUIRED_CHECK, integrationId: props.actionsAppId ?? GITHUB_ACTIONS_APP_ID }],
        },
      },
    });

    // Before the first push of the workflow, so that its first run's tokens already carry the subject the identities trust.
    this.oidcSubject = oidcSubjectTemplate(this, 'oidc-subject', repository);
    for (const [file, content] of Object.entries(props.platformFiles)) {
      this.platformFiles.push(new RepositoryFile(this, `file-${file.replace(/[^A-Za-z0-9-]/g, '-')}`, {
        dependsOn: [this.oidcSubject],
        repository,
        branch: DEFAULT_BRANCH,
        file,
        content: terraformLiteral(content),
        commitMessage: `Update ${file} (managed by ${MANAGED_BY}: the platform repository keeps it)`,
        overwriteOnCreate: true,
      }));
    }
    // The settings decide what production is and which guardrails run: a team cannot push a weaker copy.
    this.platformFilesRuleset = new RepositoryRuleset(this, 'platform-files', {
      name: 'golden-path-platform-files',
      repository,
      target: 'push',
      enforcement: 'active',
      bypassActors: [{ actorType: 'Integration', actorId: props.appId, bypassMode: 'always' }],
      rules: { filePathRestriction: { restrictedFilePaths: Object.keys(props.platformFiles) } },
    });
    for (const file of this.platformFiles) this.platformFilesRuleset.dependsOn = [...(this.platformFilesRuleset.dependsOn ?? []), `${file.terraformResourceType}.${file.friendlyUniqueId}`];

    for (const [name, value] of Object.entries(props.variables)) {
      this.variables.push(new ActionsVariable(this, `variable-${name}`, { repository, variableName: name, value }));
    }
    const stack = TerraformStack.of(this);
    const readerKey = keyVariable(stack, READER_APP_PRIVATE_KEY_VARIABLE, 'The private key of the read-only GitHub App pull requests plan with');
    this.readerKey = new ActionsSecret(this, 'reader-app-key', { repository, secretName: VARS.READER_APP_PRIVATE_KEY, plaintextValue: readerKey.stringValue });
    const appKey = keyVariable(stack, APP_PRIVATE_KEY_VARIABLE, 'The private key of the GitHub App Terraform writes with');

    const canReview = props.githubPlan === GithubPlan.ENTERPRISE;
    const reviewerIds = canReview ? this.reviewerIds(props) : undefined;
    if (!canReview && props.reviewedGates.length > 0) {
      Annotations.of(this).addWarning(`The deploy gates ${props.reviewedGates.map((g) => `"${g}"`).join(', ')} of ${props.name} wait for no reviewer: required reviewers on a private repository need GitHub Enterprise Cloud (githubPlan is "${props.githubPlan}"). `
        + 'The gate is then the main-only deployment branch policy (main takes changes only through reviewed pull requests) and the gate\'s own apply identity.');
    }
    for (const gate of props.gates) {
      const gateScope = new Construct(this, gate.gate);
      const environment = new RepositoryEnvironment(gateScope, 'environment', {
        repository,
        environment: gate.gate,
        reviewers: reviewerIds && props.reviewedGates.includes(gate.gate) ? [reviewerIds] : undefined,
        preventSelfReview: true,
        canAdminsBypass: false,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      if (!canReview && props.reviewedGates.includes(gate.gate)) {
        // What the warning above says, recorded where the guardrails report it.
        Guardrails.suppress(environment, 'GP-GH-007', `GitHub offers required reviewers on a private repository only with Enterprise Cloud (githubPlan is "${props.githubPlan}"); `
          + 'the gate is the main-only deployment branch policy and the gate\'s own apply identity');
      }
      new RepositoryEnvironmentDeploymentPolicy(gateScope, 'deployment-policy', { repository, environment: environment.environment, branchPattern: DEFAULT_BRANCH });
      this.environments.push(environment);
      this.environmentVariables.push(new ActionsEnvironmentVariable(gateScope, 'apply-identity', {
        repository, environment: environment.environment, variableName: VARS.APPLY_SERVICE_ACCOUNT, value: gate.serviceAccountEmail,
      }));
      // Only the team stack's gate writes GitHub (the environment stacks have no GitHub provider): no other gate holds the key.
      if (gate.stack === props.team) {
        this.environmentSecrets.push(new ActionsEnvironmentSecret(gateScope, 'app-key', {
          repository, environment: environment.environment, secretName: VARS.APP_PRIVATE_KEY, plaintextValue: appKey.stringValue,
        }));
      }
    }
  }

  /** Reviewer ids: teams and users of the organization, looked up by name; the team itself when none is named. */
  private reviewerIds(props: InfrastructureRepositoryProps): { teams?: number[]; users?: number[] } {
    if (props.reviewers.length === 0) return { teams: [Token.asNumber(props.teamId)] };
    const teams: number[] = [];
    const users: number[] = [];
    for (const reviewer of props.reviewers) {
      const slug = reviewer.includes('/') ? reviewer.split('/')[1] : undefined;
      if (slug === undefined) users.push(Token.asNumber(new DataGithubUser(this, `reviewer-user-${reviewer}`, { username: reviewer }).id));
      else teams.push(Token.asNumber(new DataGithubTeam(this, `reviewer-team-${slug}`, { slug, summaryOnly: true }).id));
    }
    return { teams: teams.length > 0 ? teams : undefined, users: users.length > 0 ? users : undefined };
  }
}

/** The stack's sensitive Terraform variable `name`, made once per stack. */
function keyVariable(scope: Construct, name: string, description: string): TerraformVariable {
  const existing = scope.node.tryFindChild(name);
  return existing instanceof TerraformVariable ? existing : new TerraformVariable(scope, name, { type: 'string', sensitive: true, nullable: false, description });
}
