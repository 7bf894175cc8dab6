import { Token, TerraformVariable, type TerraformStack } from 'cdktf';
import { build, PLATFORM, PLATFORM_PATH, runTable, SERVICE, SERVICE_PATH, stackWithProviders, synth, TEAM, TEAM_PATH, DATABASE_PATH, type AdversarialCase } from './harness';
import { EnvValue, GoMicroservice, Platform, TeamEnvironment } from '../../src';

// Tokens: refused where the value is needed at synth (names, numbers compared, files); accepted with a
// warning for gcpProject, network, billingAccount and gcpProjectNumber. Secrets: literal values of
// credential-like environment variables are refused.

const STRING_TOKEN = Token.asString({ resolve: () => 'x' });
const NUMBER_TOKEN = Token.asNumber({ resolve: () => 3 });

/** A platform with a variable-backed value, as a user would write it. */
function withVariable(patch: (v: string) => Record<string, unknown>): void {
  const stack = stackWithProviders();
  const v = new TerraformVariable(stack, 'v', { type: 'string' });
  const platform = new Platform(stack, 'platform', { ...PLATFORM, ...patch(v.stringValue) } as any);
  new TeamEnvironment(platform, 'payments', TEAM);
  synth(stack);
}

/** A service whose dev workload gets one environment variable. */
function env(name: string, value: unknown | ((stack: TerraformStack) => unknown)): void {
  const stack = stackWithProviders();
  const team = new TeamEnvironment(new Platform(stack, 'platform', PLATFORM), 'payments', TEAM);
  const svc = new GoMicroservice(team, 'api', SERVICE);
  svc.addEnv(name, (typeof value === 'function' ? value(stack) : value) as EnvValue, 'dev');
  synth(stack);
}

const DEV = `${SERVICE_PATH}/dev`;

const cases: AdversarialCase[] = [
  // Tokens refused
  { name: 'team name as a token', run: () => build({ team: { name: STRING_TOKEN } }), expect: { path: TEAM_PATH, prop: 'name' } },
  { name: 'maintainer as a token', run: () => build({ team: { maintainers: [STRING_TOKEN] } }), expect: { path: TEAM_PATH, prop: 'maintainers[0]' } },
  { name: 'quota pods as a token', run: () => build({ team: { quotas: { prod: { pods: NUMBER_TOKEN } } } }), expect: { path: TEAM_PATH, prop: 'quotas.prod.pods' } },
  { name: 'quota cpu as a token', run: () => build({ team: { quotas: { prod: { cpu: STRING_TOKEN } } } }), expect: { path: TEAM_PATH, prop: 'quotas.prod.cpu' } },
  { name: 'service name as a token', run: () => build({ service: { name: STRING_TOKEN } }), expect: { path: SERVICE_PATH, prop: 'name' } },
  { name: 'replicas as a token', run: () => build({ service: { replicas: NUMBER_TOKEN } }), expect: { path: SERVICE_PATH, prop: 'replicas' } },
  { name: 'autoscaling.maxReplicas as a token', run: () => build({ service: { autoscaling: { maxReplicas: NUMBER_TOKEN } } }), expect: { path: SERVICE_PATH, prop: 'autoscaling.maxReplicas' } },
  { name: 'cpu as a token', run: () => build({ service: { cpu: STRING_TOKEN } }), expect: { path: SERVICE_PATH, prop: 'cpu' } },
  { name: 'containerPort as a token', run: () => build({ service: { containerPort: NUMBER_TOKEN } }), expect: { path: SERVICE_PATH, prop: 'containerPort' } },
  { name: 'repositoryName as a token', run: () => build({ service: { repositoryName: STRING_TOKEN } }), expect: { path: SERVICE_PATH, prop: 'repositoryName' } },
  { name: 'database name as a token', run: () => build({ database: { name: STRING_TOKEN } }), expect: { path: DATABASE_PATH, prop: 'name' } },
  { name: 'backupRetentionDays as a token', run: () => build({ database: { backupRetentionDays: NUMBER_TOKEN } }), expect: { path: DATABASE_PATH, prop: 'backupRetentionDays' } },
  { name: 'environment name as a token', run: () => build({ platform: { environments: [{ name: STRING_TOKEN, production: true }] } }), expect: { path: PLATFORM_PATH, prop: 'environments[0].name' } },
  { name: 'githubOrganization as a token', run: () => build({ platform: { githubOrganization: STRING_TOKEN } }), expect: { path: PLATFORM_PATH, prop: 'githubOrganization' } },
  { name: 'golden path replicas as a token', run: () => build({ platform: { goldenPathOverrides: { replicas: NUMBER_TOKEN } } }), expect: { path: PLATFORM_PATH, prop: 'goldenPathOverrides.replicas' } },
  // Tokens accepted (checks skipped, with a warning)
  { name: 'valid: gcpProject from a variable', run: () => withVariable((v) => ({ gcpProject: v })), expect: 'valid' },
  { name: 'valid: network from a variable', run: () => withVariable((v) => ({ network: v })), expect: 'valid' },
  { name: 'valid: billingAccount from a variable', run: () => withVariable((v) => ({ billingAccount: v })), expect: 'valid' },
  { name: 'valid: gcpProjectNumber from a variable', run: () => withVariable((v) => ({ gcpProjectNumber: v })), expect: 'valid' },

  // Secrets in plain sight
  ...['DB_PASS', 'DB_PASSWORD', 'PASSWORD', 'API_KEY', 'GITHUB_TOKEN', 'REDIS_AUTH', 'CLIENT_SECRET', 'PRIVATE_KEY', 'DB_PWD', 'GCP_CREDENTIALS'].map((name): AdversarialCase => ({
    name: `addEnv("${name}", EnvValue.fromValue("hunter2"))`, run: () => env(name, EnvValue.fromValue('hunter2')), expect: { path: DEV, prop: 'addEnv.value' },
  })),
  { name: 'addEnv("DB_PASS", "hunter2") (the string form)', run: () => env('DB_PASS', 'hunter2'), expect: { path: DEV, prop: 'addEnv.value' } },
  { name: 'addEnv("LOG_LEVEL", null)', run: () => env('LOG_LEVEL', null), expect: { path: DEV, prop: 'addEnv.value' } },
  { name: 'addEnv("LOG_LEVEL", 42)', run: () => env('LOG_LEVEL', 42), expect: { path: DEV, prop: 'addEnv.value' } },
  { name: 'addEnv("LOG_LEVEL", EnvValue.fromValue(42))', run: () => env('LOG_LEVEL', EnvValue.fromValue(42 as any)), expect: { path: DEV, prop: 'addEnv.value' } },
  { name: 'valid: addEnv("DB_PASSWORD", EnvValue.fromSecret(...))', run: () => env('DB_PASSWORD', EnvValue.fromSecret('db', 'password')), expect: 'valid' },
  { name: 'valid: addEnv("LOG_LEVEL", EnvValue.fromValue("info"))', run: () => env('LOG_LEVEL', EnvValue.fromValue('info')), expect: 'valid' },
  { name: 'valid: addEnv("PASSENGER_COUNT", EnvValue.fromValue("4"))', run: () => env('PASSENGER_COUNT', EnvValue.fromValue('4')), expect: 'valid' },
  { name: 'valid: addEnv("API_TOKEN", a token)', run: () => env('API_TOKEN', (stack: TerraformStack) => EnvValue.fromValue(new TerraformVariable(stack, 'token', { type: 'string', sensitive: true }).stringValue)), expect: 'valid' },
];

runTable('tokens and secrets', cases);
