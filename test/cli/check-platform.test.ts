import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gp } from './run-cli';
import { compiled } from '../setup/compiled-js';

/**
 * `golden-paths check` in a platform repository (a cdktf project without a
 * team): it synthesizes the app with a process per core, runs the guardrails
 * over every stack and validates the whole catalog, as in a team repository.
 */

const PLATFORM_MAIN = path.join(__dirname, '..', '..', 'examples', 'platform', 'main.ts');

test('check synthesizes the platform repository and judges every stack and the catalog', async () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'check-platform-'));
  // The example platform's app, run from its own folder (it reads its settings next to it), writing here.
  fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify({
    app: `cd ${JSON.stringify(path.dirname(PLATFORM_MAIN))} && ${JSON.stringify(process.execPath)} ${JSON.stringify(compiled(PLATFORM_MAIN))}`,
    output: 'cdktf.out',
  }));
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'acme-platform', private: true }));
  const result = await gp(repo, 'check');
  expect(result.err).not.toMatch(/not in a team repository|internal error/);
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/^Summary of check-platform-/m);
  expect(result.out).toMatch(/ {2}stacks: {4}foundation \(\d+\), onboarding-payments \(\d+\)/);
  expect(result.out).toMatch(/ {2}catalog: {3}\d+ entities, 0 problems/);
  expect(result.out).toContain('check passed');
}, 120_000);

test('check --no-synth outside any synth output says how to get one', async () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'check-platform-empty-'));
  fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify({ app: 'node main.js' }));
  const result = await gp(repo, 'check', '--no-synth');
  expect(result.code).toBe(2);
  expect(result.err).toContain('no synth output. Fix: run golden-paths check without --no-synth.');
});
