import { Token } from '../private/cdk';
import { propError, type ErrorScope, type PropProblem } from '../private/errors';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * The Kubernetes RBAC subject that stands for a team's people in its
 * namespaces: the role bindings of a TeamEnvironment bind it to `edit`
 * outside production and `view` in production.
 *
 * Which name a cluster knows a group by depends on how people sign in to it:
 * pick the factory that matches the cluster's authenticator.
 *
 * @example
 * GroupSubject.googleGroup('payments@acme.com'); // GKE with Google Groups for RBAC
 * GroupSubject.githubTeam('acme', 'payments');   // Group "acme:payments", e.g. through Dex's GitHub connector
 */
export class GroupSubject {
  /**
   * A GitHub team, as an OIDC bridge such as Dex's GitHub connector reports it
   * in the groups claim: a Kubernetes `Group` named `<organization>:<team-slug>`.
   * This is what a TeamEnvironment binds unless told otherwise.
   */
  public static githubTeam(organization: string, teamSlug: string): GroupSubject {
    return new GroupSubject(`${organization}:${teamSlug}`, `the GitHub team ${organization}/${teamSlug}`, (prop, name) =>
      /^[^\s:]+:[^\s:]+$/.test(name) ? undefined : nameProblem(prop, name, 'is not "<organization>:<team>"', 'use GroupSubject.githubTeam("acme", "payments")'));
  }

  /**
   * A Google Group, for GKE clusters with Google Groups for RBAC: a Kubernetes
   * `Group` named by the group's email address. The group must be a member of
   * the organization's `gke-security-groups` group.
   */
  public static googleGroup(email: string): GroupSubject {
    return new GroupSubject(email, `the Google Group ${email}`, (prop, name) =>
      EMAIL.test(name) ? undefined : nameProblem(prop, name, 'is not an email address', 'give the Google Group by its address, e.g. GroupSubject.googleGroup("payments@acme.com")'));
  }

  /**
   * A Kubernetes `Group` by the exact name the cluster's authenticator gives it
   * (for example an OIDC groups claim, or a group from a webhook authenticator).
   */
  public static group(name: string): GroupSubject {
    return new GroupSubject(name, `the group ${name}`, (prop, value) =>
      value.trim() === value && value.length > 0 && !/\s/.test(value)
        ? undefined
        : nameProblem(prop, value, 'is empty or contains whitespace', 'give the group name exactly as the cluster\'s authenticator reports it'));
  }

  /** The RBAC subject kind: always `Group`. */
  public readonly kind: string = 'Group';
  /** The RBAC API group of the subject: `rbac.authorization.k8s.io`. */
  public readonly apiGroup: string = RBAC_API_GROUP;
  /** The group name the cluster knows. */
  public readonly name: string;
  /** Who the group is, in words, for documentation and messages. */
  public readonly description: string;

  private readonly check: (prop: string, name: string) => PropProblem | undefined;

  private constructor(name: string, description: string, check: (prop: string, name: string) => PropProblem | undefined) {
    this.name = name;
    this.description = description;
    this.check = check;
  }

  /**
   * What is wrong with this subject, given as `prop`; `undefined` when it is fine.
   * @internal
   */
  public _problem(prop: string): PropProblem | undefined {
    if (Token.isUnresolved(this.name)) return undefined;
    return this.check(prop, this.name);
  }
}

function nameProblem(prop: string, value: string, problem: string, fix: string): PropProblem {
  return { prop, value, problem, fix };
}

/** What the default group of a team depends on: how people sign in to the platform's clusters. */
export interface GroupSignIn {
  readonly githubOrganization: string;
  readonly googleGroupsDomain?: string;
  readonly oidcBridge: boolean;
}

/** Whether a team that names no group gets one: the platform says how people sign in (Google Groups or an OIDC bridge). */
export function hasDefaultGroup(platform: Omit<GroupSignIn, 'githubOrganization'>): boolean {
  return platform.oidcBridge === true || platform.googleGroupsDomain !== undefined;
}

/**
 * The group a team's people are known by when the team names none: a Google
 * Group `<team>@<domain>` on GKE, a GitHub team behind an OIDC bridge; with
 * neither, fails at `scope` with the fix.
 */
export function defaultGroupSubject(scope: ErrorScope, platform: GroupSignIn, name: string): GroupSubject {
  if (!hasDefaultGroup(platform)) {
    throw propError(scope, {
      prop: 'groupSubject',
      value: undefined,
      problem: `is not given, and the platform names neither googleGroupsDomain nor an OIDC bridge, so the default Group "${platform.githubOrganization}:${name}" would never match anyone signed in to GKE with Google`,
      fix: `set googleGroupsDomain in the platform settings (the team then binds the Google Group ${name}@<domain>), give groupSubject (e.g. GroupSubject.googleGroup("${name}@acme.com")), `
        + 'or set oidcBridge: true if people sign in through an OIDC bridge that reports GitHub teams',
    });
  }
  return platform.oidcBridge ? GroupSubject.githubTeam(platform.githubOrganization, name) : GroupSubject.googleGroup(`${name}@${platform.googleGroupsDomain}`);
}
