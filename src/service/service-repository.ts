import { Construct } from 'constructs';
import { DeployReviewers } from './deploy-reviewers';
import { repositoryEnvironment, type RepositoryEnvironmentsProps, type ServiceRepositoryEnvironment } from './repository-environments';
import { RepositoryFiles } from './repository-files';
import { RepositoryVariables } from './repository-variables';
import { ServiceDeployer } from './service-deployer';
import { repositoryOptionProblems, repositoryTopics, RepositoryVisibility, type ServiceRepositoryProps } from './service-repository-props';
import { runtimeOptionProblems } from './service-workload-props';
import { oidcSubjectTemplate } from '../platform/github-actions-identity';
import { Platform } from '../platform/platform';
import { GithubPlan, type ServiceTemplateSource } from '../platform/platform-props';
import { defaultBranchRuleset, platformScaffoldOptions } from '../platform/service-template-repository';
import { Annotations, Token, type TerraformResource } from '../private/cdk';
import { DEFAULT_BRANCH } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError, propError, throwIfProblems } from '../private/errors';
import { NameKind } from '../private/name-registry';
import {
  BranchDefault, Repository, TeamRepository,
  type ActionsRepositoryOidcSubjectClaimCustomizationTemplate, type ActionsVariable, type RepositoryFile, type RepositoryRuleset,
} from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';
import { descriptionProblem, dnsLabelProblem, literalProblem, problems, unresolved } from '../private/validation';
import type { CiWorkflow } from '../scaffold/ci-workflow';
import { FileOwnership } from '../scaffold/file-ownership';
import { GoServiceScaffold } from '../scaffold/go-service-scaffold';
import { ScaffoldPaths } from '../scaffold/scaffold-paths';
import { TeamEnvironment } from '../team/team-environment';

/** The name of the ruleset that protects the default branch of every service repository. */
export const RULESET_NAME = 'golden-path';

/** The permission the owning team has on its service repositories. */
export const OWNING_TEAM_PERMISSION = 'maintain';

/**
 * The GitHub side of a service: its repository with a working Go/gin
 * scaffold, CI gates that protect the default branch, team access, GitHub
 * environments (reviewers in production) and the Actions variables for
 * keyless deploys.
 *
 * - Files: service code is created once and then belongs to the team
 *   (Terraform ignores later content changes); platform-owned files (the CI
 *   workflow, CODEOWNERS, the catalog entry) stay managed, so a library
 *   upgrade updates them. Files are committed one after another (each depends
 *   on the previous one) because parallel commits to one branch race, and the
 *   workflow is committed last, files added later with `addFile` included,
 *   once everything its first run needs exists: GitHub runs the workflows of
 *   each pushed commit, so the workflow's commit starts the first run, and
 *   nothing before it runs any. Every other platform-owned file is synced with
 *   `[skip ci]` in its commit message, so a sync (a changed CODEOWNERS or
 *   catalog entry) starts no build or deploy; the workflow's own commits do
 *   not skip, since its first commit must start the first run and the GitHub
 *   provider sends a file's one commit message on every later update too.
 *   When the platform keeps a template repository (`ServiceTemplateRepository`,
 *   at App scope by default), the repository is created from it, which brings
 *   the service code, and only the platform-owned files are committed.
 * - Protection: a repository ruleset on the default branch (committed files
 *   first), requiring the CI workflow's gate jobs as status checks from GitHub
 *   Actions, up to date with the branch, one approving review and code-owner
 *   review. Organization admins may bypass it, which is how the platform's
 *   Terraform keeps platform-owned files in sync: run it as an organization
 *   owner.
 *
 * GoMicroservice creates one as its child `repository`.
 */
export class ServiceRepository extends Construct {
  /** The repository name. */
  public readonly name: string;
  /** `<organization>/<repository>`. */
  public readonly fullName: string;
  /** The repository description. */
  public readonly description: string;
  /** Who can see the repository. */
  public readonly visibility: RepositoryVisibility;
  /** The repository topics. */
  public readonly topics: string[];
  /** The default branch (`main`). */
  public readonly defaultBranchName: string;
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The generated scaffold (files and CI workflow). */
  public readonly scaffold: GoServiceScaffold;
  /** The CI workflow committed as `.github/workflows/ci.yml`. */
  public readonly workflow: CiWorkflow;
  /** The status checks the default branch requires: the workflow's gate jobs. */
  public readonly requiredChecks: string[];
  /** The repository (`github_repository`). */
  public readonly githubRepository: Repository;
  /** Makes `main` the default branch, renaming the initial branch when the organization uses another name. */
  public readonly defaultBranch: BranchDefault;
  /** The ruleset protecting the default branch (`github_repository_ruleset`). */
  public readonly branchProtection: RepositoryRuleset;
  /** The owning team's access (`github_team_repository`, maintain). */
  public readonly teamAccess: TeamRepository;
  /** The keyless deployer of the service (Google service account, bindings, Kubernetes RBAC). */
  public readonly deployer: ServiceDeployer;
  /**
   * The repository's OIDC subject template (`repository_id` and `context`): the
   * subject its workflows' tokens carry, which the deployer's principals name.
   * @default - none when the platform created the repository for an onboarded team: the onboarding sets the template (it needs the Actions permission, which no team token holds)
   */
  public readonly oidcSubject?: ActionsRepositoryOidcSubjectClaimCustomizationTemplate;
  /**
   * `<organization>/<repository>` of the template repository this repository
   * is created from, which brings the team-owned files; only the
   * platform-owned files are committed.
   * @default - none: every scaffold file is committed, one at a time
   */
  public readonly templateRepository?: string;

  private readonly platform: Platform;
  private readonly _environments = new Map<string, ServiceRepositoryEnvironment>();
  private readonly _variables: Map<string, ActionsVariable>;
  private readonly deployReviewers: DeployReviewers;
  private readonly filesScope: RepositoryFiles;
  /**
   * `${github_repository.<this>.name}` and `${github_branch_default.<this>.branch}`,
   * created once: every read of a resource attribute makes a new token, and
   * each token captures a stack trace, so the ~45 resources that refer to
   * them share one each. The synthesized references are the same.
   */
  private readonly repositoryRef: string;
  private readonly branchRef: string;

  public constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    this.team = TeamEnvironment.of(this);
    this.platform = this.team.platform;
    const platform = this.platform;
    const path = platform.goldenPath;

    this.name = props.repositoryName ?? props.serviceName;
    this.fullName = `${platform.githubOrganization}/${this.name}`;
    this.description = typeof props.description === 'string' ? props.description.replace(/\s+/g, ' ').trim() : props.description;
    this.visibility = props.visibility ?? RepositoryVisibility.PRIVATE;
    this.defaultBranchName = DEFAULT_BRANCH;
    const reviewersByEnvironment = props.deployReviewers ?? {};
    // GoMicroservice judges these first, as its own props, so its errors name what the user wrote.
    throwIfProblems(this, [
      ...problems(literalProblem('serviceName', props.serviceName) ?? dnsLabelProblem('serviceName', props.serviceName), descriptionProblem('description', props.description)),
      ...runtimeOptionProblems(path, props),
      ...repositoryOptionProblems(platform, this.team.name, props),
    ]);
    if (platform.githubPlan === GithubPlan.FREE && this.visibility !== RepositoryVisibility.PUBLIC) {
      throw propError(this, {
        prop: 'visibility',
        value: this.visibility,
        problem: 'on GitHub Free, a private repository has neither rulesets nor environments, so nothing would protect main or gate production',
        fix: 'move the organization to GitHub Team (githubPlan: "team") or Enterprise Cloud, or make the repository public (visibility: RepositoryVisibility.PUBLIC)',
      });
    }
    // "If your organization is associated with an enterprise account using GitHub Enterprise Cloud or GitHub
    // Enterprise Server 2.20+, visibility can also be internal" (REST API, "Create an organization repository":
    // https://docs.github.com/en/rest/repos/repos#create-an-organization-repository): on Team, GitHub refuses it at apply.
    if (platform.githubPlan === GithubPlan.TEAM && this.visibility === RepositoryVisibility.INTERNAL) {
      throw propError(this, {
        prop: 'visibility',
        value: this.visibility,
        problem: 'is for organizations of an enterprise account (GitHub Enterprise Cloud or Server), and the platform\'s githubPlan is "team", on which GitHub refuses to create an internal repository',
        fix: 'use RepositoryVisibility.PRIVATE (the team and its members get access), or set githubPlan: "enterprise" in the platform settings if the organization belongs to an enterprise account',
      });
    }
    if (!unresolved(this.name)) {
      platform._claimName(this, NameKind.GITHUB_REPOSITORY, `${platform.githubOrganization}/${this.name}`.toLowerCase(), {
        prop: 'repositoryName', value: this.name, problem: 'names a repository of the organization that another service already has (GitHub names ignore case)', fix: 'give every service its own repository',
      });
    }
    this.topics = repositoryTopics(path.language, this.team.name, props.topics);

    // Every value below was judged by GoMicroservice, the Platform and the team (the scaffold finds them right).
    this.scaffold = new GoServiceScaffold({
      ...platformScaffoldOptions(platform),
      name: props.serviceName,
      description: this.description,
      teamSlug: this.team.githubTeamSlug,
      repositoryName: this.name,
      containerPort: props.containerPort ?? path.containerPort,
      livenessPath: props.livenessPath ?? path.livenessPath,
      readinessPath: props.readinessPath ?? path.readinessPath,
    });
    this.workflow = this.scaffold.ciWorkflow;
    this.requiredChecks = this.workflow.requiredChecks;

    const template = this.templateSource();
    this.templateRepository = template && `${template.owner}/${unresolved(template.repository) ? platform.serviceTemplateRepository : template.repository}`;
    const adopted = this.adoptedRepository(props);
    this.githubRepository = new Repository(this, 'repository', {
      name: this.name,
      // Free text Terraform must read literally.
      description: terraformLiteral(this.description),
      visibility: this.visibility,
      topics: this.topics,
      vulnerabilityAlerts: true,
      deleteBranchOnMerge: true,
      archiveOnDestroy: true,
      // The platform created the repository (TeamOnboarding): the team's stack adopts it as it is.
      ...(adopted ? {} : template === undefined ? {
        // A first commit, so that the default branch exists for files and protection.
        autoInit: true,
      } : {
        // GitHub copies the template's default branch (main) into the new repository; auto_init,
        // gitignore_template and license_template are not sent with a template.
        template: { owner: template.owner, repository: template.repository, includeAllBranches: false },
        // The template matters at creation only: GitHub cannot change it later, so a changed or
        // renamed template would otherwise show as a change on every plan.
        lifecycle: { ignoreChanges: ['template'] },
      }),
    });
    // Import blocks are idempotent: once the repository is in the stack's state, Terraform ignores this one.
    if (adopted) this.githubRepository.importFrom(this.name);
    if (template !== undefined) {
      dependOn(this.githubRepository, ...template.dependencies);
      if (template.stack !== undefined && template.stack !== this.team.stack) this.team.stack.addDependency(template.stack);
    }
    this.repositoryRef = this.githubRepository.name;
    this.defaultBranch = new BranchDefault(this, 'default-branch', {
      repository: this.repositoryRef,
      branch: DEFAULT_BRANCH,
      rename: true,
    });
    this.branchRef = this.defaultBranch.branch;
    this.teamAccess = new TeamRepository(this, 'team-access', {
      teamId: this.team.githubTeamId,
      repository: this.repositoryRef,
      permission: OWNING_TEAM_PERMISSION,
    });

    // The workflows' OIDC subject names the repository by its immutable id, and so do the deployer's principals
    // (an adopted repository's template is the onboarding's: setting it needs Actions write, which team tokens lack).
    if (!adopted) this.oidcSubject = oidcSubjectTemplate(this, 'oidc-subject', this.repositoryRef);
    this.deployer = new ServiceDeployer(this, 'deployer', {
      serviceName: props.serviceName,
      repositoryName: this.name,
      buildBranch: DEFAULT_BRANCH,
      repositoryId: Token.asString(this.githubRepository.repoId),
    });

    const variables = new RepositoryVariables(this, {
      repositoryRef: this.repositoryRef, workflowVariables: this.workflow.variables, team: this.team, deployer: this.deployer,
    });
    this._variables = variables.repositoryLevel();
    this.deployReviewers = new DeployReviewers(this, this.team, this.repositoryRef, this.teamAccess);
    const environments: RepositoryEnvironmentsProps = {
      fullName: this.fullName,
      visibility: this.visibility,
      githubPlan: platform.githubPlan,
      repositoryRef: this.repositoryRef,
      branchRef: this.branchRef,
      deployReviewers: this.deployReviewers,
      variables,
    };
    for (const env of platform.environments) {
      this._environments.set(env.name, repositoryEnvironment(this, environments, env, reviewersByEnvironment[env.name]));
    }

    // Team files first (unless the template brought them), platform files after
    // them, and the workflow last: its first run starts at that commit and needs
    // everything else in place.
    const files = this.scaffold.files;
    const ordered = [
      ...(template === undefined ? files.filter((f) => f.ownership === FileOwnership.TEAM) : []),
      ...files.filter((f) => f.ownership === FileOwnership.PLATFORM && f.path !== ScaffoldPaths.CI_WORKFLOW),
      ...files.filter((f) => f.path === ScaffoldPaths.CI_WORKFLOW),
    ];
    // From a template, GitHub copies the files after the API has answered: main may not exist yet
    // when the next resource runs, so the first commit also waits for the environments, variables
    // and the deployer's grants, which need no branch.
    const waitsForPrerequisites = template === undefined ? ScaffoldPaths.CI_WORKFLOW : ordered[0].path;
    this.filesScope = new RepositoryFiles(this, 'files', { repositoryRef: this.repositoryRef, branchRef: this.branchRef });
    for (const file of ordered) {
      this.filesScope.commitFile(file, file.path === waitsForPrerequisites ? this.workflowPrerequisites() : []);
    }

    this.branchProtection = defaultBranchRuleset(this, RULESET_NAME, this.repositoryRef, {
      deletion: true,
      nonFastForward: true,
      pullRequest: {
        requiredApprovingReviewCount: 1,
        requireCodeOwnerReview: true,
        dismissStaleReviewsOnPush: true,
      },
      requiredStatusChecks: {
        strictRequiredStatusChecksPolicy: true,
        requiredCheck: this.requiredChecks.map((context) => ({ context, integrationId: this.platform.githubActionsAppId })),
      },
    });
    dependOn(this.branchProtection, this.filesScope.last!);

    this.node.addValidation({ validate: () => this.deployReviewers.reviewerTeamOrder() });
  }

  /** The file resource at a repository path; fails with the known paths for another. */
  public file(path: string): RepositoryFile {
    const found = this.filesScope.get(path);
    if (!found) {
      throw placementError(this, `has no file "${path}"`, `use one of ${this.filesScope.paths.map((p) => `"${p}"`).join(', ')}`);
    }
    return found;
  }

  /** Every committed path, in commit order. */
  public get filePaths(): string[] {
    return this.filesScope.paths;
  }

  /** Every file resource, in commit order. */
  public get files(): RepositoryFile[] {
    return this.filesScope.resources;
  }

  /** The paths Terraform writes once and then leaves to the team. */
  public get createOncePaths(): string[] {
    return this.filePaths.filter((p) => this.filesScope.ownership(p) === FileOwnership.TEAM);
  }

  /** The paths the platform keeps in sync. */
  public get platformOwnedPaths(): string[] {
    return this.filePaths.filter((p) => this.filesScope.ownership(p) === FileOwnership.PLATFORM);
  }

  /**
   * Commits another file, after the scaffold's and before the CI workflow,
   * which stays the last commit (its commit starts the first CI run), and
   * before branch protection applies. The catalog adds `catalog-info.yaml`
   * this way. A platform-owned file's commits carry `[skip ci]`.
   *
   * @param path repository path (forward slashes, no leading slash)
   * @param content the file's text
   * @param ownership whether the platform keeps it in sync or the team owns it after creation
   */
  public addFile(path: string, content: string, ownership: FileOwnership): RepositoryFile {
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      throw propError(this, { prop: 'addFile.path', value: path, problem: 'is not a relative repository path', fix: 'write it like "docs/runbook.md": forward slashes, no leading slash, no "." or ".." parts' });
    }
    if (this.filesScope.get(path) !== undefined) {
      throw propError(this, { prop: 'addFile.path', value: path, problem: 'is already committed by the scaffold or an earlier addFile', fix: 'add each path once' });
    }
    const file = this.filesScope.commitFile({ path, content, ownership });
    dependOn(this.branchProtection, file);
    return file;
  }

  /** The GitHub environment of one platform environment; fails with the known names for another. */
  public environment(name: string): ServiceRepositoryEnvironment {
    const found = this._environments.get(name);
    if (!found) {
      throw placementError(this, `has no environment "${name}"`, `use one of ${[...this._environments.keys()].map((e) => `"${e}"`).join(', ')}`);
    }
    return found;
  }

  /** The GitHub environments, in promotion order. */
  public get environments(): ServiceRepositoryEnvironment[] {
    return [...this._environments.values()];
  }

  /** The repository-level Actions variable `name` (`github_actions_variable`); fails with the known names for another. */
  public variable(name: string): ActionsVariable {
    const found = this._variables.get(name);
    if (!found) {
      throw placementError(this, `has no repository variable "${name}"`, `use one of ${[...this._variables.keys()].map((v) => `"${v}"`).join(', ')}`);
    }
    return found;
  }

  /** The repository-level Actions variables. */
  public get variables(): ActionsVariable[] {
    return [...this._variables.values()];
  }

  /** Read access of teams named as deploy reviewers (reviewers must see the repository). */
  public get reviewerAccess(): TeamRepository[] {
    return this.deployReviewers.access;
  }

  /**
   * Whether the platform created this repository for the team (an onboarded
   * team's repositories are the platform's `serviceRepositories`): then the
   * stack adopts it, and its tokens reach no other. A repository the platform
   * did not create fails with the fix.
   */
  private adoptedRepository(props: ServiceRepositoryProps): boolean {
    const onboarded = this.team._onboarded;
    if (onboarded === undefined) return false;
    if (unresolved(this.name) || !onboarded.serviceRepositories.some((r) => r.toLowerCase() === this.name.toLowerCase())) {
      const listed = onboarded.serviceRepositories.length > 0 ? onboarded.serviceRepositories.map((r) => `"${r}"`).join(', ') : 'none';
      throw propError(this, {
        prop: props.repositoryName === undefined ? 'serviceName' : 'repositoryName',
        value: this.name,
        problem: `is not a repository the platform created for the team "${onboarded.name}" (its serviceRepositories in platform.json: ${listed}); a team's stacks can manage only the repositories the platform made for it`,
        fix: `ask the platform team to add "${unresolved(this.name) ? '<name>' : this.name}" to serviceRepositories of the TeamOnboarding of "${onboarded.name}" and apply the platform, then push again`,
      });
    }
    return true;
  }

  /**
   * The platform's template repository, when the repository can be created
   * from it: the template holds the golden path's port and probe paths, so a
   * service that changes them gets the per-file scaffold, rendered with its own.
   */
  private templateSource(): ServiceTemplateSource | undefined {
    const source = this.platform._serviceTemplate;
    // The platform creates an onboarded team's repositories from the same template, as platform.json names it.
    if (source === undefined) return undefined;
    const path = this.platform.goldenPath;
    const s = this.scaffold;
    if (s.containerPort === path.containerPort && s.livenessPath === path.livenessPath && s.readinessPath === path.readinessPath) return source;
    Annotations.of(this).addInfo(`${this.fullName} commits the whole scaffold rather than starting from the template repository ${source.owner}/${this.platform.serviceTemplateRepository}: `
      + 'the service changes the golden path\'s containerPort, livenessPath or readinessPath, which the template\'s code has built in.');
    return undefined;
  }

  /**
   * What the workflow's first run needs: environments, variables and the
   * deployer's grants. The workflow's commit waits for those in its own stack
   * (dependOn keeps no other): at App scope the Kubernetes grants are in the
   * environments' stacks, which the team's stack depends on instead.
   */
  private workflowPrerequisites(): TerraformResource[] {
    return [
      ...(this.oidcSubject ? [this.oidcSubject] : []),
      ...this.variables,
      ...this.environments.flatMap((e) => [e.environment, e.deploymentPolicy, ...e.variables]),
      this.deployer.workloadIdentityUser,
      this.deployer.registryWriter,
      ...this.deployer.accesses.flatMap((a) => [
        a.workloadIdentityUser, a.roleBinding, ...(a.clusterViewer ? [a.clusterViewer] : []), ...a.gatewayAccess,
      ]),
    ];
  }
}
