import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_PLATFORM, gp } from './run-cli';
import { GoldenPathsValidationError } from '../../src';
import * as statusModule from '../../src/cli/status';
import * as settingsModule from '../../src/platform/platform-settings';

/**
 * The golden-paths command tells an input error from a defect by the error's
 * type (GoldenPathsValidationError.isGoldenPathsValidationError), not by what
 * its message looks like: an input error exits 2 with its message; anything
 * else is an "internal error" to report, whatever its text.
 */

jest.mock('../../src/cli/status', () => ({ ...jest.requireActual('../../src/cli/status'), status: jest.fn() }));
jest.mock('../../src/platform/platform-settings', () => {
  const actual = jest.requireActual('../../src/platform/platform-settings');
  return { ...actual, readPlatformSettings: jest.fn(actual.readPlatformSettings) };
});
const status = statusModule.status as jest.MockedFunction<typeof statusModule.status>;
const readPlatformSettings = settingsModule.readPlatformSettings as jest.MockedFunction<typeof settingsModule.readPlatformSettings>;

const HOUSE_FORMAT = '[services/api.json] invalid /port "x": is not a number. Fix: write a number there.';
const INTERNAL = (message: string) => `golden-paths status: internal error: ${message}. Set GOLDEN_PATHS_DEBUG=1 for the stack trace and report it to the platform team.`;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'input-errors-'));
  status.mockReset();
  readPlatformSettings.mockClear();
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('an error a command meets', () => {
  test('a GoldenPathsValidationError is an input error: exit 2, its message, no "internal error"', async () => {
    status.mockImplementation(() => {
      throw new GoldenPathsValidationError(HOUSE_FORMAT, [{ path: 'services/api.json', prop: '/port', value: '"x"', problem: 'is not a number', fix: 'write a number there' }]);
    });
    expect(await gp(tmp, 'status')).toEqual({ code: 2, out: '', err: `golden-paths status: ${HOUSE_FORMAT}` });
  });

  test('the type decides, not the message: a GoldenPathsValidationError in any words is an input error', async () => {
    status.mockImplementation(() => {
      throw new GoldenPathsValidationError('the quota of payments-dev is used up', [{ path: 'payments-dev', problem: 'the quota is used up', fix: 'raise it' }]);
    });
    expect(await gp(tmp, 'status')).toEqual({ code: 2, out: '', err: 'golden-paths status: the quota of payments-dev is used up' });
  });

  test('a plain Error worded like an input error is a defect: "internal error"', async () => {
    status.mockImplementation(() => {
      throw new Error(HOUSE_FORMAT);
    });
    expect(await gp(tmp, 'status')).toEqual({ code: 2, out: '', err: INTERNAL(HOUSE_FORMAT) });
  });

  test('a TypeError is a defect: "internal error"', async () => {
    status.mockImplementation(() => {
      throw new TypeError('Cannot read properties of undefined (reading \'replicas\')');
    });
    expect(await gp(tmp, 'status')).toEqual({ code: 2, out: '', err: INTERNAL('Cannot read properties of undefined (reading \'replicas\')') });
  });
});

describe('golden-paths report reads a synth output', () => {
  test('a --synth folder that does not exist, or holds no manifest: an input error, exit 2, no "internal error"', async () => {
    const missing = path.join(tmp, 'cdktf.out');
    expect(await gp(tmp, 'report', '--synth', missing)).toEqual({
      code: 2,
      out: '',
      err: `golden-paths report: [report] invalid --synth "${missing}": does not exist. Fix: pass a cdktf.out folder that golden-paths synth or cdktf synth wrote (run golden-paths synth first).`,
    });
    fs.mkdirSync(missing);
    expect(await gp(tmp, 'report', '--synth', missing)).toMatchObject({ code: 2, err: expect.stringMatching(/^golden-paths report: \[report\] invalid --synth ".+": holds no manifest\.json/) });
  });
});

describe('golden-paths init reads the platform settings', () => {
  const init = (platform: string) => gp(tmp, 'init', 'payments-infra', '--team', 'payments', '--platform', platform, '--maintainers', 'alice');

  test('a platform.json that is not JSON: the reader\'s input error, exit 2', async () => {
    const file = path.join(tmp, 'platform.json');
    fs.writeFileSync(file, '{ "githubOrganization": ');
    const result = await init(file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`^golden-paths init: \\[${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] is not JSON: .+\\. Fix: write the settings as one JSON object, e\\.g\\. `));
    expect(result.err).not.toContain('internal error');
  });

  test('a defect while reading them is not passed off as the settings\' fault', async () => {
    readPlatformSettings.mockImplementationOnce(() => {
      throw new TypeError('settings.environments is not iterable');
    });
    const result = await init(EXAMPLE_PLATFORM);
    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'golden-paths init: internal error: settings.environments is not iterable. Set GOLDEN_PATHS_DEBUG=1 for the stack trace and report it to the platform team.',
    });
  });
});
