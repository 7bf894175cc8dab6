import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Platform } from 'cdktf-golden-paths';
import { buildApp, TEAMS_DIRECTORY } from '../platform';

// Synthesizes the whole platform: a guardrail error, a bad setting or a bad
// team file under teams/ fails synth, and so this test.
test('the platform synthesizes the foundation and every team, environments in promotion order', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  try {
    const app = buildApp(outdir);
    app.synth();
    const platform = app.node.children.find((c) => Platform.isPlatform(c)) as Platform;
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const published = JSON.parse(fs.readFileSync(path.join(outdir, 'platform.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toContain('foundation');
    const files = fs.existsSync(TEAMS_DIRECTORY) ? fs.readdirSync(TEAMS_DIRECTORY).filter((f) => f.endsWith('.json')) : [];
    for (const file of files) {
      const team = JSON.parse(fs.readFileSync(path.join(TEAMS_DIRECTORY, file), 'utf8'));
      const onboarded = team.kind === 'onboarding';
      const prefix = onboarded ? `onboarding-${team.name}` : team.name;
      expect(manifest.stacks[prefix]).toBeDefined();
      // Team repositories are made for the teams platform.json lists.
      if (onboarded) expect(Object.keys(published.teams)).toContain(team.name);
      let previous = prefix;
      for (const environment of platform.environments) {
        const stack = `${prefix}-${environment.name}`;
        // Each environment after the team's stack and the environment before it.
        expect(manifest.stacks[stack].dependencies).toEqual(expect.arrayContaining([prefix, previous]));
        previous = stack;
      }
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}, 300_000);
