import type { IConstruct } from 'constructs';
import { App } from '../private/cdk';
import { enableFastSynth, FAST_SYNTH_CDKTF_VERSION, fastSynthEnabled } from '../private/fast-synth';

/**
 * A faster `app.synth()` for cdktf 0.21.0, with the same output byte for byte
 * (see docs/benchmarks.md): no stack trace captured each time a token is
 * made, and each stack resolved once instead of three times when it has no
 * cross-stack reference, no Aspects and no raw overrides.
 *
 * Off unless asked for: call `FastSynth.enable(app)` right after `new App()`,
 * or set the context key `cdktf-golden-paths:fastSynth` to `true` (in
 * `cdktf.json`'s `context`, or `new App({ context })`), which the Platform
 * reads. Any other cdktf version keeps the normal path and prints one line
 * saying so; `GOLDEN_PATHS_FAST_SYNTH=off` keeps it too.
 *
 * Stack traces only ever appear in errors: when a token fails to resolve, the
 * error names the Terraform element, and a program run as a command
 * (`cdktf synth`) is synthesized again with the normal path, whose error
 * shows where the token was created.
 *
 * @example
 * const app = new App();
 * FastSynth.enable(app);
 * new AcmePlatformStack(app, 'acme-platform');
 * app.synth();
 */
export class FastSynth {
  /** The context key that turns fast synth on for the app of a Platform (`true` or `"true"`). */
  public static readonly CONTEXT_KEY = 'cdktf-golden-paths:fastSynth';

  /** The cdktf version fast synth runs on; any other keeps the normal path. */
  public static readonly CDKTF_VERSION = FAST_SYNTH_CDKTF_VERSION;

  /**
   * Makes `app.synth()` use fast synth. Call it before building the tree.
   * Returns whether fast synth is on (not on another cdktf version).
   */
  public static enable(app: App): boolean {
    return enableFastSynth(app);
  }

  /** Whether `app` synthesizes with fast synth. */
  public static isEnabled(app: App): boolean {
    return fastSynthEnabled(app);
  }

  /** Turns fast synth on for the app of `scope` when its context key `cdktf-golden-paths:fastSynth` is true. */
  public static enableFromContext(scope: IConstruct): boolean {
    const value = scope.node.tryGetContext(FastSynth.CONTEXT_KEY);
    const root = scope.node.root;
    if ((value !== true && value !== 'true') || !App.isApp(root)) return false;
    return enableFastSynth(root);
  }

  private constructor() {}
}
