import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, PlatformFoundation } from '../../src';
import { errorOf } from '../util';

/**
 * platform.json as a hostile or careless editor writes it: every key at every
 * depth the library reads is checked for its type (a string where a boolean
 * belongs is truthy), keys that name the object prototype read nothing, and a
 * published file's foundation section is what marks it published, so it must
 * be whole.
 */

const EXAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8'));
const SETTINGS = (({ foundation: _f, teams: _t, ...settings }) => settings)(EXAMPLE);

function fileWith(json: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-file-')), 'platform.json');
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

function read(json: unknown): string {
  const file = fileWith(json);
  return errorOf(() => Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'settings-out-')) }), 'acme', file)).replace(file, '<file>');
}

describe('guardrail settings are judged key by key: a wrong type would turn a check off', () => {
  test.each([
    [{ enabled: 'false' }, 'invalid /guardrails/enabled "false": is not true or false. Fix: write true or false there.'],
    [{ enabled: 0 }, 'invalid /guardrails/enabled 0: is not true or false. Fix: write true or false there.'],
    [{ reports: 'no' }, 'invalid /guardrails/reports "no": is not true or false.'],
    [{ productionEnvironments: 'prod' }, 'invalid /guardrails/productionEnvironments "prod": is not a list of strings.'],
    [{ disabledRules: [1] }, 'invalid /guardrails/disabledRules [1]: is not a list of strings.'],
    [{ maxSuppressionDays: '30' }, 'invalid /guardrails/maxSuppressionDays "30": is not a number.'],
    [{ Enabled: false }, 'invalid /guardrails/Enabled false: is not a setting. Fix: write "enabled".'],
    [{ customPacks: [] }, 'invalid /guardrails/customPacks []: is an object in code, not a setting. Fix: leave it out: a rule pack is code'],
  ])('%j', (guardrails, message) => {
    expect(read({ ...SETTINGS, guardrails })).toContain(`[<file>] ${message}`);
  });

  test('valid guardrail settings still read', () => {
    const file = fileWith({ ...SETTINGS, guardrails: { enabled: true, disabledRules: [], productionEnvironments: ['prod'], maxSuppressionDays: 30 } });
    expect(Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'settings-out-')) }), 'acme', file).settings.guardrails)
      .toEqual({ enabled: true, disabledRules: [], productionEnvironments: ['prod'], maxSuppressionDays: 30 });
  });
});

describe('keys that name the object prototype read nothing from it', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('"%s" is not a setting, with the list of settings', (key) => {
    const message = read(`{${JSON.stringify(SETTINGS).slice(1, -1)}, ${JSON.stringify(key)}: 1}`);
    expect(message).toContain(`invalid /${key} 1: is not a setting. Fix: use one of "githubOrganization"`);
    expect(message).not.toMatch(/native code|function/);
  });
});

describe('a published file\'s foundation section is whole', () => {
  test('a foundation section without its stack is refused: it would let a team repository build a foundation of its own', () => {
    const { stack: _stack, ...foundation } = EXAMPLE.foundation;
    expect(read({ ...EXAMPLE, foundation })).toContain('[<file>] invalid /foundation/stack undefined: is not the id of the foundation\'s stack, which every published platform.json names. Fix: use the platform.json the platform repository\'s synth writes, unchanged.');
  });

  test('a template repository name that is no repository name never reaches the team\'s stacks', () => {
    expect(read({ ...EXAMPLE, foundation: { ...EXAMPLE.foundation, serviceTemplateRepository: '../Bad Repo' } }))
      .toContain('[<file>] invalid /foundation/serviceTemplateRepository "../Bad Repo":');
  });

  test('unknown and mistyped keys of the foundation section are errors', () => {
    const message = read({ ...EXAMPLE, foundation: { ...EXAMPLE.foundation, enabledApis: 'all', stak: 'x' } });
    expect(message).toContain('invalid /foundation/enabledApis "all": is not a list of strings.');
    expect(message).toContain('invalid /foundation/stak "x": is not a setting.');
  });

  test('a whole published file still refuses a foundation of its own', () => {
    const platform = Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'settings-out-')) }), 'acme', fileWith(EXAMPLE));
    expect(errorOf(() => new PlatformFoundation(platform, 'foundation'))).toMatch(/would create the platform's shared resources again/);
  });
});

describe('at App scope, the names every stack uses are literals', () => {
  test.each(['gcpProject', 'network', 'billingAccount', 'gcpProjectNumber'])('a token for %s is refused: it would make each stack read another\'s state', (prop) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'settings-out-')) });
    const { TerraformStack, TerraformVariable } = jest.requireActual('cdktf');
    // A value of another stack: referring to it from the platform's stacks is cross-stack state.
    const other = new TerraformStack(app, 'other');
    const token = new TerraformVariable(other, 'value', { type: 'string' }).stringValue;
    const message = errorOf(() => new Platform(app, 'acme', { ...SETTINGS, privateServiceAccess: undefined, environments: undefined, [prop]: token } as any));
    expect(message).toMatch(new RegExp(`^\\[acme\\] invalid ${prop} .*: is a token, but at App scope every stack of every repository names it`));
    expect(message).toMatch(/Fix: give the literal value in the settings/);
  });

  test('inside a stack, a token for gcpProject is still allowed (with its warning)', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'settings-out-')) });
    const { TerraformStack, TerraformVariable } = jest.requireActual('cdktf');
    const stack = new TerraformStack(app, 'one');
    const project = new TerraformVariable(stack, 'project', { type: 'string' }).stringValue;
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(new Platform(stack, 'platform', { ...SETTINGS, privateServiceAccess: undefined, environments: undefined, gcpProject: project }).gcpProject).toBe(project);
    } finally {
      spy.mockRestore();
    }
  });
});
