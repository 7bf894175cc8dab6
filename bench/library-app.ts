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
}

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
    region: spec.region,
    network: spec.network,
    privateServiceAccess: lib.PrivateServiceAccess.EXISTING,
    // Teams bind the Group "<org>:<team>" (an OIDC bridge), as the baseline does.
    oidcBridge: true,
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true, reviewers: PROD_REVIEWERS }],
    catalogRepository: options.catalogRepository,
  });
  new lib.PlatformFoundation(platform, 'foundation');
  addTeams(lib, platform, spec, options.defineTeams === true);
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

/** The teams, services and databases of the benchmark, 10 services to a team. */
function addTeams(lib: typeof Library, platform: Library.Platform, spec: BenchPlatform, define = false): void {
  const quotas = Object.fromEntries(platform.environments.map((e) => [e.name, { ...TEAM_QUOTA }]));
  for (const t of spec.teams) {
    const props = { name: t.name, maintainers: t.maintainers, members: t.members, quotas };
    if (define) {
      lib.TeamEnvironment.define(platform, t.name, props, { define: (team) => addServices(lib, team, t) });
    } else {
      addServices(lib, new lib.TeamEnvironment(platform, t.name, props), t);
    }
  }
}

/** A team's services, each with its database. */
function addServices(lib: typeof Library, team: Library.TeamEnvironment, t: BenchPlatform['teams'][number]): void {
  for (const s of t.services) {
    const db = new lib.ManagedDatabase(team, s.database.name, {
      name: s.database.name,
      engine: s.database.engine === 'postgres' ? lib.DatabaseEngine.POSTGRES : lib.DatabaseEngine.REDIS,
      size: lib.DatabaseSize.SMALL,
    });
    new lib.GoMicroservice(team, s.name, {
      name: s.name,
      description: s.description,
      system: s.system,
      initialImageTag: INITIAL_IMAGE_TAG,
      databases: [db],
    });
  }
}
