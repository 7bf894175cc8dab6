import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Platform, type PlatformProps, PrivateServiceAccess } from '../src';

/** The props of the reference platform used across tests. */
export const PLATFORM_PROPS: PlatformProps = {
  githubOrganization: 'acme',
  gcpProject: 'acme-prod',
  region: 'europe-west1',
  network: 'projects/acme-net/global/networks/shared',
  // Teams bind the Google Group <team>@acme.com (GKE with Google Groups for RBAC).
  googleGroupsDomain: 'acme.com',
};

/**
 * The reference platform's props for a Platform at App scope (its own stacks):
 * the project number the Workload Identity pool needs, and Private Service
 * Access already set up on the network.
 */
export const APP_PLATFORM_PROPS: PlatformProps = {
  ...PLATFORM_PROPS,
  gcpProjectNumber: '123456789012',
  privateServiceAccess: PrivateServiceAccess.EXISTING,
};

export interface Fixture {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly platform: Platform;
}

/** A stack with default providers and a Platform in it. */
export function platformFixture(props: Partial<PlatformProps> = {}): Fixture {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  // A quota project, as the Cloud Billing Budget API needs with user credentials.
  new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1', billingProject: 'acme-prod', userProjectOverride: true });
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new GithubProvider(stack, 'github', { owner: 'acme' });
  const platform = new Platform(stack, 'platform', { ...PLATFORM_PROPS, ...props });
  return { app, stack, platform };
}

/** The synthesized Terraform JSON of a stack, with validations run. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(synthResolvedOnce(stack));
}

/**
 * `Testing.synth(stack, true)`, the stack resolved once: the guardrails' validation judges the resolved
 * configuration (`SynthOutput.terraformConfig`, which is `stack.toTerraform()` outside an app's synth), and
 * `Testing.synth` resolved the stack again for its output. `app.synth()` shares that one resolution between
 * the guardrails and `cdk.tf.json` (SynthOutput's synthesizer); so does this, between the guardrails and
 * the text. Nothing runs between the two but the validations, which read the configuration.
 */
export function synthResolvedOnce(stack: TerraformStack): string {
  const own = Object.prototype.hasOwnProperty.call(stack, 'toTerraform');
  const resolve = stack.toTerraform;
  let resolved: any;
  stack.toTerraform = () => (resolved ??= resolve.call(stack));
  try {
    return Testing.synth(stack, true);
  } finally {
    if (own) stack.toTerraform = resolve;
    else delete (stack as { toTerraform?: unknown }).toTerraform;
  }
}

/** The resources of one Terraform type, by name, in a synthesized stack. */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type whose attributes match `where`, failing when there are none or several. */
export function resource(json: any, type: string, where: (r: any) => boolean = () => true): any {
  const found = Object.values(resources(json, type)).filter(where);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type} matching, found ${found.length}`);
  }
  return found[0];
}

/** Runs `fn` and returns the message of the error it throws; fails when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * Runs `fn` with console.warn captured: warnings a test provokes on purpose are
 * asserted, never printed. Returns what `fn` returned or the message it threw,
 * and every warning printed meanwhile.
 */
export function captureWarnings<T>(fn: () => T): { result?: T; error?: string; warned: string[] } {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return { result: fn(), warned: spy.mock.calls.map((c) => String(c[0])) };
  } catch (e) {
    return { error: (e as Error).message, warned: spy.mock.calls.map((c) => String(c[0])) };
  } finally {
    spy.mockRestore();
  }
}
