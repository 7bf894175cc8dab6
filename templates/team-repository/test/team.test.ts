import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../team';

// Synthesizes the whole team: a guardrail error, a quota overrun or a bad
// declaration under services/ fails synth, and so this test.
test('the team synthesizes its stacks and the guardrails pass', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), '{{ team }}-'));
  try {
    buildApp(outdir).synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.keys(manifest.stacks);
    expect(stacks).toContain('{{ team }}');
    for (const stack of stacks.filter((s) => s !== '{{ team }}')) {
      expect(stack.startsWith('{{ team }}-')).toBe(true);
      // Promotion order: every environment stack is applied after the team stack.
      expect(manifest.stacks[stack].dependencies).toContain('{{ team }}');
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}, 120_000);
