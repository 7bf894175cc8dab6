import type { CatalogEntity } from './entity';
import { MANAGED_BY } from '../private/constants';
import { DECLARATION_RULES } from '../private/validation';

/**
 * The portal's quick actions: Backstage Software Templates
 * (`scaffolder.backstage.io/v1beta3`) that open a pull request adding the
 * same file `golden-paths add` writes, in a team's infrastructure repository.
 * Their parameter schemas carry the CLI's rules (DECLARATION_RULES), and the
 * file is rendered from a skeleton kept next to the catalog file
 * (`fetch:template:file`), then proposed with `publish:github:pull-request`.
 */

/** The API version of Backstage Software Templates. */
export const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';

/** A team the platform onboarded, as the quick actions see it: where its declarations live. */
export interface OnboardingDescription {
  /** The team name. */
  readonly team: string;
  /** The team's infrastructure repository (its services/ folder). */
  readonly repository: string;
  readonly githubOrganization: string;
  /** The GitHub host the scaffolder's GitHub integration is configured for: github.com, or the GHES/GHE.com host. */
  readonly githubHost: string;
}

/** The choices a declaration offers, from the public enums (the catalog cannot import them: they live in a higher layer). */
export interface DeclarationChoices {
  readonly databaseEngines: readonly string[];
  readonly databaseSizes: readonly string[];
}

/** A skeleton file of a quick action, kept beside catalog-info.yaml. */
export interface QuickActionFile {
  /** The path relative to catalog-info.yaml (the Templates' `url`). */
  readonly path: string;
  readonly content: string;
}

/** The folder of the skeletons, beside catalog-info.yaml. */
const SKELETON_DIR = 'golden-paths';
const SERVICE_SKELETON = `${SKELETON_DIR}/service.json.njk`;
const DATABASE_SKELETON = `${SKELETON_DIR}/database.json.njk`;
/** The skeleton of a team file of the platform repository (the "Onboard a team" Template, onboarding-template.ts). */
export const TEAM_SKELETON = `${SKELETON_DIR}/team.json.njk`;

/** A JSON list of strings as `JSON.stringify(value, null, 2)` writes it at the second level, from `values.<key>`. */
function jsonList(key: string): string[] {
  return [
    `[{% for item in values.${key} %}`,
    '    ${{ item | dump }}{% if not loop.last %},{% endif %}{% endfor %}',
  ];
}
const NO_DATABASE = 'none';

/**
 * The skeletons, in the scaffolder's template language (`${{ }}`, Nunjucks
 * syntax): every value goes through `dump` (JSON.stringify), so a quote or a
 * backslash in a description stays inside its JSON string. Rendered, each is
 * byte for byte what `golden-paths add` writes for the same input.
 */
export const QUICK_ACTION_FILES: readonly QuickActionFile[] = [
  {
    path: SERVICE_SKELETON,
    content: [
      '{',
      '  "kind": "service",',
      '  "name": ${{ values.name | dump }},',
      '  "description": ${{ values.description | trim | dump }}{% if values.system %},',
      '  "system": ${{ values.system | dump }}{% endif %}' + `{% if values.database and values.database != "${NO_DATABASE}" %},`,
      '  "database": {',
      '    "engine": ${{ values.database | dump }},',
      '    "size": ${{ values.databaseSize | dump }}',
      '  }{% endif %}',
      '}',
      '',
    ].join('\n'),
  },
  {
    path: DATABASE_SKELETON,
    content: [
      '{',
      '  "kind": "database",',
      '  "name": ${{ values.name | dump }},',
      '  "engine": ${{ values.engine | dump }},',
      '  "size": ${{ values.size | dump }}',
      '}',
      '',
    ].join('\n'),
  },
  {
    // The file `golden-paths add team` writes: optional keys only when given, as the CLI leaves them out.
    path: TEAM_SKELETON,
    content: [
      '{',
      '  "kind": "onboarding",',
      '  "name": ${{ values.name | dump }},',
      `  "maintainers": ${jsonList('maintainers').join('\n')}`,
      '  ]{% if values.members | length %},',
      `  "members": ${jsonList('members').join('\n')}`,
      '  ]{% endif %}{% if values.description and (values.description | trim) %},',
      '  "description": ${{ values.description | trim | dump }}{% endif %}'
        + '{% if values.infrastructureRepository and (values.infrastructureRepository | trim) %},',
      '  "infrastructureRepository": ${{ values.infrastructureRepository | trim | dump }}{% endif %}{% if values.serviceRepositories | length %},',
      `  "serviceRepositories": ${jsonList('serviceRepositories').join('\n')}`,
      '  ]{% endif %}',
      '}',
      '',
    ].join('\n'),
  },
];

let offered: DeclarationChoices | undefined;

/**
 * Offers the choices of a declaration: the database module calls it as it
 * loads, with its public enums (a registry filled from above, see
 * docs/architecture.md).
 */
export function offerDeclarationChoices(choices: DeclarationChoices): void {
  offered = choices;
}

/** The Templates of the platform's quick actions, for the teams it onboarded; none without one. */
export function quickActionTemplates(
  onboardings: readonly OnboardingDescription[],
  choices: DeclarationChoices | undefined = offered,
): CatalogEntity[] {
  if (onboardings.length === 0) return [];
  if (choices === undefined) throw new Error('[quickActionTemplates] no database choices were offered: the database module offers them as it loads. Fix: import the library from its index.');
  const sorted = [...onboardings].sort((a, b) => a.team.localeCompare(b.team));
  return [createServiceTemplate(sorted, choices), provisionDatabaseTemplate(sorted, choices)];
}

function createServiceTemplate(teams: readonly OnboardingDescription[], choices: DeclarationChoices): CatalogEntity {
  return template({
    name: 'golden-paths-create-service',
    title: 'Create a service',
    description: 'Adds a Go/gin service to your team\'s infrastructure repository (services/<name>.json) in a pull request. '
      + 'Merging it creates the service\'s repository, CI, Kubernetes workloads in every environment and catalog entry. '
      + 'The same as `golden-paths add service`.',
    type: 'service',
    tags: ['golden-path', 'go'],
    teams,
    properties: {
      name: nameProperty('The service name: it names the repository, the workloads and the catalog entry.'),
      description: {
        title: 'Description',
        description: 'What the service does, in one sentence.',
        type: 'string',
        minLength: 1,
        maxLength: DECLARATION_RULES.descriptionMaxLength,
        pattern: '\\S',
      },
      system: {
        title: 'System',
        description: 'The catalog system the service belongs to (default: the team).',
        type: 'string',
        maxLength: 63,
        pattern: '^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$',
      },
      database: {
        title: 'Its own database',
        description: 'A managed database of its own, named <name>-db, in every environment.',
        type: 'string',
        enum: [NO_DATABASE, ...choices.databaseEngines],
        default: NO_DATABASE,
      },
      databaseSize: { title: 'Database size', type: 'string', enum: [...choices.databaseSizes], default: choices.databaseSizes[0] },
    },
    required: ['name', 'description'],
    skeleton: SERVICE_SKELETON,
    values: {
      name: '${{ parameters.name }}',
      description: '${{ parameters.description }}',
      system: '${{ parameters.system }}',
      database: '${{ parameters.database }}',
      databaseSize: '${{ parameters.databaseSize }}',
    },
    change: 'the service',
  });
}

function provisionDatabaseTemplate(teams: readonly OnboardingDescription[], choices: DeclarationChoices): CatalogEntity {
  return template({
    name: 'golden-paths-provision-database',
    title: 'Provision a database',
    description: 'Adds a managed database (Cloud SQL or Memorystore, in every environment) to your team\'s infrastructure repository '
      + '(services/<name>.json) in a pull request; services use it by naming it under "databases". The same as `golden-paths add database`.',
    type: 'resource',
    tags: ['golden-path', 'database'],
    teams,
    properties: {
      name: nameProperty('The database name: it names the instance in every environment and the catalog Resource.'),
      engine: { title: 'Engine', type: 'string', enum: [...choices.databaseEngines], default: choices.databaseEngines[0] },
      size: { title: 'Size', type: 'string', enum: [...choices.databaseSizes], default: choices.databaseSizes[0] },
    },
    required: ['name', 'engine', 'size'],
    skeleton: DATABASE_SKELETON,
    values: { name: '${{ parameters.name }}', engine: '${{ parameters.engine }}', size: '${{ parameters.size }}' },
    change: 'the database',
  });
}

function nameProperty(description: string): Record<string, unknown> {
  return {
    title: 'Name',
    description: `${description} Lowercase letters, digits and single "-", starting with a letter; at most ${DECLARATION_RULES.nameMaxLength} characters.`,
    type: 'string',
    minLength: 1,
    maxLength: DECLARATION_RULES.nameMaxLength,
    pattern: DECLARATION_RULES.namePattern,
  };
}

interface TemplateSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly tags: string[];
  readonly teams: readonly OnboardingDescription[];
  readonly properties: Record<string, unknown>;
  readonly required: string[];
  readonly skeleton: string;
  readonly values: Record<string, string>;
  /** What the pull request adds, for its title ("the service"). */
  readonly change: string;
}

/**
 * One Template: the team (its infrastructure repository) on the first page,
 * the declaration on the second; the file rendered into `services/`, then the
 * pull request. Each team's repository is on the host and organization the
 * platform was given (a GitHub Enterprise host included).
 */
function template(spec: TemplateSpec): CatalogEntity {
  const { githubHost, githubOrganization } = spec.teams[0];
  return {
    apiVersion: TEMPLATE_API_VERSION,
    kind: 'Template',
    metadata: {
      name: spec.name,
      title: spec.title,
      description: spec.description,
      tags: spec.tags,
      annotations: { 'golden-paths.dev/managed-by': MANAGED_BY },
    },
    spec: {
      type: spec.type,
      parameters: [
        {
          title: 'Team',
          required: ['repository'],
          properties: {
            repository: {
              title: 'Team',
              description: 'The team whose infrastructure repository gets the pull request.',
              type: 'string',
              oneOf: spec.teams.map((t) => ({ const: t.repository, title: t.team })),
            },
          },
        },
        { title: spec.title, required: spec.required, properties: spec.properties },
      ],
      steps: [
        {
          id: 'declaration',
          name: 'Write services/${{ parameters.name }}.json',
          action: 'fetch:template:file',
          input: { url: `./${spec.skeleton}`, targetPath: 'services/${{ parameters.name }}.json', values: spec.values },
        },
        {
          id: 'pull-request',
          name: 'Open the pull request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: `${githubHost}?owner=${githubOrganization}&repo=\${{ parameters.repository }}`,
            branchName: `golden-paths/${spec.name.replace(/^golden-paths-/, '')}-\${{ parameters.name }}`,
            title: `Add ${spec.change} \${{ parameters.name }}`,
            commitMessage: `Add ${spec.change} \${{ parameters.name }} (services/\${{ parameters.name }}.json)`,
            description: `Opened from the portal's "${spec.title}" quick action. CI plans the change on this pull request (golden-paths check and cdktf diff); merging it deploys.`,
          },
        },
      ],
      output: { links: [{ title: 'Pull request', url: '${{ steps[\'pull-request\'].output.remoteUrl }}' }] },
    },
  };
}
