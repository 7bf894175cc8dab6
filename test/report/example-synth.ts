import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import type { IConstruct } from 'constructs';
import { AcmePlatformStack } from '../../examples/main';
import { FastSynth, Guardrails } from '../../src';

/** The example platform's settings (the one-stack example takes them too). */
export const EXAMPLE_SETTINGS = path.join(__dirname, '..', '..', 'examples', 'platform', 'platform-settings.json');

/** The day the report tests count expiry from. */
export const TODAY = '2026-12-07';

/** A day `days` after {@link TODAY}. */
export function dayAfter(days: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Synthesizes the one-stack example (examples/main.ts) into a new folder,
 * after `change` has had its way with the stack; returns the folder. With
 * fast synth: the same files (test/private/fast-synth.test.ts holds the
 * example to that, every file of cdktf.out) for less CPU.
 */
export function synthExample(change: (stack: AcmePlatformStack) => void = () => undefined): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  const app = new App({ outdir });
  FastSynth.enable(app);
  const stack = new AcmePlatformStack(app, 'acme-platform');
  change(stack);
  app.synth();
  return outdir;
}

/** The construct at `path` (ids from the stack down, e.g. `platform/payments/payments-db/prod/instance`). */
export function constructAt(stack: IConstruct, at: string): IConstruct & { addOverride(path: string, value: unknown): void } {
  return at.split('/').reduce((scope, id) => scope.node.findChild(id), stack) as any;
}

/**
 * The example with guardrail findings and a suppression: the payments
 * database runs zonal in production (GP-GCP-006, a warning), and the search
 * API's repository is public, suppressed until {@link dayAfter}(10).
 */
export function synthExampleWithFindings(): string {
  return synthExample((stack) => {
    constructAt(stack, 'platform/payments/payments-db/prod/instance').addOverride('settings.availability_type', 'ZONAL');
    const repository = constructAt(stack, 'platform/search/search-api/repository/repository');
    repository.addOverride('visibility', 'public');
    Guardrails.suppress(repository, 'GP-GH-001', 'Open source by decision of the CTO, until the audit', { expires: dayAfter(10) });
  });
}

/** A copy of the synth output in `dir` with `edit` applied to the Terraform JSON of `stack`. */
export function editedCopy(dir: string, stack: string, edit: (config: any) => void): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'report-edited-'));
  fs.cpSync(dir, copy, { recursive: true });
  const file = path.join(copy, 'stacks', stack, 'cdk.tf.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(config);
  fs.writeFileSync(file, JSON.stringify(config, undefined, 2));
  return copy;
}
