import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_KPI_TARGETS } from './kpi-targets';
import { readOnboardedTeams, type OnboardedTeam } from './onboarded-team';
import { inputError, showValue } from '../private/errors';
import { type FileProblem, fileProblemsError, isObject, nestingProblem } from '../private/json-shape';
import { repositoryNameProblem } from '../private/validation';
import { ServiceTemplate } from '../scaffold/service-template';

/**
 * Reading platform settings from JSON (`platform.json`): the shape is checked
 * here, key by key, with errors that name the file and the JSON pointer; the
 * values themselves are judged by the Platform like any other props.
 */

export { type FileProblem, isObject } from '../private/json-shape';

export type Kind = 'string' | 'boolean' | 'number' | 'object' | 'string[]' | 'number[]' | 'object[]';

/** The keys of the settings file and what each holds. */
const SETTINGS_KEYS: Record<string, Kind> = {
  githubOrganization: 'string',
  gcpProject: 'string',
  region: 'string',
  network: 'string',
  environments: 'object[]',
  goldenPathOverrides: 'object',
  billingAccount: 'string',
  catalogRepository: 'string',
  platformRepository: 'string',
  guardrails: 'object',
  stateBucket: 'string',
  gcpProjectNumber: 'string',
  workloadIdentityPoolId: 'string',
  workloadIdentityProviderId: 'string',
  privateServiceAccess: 'string',
  githubPlan: 'string',
  terraformGithubAppId: 'number',
  terraformGithubReaderAppId: 'number',
  teamProjects: 'object',
  googleGroupsDomain: 'string',
  oidcBridge: 'boolean',
  serviceRepositoriesFromTemplate: 'boolean',
  serviceTemplateRepository: 'string',
  ingressSourceRanges: 'string[]',
  toolImages: 'object',
  githubOrganizationId: 'string',
  githubOidcIssuer: 'string',
  githubApiUrl: 'string',
  githubActionsAppId: 'number',
  databaseGrantTimeoutMinutes: 'number',
  costEstimate: 'object',
  kpiTargets: 'object',
  // Written by PlatformFoundation for readers of the file; the Platform derives the same names itself.
  foundation: 'object',
  // Written by PlatformFoundation: the teams TeamOnboarding onboarded, and what their repositories need.
  teams: 'object',
};
const REQUIRED_KEYS = ['githubOrganization', 'gcpProject', 'region'];

const ENVIRONMENT_KEYS: Record<string, Kind> = {
  name: 'string',
  production: 'boolean',
  reviewers: 'string[]',
  workloads: 'object',
  gkeCluster: 'string',
  gkeLocation: 'string',
  gkeProject: 'string',
  gkeNodeServiceAccount: 'string',
  gkeEndpoint: 'string',
  ingressSourceRanges: 'string[]',
  dashboardUrl: 'string',
};

/** The guardrail settings, as data: a wrong type here would turn a check off (`"enabled": "false"` is truthy). */
const GUARDRAILS_KEYS: Record<string, Kind> = {
  enabled: 'boolean',
  packs: 'string[]',
  disabledRules: 'string[]',
  ruleLevels: 'object',
  productionEnvironments: 'string[]',
  breakGlassMembers: 'string[]',
  reports: 'boolean',
  maxSuppressionDays: 'number',
  coverApp: 'boolean',
};

/** What a PlatformFoundation publishes under `foundation`: a file with it is a published one, read by team repositories. */
const FOUNDATION_KEYS: Record<string, Kind> = {
  stack: 'string',
  workloadIdentityPoolId: 'string',
  workloadIdentityProviderId: 'string',
  workloadIdentityProvider: 'string',
  enabledApis: 'string[]',
  privateServiceAccess: 'string',
  catalogRepository: 'string',
  serviceTemplateRepository: 'string',
};

/** Keys that are props in code but cannot be data, with what to write instead. */
const NOT_DATA: Record<string, string> = {
  goldenPath: 'write the overrides as plain data under "goldenPathOverrides", e.g. { "replicas": 2 }',
  kubernetesProvider: 'leave it out: at App scope each environment stack makes its Kubernetes provider from gkeCluster, gkeLocation and gkeProject',
  googleProvider: 'leave it out: at App scope each stack makes its Google provider from the settings',
  customPacks: 'leave it out: a rule pack is code; add it in the platform repository with Guardrails.of(stack).addPack(...)',
};


/** Settings read from a file, and whether the file was published by a PlatformFoundation. */
export interface PlatformSettingsFile {
  /** The settings, shaped like PlatformProps (keys and types checked). */
  readonly settings: Record<string, unknown>;
  /** The foundation's stack named in the file, when a PlatformFoundation wrote it. */
  readonly foundationStack?: string;
  /** The template repository the foundation keeps for new service repositories, when it keeps one. */
  readonly serviceTemplateRepository?: string;
  /** The teams the platform repository onboarded, by name (empty when the file lists none). */
  readonly teams: ReadonlyMap<string, OnboardedTeam>;
}

/** Reads and checks the settings in `file`; throws one error listing every problem. */
export function readPlatformSettings(file: string): PlatformSettingsFile {
  const { foundation, teams, ...settings } = readSettingsJson(file);
  const overrides = settings.goldenPathOverrides as Record<string, unknown> | undefined;
  if (typeof overrides?.template === 'string') {
    // A template is a directory: relative to the settings file, so a repository can keep both side by side.
    settings.goldenPathOverrides = { ...overrides, template: ServiceTemplate.fromDirectory(path.resolve(path.dirname(file), overrides.template)) };
  }
  // Checked above: a foundation section names its stack.
  const stack = isObject(foundation) ? foundation.stack as string : undefined;
  const template = isObject(foundation) && typeof foundation.serviceTemplateRepository === 'string' ? foundation.serviceTemplateRepository : undefined;
  return { settings, foundationStack: stack, serviceTemplateRepository: template, teams: readOnboardedTeams(teams).teams };
}

/**
 * The settings file's JSON, its shape checked (keys and kinds, at every
 * depth) but nothing read from disk beyond it (a service template stays a
 * path); throws one error, naming the file, listing every problem.
 */
export function readSettingsJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw inputError(file, `cannot read the platform settings: ${(e as Error).message}`, 'give the path of the platform.json the platform team publishes', e);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw inputError(file, `is not JSON: ${(e as Error).message}`, 'write the settings as one JSON object, e.g. { "githubOrganization": "acme", "gcpProject": "acme-prod", "region": "europe-west1" }', e);
  }
  const deep = nestingProblem(json);
  const found = deep ? [deep] : settingsProblems(json);
  if (found.length > 0) throw fileProblemsError(file, found);
  return json as Record<string, unknown>;
}

/** `invalid <pointer> <value>: <problem>. Fix: <fix>.` */
export function describe(p: FileProblem): string {
  return `invalid ${p.pointer} ${showValue(p.value)}: ${p.problem}. Fix: ${p.fix}.`;
}

function settingsProblems(json: unknown): FileProblem[] {
  if (!isObject(json)) {
    return [{ pointer: '/', value: json, problem: 'is not a JSON object', fix: 'write the settings as one object: { "githubOrganization": ..., "gcpProject": ..., "region": ... }' }];
  }
  const found = [
    ...objectProblems('', json, SETTINGS_KEYS),
    ...REQUIRED_KEYS.filter((k) => json[k] === undefined).map((k) => ({ pointer: `/${k}`, value: undefined, problem: 'is missing', fix: `add "${k}": a string` })),
    ...(isObject(json.teams) || json.teams === undefined ? readOnboardedTeams(json.teams).problems : []),
  ];
  if (isObject(json.goldenPathOverrides) && json.goldenPathOverrides.template !== undefined && typeof json.goldenPathOverrides.template !== 'string') {
    found.push({
      pointer: '/goldenPathOverrides/template',
      value: json.goldenPathOverrides.template,
      problem: 'is not a directory path',
      fix: 'give the service template\'s directory, relative to this file, e.g. "templates/acme-go"',
    });
  }
  if (isObject(json.guardrails)) found.push(...objectProblems('/guardrails', json.guardrails, GUARDRAILS_KEYS));
  if (isObject(json.toolImages)) found.push(...objectProblems('/toolImages', json.toolImages, { postgresClient: 'string', mysqlClient: 'string', googleCloudCli: 'string', cloudSqlProxy: 'string' }));
  if (isObject(json.costEstimate)) found.push(...costEstimateShapeProblems(json.costEstimate));
  if (isObject(json.kpiTargets)) {
    found.push(...objectProblems('/kpiTargets', json.kpiTargets, Object.fromEntries(Object.keys(DEFAULT_KPI_TARGETS).map((k) => [k, 'number' as Kind]))));
  }
  if (isObject(json.teamProjects)) found.push(...objectProblems('/teamProjects', json.teamProjects, { parent: 'string', prefix: 'string' }));
  if (isObject(json.foundation)) found.push(...foundationProblems(json.foundation));
  if (Array.isArray(json.environments)) {
    json.environments.forEach((env, i) => {
      if (!isObject(env)) return;
      found.push(...objectProblems(`/environments/${i}`, env, ENVIRONMENT_KEYS));
      if (env.name === undefined) found.push({ pointer: `/environments/${i}/name`, value: undefined, problem: 'is missing', fix: 'name the environment, e.g. "dev"' });
    });
  }
  return found;
}

/** The keys of `costEstimate` and of its prices per region, and their kinds. */
const COST_ESTIMATE_KEYS: Record<string, Kind> = { gkeMode: 'string', regions: 'object', registryGbPerService: 'number', exchangeRates: 'object' };
const REGION_PRICES_KEYS: Record<string, Kind> = {
  autopilotVcpuHour: 'number',
  autopilotMemoryGibHour: 'number',
  standardVcpuHour: 'number',
  standardMemoryGibHour: 'number',
  cloudSqlVcpuHour: 'number',
  cloudSqlMemoryGbHour: 'number',
  cloudSqlSsdGbMonth: 'number',
  redisBasicGbHour: 'number[]',
  redisStandardGbHour: 'number[]',
  artifactRegistryGbMonth: 'number',
};

/** Unknown keys and values of the wrong kind in `costEstimate`, its regions' prices and its exchange rates. */
export function costEstimateShapeProblems(json: Record<string, unknown>, at = '/costEstimate'): FileProblem[] {
  const found = objectProblems(at, json, COST_ESTIMATE_KEYS);
  if (isObject(json.regions)) {
    for (const [region, prices] of Object.entries(json.regions)) {
      const pointer = `${at}/regions/${region.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (isObject(prices)) found.push(...objectProblems(pointer, prices, REGION_PRICES_KEYS));
      else found.push({ pointer, value: prices, problem: 'is not an object of prices', fix: 'write { "autopilotVcpuHour": 0.0445, ... } there' });
    }
  }
  if (isObject(json.exchangeRates)) {
    for (const [currency, rate] of Object.entries(json.exchangeRates)) {
      if (typeof rate !== 'number') found.push({ pointer: `${at}/exchangeRates/${currency.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: rate, problem: 'is not a number', fix: 'write how many units of the currency one US dollar buys, e.g. 0.92' });
    }
  }
  return found;
}

/**
 * What is wrong with the `foundation` section of a published file: it marks
 * the file as published (a team repository's Platform then refuses a
 * foundation of its own), so it must name the foundation's stack, and the
 * names in it reach the team's stacks.
 */
function foundationProblems(foundation: Record<string, unknown>): FileProblem[] {
  const found = objectProblems('/foundation', foundation, FOUNDATION_KEYS);
  const stack = foundation.stack;
  if (typeof stack !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(stack)) {
    found.push({
      pointer: '/foundation/stack',
      value: stack,
      problem: 'is not the id of the foundation\'s stack, which every published platform.json names',
      fix: 'use the platform.json the platform repository\'s synth writes, unchanged',
    });
  }
  const template = foundation.serviceTemplateRepository;
  if (typeof template === 'string') {
    const bad = repositoryNameProblem('/foundation/serviceTemplateRepository', template);
    if (bad) found.push({ pointer: bad.prop, value: bad.value, problem: bad.problem, fix: bad.fix });
  }
  return found;
}

/** Unknown keys and values of the wrong kind in `json` (at JSON pointer `at`). */
export function objectProblems(at: string, json: Record<string, unknown>, keys: Record<string, Kind>): FileProblem[] {
  return Object.entries(json).flatMap(([key, value]): FileProblem[] => {
    const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    // Own keys only: "constructor" or "__proto__" must never read the object prototype.
    const notData = Object.prototype.hasOwnProperty.call(NOT_DATA, key) ? NOT_DATA[key] : undefined;
    if (notData !== undefined) return [{ pointer, value, problem: 'is an object in code, not a setting', fix: notData }];
    const kind = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key] : undefined;
    if (kind === undefined) {
      const near = Object.keys(keys).find((k) => k.toLowerCase() === key.toLowerCase());
      return [{ pointer, value, problem: 'is not a setting', fix: near ? `write "${near}"` : `use one of ${Object.keys(keys).map((k) => `"${k}"`).join(', ')}` }];
    }
    return hasKind(value, kind) ? [] : [{ pointer, value, problem: `is not ${article(kind)}`, fix: `write ${article(kind)} there` }];
  });
}

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string[]': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'number[]': return Array.isArray(value) && value.every((v) => typeof v === 'number');
    case 'object[]': return Array.isArray(value) && value.every(isObject);
    case 'object': return isObject(value);
    default: return typeof value === kind;
  }
}

function article(kind: Kind): string {
  return {
    'string': 'a string',
    'boolean': 'true or false',
    'number': 'a number',
    'object': 'an object',
    'string[]': 'a list of strings',
    'number[]': 'a list of numbers',
    'object[]': 'a list of objects',
  }[kind];
}

