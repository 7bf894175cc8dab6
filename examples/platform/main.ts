/**
 * Acme's platform repository: the settings every repository shares
 * (platform-settings.json), the foundation (the Workload Identity pool for
 * GitHub Actions, the Google APIs, the catalog), and the platform team's own
 * service, and the onboarding of every product team. `cdktf synth` writes the
 * stacks `foundation`, `onboarding-payments` and `onboarding-search` (and one
 * `onboarding-<team>-<env>` per environment), `platform`, `platform-dev`,
 * `platform-staging` and `platform-prod`, and `platform.json`: the settings,
 * shared names and onboarded teams team repositories build their Platform from.
 *
 * Run `npm run synth:example` from the repository root, or `npx cdktf synth` here.
 */
import { join } from 'path';
import { App } from 'cdktf';
import { GoMicroservice, Platform, PlatformFoundation, TeamEnvironment, TeamOnboarding } from '../../src';
import { printSummary } from '../summary';
import { PAYMENTS, SEARCH } from '../teams';

/** Builds the platform repository's app; tests call this to check what it makes. */
export function buildPlatformApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const platform = Platform.fromFile(app, 'acme', join(__dirname, 'platform-settings.json'));
  new PlatformFoundation(platform, 'foundation');
  // Every product team, onboarded: its GitHub team, infrastructure repository, identities,
  // state bucket, registry and namespaces, in platform-owned stacks. Declared with define
  // (as new TeamOnboarding and new TeamEnvironment in one process), `golden-paths synth --jobs N`
  // shares the teams out to its N processes.
  TeamOnboarding.define(platform, 'payments', PAYMENTS);
  TeamOnboarding.define(platform, 'search', SEARCH);

  TeamEnvironment.define(platform, 'platform', {
    name: 'platform',
    description: 'The platform team: the golden path and the developer portal',
    maintainers: ['frank'],
    members: ['grace'],
  }, {
    define: (team) => new GoMicroservice(team, 'developer-portal', {
      name: 'developer-portal',
      description: 'Backstage developer portal',
      system: 'developer-platform',
      memory: '1Gi',
    }),
  });
  return app;
}

if (require.main === module) {
  const app = buildPlatformApp();
  app.synth();
  if (!process.env.CDKTF_OUTDIR) printSummary(app.outdir);
}
