import type { IConstruct } from 'constructs';
import type { DeployTarget, PlatformEnvironment } from './environment';
import { isPublishedPlatform } from './onboarded-team';
import { PlatformStack, PlatformStackKind, type IPlatformStackConfigurator } from './platform-stack';
import { githubProviderBaseUrl } from './platform-validation';
import { ServiceCatalog } from '../catalog/catalog';
import type { GuardrailsOptions } from '../guardrails/guardrails';
import { DEFAULT_MAX_SUPPRESSION_DAYS } from '../guardrails/suppression-policy';
import { propError, stackTakenError } from '../private/errors';
import { noteStack } from '../private/parallel-synth';

/** Marks the stacks a Platform made with the Platform itself, since they sit next to it under the App. */
const STACK_PLATFORM = Symbol.for('cdktf-golden-paths.StackPlatform');

/** The platform as its stacks are made from it (a Platform is one). */
export interface StacksPlatform extends IConstruct {
  readonly githubOrganization: string;
  readonly githubApiUrl: string;
  readonly githubOrganizationId?: string;
  readonly gcpProject: string;
  readonly region: string;
  readonly stateBucket?: string;
  readonly catalogRepository?: string;
  readonly serviceRepositoriesFromTemplate: boolean;
  deployTarget(environment: string): DeployTarget;
}

/** The platform that made `scope`, when `scope` is one of the stacks a platform made. */
export function platformOfStack(scope: IConstruct): IConstruct | undefined {
  return (scope as any)[STACK_PLATFORM];
}

/**
 * The stacks a platform makes at App scope, by id, with the owner (a construct
 * path) of each, and the configurators every one of them goes through.
 */
/** Where a stack keeps its state, when not in the platform's bucket (an onboarded team's stacks: the team's own bucket). */
export interface StackStateLocation {
  readonly bucket: string;
  readonly prefix: string;
}

export class PlatformStacks {
  private readonly _stacks = new Map<string, { stack: PlatformStack; owner: string }>();
  /** The owners of stacks a parallel synth has synthesized and dropped, by stack id (their ids stay taken). */
  private readonly _droppedStacks = new Map<string, string>();
  private readonly _configurators: IPlatformStackConfigurator[] = [];

  public constructor(private readonly platform: StacksPlatform, private readonly guardrailOptions: GuardrailsOptions) {}

  /** The stacks made (and not dropped), in the order they were made. */
  public get all(): PlatformStack[] {
    return [...this._stacks.values()].map((s) => s.stack);
  }

  /** The stack made with id `id`, if any. */
  public tryFind(id: string): PlatformStack | undefined {
    return this._stacks.get(id)?.stack;
  }

  /** Runs `configurator` on every stack made and to be made. */
  public configure(configurator: IPlatformStackConfigurator): void {
    this._configurators.push(configurator);
    for (const stack of this.all) configurator.configure(stack);
  }

  /** Makes the stack `id` for `owner` (a construct path), refusing an id another owner already has. */
  public make(
    id: string, owner: string, kind: PlatformStackKind, environment?: PlatformEnvironment, state?: StackStateLocation, googleProject?: string,
  ): PlatformStack {
    const platform = this.platform;
    const taken = this._stacks.get(id)?.owner ?? this._droppedStacks.get(id);
    if (taken) {
      throw stackTakenError(owner, id, taken);
    }
    const other = platform.node.scope!.node.tryFindChild(id);
    if (other !== undefined) {
      // Another Platform of the app (or the app itself) has a child with this id: stacks sit side by side under the App.
      const by = platformOfStack(other);
      throw propError(owner, {
        prop: 'stack id',
        value: id,
        problem: `the App already has a construct "${id}"${by ? ` (a stack of the Platform ${by.node.path})` : ''}, and stacks of one app need distinct ids`,
        fix: 'give the team another name, or keep each Platform in its own app',
      });
    }
    // Directly under the App: cdktf-cli orders stacks by the dependencies the manifest lists by path.
    const stack = new PlatformStack(platform.node.scope!, id, {
      kind,
      githubOrganization: platform.githubOrganization,
      githubBaseUrl: githubProviderBaseUrl(platform.githubApiUrl),
      gcpProject: googleProject ?? platform.gcpProject,
      region: platform.region,
      stateBucket: state?.bucket ?? platform.stateBucket,
      statePrefix: state?.prefix ?? `${platform.node.id}/${id}`,
      environment,
      cluster: environment === undefined ? undefined : platform.deployTarget(environment.name),
      github: kind === PlatformStackKind.TEAM || kind === PlatformStackKind.TEAM_ONBOARDING
        // The foundation looks up the organization's id, unless the settings give it.
        || (kind === PlatformStackKind.FOUNDATION
          && (platform.catalogRepository !== undefined || platform.serviceRepositoriesFromTemplate || platform.githubOrganizationId === undefined)),
    });
    Object.defineProperty(stack, STACK_PLATFORM, { value: platform });
    stack.guardrails.configure(this.guardrailOptions);
    // A team repository: the published settings' guardrails are the platform's, and stay at least that strict.
    if (isPublishedPlatform(platform)) {
      // The platform's limit on suppressions holds for the whole app: guardrails configured before, or on a stack of the team's own, cannot lengthen it.
      stack.guardrails.configure({ maxSuppressionDays: this.guardrailOptions.maxSuppressionDays ?? DEFAULT_MAX_SUPPRESSION_DAYS });
      stack.guardrails._lock('the platform\'s published settings (platform.json)');
    }
    // The whole app's Backstage catalog lands next to the stacks, written once per synth.
    if (this._stacks.size === 0) ServiceCatalog.writeOnSynth(stack);
    this._stacks.set(id, { stack, owner });
    noteStack(stack, owner);
    for (const c of this._configurators) c.configure(stack);
    return stack;
  }

  /**
   * Lets go of the stacks a worker of a parallel synth has synthesized (those
   * `released` says yes to): their ids stay taken, by their owners.
   */
  public release(released: (c: IConstruct) => boolean): void {
    for (const [id, { stack, owner }] of this._stacks) {
      if (!released(stack)) continue;
      this._stacks.delete(id);
      this._droppedStacks.set(id, owner);
    }
  }
}
