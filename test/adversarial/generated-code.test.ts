import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_PLATFORM, gp } from '../cli/run-cli';

/**
 * What `golden-paths init` writes reads the user's values as data: a value
 * with quotes, backslashes or a comment's end stays inside its JSON string or
 * TypeScript string and never becomes a key or code.
 */

const HOSTILE = 'x", "evil": "1 \\ \' */ ${var.y} %{ if y }z%{ endif } `t`\nnext line';

test('--library with quotes and backslashes stays one dependency of package.json, as given', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-code-'));
  const result = await gp(parent, 'init', 'payments-infra', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice', '--library', HOSTILE);
  expect(result).toMatchObject({ code: 0, err: '' });
  const pkg = JSON.parse(fs.readFileSync(path.join(parent, 'payments-infra', 'package.json'), 'utf8'));
  expect(pkg.dependencies['cdktf-golden-paths']).toBe(HOSTILE);
  expect(pkg).not.toHaveProperty('evil');
  expect(Object.keys(pkg.dependencies)).not.toContain('evil');
  // team.ts names the maintainers and the platform file as TypeScript strings.
  const team = fs.readFileSync(path.join(parent, 'payments-infra', 'team.ts'), 'utf8');
  expect(team).toContain("maintainers: ['alice'],");
  expect(team).toContain("export const PLATFORM_FILE = path.join(__dirname, 'platform.json');");
});

test('the platform repository: --library stays one dependency, and no setting reaches its code', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-code-platform-'));
  const settings = (file: string, values: Record<string, unknown>) => {
    fs.writeFileSync(path.join(parent, file), JSON.stringify({ githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', ...values }));
    return path.join(parent, file);
  };
  const plain = await gp(parent, 'init', 'plain', '--platform-repository', '--settings', settings('plain.json', {}));
  expect(plain).toMatchObject({ code: 0, err: '' });
  // Values init does not judge (synth does): they stay in the settings file, which the code reads.
  const hostile = await gp(parent, 'init', 'hostile', '--platform-repository', '--library', HOSTILE,
    '--settings', settings('hostile.json', { gcpProject: HOSTILE, region: '\'); process.exit(1); (\'', network: '*/ throw 1; /*' }));
  expect(hostile).toMatchObject({ code: 0, err: '' });
  const pkg = JSON.parse(fs.readFileSync(path.join(parent, 'hostile', 'package.json'), 'utf8'));
  expect(pkg.dependencies['cdktf-golden-paths']).toBe(HOSTILE);
  expect(pkg).not.toHaveProperty('evil');
  for (const file of ['platform.ts', 'main.ts', 'test/platform.test.ts']) {
    expect({ file, text: fs.readFileSync(path.join(parent, 'hostile', file), 'utf8') }).toEqual({ file, text: fs.readFileSync(path.join(parent, 'plain', file), 'utf8') });
  }
  expect(JSON.parse(fs.readFileSync(path.join(parent, 'hostile', 'platform-settings.json'), 'utf8')).gcpProject).toBe(HOSTILE);
});
