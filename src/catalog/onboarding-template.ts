import type { CatalogEntity } from './entity';
import { TEAM_SKELETON, TEMPLATE_API_VERSION } from './quick-actions';
import { MANAGED_BY, PLATFORM_TEAMS_DIR } from '../private/constants';
import { TEAM_DECLARATION_RULES, teamNameSchema } from '../private/validation';

/**
 * The portal's "Onboard a team" quick action: a Backstage Software Template that opens a pull
 * request on the platform repository adding the team file `golden-paths add team` writes
 * (`teams/<name>.json`, `"kind": "onboarding"`). Merging it onboards the team: its GitHub team,
 * infrastructure repository, identities, state and, in every environment, its namespaces. The
 * form carries the CLI's rules (team name, GitHub logins, repository names), from the same
 * constants; what only the whole repository can tell (a name another team's stacks take, a
 * repository another team has) the pull request's CI refuses, as `golden-paths check` does.
 */

/** The platform repository, as the Template sees it: where team files are proposed. */
export interface PlatformRepositoryDescription {
  /** The platform repository's name in the organization. */
  readonly repository: string;
  readonly githubOrganization: string;
  /** The GitHub host the scaffolder's GitHub integration is configured for: github.com, or the GHES/GHE.com host. */
  readonly githubHost: string;
  /** The platform's environments: a team's namespaces `<team>-<environment>` must fit Kubernetes' limit. */
  readonly environments: readonly string[];
}

const NAME = 'golden-paths-onboard-team';
const TITLE = 'Onboard a team';

function loginList(title: string, description: string, minItems: number): Record<string, unknown> {
  return {
    title,
    description,
    type: 'array',
    minItems,
    uniqueItems: true,
    items: {
      type: 'string',
      pattern: TEAM_DECLARATION_RULES.githubLoginPattern,
      maxLength: TEAM_DECLARATION_RULES.githubLoginMaxLength,
    },
  };
}

/** The "Onboard a team" Template of the platform repository; `teams` are the names the platform's teams already have. */
export function onboardTeamTemplate(platform: PlatformRepositoryDescription, teams: readonly string[]): CatalogEntity {
  const name = teamNameSchema(platform.environments);
  const refused = [...new Set([...name.refused, ...teams])].sort();
  return {
    apiVersion: TEMPLATE_API_VERSION,
    kind: 'Template',
    metadata: {
      name: NAME,
      title: TITLE,
      description: `Onboards a team onto the platform in a pull request on ${platform.repository} (${PLATFORM_TEAMS_DIR}/<name>.json): `
        + 'its GitHub team, its infrastructure repository with CI and identities, and its namespaces in every environment '
        + `(${platform.environments.join(', ')}); the team then declares its services in its own repository. `
        + 'The same as `golden-paths add team` (an onboarded team, TeamOnboarding); a team whose services the platform '
        + 'repository declares itself is added there with `golden-paths add team --declare-here`.',
      tags: ['golden-path', 'team'],
      annotations: { 'golden-paths.dev/managed-by': MANAGED_BY },
    },
    spec: {
      type: 'team',
      parameters: [
        {
          title: 'Team',
          required: ['name'],
          properties: {
            name: {
              title: 'Name',
              description: 'The team name: its GitHub team, namespaces (<name>-<environment>), stacks and catalog Group. '
                + `Lowercase letters, digits and single "-", starting with a letter; at most ${name.maxLength} characters.`,
              type: 'string',
              minLength: 1,
              maxLength: name.maxLength,
              pattern: name.pattern,
              not: { enum: refused },
            },
            description: {
              title: 'Description',
              description: 'What the team does, in one sentence.',
              type: 'string',
              maxLength: TEAM_DECLARATION_RULES.descriptionMaxLength,
            },
          },
        },
        {
          title: 'People',
          required: ['maintainers'],
          properties: {
            maintainers: loginList('Maintainers', 'GitHub logins of the team\'s maintainers, as in their GitHub URL, without "@".', 1),
            members: loginList('Members', 'GitHub logins of its other members.', 0),
          },
        },
        {
          title: 'Repositories',
          properties: {
            infrastructureRepository: {
              title: 'Infrastructure repository',
              description: 'The team\'s infrastructure repository, where it declares its services (default: <name>-infra).',
              type: 'string',
              pattern: TEAM_DECLARATION_RULES.repositoryNamePattern,
            },
            serviceRepositories: {
              title: 'Service repositories',
              description: 'Repositories the platform creates for the team\'s services.',
              type: 'array',
              uniqueItems: true,
              items: { type: 'string', pattern: TEAM_DECLARATION_RULES.repositoryNamePattern },
            },
          },
        },
      ],
      steps: [
        {
          id: 'declaration',
          name: `Write ${PLATFORM_TEAMS_DIR}/\${{ parameters.name }}.json`,
          action: 'fetch:template:file',
          input: {
            url: `./${TEAM_SKELETON}`,
            targetPath: `${PLATFORM_TEAMS_DIR}/\${{ parameters.name }}.json`,
            values: {
              name: '${{ parameters.name }}',
              description: '${{ parameters.description }}',
              maintainers: '${{ parameters.maintainers }}',
              members: '${{ parameters.members }}',
              infrastructureRepository: '${{ parameters.infrastructureRepository }}',
              serviceRepositories: '${{ parameters.serviceRepositories }}',
            },
          },
        },
        {
          id: 'pull-request',
          name: 'Open the pull request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: `${platform.githubHost}?owner=${platform.githubOrganization}&repo=${platform.repository}`,
            branchName: 'golden-paths/onboard-team-${{ parameters.name }}',
            title: 'Onboard the team ${{ parameters.name }}',
            commitMessage: `Onboard the team \${{ parameters.name }} (${PLATFORM_TEAMS_DIR}/\${{ parameters.name }}.json)`,
            description: `Opened from the portal's "${TITLE}" quick action. CI checks the team file and plans its stacks on this pull request; `
              + 'merging it applies them, after which the team writes its repository with `golden-paths init <dir> --team <name> --platform platform.json`.',
          },
        },
      ],
      output: { links: [{ title: 'Pull request', url: '${{ steps[\'pull-request\'].output.remoteUrl }}' }] },
    },
  };
}
