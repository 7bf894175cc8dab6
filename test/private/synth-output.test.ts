import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { type ISynthOutputWriter, SynthOutput, type SynthOutputContext } from '../../src/private/synth-output';

function appWithStack(id = 'out'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, 'kubernetes', {});
  new NamespaceV1(stack, 'ns', { metadata: { name: 'demo' } });
  return { app, stack };
}

/** A writer that records what it saw and writes one file. */
function recorder(file = 'extra.txt'): ISynthOutputWriter & { contexts: SynthOutputContext[]; sawConfigFile: boolean[] } {
  const contexts: SynthOutputContext[] = [];
  const sawConfigFile: boolean[] = [];
  return {
    contexts,
    sawConfigFile,
    write: (ctx) => {
      contexts.push(ctx);
      sawConfigFile.push(fs.existsSync(ctx.configFile));
      SynthOutput.writeFile(ctx.stackOutdir, file, `${ctx.stack.node.id} ${ctx.succeeded}\n`);
    },
  };
}

describe('SynthOutput writers', () => {
  test('run during app.synth() after cdk.tf.json is written, with the stack\'s directories', () => {
    const { app, stack } = appWithStack();
    const writer = recorder();
    SynthOutput.of(stack).addWriter('test', writer);
    app.synth();

    expect(writer.contexts).toHaveLength(1);
    const ctx = writer.contexts[0];
    expect(ctx.stack).toBe(stack);
    expect(ctx.succeeded).toBe(true);
    expect(ctx.outdir).toBe(app.outdir);
    expect(ctx.stackOutdir).toBe(path.join(app.outdir, 'stacks', 'out'));
    expect(ctx.configFile).toBe(path.join(app.outdir, 'stacks', 'out', 'cdk.tf.json'));
    expect(writer.sawConfigFile).toEqual([true]);
    expect(fs.readFileSync(path.join(app.outdir, 'stacks', 'out', 'extra.txt'), 'utf8')).toBe('out true\n');
  });

  test('writeFile creates folders under the directory and returns the path', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'synth-output-'));
    const file = SynthOutput.writeFile(dir, 'a/b/c.json', '{}');
    expect(file).toBe(path.join(dir, 'a', 'b', 'c.json'));
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
  });

  test('of() wraps the synthesizer once; the same id replaces a writer; writers run in order', () => {
    const { app, stack } = appWithStack();
    const output = SynthOutput.of(stack);
    const wrapped = stack.synthesizer;
    expect(SynthOutput.of(stack)).toBe(output);
    expect(stack.synthesizer).toBe(wrapped);

    const order: string[] = [];
    output.addWriter('a', { write: () => order.push('a1') });
    output.addWriter('b', { write: () => order.push('b') });
    output.addWriter('a', { write: () => order.push('a2') });
    expect(output.writerIds).toEqual(['b', 'a']);
    app.synth();
    expect(order).toEqual(['b', 'a2']);
  });

  test('only writers added with evenOnFailure run when the stack fails, and the synthesis error is kept', () => {
    const { app, stack } = appWithStack();
    stack.node.addValidation({ validate: () => ['something is wrong'] });
    const always = recorder('always.txt');
    const onSuccess = recorder('success.txt');
    SynthOutput.of(stack).addWriter('always', always, { evenOnFailure: true });
    SynthOutput.of(stack).addWriter('success', onSuccess);

    expect(() => app.synth()).toThrow(/\[out\] something is wrong/);
    expect(always.contexts.map((c) => c.succeeded)).toEqual([false]);
    expect(onSuccess.contexts).toEqual([]);
    expect(fs.readFileSync(path.join(app.outdir, 'stacks', 'out', 'always.txt'), 'utf8')).toBe('out false\n');
  });

  test('a writer failing after a failed synthesis does not hide the synthesis error', () => {
    const { app, stack } = appWithStack();
    stack.node.addValidation({ validate: () => ['the real problem'] });
    SynthOutput.of(stack).addWriter('broken', { write: () => { throw new Error('writer broke'); } }, { evenOnFailure: true });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => app.synth()).toThrow(/the real problem/);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('writer broke'));
    } finally {
      error.mockRestore();
    }
  });

  test('a writer failing after a successful synthesis fails it', () => {
    const { app, stack } = appWithStack();
    SynthOutput.of(stack).addWriter('broken', { write: () => { throw new Error('writer broke'); } });
    expect(() => app.synth()).toThrow('writer broke');
  });

  test('Testing.fullSynth runs the writers too', () => {
    const { stack } = appWithStack();
    const writer = recorder();
    SynthOutput.of(stack).addWriter('test', writer);
    const outdir = Testing.fullSynth(stack);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'out', 'extra.txt'))).toBe(true);
  });
});

describe('SynthOutput resolves the stack once per synthesis', () => {
  test('every toTerraform() call during app.synth() returns one resolution; afterwards it is untouched', () => {
    const { app, stack } = appWithStack();
    const resolve = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    const seen: unknown[] = [];
    try {
      stack.node.addValidation({ validate: () => { seen.push(SynthOutput.terraformConfig(stack)); return []; } });
      SynthOutput.of(stack).addWriter('w', { write: () => { seen.push(stack.toTerraform()); } });
      app.synth();
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBe(seen[1]);
      expect(Object.prototype.hasOwnProperty.call(stack, 'toTerraform')).toBe(false);

      resolve.mockClear();
      stack.toTerraform();
      stack.toTerraform();
      expect(resolve).toHaveBeenCalledTimes(2);
    } finally {
      resolve.mockRestore();
    }
  });

  test('the written cdk.tf.json is the shared resolution', () => {
    const { app, stack } = appWithStack();
    let shared: any;
    stack.node.addValidation({ validate: () => { shared = SynthOutput.terraformConfig(stack); return []; } });
    SynthOutput.of(stack);
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'out', 'cdk.tf.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(shared)));
  });

  test('synthesis and synthesizing count and mark the synthesis', () => {
    const { app, stack } = appWithStack();
    const output = SynthOutput.of(stack);
    const during: Array<[number, boolean]> = [];
    stack.node.addValidation({ validate: () => { during.push([output.synthesis, output.synthesizing]); return []; } });
    expect([output.synthesis, output.synthesizing]).toEqual([0, false]);
    app.synth();
    Testing.synth(stack, true);
    expect(during).toEqual([[1, true], [1, false]]);
    expect(output.synthesizing).toBe(false);
  });

  test('a stack\'s own toTerraform override is restored after synthesis', () => {
    const { app, stack } = appWithStack();
    const custom = function (this: TerraformStack) { return TerraformStack.prototype.toTerraform.call(this); };
    (stack as any).toTerraform = custom;
    SynthOutput.of(stack);
    app.synth();
    expect((stack as any).toTerraform).toBe(custom);
  });
});
