/**
 * The payments team's infrastructure repository: its Platform is built from
 * the platform.json the platform repository publishes (copied here; a team
 * may also take it from the platform team's npm package), and it creates no
 * shared resource. `cdktf synth` writes the stacks `payments`,
 * `payments-dev`, `payments-staging` and `payments-prod`.
 *
 * Run `npm run synth:example` from the repository root, or `npx cdktf synth` here.
 */
import { join } from 'path';
import { App } from 'cdktf';
import { Platform } from '../../src';
import { printSummary } from '../summary';
import { paymentsTeam } from '../teams';

/** Builds the payments repository's app; tests call this to check what it makes. */
export function buildPaymentsApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const platform = Platform.fromFile(app, 'acme', join(__dirname, 'platform.json'));
  paymentsTeam(platform);
  return app;
}

if (require.main === module) {
  const app = buildPaymentsApp();
  app.synth();
  if (!process.env.CDKTF_OUTDIR) printSummary(app.outdir);
}
