import { appendFileSync } from 'fs';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import {
  DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, Platform, TeamEnvironment,
  type GoMicroserviceProps, type ManagedDatabaseProps, type PlatformProps, type TeamEnvironmentProps,
} from '../../src';
import { synthResolvedOnce } from '../util';

/**
 * The adversarial suite: bad input as an untyped JavaScript or jsii caller
 * sends it. Every case must be GOOD: either an error in the library's one
 * format naming the construct path, the prop, the value and the fix, or
 * valid output. POOR is any other error (a raw TypeError, a message without
 * the prop); SILENT is bad input synthesized without an error.
 */
export type Verdict = 'GOOD' | 'POOR' | 'SILENT';

export interface AdversarialCase {
  /** What the case sends. */
  readonly name: string;
  /** Builds the constructs and synthesizes (validations run). */
  readonly run: () => void;
  /** The error expected (construct path and prop), or 'valid' for input that must synthesize. */
  readonly expect: { readonly path: string; readonly prop: string } | 'valid';
}

/** Judges one case. */
export function verdict(c: AdversarialCase): { verdict: Verdict; detail: string } {
  let message: string | undefined;
  try {
    c.run();
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  if (c.expect === 'valid') return message === undefined ? { verdict: 'GOOD', detail: 'valid' } : { verdict: 'POOR', detail: message };
  if (message === undefined) return { verdict: 'SILENT', detail: 'no error' };
  const { path, prop } = c.expect;
  const good = message.startsWith(`[${path}] `) && message.includes(`invalid ${prop} `) && /Fix: /.test(message);
  return { verdict: good ? 'GOOD' : 'POOR', detail: message };
}

const tally: Record<Verdict, number> = { GOOD: 0, POOR: 0, SILENT: 0 };

/** Runs a table: one test per case, each asserting GOOD; the counts are printed when ADVERSARIAL_TALLY is set. */
export function runTable(title: string, cases: readonly AdversarialCase[]): void {
  describe(title, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const v = verdict(c);
      tally[v.verdict]++;
      expect(`${v.verdict}: ${v.detail}`).toMatch(/^GOOD: /);
    });
    afterAll(() => {
      if (process.env.ADVERSARIAL_TALLY) {
        appendFileSync(process.env.ADVERSARIAL_TALLY, `${title}\t${cases.length}\t${tally.GOOD}\t${tally.POOR}\t${tally.SILENT}\n`);
      }
    });
  });
}

export const PLATFORM: PlatformProps = {
  githubOrganization: 'acme',
  gcpProject: 'acme-prod',
  region: 'europe-west1',
  network: 'projects/acme-prod/global/networks/shared',
  googleGroupsDomain: 'acme.com',
};
export const TEAM: TeamEnvironmentProps = { name: 'payments', maintainers: ['alice'] };
export const SERVICE: GoMicroserviceProps = { name: 'api', description: 'Payment API' };
export const DATABASE: ManagedDatabaseProps = { name: 'orders', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL };

/** A stack with providers. */
export function stackWithProviders(app: App = Testing.app(), id = 'test'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new GithubProvider(stack, 'github', { owner: 'acme' });
  return stack;
}

/** Synthesizes a stack with validations (resolved once, shared by the guardrails and the output, as in app.synth()). */
export function synth(stack: TerraformStack): void {
  synthResolvedOnce(stack);
}

/** Props as an untyped caller sends them. */
export function untyped<T>(base: T, patch: Record<string, unknown>): T {
  return { ...base, ...patch } as unknown as T;
}

/** Patches of the props of each construct of {@link build}. */
export interface Patch {
  readonly platform?: Record<string, unknown>;
  readonly team?: Record<string, unknown>;
  readonly service?: Record<string, unknown>;
  readonly database?: Record<string, unknown> | null;
}

/** A platform, team, service and database in one stack, each with props patched; synthesized. */
export function build(patch: Patch): void {
  const stack = stackWithProviders();
  const platform = new Platform(stack, 'platform', untyped(PLATFORM, patch.platform ?? {}));
  const team = new TeamEnvironment(platform, 'payments', untyped(TEAM, patch.team ?? {}));
  const db = patch.database === null ? undefined : new ManagedDatabase(team, 'orders', untyped(DATABASE, patch.database ?? {}));
  new GoMicroservice(team, 'api', untyped(SERVICE, { databases: db ? [db] : undefined, ...patch.service }));
  synth(stack);
}

export const PLATFORM_PATH = 'test/platform';
export const TEAM_PATH = 'test/platform/payments';
export const SERVICE_PATH = 'test/platform/payments/api';
export const DATABASE_PATH = 'test/platform/payments/orders';

/** Cases of one prop of one construct: each bad value must fail on that prop. */
export function propCases(construct: 'platform' | 'team' | 'service' | 'database', prop: string, values: readonly unknown[], errorProp = prop): AdversarialCase[] {
  const path = { platform: PLATFORM_PATH, team: TEAM_PATH, service: SERVICE_PATH, database: DATABASE_PATH }[construct];
  return values.map((value) => ({
    name: `${construct} ${prop}: ${show(value)}`,
    run: () => build({ [construct]: setPath(prop, value) }),
    expect: { path, prop: errorProp },
  }));
}

/** `{ a: { b: value } }` from "a.b". */
function setPath(prop: string, value: unknown): Record<string, unknown> {
  const keys = prop.split('.');
  return keys.reduceRight<Record<string, unknown>>((inner, key, i) => ({ [key]: i === keys.length - 1 ? value : inner }), {});
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
