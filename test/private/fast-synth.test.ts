import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, GcsBackend, Lazy, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { buildLibraryApp } from '../../bench/library-app';
import { benchPlatform } from '../../bench/spec';
import { buildApp as buildExampleApp } from '../../examples/main';
import * as lib from '../../src';
import { backendAndElements, clearTokenMap, enableFastSynth, tokenMapSize } from '../../src/private/fast-synth';
import { compiledRoot } from '../setup/compiled-js';

/**
 * Every file under `dir`, by relative path, with its content. The SARIF report
 * names its configuration file relative to the working directory (as code
 * scanning reads it), so that path to `dir` reads `<outdir>` in both trees.
 */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const fromCwd = path.relative(process.cwd(), dir).split(path.sep).join('/');
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else files.set(path.relative(dir, file), fs.readFileSync(file, 'utf8').split(`${fromCwd}/`).join('<outdir>/'));
    }
  };
  walk(dir);
  return files;
}

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Synthesizes with the normal path and with fast synth; returns both output trees. */
function bothPaths(build: (outdir: string, fast: boolean) => App): { normal: Map<string, string>; fast: Map<string, string> } {
  const normalDir = tmp('normal-');
  const fastDir = tmp('fast-');
  build(normalDir, false).synth();
  const app = build(fastDir, true);
  expect(lib.FastSynth.isEnabled(app)).toBe(true);
  app.synth();
  return { normal: readTree(normalDir), fast: readTree(fastDir) };
}

function expectSameTrees(trees: { normal: Map<string, string>; fast: Map<string, string> }): void {
  expect([...trees.fast.keys()].sort()).toEqual([...trees.normal.keys()].sort());
  for (const [file, content] of trees.normal) {
    // toBe, not toEqual: byte for byte, and a failure names the file.
    expect({ file, content: trees.fast.get(file) }).toEqual({ file, content });
  }
}

describe('fast synth writes what the normal path writes, byte for byte', () => {
  test('the example platform: every file of cdktf.out (stack, manifest, catalog, guardrail reports)', () => {
    const trees = bothPaths((outdir, fast) => buildExampleApp(outdir, { fastSynth: fast }));
    expect(trees.normal.get('stacks/acme-platform/cdk.tf.json')).toMatch(/"google_sql_database_instance"/);
    expect([...trees.normal.keys()]).toEqual(expect.arrayContaining(['manifest.json', 'catalog-info.yaml', 'stacks/acme-platform/guardrails-report.json']));
    expectSameTrees(trees);
  });

  // The benchmark platform with 2 teams of 2 services (a postgres and a redis one each): every shape of the
  // bigger platforms, which repeat it.
  test('a platform of 4 services in 2 teams (the benchmark platform, in one stack)', () => {
    const spec = benchPlatform(4, 2);
    const trees = bothPaths((outdir, fast) => {
      return buildLibraryApp(lib, spec, outdir, { fastSynth: fast });
    });
    const config = JSON.parse(trees.normal.get('stacks/platform/cdk.tf.json')!);
    expect(Object.keys(config.resource.github_repository)).toHaveLength(4);
    expectSameTrees(trees);
  });

  test('a platform at App scope: foundation, team and team-environment stacks (4 services in 2 teams)', () => {
    const spec = benchPlatform(4, 2);
    const trees = bothPaths((outdir, fast) => buildLibraryApp(lib, spec, outdir, { fastSynth: fast, layout: 'stacks' }));
    expect([...trees.normal.keys()].filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(9);
    expectSameTrees(trees);
  });

  test('a stack with a cross-stack reference (the prepared pass is not reused for it)', () => {
    const trees = bothPaths((outdir, fast) => {
      const app = new App({ outdir });
      if (fast) lib.FastSynth.enable(app);
      const a = new TerraformStack(app, 'a');
      const b = new TerraformStack(app, 'b');
      const source = new TerraformLocal(a, 'source', 'x');
      new TerraformOutput(b, 'ref', { value: source.asString });
      return app;
    });
    // b reads a's local through a remote state data source and an output of a.
    expect(trees.normal.get('stacks/b/cdk.tf.json')).toMatch(/terraform_remote_state/);
    expectSameTrees(trees);
  });
});

describe('the backend and the elements a stack is prepared with', () => {
  /** cdktf's own: ensureBackendExists(), then the elements it resolves (terraformElements, not into nested stacks). */
  function cdktfPrepare(stack: TerraformStack): string[] {
    stack.ensureBackendExists();
    const elements: string[] = [];
    const visit = (node: Construct) => {
      if (TerraformElement.isTerraformElement(node)) elements.push(node.node.path);
      for (const child of node.node.children) if (!TerraformStack.isStack(child)) visit(child as Construct);
    };
    visit(stack);
    return elements;
  }

  /** Builds the same tree twice: one prepared by cdktf's steps, one by backendAndElements; returns the elements and the children of every stack. */
  function bothWays(build: (app: App) => TerraformStack[]): void {
    const paths = (stacks: TerraformStack[], prepare: (s: TerraformStack) => string[]) =>
      stacks.map((s) => ({ elements: prepare(s), children: s.node.children.map((c) => `${c.node.id}:${c.constructor.name}`) }));
    const theirs = paths(build(new App({ outdir: tmp('backend-') })), cdktfPrepare);
    const ours = paths(build(new App({ outdir: tmp('backend-') })), (s) => backendAndElements(s).map((e) => e.node.path));
    expect(ours).toEqual(theirs);
  }

  test('a stack without a backend gets a LocalBackend, its last element', () => {
    bothWays((app) => {
      const stack = new TerraformStack(app, 'plain');
      new TerraformLocal(new Construct(stack, '10'), 'a', 'x');
      new TerraformLocal(stack, 'b', 'y');
      return [stack];
    });
  });

  test('a stack with a backend of its own, deep in the tree, keeps it', () => {
    bothWays((app) => {
      const stack = new TerraformStack(app, 'gcs');
      new TerraformLocal(stack, 'a', 'x');
      new GcsBackend(new Construct(stack, 'deep'), { bucket: 'b' });
      return [stack];
    });
  });

  test('a stack whose only backend is in a nested stack gets none (cdktf looks into nested stacks), in the order cdktf prepares them', () => {
    bothWays((app) => {
      const parent = new TerraformStack(app, 'parent');
      new TerraformLocal(parent, 'a', 'x');
      const child = new TerraformStack(parent, 'child');
      new TerraformLocal(child, 'b', 'y');
      new GcsBackend(child, { bucket: 'b' });
      const sibling = new TerraformStack(parent, 'sibling');
      new TerraformLocal(sibling, 'c', 'z');
      return [parent, child, sibling];
    });
  });

  test('a stack class with its own ensureBackendExists keeps it', () => {
    class Custom extends TerraformStack {
      public ensureBackendExists() {
        return new GcsBackend(this, { bucket: 'custom' });
      }
    }
    bothWays((app) => {
      const stack = new Custom(app, 'custom');
      new TerraformLocal(stack, 'a', 'x');
      return [stack];
    });
  });
});

describe('turning fast synth on', () => {
  test('the context key turns it on for the Platform\'s app', () => {
    const app = new App({ outdir: tmp('ctx-'), context: { [lib.FastSynth.CONTEXT_KEY]: 'true' } });
    const stack = new TerraformStack(app, 'platform');
    new lib.Platform(stack, 'platform', { githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1' });
    expect(lib.FastSynth.isEnabled(app)).toBe(true);
    expect(lib.FastSynth.isEnabled(new App({ outdir: tmp('plain-') }))).toBe(false);
  });

  test('another cdktf version keeps the normal path and says so in one line', () => {
    const app = new App({ outdir: tmp('other-') });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(enableFastSynth(app, '0.20.11')).toBe(false);
      expect(enableFastSynth(new App({ outdir: tmp('other-') }), '0.22.0')).toBe(false);
      expect(stderr.mock.calls.map((c) => c[0])).toEqual([
        'cdktf-golden-paths: fast synth supports cdktf 0.21.0 only, found 0.20.11: synthesizing with the normal path\n',
      ]);
    } finally {
      stderr.mockRestore();
    }
    expect(lib.FastSynth.isEnabled(app)).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(app, 'synth')).toBe(false);
  });
});

describe('a token that fails to resolve', () => {
  test('in a test runner, the error names the element and how to see where the token was made', () => {
    const app = new App({ outdir: tmp('broken-') });
    lib.FastSynth.enable(app);
    const stack = new TerraformStack(app, 'broken');
    new TerraformOutput(stack, 'owner', { value: Lazy.stringValue({ produce: () => { throw new Error('the team has no owner'); } }) });
    expect(() => app.synth()).toThrow(/^Resolution error: the team has no owner\.\nIn element broken\/owner\. Fast synth records no creation stacks: run the program again with GOLDEN_PATHS_FAST_SYNTH=off/);
  });

  test('a program run as a command is synthesized again with the normal path, whose error points at the program', () => {
    // The program as TypeScript under ts-node, beside the library it imports ('../../src') transpiled once per jest
    // run (test/setup/compiled-js.ts), so that ts-node compiles the program alone, not the library's sources.
    const root = tmp('rerun-program-');
    const program = path.join(root, 'test', 'fixtures', 'unresolvable-token.ts');
    fs.mkdirSync(path.dirname(program), { recursive: true });
    fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'unresolvable-token.ts'), program);
    fs.symlinkSync(path.join(compiledRoot(), 'src'), path.join(root, 'src'));
    fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(root, 'node_modules'));
    const result = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', program, tmp('rerun-')], {
      cwd: root,
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'JEST_WORKER_ID' && k !== 'GOLDEN_PATHS_FAST_SYNTH')),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cdktf-golden-paths: a token failed to resolve in fast synth, which records no creation stacks: synthesizing again with the normal path');
    expect(result.stderr).toContain('Resolution error: the team has no owner.\nObject creation stack:');
    // The creation stack reaches the program's own function.
    expect(result.stderr).toMatch(/at ownerOfTheTeam \(.*unresolvable-token\.ts:\d+:\d+\)/);
  }, 60_000);
});

describe('the token map', () => {
  test('is emptied between batches; new tokens still resolve and never take an old key', () => {
    const first = Lazy.stringValue({ produce: () => 'first' });
    expect(tokenMapSize()).toBeGreaterThan(0);
    clearTokenMap();
    expect(tokenMapSize()).toBe(0);
    const second = Lazy.stringValue({ produce: () => 'second' });
    expect(second).not.toEqual(first);
    const app = new App({ outdir: tmp('batch-') });
    const stack = new TerraformStack(app, 'batch');
    new TerraformOutput(stack, 'value', { value: second });
    app.synth();
    const config = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'batch', 'cdk.tf.json'), 'utf8'));
    expect(config.output.value.value).toBe('second');
  });
});
