/**
 * The payments team's infrastructure repository: its Platform is built from
 * the platform.json the platform repository publishes (copied here; a team
 * may also take it from the platform team's npm package), and it creates no
 * shared resource: the platform onboarded the team (namespaces, GitHub team,
 * identities, state bucket), so its stacks hold only the team's own things
 * and keep their state in the team's bucket. `cdktf synth` writes the stacks `payments`,
 * `payments-dev`, `payments-staging` and `payments-prod`.
 *
 * Run `npm run synth:example` from the repository root, or `npx cdktf synth` here.
 */
import { join } from 'path';
import { App } from 'cdktf';
import { Platform } from '../../src';
import { printSummary } from '../summary';
import { asOnboarded, PAYMENTS, paymentsTeam } from '../teams';

/** Builds the payments repository's app; tests call this to check what it makes. */
export function buildPaymentsApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const platform = Platform.fromFile(app, 'acme', join(__dirname, 'platform.json'));
  // The platform onboarded the team (examples/platform): this repository declares who it is, and its services.
  paymentsTeam(platform, asOnboarded(PAYMENTS));
  return app;
}

if (require.main === module) {
  const app = buildPaymentsApp();
  app.synth();
  if (!process.env.CDKTF_OUTDIR) printSummary(app.outdir);
}
