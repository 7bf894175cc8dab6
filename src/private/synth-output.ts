import * as fs from 'fs';
import * as path from 'path';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from './cdk';

/**
 * Extra files in a stack's synth output directory, written during
 * `app.synth()` (and `cdktf synth`) with no extra call from the user.
 *
 * cdktf 0.21 synthesizes each stack through its public, replaceable
 * `stack.synthesizer` (an `IStackSynthesizer`); the session it receives names
 * the output directory and the manifest that places the stack in it
 * (`stacks/<stack>/cdk.tf.json`). `SynthOutput.of(stack)` wraps that
 * synthesizer once, lets the original write `cdk.tf.json`, then runs the
 * writers added to it. Writers added with `evenOnFailure` also run when the
 * stack fails to synthesize (e.g. a validation error), which is when a report
 * is most useful.
 *
 * While the wrapped synthesizer runs, `stack.toTerraform()` resolves the stack
 * once and returns that same configuration to every caller (validations,
 * writers, the synthesizer itself), so a check over the resolved configuration
 * costs no second resolution. Callers must not modify the object it returns.
 * Outside a synthesis (e.g. `Testing.synth`) `toTerraform()` is untouched.
 *
 * @example
 * SynthOutput.of(stack).addWriter('catalog', {
 *   write: (ctx) => SynthOutput.writeFile(ctx.stackOutdir, 'catalog-info.yaml', yamlText),
 * });
 */
export class SynthOutput {
  /** The synth output of `stack`, wrapping its synthesizer on first use. */
  public static of(stack: TerraformStack): SynthOutput {
    const existing = (stack as any)[SYNTH_OUTPUT] as SynthOutput | undefined;
    if (existing) return existing;
    const output = new SynthOutput(stack);
    Object.defineProperty(stack, SYNTH_OUTPUT, { value: output });
    return output;
  }

  /**
   * The resolved Terraform configuration of a stack, as written to
   * `cdk.tf.json`: inside a synthesis wrapped by `SynthOutput` it is resolved
   * once and shared; elsewhere it is `stack.toTerraform()`. Do not modify it.
   */
  public static terraformConfig(stack: TerraformStack): any {
    return stack.toTerraform();
  }

  /** Writes `content` to `relativePath` under `directory`, creating folders; returns the file's path. */
  public static writeFile(directory: string, relativePath: string, content: string): string {
    const file = path.join(directory, relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  /** The stack whose output this is. */
  public readonly stack: TerraformStack;

  private readonly writers = new Map<string, { writer: ISynthOutputWriter; evenOnFailure: boolean }>();
  private readonly records = new Map<string, (session: ISynthesisSession) => unknown>();
  private _synthesis = 0;
  private _synthesizing = false;

  private constructor(stack: TerraformStack) {
    this.stack = stack;
    stack.synthesizer = new OutputSynthesizer(stack, stack.synthesizer, this);
  }

  /**
   * Adds a writer that runs after the stack is synthesized. Writers run in the
   * order added; adding another writer under the same id replaces it.
   */
  public addWriter(id: string, writer: ISynthOutputWriter, options: SynthOutputWriterOptions = {}): void {
    this.writers.delete(id);
    this.writers.set(id, { writer, evenOnFailure: options.evenOnFailure ?? false });
  }

  /**
   * Adds a record to the `//` comment block of the stack's `cdk.tf.json`
   * (`"//": { "<key>": ... }`, which Terraform ignores), produced when the
   * stack is resolved during a synthesis, before the file is written: the
   * configuration itself then vouches for what was decided at synth.
   */
  public addRecord(key: string, produce: (session: ISynthesisSession) => unknown): void {
    this.records.set(key, produce);
  }

  /** @internal */
  public _record(config: any, session: ISynthesisSession): any {
    if (this.records.size === 0 || config === null || typeof config !== 'object') return config;
    const comment = { ...(config['//'] ?? {}) };
    for (const [key, produce] of this.records) comment[key] = produce(session);
    return { ...config, '//': comment };
  }

  /** The ids of the writers, in the order they run. */
  public get writerIds(): string[] {
    return [...this.writers.keys()];
  }

  /**
   * The number of the current (or last) synthesis of the stack through its
   * synthesizer, counting from 1; 0 before the first. Lets a validation tell
   * whether it runs inside a synthesis that will call the writers.
   */
  public get synthesis(): number {
    return this._synthesis;
  }

  /** Whether the stack is being synthesized through its synthesizer right now. */
  public get synthesizing(): boolean {
    return this._synthesizing;
  }

  /** @internal */
  public _begin(): void {
    this._synthesis += 1;
    this._synthesizing = true;
  }

  /** @internal */
  public _end(): void {
    this._synthesizing = false;
  }

  /** @internal */
  public _runWriters(context: SynthOutputContext): void {
    for (const { writer, evenOnFailure } of this.writers.values()) {
      if (context.succeeded || evenOnFailure) writer.write(context);
    }
  }
}

/** Options of {@link SynthOutput.addWriter}. */
export interface SynthOutputWriterOptions {
  /**
   * Whether the writer also runs when the stack fails to synthesize
   * (`context.succeeded` is then false).
   * @default false
   */
  readonly evenOnFailure?: boolean;
}

/** Writes files when a stack is synthesized. */
export interface ISynthOutputWriter {
  /** Called once per synthesis of the stack, after `cdk.tf.json` is written (or the synthesis failed). */
  write(context: SynthOutputContext): void;
}

/** Where and how a stack was synthesized, for a {@link ISynthOutputWriter}. */
export interface SynthOutputContext {
  /** The stack. */
  readonly stack: TerraformStack;
  /** The synthesis session. */
  readonly session: ISynthesisSession;
  /** The app's output directory (`cdktf.out`). */
  readonly outdir: string;
  /** The stack's output directory, where `cdk.tf.json` is (`cdktf.out/stacks/<stack>`). */
  readonly stackOutdir: string;
  /** The synthesized configuration file (`cdktf.out/stacks/<stack>/cdk.tf.json`). */
  readonly configFile: string;
  /** Whether the stack synthesized without error. */
  readonly succeeded: boolean;
}

const SYNTH_OUTPUT = Symbol.for('cdktf-golden-paths.SynthOutput');

/** Wraps a stack's synthesizer: resolves the stack once, then runs the writers. */
class OutputSynthesizer implements IStackSynthesizer {
  public constructor(
    private readonly stack: TerraformStack,
    private readonly inner: IStackSynthesizer,
    private readonly output: SynthOutput,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    const stack = this.stack;
    const stackManifest = session.manifest.forStack(stack);
    const context = (succeeded: boolean): SynthOutputContext => ({
      stack,
      session,
      outdir: session.outdir,
      stackOutdir: path.join(session.outdir, stackManifest.workingDirectory),
      configFile: path.join(session.outdir, stackManifest.synthesizedStackPath),
      succeeded,
    });

    const output = this.output;
    const own = Object.prototype.hasOwnProperty.call(stack, 'toTerraform');
    const previous = (stack as any).toTerraform;
    let resolved: { value: any } | undefined;
    (stack as any).toTerraform = function toTerraformOnce() {
      resolved ??= { value: output._record(previous.call(stack), session) };
      return resolved.value;
    };
    this.output._begin();
    try {
      try {
        this.inner.synthesize(session);
      } catch (e) {
        try {
          this.output._runWriters(context(false));
        } catch (writerError) {
          // The synthesis error is the one to report; a writer's failure after it is secondary.
          console.error(`[${stack.node.path}] a synth output writer failed after the synthesis failed: ${(writerError as Error).message}`);
        }
        throw e;
      }
      this.output._runWriters(context(true));
    } finally {
      this.output._end();
      if (own) {
        (stack as any).toTerraform = previous;
      } else {
        delete (stack as any).toTerraform;
      }
    }
  }
}
