/**
 * The benchmark platform written with the library: what a platform team's
 * repository looks like. The library module is passed in, so the benchmark
 * can load the compiled `lib/` (what users load) and the tests `src/`.
 */
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import type * as Library from '../src';
import type { BenchPlatform } from './spec';
import { INITIAL_IMAGE_TAG, PROD_REVIEWERS, STACK_ID, TEAM_QUOTA } from './spec';
import type { SynthOutput } from '../src/private/synth-output';

/** What runs at synth besides the Terraform configuration. */
export interface LibraryAppOptions {
  /**
   * `default`: whatever the Platform does; `on`: the stack's guardrails are
   * applied (`Guardrails.of(stack)`); `off`: no guardrails run (disabled if
   * the Platform applied them).
   * @default 'default'
   */
  readonly guardrails?: 'default' | 'on' | 'off';
  /**
   * Whether the app-wide catalog file is written at synth; turning it off
   * needs `synthOutput`. (Each repository's catalog-info.yaml is a Terraform
   * resource and is always there, in the baseline too.)
   * @default true
   */
  readonly catalog?: boolean;
  /** The library's SynthOutput class (not exported from the package root). */
  readonly synthOutput?: typeof SynthOutput;
  /**
   * `stack`: the whole platform in one stack (new Platform(stack, ...));
   * `stacks`: the Platform at App scope with its foundation, one stack per
   * team and one per team and environment.
   * @default 'stack'
   */
  readonly layout?: 'stack' | 'stacks';
  /**
   * Whether the app synthesizes with the library's fast synth engine
   * (`FastSynth.enable(app)` before the tree is built).
   * @default false
   */
  readonly fastSynth?: boolean;
  /**
   * Layout `stacks` only: declare the teams with `TeamEnvironment.define`, so
   * that `golden-paths synth --jobs N` shares them out to N processes.
   * @default false
   */
  readonly defineTeams?: boolean;
  /**
   * Layout `stacks` only: the repository that gathers the catalog (the
   * foundation then commits the whole catalog to it).
   * @default - none
   */
  readonly catalogRepository?: string;
  /**
   * Layout `stacks` only: the platform as a pull request changes it, for
   * `golden-paths affected` (bench/run.ts --affected). `service`: the first
   * team's first service asks for more memory (its Deployment in each
   * environment's stack); `settings`: the platform moves to another region,
   * which every stack's providers read.
   * @default - the platform as bench/spec.ts describes it
   */
  readonly change?: BenchChange;
}

/** A change to the benchmark platform (see {@link LibraryAppOptions.change}). */
export type BenchChange = 'service' | 'settings';

/** The region of the `settings` change. */
export const CHANGED_REGION = 'europe-west4';
/** The memory of the service the `service` change changes. */
export const CHANGED_MEMORY = '1Gi';

/** Builds the benchmark platform with the library into a new app writing to `outdir`. */
export function buildLibraryApp(lib: typeof Library, spec: BenchPlatform, outdir?: string, options: LibraryAppOptions = {}): App {
  const app = new App({ outdir });
  if (options.fastSynth && !lib.FastSynth.enable(app)) throw new Error('fast synth is not available with the installed cdktf');
  if (options.layout === 'stacks') {
    buildLibraryStacks(lib, app, spec, options);
  } else {
    buildLibraryStack(lib, app, spec, options);
  }
  return app;
}

/**
 * The benchmark platform at App scope: stacks `foundation`, `<team>` and
 * `<team>-<env>`, providers and backends made by the library.
 */
export function buildLibraryStacks(lib: typeof Library, app: App, spec: BenchPlatform, options: LibraryAppOptions = {}): Library.Platform {
  const platform = new lib.Platform(app, STACK_ID, {
    githubOrganization: spec.organization,
    gcpProject: spec.gcpProject,
    gcpProjectNumber: '123456789012',
    region: options.change === 'settings' ? CHANGED_REGION : spec.region,
    network: spec.network,
    privateServiceAccess: lib.PrivateServiceAccess.EXISTING,
    // Teams bind the Group "<org>:<team>" (an OIDC bridge), as the baseline does.
    oidcBridge: true,
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true, reviewers: PROD_REVIEWERS }],
    catalogRepository: options.catalogRepository,
  });
  new lib.PlatformFoundation(platform, 'foundation');
  addTeams(lib, platform, spec, options.defineTeams === true, options.change === 'service' ? spec.teams[0].services[0].name : undefined);
  return platform;
}

/** Builds the benchmark platform with the library into a new stack of `app`. */
export function buildLibraryStack(lib: typeof Library, app: App, spec: BenchPlatform, options: LibraryAppOptions = {}): TerraformStack {
  const stack = new TerraformStack(app, STACK_ID);
  new GoogleProvider(stack, 'google', { project: spec.gcpProject, region: spec.region });
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new GithubProvider(stack, 'github', { owner: spec.organization });

  const platform = new lib.Platform(stack, 'platform', {
    githubOrganization: spec.organization,
    gcpProject: spec.gcpProject,
    region: spec.region,
    network: spec.network,
    // Teams bind the Group "<org>:<team>" (an OIDC bridge), as the baseline does.
    oidcBridge: true,
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true, reviewers: PROD_REVIEWERS }],
  });
  addTeams(lib, platform, spec);

  const guardrails = options.guardrails ?? 'default';
  if (guardrails === 'on') {
    lib.Guardrails.of(stack);
  } else if (guardrails === 'off' && stack.node.tryFindChild(lib.Guardrails.ID) !== undefined) {
    lib.Guardrails.of(stack).configure({ enabled: false });
  }
  if (options.catalog === false) {
    if (!options.synthOutput) throw new Error('turning the catalog off needs the library\'s SynthOutput class');
    options.synthOutput.of(stack).addWriter('service-catalog', { write: () => undefined });
  }
  return stack;
}

/** The teams, services and databases of the benchmark, 10 services to a team; the service `bigger` with {@link CHANGED_MEMORY}. */
function addTeams(lib: typeof Library, platform: Library.Platform, spec: BenchPlatform, define = false, bigger?: string): void {
  const quotas = Object.fromEntries(platform.environments.map((e) => [e.name, { ...TEAM_QUOTA }]));
  for (const t of spec.teams) {
    const props = { name: t.name, maintainers: t.maintainers, members: t.members, quotas };
    if (define) {
      lib.TeamEnvironment.define(platform, t.name, props, { define: (team) => addServices(lib, team, t, bigger) });
    } else {
      addServices(lib, new lib.TeamEnvironment(platform, t.name, props), t, bigger);
    }
  }
}

/** A team's services, each with its database if it has one. */
function addServices(lib: typeof Library, team: Library.TeamEnvironment, t: BenchPlatform['teams'][number], bigger?: string): void {
  for (const s of t.services) {
    const db = s.database && new lib.ManagedDatabase(team, s.database.name, {
      name: s.database.name,
      engine: s.database.engine === 'postgres' ? lib.DatabaseEngine.POSTGRES : lib.DatabaseEngine.REDIS,
      size: lib.DatabaseSize.SMALL,
    });
    new lib.GoMicroservice(team, s.name, {
      name: s.name,
      description: s.description,
      system: s.system,
      initialImageTag: INITIAL_IMAGE_TAG,
      ...(db ? { databases: [db] } : {}),
      ...(s.name === bigger ? { memory: CHANGED_MEMORY } : {}),
    });
  }
}
