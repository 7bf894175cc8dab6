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
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, Platform, TeamEnvironment } from '../src';
import { printSummary } from './summary';

/** The stack of Acme's platform: providers, the platform, its teams and services. */
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

    new GoogleProvider(this, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config', configContext: 'gke_acme-prod_europe-west1_apps' });
    new GithubProvider(this, 'github', { owner: 'acme' });

    this.platform = new Platform(this, 'platform', {
      githubOrganization: 'acme',
      gcpProject: 'acme-prod',
      region: 'europe-west1',
      network: 'projects/acme-net/global/networks/shared',
      billingAccount: '012345-6789AB-CDEF01',
      environments: [
        { name: 'dev', workloads: { replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } } },
        { name: 'staging' },
        { name: 'prod', production: true, reviewers: ['acme/sre'] },
      ],
    });

    this.payments = new TeamEnvironment(this.platform, 'payments', {
      name: 'payments',
      description: 'Checkout, billing and the ledger',
      maintainers: ['alice'],
      members: ['bob', 'carol'],
      quotas: { prod: { cpu: '40', memory: '40Gi', pods: 100 } },
      monthlyBudget: { amount: 2000, currencyCode: 'EUR' },
    });
    this.search = new TeamEnvironment(this.platform, 'search', {
      name: 'search',
      description: 'Indexing and the search API',
      maintainers: ['dave'],
      members: ['erin'],
    });

    this.paymentsDb = new ManagedDatabase(this.payments, 'payments-db', {
      name: 'payments-db',
      engine: DatabaseEngine.POSTGRES,
      size: DatabaseSize.MEDIUM,
      environments: { dev: { size: DatabaseSize.SMALL } },
    });
    this.searchCache = new ManagedDatabase(this.search, 'search-cache', {
      name: 'search-cache',
      engine: DatabaseEngine.REDIS,
      size: DatabaseSize.SMALL,
    });

    this.paymentService = new GoMicroservice(this.payments, 'payment-service', {
      name: 'payment-service',
      description: 'Payment processing service',
      system: 'commerce',
      environments: { prod: { autoscaling: { minReplicas: 3, maxReplicas: 20 } } },
      databases: [this.paymentsDb],
    });
    this.searchApi = new GoMicroservice(this.search, 'search-api', {
      name: 'search-api',
      description: 'Product search API',
      system: 'commerce',
      memory: '1Gi',
      autoscaling: { maxReplicas: 6 },
      databases: [this.searchCache],
    });
    this.searchApi.addEnv('SEARCH_INDEX', 'products');
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
