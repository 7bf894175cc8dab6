import { Construct, type IConstruct } from 'constructs';
import { Platform } from '../platform/platform';
import { DataGithubTeam, DataGithubUser } from '../private/providers/github';
import { TeamEnvironment } from '../team/team-environment';

/**
 * Looks up GitHub users and teams the platform does not manage, by name, once
 * per platform (`data.github_user`, `data.github_team`): GitHub environments
 * take reviewers by numeric id. Teams the platform manages are referenced
 * directly instead.
 */
export class GithubReviewerLookup extends Construct {
  /**
   * The lookup of the platform that `scope` belongs to, created on first use as
   * the Platform's child `github-reviewers`; at App scope, as the child
   * `github-reviewers` of the team's stack.
   */
  public static of(scope: IConstruct): GithubReviewerLookup {
    const platform = Platform.of(scope);
    const owner = platform._layout.lookupScope(() => TeamEnvironment.of(scope).stack);
    const existing = owner.node.tryFindChild('github-reviewers');
    return existing instanceof GithubReviewerLookup ? existing : new GithubReviewerLookup(owner, 'github-reviewers');
  }

  private readonly users = new Map<string, DataGithubUser>();
  private readonly teams = new Map<string, DataGithubTeam>();

  /** The numeric id of a GitHub user (a string token known at plan). */
  public userId(login: string): string {
    let user = this.users.get(login);
    if (!user) {
      user = new DataGithubUser(this, `user-${login}`, { username: login });
      this.users.set(login, user);
    }
    return user.id;
  }

  /** The numeric id of a team of the organization by slug (a string token known at plan). */
  public teamId(slug: string): string {
    let team = this.teams.get(slug);
    if (!team) {
      team = new DataGithubTeam(this, `team-${slug}`, { slug, summaryOnly: true });
      this.teams.set(slug, team);
    }
    return team.id;
  }
}
