import { Construct } from 'constructs';
import { GkeEndpoint } from './environment';
import { Platform } from './platform';
import { Guardrails } from '../guardrails/guardrails';
import { DEFAULT_BRANCH } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { NameKind } from '../private/name-registry';
import { BranchDefault, Repository, RepositoryFile, RepositoryRuleset, type RepositoryRulesetRules } from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';
import { TEMPLATE_TEAM_SLUG } from '../scaffold/ci-workflow-options';
import { FileOwnership } from '../scaffold/file-ownership';
import { GoServiceScaffold, type GoServiceScaffoldOptions } from '../scaffold/go-service-scaffold';

/**
 * The service name the template repository is rendered with: the built-in
 * template's own stand-in (`cmd/go-microservice`, the binary, the log lines),
 * which every service created from it keeps until its team renames it.
 */
export const TEMPLATE_SERVICE_NAME = 'go-microservice';

/** What the template repository says where a service would say what it does (README, doc comment, OpenAPI). */
export const TEMPLATE_DESCRIPTION = 'A Go service on the golden path: describe what it does here';

/** The name of the ruleset that protects the template repository's default branch. */
export const TEMPLATE_RULESET_NAME = 'golden-path-template';

/**
 * An active ruleset named `name` on the default branch of `repository`, with
 * `rules`, that the platform's Terraform bypasses (see {@link rulesetBypassActors}).
 */
export function defaultBranchRuleset(scope: Construct, name: string, repository: string, rules: RepositoryRulesetRules): RepositoryRuleset {
  return new RepositoryRuleset(scope, 'branch-protection', {
    name,
    repository,
    target: 'branch',
    enforcement: 'active',
    conditions: { refName: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
    bypassActors: rulesetBypassActors(Platform.of(scope)),
    rules,
  });
}

/**
 * Who may bypass the rulesets the platform puts on its repositories'
 * default branches: organization admins and, when given, the GitHub App the
 * platform's Terraform runs as, so that later applies can rewrite the files the
 * platform keeps in sync.
 */
function rulesetBypassActors(platform: Platform): { actorType: string; actorId: number; bypassMode: string }[] {
  return [
    { actorType: 'OrganizationAdmin', actorId: 1, bypassMode: 'always' },
    ...(platform.terraformGithubAppId === undefined ? [] : [{ actorType: 'Integration', actorId: platform.terraformGithubAppId, bypassMode: 'always' }]),
  ];
}

/**
 * The scaffold options every service of `platform` shares: the golden path's
 * runtime values, CI gates, environments, default branch and template. A
 * service adds its name, description, team and repository (and may override
 * the runtime values).
 */
export function platformScaffoldOptions(platform: Platform): Omit<GoServiceScaffoldOptions, 'name' | 'description' | 'teamSlug'> {
  const path = platform.goldenPath;
  return {
    githubOrganization: platform.githubOrganization,
    containerPort: path.containerPort,
    livenessPath: path.livenessPath,
    readinessPath: path.readinessPath,
    metricsPort: path.metricsPort,
    metricsPath: path.metricsPath,
    coverageThreshold: path.coverageThreshold,
    requiredChecks: path.requiredChecks,
    environments: platform.environments.map((e) => ({
      name: e.name,
      production: e.production,
      useDnsBasedEndpoint: e.gkeEndpoint === GkeEndpoint.DNS,
      useConnectGateway: e.gkeEndpoint === GkeEndpoint.CONNECT_GATEWAY,
    })),
    defaultBranch: DEFAULT_BRANCH,
    template: path.template,
  };
}

/**
 * The GitHub template repository (`is_template`) that new service repositories
 * are created from: the golden path's service template rendered with the
 * platform's values (Go and linter versions, coverage threshold, required
 * checks, port and probe paths, environments) and neutral text where a service
 * would have its own (description, team), committed file by file and kept in
 * sync like platform-owned files, so a library upgrade updates it. Services
 * created from it get a copy of its default branch (`main`) and commit only
 * their platform-owned files; repositories created earlier are not touched.
 *
 * The PlatformFoundation creates it as its child `service-template` when the
 * platform's `serviceRepositoriesFromTemplate` is on.
 */
export class ServiceTemplateRepository extends Construct {
  /** The repository name (the platform's `serviceTemplateRepository`). */
  public readonly name: string;
  /** `<organization>/<repository>`. */
  public readonly fullName: string;
  /** The scaffold the files come from: the service template with the platform's values and neutral service text. */
  public readonly scaffold: GoServiceScaffold;
  /** The template repository (`github_repository`, `is_template = true`). */
  public readonly githubRepository: Repository;
  /**
   * Makes `main` its default branch, renaming the initial branch when the
   * organization uses another name: repositories created from the template
   * start on the template's default branch.
   */
  public readonly defaultBranch: BranchDefault;
  /**
   * The ruleset on its default branch (`github_repository_ruleset`): changes
   * come from the platform's Terraform (which bypasses it) or through a
   * reviewed pull request, never a direct push.
   */
  public readonly branchProtection: RepositoryRuleset;

  private readonly _files = new Map<string, RepositoryFile>();

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const platform = Platform.of(this);
    this.name = platform.serviceTemplateRepository;
    this.fullName = `${platform.githubOrganization}/${this.name}`;
    platform._claimName(this, NameKind.GITHUB_REPOSITORY, this.fullName.toLowerCase(), {
      prop: 'serviceTemplateRepository', value: this.name, problem: 'names a repository of the organization that a service already has (GitHub names ignore case)', fix: 'give the template repository a name no service uses',
    });

    // Every value was judged by the Platform (the scaffold finds them right); the neutral ones are fixed.
    this.scaffold = new GoServiceScaffold({
      ...platformScaffoldOptions(platform),
      name: TEMPLATE_SERVICE_NAME,
      description: TEMPLATE_DESCRIPTION,
      teamSlug: TEMPLATE_TEAM_SLUG,
      repositoryName: this.name,
    });

    this.githubRepository = new Repository(this, 'repository', {
      name: this.name,
      description: 'The golden path\'s Go service: new service repositories are created from it (managed by cdktf-golden-paths)',
      visibility: 'private',
      isTemplate: true,
      vulnerabilityAlerts: true,
      archiveOnDestroy: true,
      // A first commit, so that the default branch exists for the files.
      autoInit: true,
    });
    const repository = this.githubRepository.name;
    this.defaultBranch = new BranchDefault(this, 'default-branch', { repository, branch: DEFAULT_BRANCH, rename: true });
    const branch = this.defaultBranch.branch;

    const filesScope = new Construct(this, 'files');
    let previous: RepositoryFile | undefined;
    // The team-owned files only: each service commits its own CI workflow, CODEOWNERS and catalog entry.
    for (const file of this.scaffold.filesOwnedBy(FileOwnership.TEAM)) {
      const resource = new RepositoryFile(filesScope, file.path.replace(/\//g, '--'), {
        repository,
        branch,
        file: file.path,
        content: terraformLiteral(file.content),
        commitMessage: `Sync ${file.path} from the golden path (cdktf-golden-paths)`,
        // auto_init commits a README.md; the template's replaces it.
        overwriteOnCreate: true,
      });
      // One commit at a time: parallel commits to a branch fail with 409 conflicts.
      dependOn(resource, ...(previous ? [previous] : []));
      this._files.set(file.path, resource);
      previous = resource;
    }

    this.branchProtection = defaultBranchRuleset(this, TEMPLATE_RULESET_NAME, repository, {
      deletion: true,
      nonFastForward: true,
      pullRequest: { requiredApprovingReviewCount: 1, dismissStaleReviewsOnPush: true },
    });
    // Protection last: the files are committed first.
    dependOn(this.branchProtection, ...(previous ? [previous] : []));
    // The template has no CI of its own: its tree is what every service's CI builds on day one, checked by this library's tests.
    Guardrails.suppress(this.githubRepository, 'GP-GH-004', 'The template repository runs no workflow: its code is built and tested in each service repository created from it, whose ruleset requires the CI checks.');
  }

  /** Every committed path, in commit order. */
  public get filePaths(): string[] {
    return [...this._files.keys()];
  }

  /** Every file resource, in commit order. */
  public get files(): RepositoryFile[] {
    return [...this._files.values()];
  }
}

