import type { Construct, IConstruct } from 'constructs';
import type { PlatformEnvironment } from './environment';
import type { PlatformProps } from './platform-props';
import { PlatformStackKind, type PlatformStack } from './platform-stack';
import type { PlatformStacks, StackStateLocation } from './platform-stacks';
import { ServiceCatalog } from '../catalog/catalog';
import { Guardrails, type GuardrailsOptions } from '../guardrails/guardrails';
import { App, TerraformStack, Token } from '../private/cdk';
import { placementError, propError, type PropProblem } from '../private/errors';
import { onRelease } from '../private/parallel-synth';

/**
 * Where a platform's constructs go: the one place that knows the two
 * placement modes (docs/repositories.md). A Platform created inside a stack
 * puts everything in that stack ({@link SingleStackLayout}); one created
 * directly under the App makes a stack for its foundation, one for each team
 * and one for each team and environment ({@link AppScopeLayout}). Constructs
 * ask the platform's layout these questions instead of telling the modes
 * apart themselves; construct ids, and so Terraform addresses, are the same
 * either way as they always were.
 */
export interface StackLayout {
  /** Whether the platform makes its own stacks: what `Platform.ownsStacks` reports. */
  readonly ownsStacks: boolean;
  /**
   * Where every construct of the platform is found: the App, where the
   * platform's stacks sit beside it; or the Platform itself.
   */
  readonly tree: IConstruct;
  /** The one stack the platform's resources are in; none when it makes stacks. */
  readonly stack?: TerraformStack;
  /** The guardrails of that one stack (each stack the platform makes has its own). */
  readonly guardrails?: Guardrails;
  /**
   * Whether the platform's shared resources (the GitHub Actions identity, the
   * catalog file, the service template) live in a stack of their own, the
   * PlatformFoundation's: teams then name them (a reference would read
   * another stack's state), and only the foundation makes them. Otherwise
   * they are in the one stack, referred to directly, and the identity is the
   * Platform's child.
   */
  readonly foundationApart: boolean;
  /**
   * Whether each team has stacks of its own: then a parallel synth can build
   * a team in another process, teams are onboarded by the platform (and a team
   * repository builds only those), the portal offers the onboarding actions,
   * and a team's services stand in every environment's stack beside that
   * stack's own children.
   */
  readonly teamsApart: boolean;
  /**
   * Whether the stacks' providers are made from the settings (the platform's
   * to adjust, as a team's budget does), rather than configured by the user.
   */
  readonly makesProviders: boolean;
  /**
   * Whether service repositories are created from the template repository
   * when the settings do not say: a platform inside a stack may already have
   * repositories scaffolded file by file, which only the platform team may switch.
   */
  readonly templateRepositoriesByDefault: boolean;
  /** What the settings may not hold in this mode, as problems. */
  settingsProblems(props: PlatformProps): PropProblem[];
  /**
   * Takes the platform's stacks once its settings are judged: checks the
   * environments, and sets up the one stack's guardrails and catalog, or the
   * release of a parallel synth's dropped stacks.
   */
  open(stacks: PlatformStacks, guardrails: GuardrailsOptions, environments: readonly PlatformEnvironment[]): void;
  /** Where a PlatformFoundation `id` made in `scope` goes: its own stack `id`, or `scope`. */
  foundationScope(scope: Construct, id: string): Construct;
  /**
   * Where a team made in `scope` goes: its own stack, made from what `home`
   * returns once it has judged the team's name; or `scope` (`home` is not called).
   */
  teamScope(scope: Construct, path: string, home: () => StackHome): Construct;
  /**
   * The stacks of a team's environments (`<team>-<env>`), in promotion order,
   * each after the team's stack and the environment before it, by
   * environment name; none when the team's parts of an environment stay
   * where they are declared. `each` runs on each stack as it is made.
   */
  environmentStacks(
    team: { readonly name: string; readonly path: string; readonly stack: TerraformStack },
    environments: readonly PlatformEnvironment[],
    home: (environment: PlatformEnvironment) => Omit<StackHome, 'id'>,
    each: (stack: PlatformStack) => void,
  ): Map<string, PlatformStack>;
  /**
   * Where the onboarding of a team at `path` goes: the stack `home` returns
   * once it has judged the team; refused, before `home` is called, when the
   * platform makes no stacks.
   */
  onboardingScope(scope: Construct, path: string, home: () => string): Construct;
  /**
   * Where the lookups of GitHub users and teams by name go: the team's stack
   * (`teamStack`), or one set for the whole platform.
   */
  lookupScope(teamStack: () => Construct): Construct;
  /**
   * The ids a service or database made directly in `team` cannot take (the
   * library's own children, which keep their ids), and where those are.
   */
  reservedChildIds(team: IConstruct, taken: ReadonlySet<string>): { readonly ids: string[]; readonly where: string };
}

/** Where a stack of a team keeps its state and resources. */
export interface StackHome {
  /** The stack id. */
  readonly id: string;
  /** Its state, when not in the platform's bucket. */
  readonly state?: StackStateLocation;
  /** Its Google project, when not the platform's. */
  readonly googleProject?: string;
}

/**
 * The ids of the children every environment's stack has (a Platform at App
 * scope): the providers, the cluster lookups, the backend, the guardrails and
 * the places of the team's alert channel and dashboard. A team's services and databases stand in those stacks under their
 * own ids, so they cannot take these. (A test pins this list to what the stacks hold.)
 */
export const ENVIRONMENT_STACK_CHILD_IDS: readonly string[] = ['alerting', 'backend', 'cluster', 'dashboards', 'github', 'google', 'google-client', 'guardrails', 'kubernetes'];

/** Props that may be tokens inside a stack, but must be literals at App scope. */
const TOKEN_FREE_AT_APP_SCOPE = ['gcpProject', 'network', 'billingAccount', 'gcpProjectNumber'] as const;

/**
 * The layout of `platform`, made in `scope`: inside a stack, or directly
 * under the App; anywhere else fails with the fix.
 */
export function stackLayoutOf(platform: Construct, scope: Construct): StackLayout {
  if (scope.node.scopes.some((s) => TerraformStack.isStack(s))) return new SingleStackLayout(platform);
  if (!App.isApp(scope)) {
    throw placementError(platform, 'is neither inside a TerraformStack nor directly under the App',
      'create the Platform inside a stack (new Platform(stack, "platform", {...})), or directly under the App to get one stack per team and environment (new Platform(app, "acme", {...}))');
  }
  return new AppScopeLayout(platform);
}

/** A Platform inside a stack: everything it and its teams make lands in that stack, where they are declared. */
export class SingleStackLayout implements StackLayout {
  public readonly ownsStacks = false;
  public readonly foundationApart = false;
  public readonly teamsApart = false;
  public readonly makesProviders = false;
  public readonly templateRepositoriesByDefault = false;
  public readonly stack: TerraformStack;
  private _guardrails?: Guardrails;

  public constructor(private readonly platform: Construct) {
    this.stack = TerraformStack.of(platform);
  }

  public get tree(): IConstruct {
    return this.platform;
  }

  public get guardrails(): Guardrails | undefined {
    return this._guardrails;
  }

  public settingsProblems(): PropProblem[] {
    return [];
  }

  public open(_stacks: PlatformStacks, guardrails: GuardrailsOptions): void {
    this._guardrails = Guardrails.of(this.stack);
    this._guardrails.configure(guardrails);
    // The whole app's Backstage catalog lands next to the stacks on every synth.
    ServiceCatalog.writeOnSynth(this.stack);
  }

  public foundationScope(scope: Construct): Construct {
    return scope;
  }

  public teamScope(scope: Construct): Construct {
    return scope;
  }

  public environmentStacks(): Map<string, PlatformStack> {
    return new Map();
  }

  public onboardingScope(scope: Construct): Construct {
    throw placementError(scope, 'would onboard a team inside a stack, but onboarding makes platform-owned stacks, one per team and environment',
      'create the Platform at App scope in the platform repository (new Platform(app, "acme", settings)); inside one stack, a TeamEnvironment makes the team\'s namespaces and GitHub team itself');
  }

  public lookupScope(): Construct {
    return this.platform;
  }

  /** The team's own children (its GitHub team and memberships, its registry and budget, one per environment), all made as the team is. */
  public reservedChildIds(team: IConstruct, taken: ReadonlySet<string>) {
    return { ids: team.node.children.map((c) => c.node.id).filter((c) => !taken.has(c)).sort(), where: 'in the team' };
  }
}

/**
 * A Platform directly under the App: it makes the stacks (`foundation`,
 * `<team>`, `<team>-<env>`, `onboarding-<team>`), which refer to each other
 * only by names known at synth, never through remote state.
 */
export class AppScopeLayout implements StackLayout {
  public readonly ownsStacks = true;
  public readonly foundationApart = true;
  public readonly teamsApart = true;
  public readonly makesProviders = true;
  public readonly templateRepositoriesByDefault = true;
  public readonly stack = undefined;
  public readonly guardrails = undefined;
  private _stacks?: PlatformStacks;

  public constructor(private readonly platform: Construct) {}

  public get tree(): IConstruct {
    return this.platform.node.root;
  }

  public settingsProblems(props: PlatformProps): PropProblem[] {
    // At App scope every stack names these values: a token (another stack's attribute, a variable) would make each
    // stack read another's state (terraform_remote_state), which no stack of the library ever does.
    return TOKEN_FREE_AT_APP_SCOPE.filter((prop) => props[prop] !== undefined && Token.isUnresolved(props[prop])).map((prop) => ({
      prop,
      value: props[prop],
      problem: 'is a token, but at App scope every stack of every repository names it, and a reference would make each read another stack\'s state',
      fix: `give the literal value in the settings (e.g. "${prop === 'network' ? 'projects/acme-net/global/networks/shared' : prop === 'gcpProjectNumber' ? '123456789012' : prop === 'billingAccount' ? '012345-6789AB-CDEF01' : 'acme-prod'}"), or create the Platform inside a stack`,
    }));
  }

  public open(stacks: PlatformStacks, _guardrails: GuardrailsOptions, environments: readonly PlatformEnvironment[]): void {
    this._stacks = stacks;
    // A parallel synth's dropped batch of teams lets go of their stacks (whose ids stay taken); the app's NameRegistry lets go of their names.
    onRelease(this.platform, (released) => stacks.release(released));
    environments.forEach((env, i) => {
      if (env.kubernetesProvider !== undefined || env.googleProvider !== undefined) {
        throw propError(this.platform, {
          prop: `environments[${i}]`,
          value: env.name,
          problem: 'names its own provider, but at App scope every stack makes its providers from the settings',
          fix: 'leave kubernetesProvider and googleProvider out (set gkeCluster, gkeLocation and gkeProject instead), and adjust the providers with platform.configureStacks(...)',
        });
      }
    });
  }

  public foundationScope(scope: Construct, id: string): Construct {
    return this.stacks.make(id, `${scope.node.path}/${id}`, PlatformStackKind.FOUNDATION);
  }

  public teamScope(_scope: Construct, path: string, home: () => StackHome): Construct {
    const { id, state, googleProject } = home();
    return this.stacks.make(id, path, PlatformStackKind.TEAM, undefined, state, googleProject);
  }

  public environmentStacks(
    team: { readonly name: string; readonly path: string; readonly stack: TerraformStack },
    environments: readonly PlatformEnvironment[],
    home: (environment: PlatformEnvironment) => Omit<StackHome, 'id'>,
    each: (stack: PlatformStack) => void,
  ): Map<string, PlatformStack> {
    const made = new Map<string, PlatformStack>();
    let previous: PlatformStack | undefined;
    for (const env of environments) {
      const { state, googleProject } = home(env);
      const stack = this.stacks.make(`${team.name}-${env.name}`, team.path, PlatformStackKind.ENVIRONMENT, env, state, googleProject);
      each(stack);
      made.set(env.name, stack);
      // Promotion order: the team stack (repositories, GitHub environments, deployer accounts) first,
      // then each environment. A service's first CI run waits for (or skips with a warning) a
      // Deployment its environment stack has not made yet, so no prod apply comes before a repository.
      stack.addDependency(team.stack);
      // Each environment after the one before it: `cdktf deploy '*'` applies dev, staging, then production.
      if (previous) stack.addDependency(previous);
      previous = stack;
    }
    return made;
  }

  public onboardingScope(_scope: Construct, path: string, home: () => string): Construct {
    return this.stacks.make(home(), path, PlatformStackKind.TEAM_ONBOARDING);
  }

  public lookupScope(teamStack: () => Construct): Construct {
    return teamStack();
  }

  /** The children of every environment's stack, where the team's services and databases stand too. */
  public reservedChildIds() {
    return { ids: [...ENVIRONMENT_STACK_CHILD_IDS], where: 'in every environment\'s stack' };
  }

  private get stacks(): PlatformStacks {
    if (!this._stacks) throw new Error(`[${this.platform.node.path}] the platform's stacks are made before its settings are judged`);
    return this._stacks;
  }
}
