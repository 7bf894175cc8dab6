import type { Construct } from 'constructs';
import { GithubReviewerLookup } from './github-reviewer-lookup';
import type { Platform } from '../platform/platform';
import { Token } from '../private/cdk';
import { pathOf } from '../private/errors';
import { stackBuiltElsewhere } from '../private/parallel-synth';
import { TeamRepository } from '../private/providers/github';
import { TeamEnvironment } from '../team/team-environment';

/**
 * The reviewers of a service repository's production deploys, by the numeric
 * ids GitHub environments take, and the read access of the teams named (a
 * reviewer must see the repository). The access resources are children of the
 * repository.
 */
export class DeployReviewers {
  private readonly platform: Platform;
  private readonly _reviewerAccess = new Map<string, TeamRepository>();
  private readonly _lookedUpTeams = new Set<string>();

  /**
   * @param repository the service repository: the scope of the access resources, and the construct errors name
   * @param team the team that owns the repository
   * @param repositoryRef the repository's name, as a reference
   * @param teamAccess the owning team's access to the repository
   */
  public constructor(
    private readonly repository: Construct,
    private readonly team: TeamEnvironment,
    private readonly repositoryRef: string,
    private readonly teamAccess: TeamRepository,
  ) {
    this.platform = team.platform;
  }

  /** Read access of teams named as deploy reviewers. */
  public get access(): TeamRepository[] {
    return [...this._reviewerAccess.values()];
  }

  /** Numeric ids of reviewers: managed teams by reference, other teams and users through lookups. */
  public reviewerIds(reviewers: string[]): { teams?: number[]; users?: number[] } {
    const teams: number[] = [];
    const users: number[] = [];
    const lookup = GithubReviewerLookup.of(this.repository);
    for (const reviewer of reviewers) {
      const slug = teamSlugOf(reviewer);
      if (slug === undefined) {
        users.push(Token.asNumber(lookup.userId(reviewer)));
        continue;
      }
      if (slug === this.team.githubTeamSlug) {
        teams.push(this.ownTeamNumber());
        continue;
      }
      let access = this._reviewerAccess.get(slug);
      if (!access) {
        let managed = managedTeam(this.platform, slug);
        if (managed && managed.stack !== this.team.stack) {
          // Another team's stack: look the team up by name once that stack is applied, never read its state.
          this.team.stack.addDependency(managed.stack);
          managed = undefined;
        } else if (!managed && this.platform._layout.teamsApart) {
          // A team that another process of a parallel synth builds: the same dependency, by its stack's path.
          const elsewhere = stackBuiltElsewhere(this.repository, slug);
          if (elsewhere) this.team.stack.addDependency(elsewhere);
        }
        if (!managed && !this.platform._layout.teamsApart) this._lookedUpTeams.add(slug);
        access = new TeamRepository(this.repository, `reviewer-access-${slug}`, {
          teamId: managed?.githubTeam ? managed.githubTeam.id : lookup.teamId(slug),
          repository: this.repositoryRef,
          permission: 'pull',
        });
        this._reviewerAccess.set(slug, access);
      }
      teams.push(Token.asNumber(access.teamId));
    }
    return { teams: teams.length > 0 ? teams : undefined, users: users.length > 0 ? users : undefined };
  }

  /**
   * The owning team's numeric id, as environments take reviewers: through the
   * team access when the team is made here; looked up by slug when the
   * platform's onboarding keeps the GitHub team (the access then names the slug).
   */
  public ownTeamNumber(): number {
    return Token.asNumber(this.team.githubTeam ? this.teamAccess.teamId : GithubReviewerLookup.of(this.repository).teamId(this.team.githubTeamSlug));
  }

  /** Teams looked up by name must not be TeamEnvironments created later: the lookup would run before they exist. */
  public reviewerTeamOrder(): string[] {
    return [...this._lookedUpTeams].flatMap((slug) => {
      const managed = managedTeam(this.platform, slug);
      return managed ? [`[${pathOf(this.repository)}] names the team "${slug}" as deploy reviewer, but its TeamEnvironment (${managed.node.path}) is created after this service, so it would be looked up on GitHub before it exists. Fix: create the TeamEnvironment "${slug}" before the services that name it as reviewer.`] : [];
    });
  }
}

function managedTeam(platform: Platform, slug: string): TeamEnvironment | undefined {
  return TeamEnvironment._named(platform, slug);
}

function teamSlugOf(reviewer: string): string | undefined {
  const parts = reviewer.split('/');
  return parts.length === 2 ? parts[1] : undefined;
}
