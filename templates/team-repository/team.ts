/**
 * The {{ team }} team on the {{ platformId }} platform: the Platform from the
 * settings the platform team publishes, the team, and every service and
 * database declared under services/. `cdktf synth` writes the stacks
 * `{{ team }}` (repositories, GitHub environments, deployer accounts) and
 * `{{ team }}-<environment>` for each environment of the platform.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, TeamEnvironment, TeamServices } from 'cdktf-golden-paths';

/** Where the platform settings come from. */
export const PLATFORM_FILE = {{ platformFile }};

/**
 * The services/ directory: one JSON file per service or database (golden-paths add), and .ts files
 * for code. `golden-paths scale` points GOLDEN_PATHS_SERVICES_DIR at a changed copy to check it first.
 */
export const SERVICES_DIRECTORY = process.env.GOLDEN_PATHS_SERVICES_DIR ?? path.join(__dirname, 'services');

/** Builds the team's app; the test and main.ts call it. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  const platform = Platform.fromFile(app, '{{ platformId }}', PLATFORM_FILE);
  const team = new TeamEnvironment(platform, '{{ team }}', {
    name: '{{ team }}',
    maintainers: {{ maintainers }},
  });
  const declared = TeamServices.fromDirectory(team, SERVICES_DIRECTORY);
  // What JSON cannot say: a services/<name>.ts file exporting `default (team, declared) => void`.
  for (const file of fs.readdirSync(SERVICES_DIRECTORY).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const declare = require(path.join(SERVICES_DIRECTORY, file)).default;
    if (typeof declare !== 'function') {
      throw new Error(`[services/${file}] invalid module: exports no default function. Fix: export default function (team: TeamEnvironment, declared: TeamServices) { ... }.`);
    }
    declare(team, declared);
  }
  return app;
}
