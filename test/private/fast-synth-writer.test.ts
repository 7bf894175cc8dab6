import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, App, TerraformLocal, TerraformStack } from 'cdktf';
import { enableFastSynth } from '../../src/private/fast-synth';
import * as stableJsonModule from '../../src/private/stable-json';

jest.mock('../../src/private/stable-json', () => {
  const actual = jest.requireActual('../../src/private/stable-json');
  return { ...actual, writeStableJson: jest.fn(actual.writeStableJson) };
});
const stableJson = stableJsonModule.writeStableJson as jest.MockedFunction<typeof stableJsonModule.writeStableJson>;

/** The `json-stable-stringify` cdktf 0.21 writes `manifest.json` with (its own dependency). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonStableStringify: (value: unknown, options: { space: number }) => string = require(
  require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf/package.json'))] }),
);

function appWithStack(fast: boolean): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-'));
  const app = new App({ outdir });
  if (fast) expect(enableFastSynth(app)).toBe(true);
  const stack = new TerraformStack(app, 'stack');
  new TerraformLocal(stack, 'local', { b: [], a: { 10: 1, 9: 2 } });
  return { app, outdir };
}

beforeEach(() => stableJson.mockClear());

test('fast synth writes cdk.tf.json with the stable JSON writer, the normal path does not', () => {
  const normal = appWithStack(false);
  normal.app.synth();
  expect(stableJson).not.toHaveBeenCalled();

  const fast = appWithStack(true);
  fast.app.synth();
  expect(stableJson.mock.calls.map(([file]) => path.relative(fast.outdir, file))).toEqual([path.join('stacks', 'stack', 'cdk.tf.json'), 'manifest.json']);
  const file = (outdir: string) => fs.readFileSync(path.join(outdir, 'stacks/stack/cdk.tf.json'), 'utf8');
  expect(file(fast.outdir)).toBe(file(normal.outdir));
  expect(file(fast.outdir)).toContain('"local": {\n      "a": {\n        "10": 1,\n        "9": 2\n      },\n      "b": [\n      ]');
});

test('fast synth writes manifest.json with the stable JSON writer: the same bytes, annotations and all, synth after synth; then cdktf\'s writer is back', () => {
  const normal = appWithStack(false);
  const fast = appWithStack(true);
  for (const { app } of [normal, fast]) {
    const stack = app.node.findChild('stack') as TerraformStack;
    Annotations.of(stack).addWarning('a warning, with "quotes" and ü');
    new TerraformStack(app, '10-second').addDependency(stack);
  }
  const manifest = (outdir: string) => fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8');
  normal.app.synth();
  fast.app.synth();
  // The warning's stack trace is the process's: the same when both are made alike, with traces on (the normal path) or off.
  const withoutTraces = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (k === 'stacktrace' ? undefined : v));
  expect(withoutTraces(manifest(fast.outdir))).toBe(withoutTraces(manifest(normal.outdir)));
  expect(manifest(fast.outdir)).toBe(jsonStableStringify(JSON.parse(manifest(fast.outdir)), { space: 2 }));
  expect(manifest(fast.outdir)).toContain('"stacks": {\n    "10-second": {\n      "annotations": [\n      ],');
  expect((fast.app as any).manifest.writeToFile).toBe(Object.getPrototypeOf((fast.app as any).manifest).writeToFile);
  stableJson.mockClear();
  fast.app.synth();
  expect(stableJson.mock.calls.map(([file]) => path.basename(file))).toContain('manifest.json');
});

test('validation errors and error annotations fail as on the normal path, before writing', () => {
  const messages = (fast: boolean, spoil: (stack: TerraformStack) => void): string => {
    const { app, outdir } = appWithStack(fast);
    spoil(app.node.findChild('stack') as TerraformStack);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(fs.existsSync(path.join(outdir, 'stacks/stack/cdk.tf.json'))).toBe(false);
    return message;
  };
  const validation = (stack: TerraformStack) => stack.node.addValidation({ validate: () => ['the reason'] });
  const annotation = (stack: TerraformStack) => Annotations.of(stack.node.findChild('local')).addError('the error');
  expect(messages(true, validation)).toMatch(/the reason/);
  expect(messages(true, validation)).toBe(messages(false, validation));
  expect(messages(true, annotation)).toMatch(/^Encountered Annotations with level "ERROR":\n\[stack\/local\] the error\n/);
  expect(messages(true, annotation)).toBe(messages(false, annotation));
});
