/**
 * The example platform of Acme Corp, a fictional company: what a platform
 * team's infrastructure repository looks like with cdktf-golden-paths.
 *
 * Run `npm run synth:example` (or `npx cdktf synth` in this folder, with
 * cdktf-cli installed) to write Terraform JSON to examples/cdktf.out.
 */
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Platform } from '../src';
import { printSummary } from './summary';

/** The stack of Acme's platform: providers, the platform, its teams and services. */
export class AcmePlatformStack extends TerraformStack {
  public readonly platform: Platform;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    new GoogleProvider(this, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config', configContext: 'gke_acme-prod_europe-west1_apps' });
    new GithubProvider(this, 'github', { owner: 'acme' });

    this.platform = new Platform(this, 'platform', {
      githubOrganization: 'acme',
      gcpProject: 'acme-prod',
      region: 'europe-west1',
      network: 'projects/acme-net/global/networks/shared',
      environments: [
        { name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } } },
        { name: 'staging' },
        { name: 'prod', production: true, reviewers: ['acme/sre'] },
      ],
    });
  }
}

/** Builds the example app; tests call this to check what the example makes. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new AcmePlatformStack(app, 'acme-platform');
  return app;
}

if (require.main === module) {
  const app = buildApp();
  app.synth();
  if (!process.env.CDKTF_OUTDIR) {
    printSummary(app.outdir);
  }
}
