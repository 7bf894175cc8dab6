import { GOLANGCI_LINT_VERSION } from './action-pins';
import type { CiWorkflow } from './ci-workflow';
import { GO_VERSION } from './go-dependencies';
import { ScaffoldPaths } from './scaffold-paths';
import type { ServiceModel } from './service-model';

const code = (text: string) => `\`${text}\``;

/** How the README tells where and how the service is deployed. */
function deploySummary(m: ServiceModel, ci: CiWorkflow): string {
  const environments = ci.environments;
  if (environments.length === 0) {
    return 'No deploy environments are configured.';
  }
  const production = environments.filter((environment) => environment.production).map((environment) => code(environment.name));
  return `Then ${environments.map((environment) => code(`deploy-${environment.name}`)).join(', ')} roll it out, in that order, `
    + `to the namespaces ${environments.map((environment) => code(`${m.teamSlug}-${environment.name}`)).join(', ')}. `
    + 'A failed rollout is undone automatically; after a successful one, `keep-image-<environment>` tags the image '
    + '`deployed-<environment>`, which the registry keeps however old it gets.'
    + (production.length === 0 ? '' : ` Deploys to ${production.join(', ')} wait for a reviewer's approval in the GitHub environment.`);
}

/**
 * Text for a double-quoted YAML or JSON string: JSON's escapes, and `\uXXXX` for the characters a
 * JSON string may hold raw but YAML may not (DEL and the C1 controls, outside YAML's printable set,
 * https://yaml.org/spec/1.2.2/#51-character-set, which MkDocs' reader refuses), and the line and
 * paragraph separators.
 */
function escapeForQuotedString(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The value of every placeholder a {@link ServiceTemplate} may use, by key. */
export function templateValues(m: ServiceModel, ci: CiWorkflow): Record<string, string> {
  return {
    name: m.name,
    description: m.description,
    descriptionSentence: m.descriptionSentence,
    descriptionEscaped: escapeForQuotedString(m.description),
    githubOrganization: m.githubOrganization,
    teamSlug: m.teamSlug,
    repositoryName: m.repositoryName,
    modulePath: m.modulePath,
    containerPort: String(m.containerPort),
    livenessPath: m.livenessPath,
    // The former name of livenessPath, for templates written with it.
    healthPath: m.livenessPath,
    readinessPath: m.readinessPath,
    metricsPort: String(m.metricsPort),
    metricsPath: m.metricsPath,
    coverageThreshold: String(m.coverageThreshold),
    goVersion: GO_VERSION,
    golangciLintVersion: GOLANGCI_LINT_VERSION,
    defaultBranch: ci.defaultBranch,
    requiredChecks: ci.requiredChecks.map(code).join(', '),
    deploySummary: deploySummary(m, ci),
    platformOwnedFiles: ScaffoldPaths.platformOwned().map(code).join(', '),
  };
}
