import * as fs from 'fs';
import * as path from 'path';
import { renderTemplate } from './render-template';
import { ScaffoldPaths } from './scaffold-paths';
import type { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import { propError, type PropProblem } from '../private/errors';

/** The built-in tree: `templates/go-microservice` at the package root, the same two levels up from src/ and lib/. */
const BUILT_IN = path.join(__dirname, '..', '..', 'templates', 'go-microservice');

/** Files every service repository needs: the CI workflow builds go.mod and the Dockerfile, the catalog's API entity reads the OpenAPI document. */
const REQUIRED_FILES = ['go.mod', 'Dockerfile', ScaffoldPaths.OPENAPI];

/** npm leaves `.gitignore` files out of packages, so a template names it `gitignore`; it is committed as `.gitignore`. */
const GITIGNORE = /(?<=^|\/)gitignore$/;

/** One file of a template, its path and text still unrendered. */
interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

function templateError(problem: PropProblem): GoldenPathsValidationError {
  return propError('ServiceTemplate.fromDirectory', problem);
}

/** Every file under `root`, with forward-slash paths relative to it, sorted. */
export function listFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      return fs.statSync(path.join(root, relative)).isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}

/**
 * The files a new service repository starts with: a directory tree, committed
 * file by file after its placeholders are filled in. The golden path's
 * template is the Go/gin service in `templates/go-microservice` of this
 * package; a platform team can keep its own tree and set it on its golden path:
 *
 * ```ts
 * GoldenPath.goMicroservice({ template: ServiceTemplate.fromDirectory('templates/acme-go') });
 * ```
 *
 * Placeholders, in file contents and paths:
 * - `{{ name }}`, `{{ description }}`, `{{ descriptionSentence }}`,
 *   `{{ descriptionEscaped }}` (for a double-quoted YAML or JSON string),
 *   `{{ githubOrganization }}`, `{{ teamSlug }}`, `{{ repositoryName }}`,
 *   `{{ modulePath }}`, `{{ containerPort }}`, `{{ livenessPath }}` (also
 *   `{{ healthPath }}`, its former name), `{{ readinessPath }}`, `{{ metricsPort }}`, `{{ metricsPath }}`,
 *   `{{ coverageThreshold }}`, `{{ goVersion }}`,
 *   `{{ golangciLintVersion }}`, `{{ defaultBranch }}`, and for a README
 *   `{{ requiredChecks }}`, `{{ deploySummary }}` and `{{ platformOwnedFiles }}`.
 *   Unknown keys are left as they are.
 * - So that a Go tree stays valid Go, where Go needs a real value: the module
 *   path `example.com/golden-path/go-microservice`, the name
 *   `go-microservice`, the port `18080`, the probe paths `/healthz` and
 *   `/readyz`, the metrics port `19090` and the metrics path `/metrics` stand
 *   for their values, as whole words.
 *
 * A file named `gitignore` becomes `.gitignore`. The platform writes the CI
 * workflow, CODEOWNERS and `catalog-info.yaml` itself, so a template has none
 * of them; the workflow builds the service with Go and Docker and the catalog
 * describes its API, so a template has `go.mod`, a `Dockerfile` and
 * `api/openapi.yaml`. Files are read as UTF-8 text.
 */
export class ServiceTemplate {
  /** The Go/gin microservice of the golden path (`templates/go-microservice` in this package). */
  public static goMicroservice(): ServiceTemplate {
    return new ServiceTemplate(BUILT_IN);
  }

  /**
   * A template from a directory of the platform team's own: every file under
   * it becomes a file of each new service repository.
   *
   * @param directory the template's root; a relative path is resolved against the working directory
   */
  public static fromDirectory(directory: string): ServiceTemplate {
    return new ServiceTemplate(directory);
  }

  /** The absolute path of the template's root directory. */
  public readonly directory: string;

  /** The files as read on first use: every service of a synth renders the same text. */
  private unrendered?: TemplateFile[];

  private constructor(directory: string) {
    if (typeof directory !== 'string' || directory === '') {
      throw templateError({ prop: 'directory', value: directory, problem: 'is not a directory path', fix: 'pass the path of the template\'s root directory, such as "templates/acme-go"' });
    }
    this.directory = path.resolve(directory);
    const fix = `create it, or pass the path of an existing template directory (relative paths start at ${process.cwd()})`;
    if (!fs.existsSync(this.directory)) {
      throw templateError({ prop: 'directory', value: directory, problem: `does not exist (resolved to ${this.directory})`, fix });
    }
    if (!fs.statSync(this.directory).isDirectory()) {
      throw templateError({ prop: 'directory', value: directory, problem: 'is a file, not a directory', fix: 'pass the directory that holds the template\'s files' });
    }
    let paths: string[];
    try {
      paths = listFiles(this.directory);
      paths.forEach((file) => fs.accessSync(path.join(this.directory, file), fs.constants.R_OK));
    } catch (e) {
      throw templateError({ prop: 'directory', value: directory, problem: `cannot be read (${(e as Error).message})`, fix: 'give the user running synth read access to the directory and its files' });
    }
    const missing = REQUIRED_FILES.filter((file) => !paths.includes(file));
    if (missing.length > 0) {
      throw templateError({ prop: 'directory', value: directory, problem: `has no ${missing.join(', ')}`, fix: `add ${missing.length === 1 ? 'it' : 'them'}: the CI workflow builds go.mod and the Dockerfile, and the catalog's API entity reads ${ScaffoldPaths.OPENAPI}` });
    }
    const platformOwned = paths.filter((file) => ScaffoldPaths.platformOwned().includes(file));
    if (platformOwned.length > 0) {
      throw templateError({ prop: 'directory', value: directory, problem: `holds ${platformOwned.join(', ')}, which the platform writes and keeps in sync`, fix: 'remove them from the template' });
    }
  }

  /**
   * The template's files with their placeholders filled in, sorted by path.
   *
   * @internal
   */
  public _render(values: Readonly<Record<string, string>>): TemplateFile[] {
    this.unrendered ??= listFiles(this.directory).map((file) => ({ path: file, content: fs.readFileSync(path.join(this.directory, file), 'utf8') }));
    return this.unrendered
      .map((file) => ({ path: renderTemplate(file.path, values).replace(GITIGNORE, '.gitignore'), content: renderTemplate(file.content, values) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
