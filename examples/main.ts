/**
 * The example platform of Acme Corp, a fictional company, in one stack: the
 * single-repository shape (see examples/platform/ and examples/team-payments/
 * for a platform repository and a team repository).
 *
 * `npx cdktf synth` in this folder writes Terraform JSON to examples/cdktf.out.
 */
import { join } from 'path';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { FastSynth, type GoMicroservice, type ManagedDatabase, Platform, type TeamEnvironment } from '../src';
import { printSummary } from './summary';
import { paymentsTeam, searchTeam } from './teams';

/**
 * Acme's whole platform in one stack: the shape for a small organization with
 * one infrastructure repository, and the reference platform whose Terraform
 * addresses test/fixtures/example-addresses.txt pins. The same settings and
 * teams as examples/platform/ and examples/team-payments/, where each team
 * has its own repository and stacks.
 */
export class AcmePlatformStack extends TerraformStack {
  public readonly platform: Platform;
  /** The payments team: checkout, billing and the ledger. */
  public readonly payments: TeamEnvironment;
  /** The search team: indexing and the search API. */
  public readonly search: TeamEnvironment;
  /** The payments database (postgres), smaller in dev. */
  public readonly paymentsDb: ManagedDatabase;
  /** The search team's cache (redis). */
  public readonly searchCache: ManagedDatabase;
  /** Payment processing, owned by payments; scales further in prod. */
  public readonly paymentService: GoMicroservice;
  /** The product search API, owned by search; more memory, fewer replicas. */
  public readonly searchApi: GoMicroservice;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The team budgets need a quota project (the Cloud Billing Budget API, with user credentials).
    new GoogleProvider(this, 'google', { project: 'acme-prod', region: 'europe-west1', billingProject: 'acme-prod', userProjectOverride: true });
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config', configContext: 'gke_acme-prod_europe-west1_apps' });
    new GithubProvider(this, 'github', { owner: 'acme' });

    this.platform = Platform.fromFile(this, 'platform', join(__dirname, 'platform', 'platform-settings.json'));
    const payments = paymentsTeam(this.platform);
    const search = searchTeam(this.platform);
    this.payments = payments.team;
    this.paymentsDb = payments.database;
    this.paymentService = payments.service;
    this.search = search.team;
    this.searchCache = search.cache;
    this.searchApi = search.service;
  }
}

/** Builds the example app; tests call this to check what the example makes. */
export function buildApp(outdir?: string, options: { readonly fastSynth?: boolean } = {}): App {
  const app = new App(outdir ? { outdir } : {});
  // Fast synth (same output, less time and memory) is turned on before the tree is built.
  if (options.fastSynth) FastSynth.enable(app);
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
