import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { onPath } from '../../src/cli/process';
import { fromTerraformLiteral, terraformLiteral } from '../../src/private/terraform-literal';

/**
 * Files committed to repositories are text Terraform must take as it is: a
 * workflow's `${{ vars.X }}`, a shell's `${VAR}`, a `%{`. In Terraform's JSON
 * syntax every string is a template (`${` interpolates, `%{` is a directive),
 * so unescaped they fail the plan ("Missing key/value separator") or are
 * evaluated. Terraform reads `$${` and `%%{` as the literal `${` and `%{`.
 */

describe('terraformLiteral', () => {
  test('escapes interpolations and directives, and reads back to the text', () => {
    const text = 'run: echo "${{ vars.GCP_PLAN }}" ${HOME} %{ if x } 100% {x} $ {y}';
    expect(terraformLiteral(text)).toBe('run: echo "$${{ vars.GCP_PLAN }}" $${HOME} %%{ if x } 100% {x} $ {y}');
    expect(fromTerraformLiteral(terraformLiteral(text))).toBe(text);
  });

  test('leaves cdktf\'s token references as they are, so that they still resolve', () => {
    expect(terraformLiteral('name: ${TfToken[TOKEN.12]} and ${{ secrets.X }}')).toBe('name: ${TfToken[TOKEN.12]} and $${{ secrets.X }}');
  });

  test('gives what one global replace per pattern around the tokens gives, with or without anything to escape', () => {
    // The reference: every `${` and `%{` outside a token reference doubled by a regular expression.
    const reference = (text: string) => text.split(/(\$\{TfToken\[[^\]]+\]\})/).map((part, i) => (i % 2 === 1 ? part
      : part.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{'))).join('');
    const texts = [
      '', 'plain text, no braces', '{ "a": 1 }', '$ {x} % {y}', '${', '%{', '${${', '%{%{', '$%{', '%${', '$${ already', '%%{ already',
      '${TfToken[TOKEN.1]}', '${TfToken[TOKEN.1]}${TfToken[TOKEN.2]}', '${TfToken[unclosed', '${TfToken[]} is no token',
      'a ${TfToken[TOKEN.3]} b ${HOME} c %{ if x } d ${TfToken[TOKEN.4]}', 'go.sum h1:abc= ${{ vars.X }}\n%{ endif }\n',
    ];
    for (const text of texts) expect({ text, literal: terraformLiteral(text) }).toEqual({ text, literal: reference(text) });
  });
});

describe('every file the examples commit is literal to Terraform', () => {
  const outdirs = [buildPlatformApp, buildPaymentsApp].map((build) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'literal-'));
    build(outdir).synth();
    return outdir;
  });
  const files: Array<{ where: string; content: string }> = outdirs.flatMap((outdir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    return Object.values<any>(manifest.stacks).flatMap((stack) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'));
      return Object.entries<any>(json.resource?.github_repository_file ?? {}).map(([address, f]) => ({ where: `${stack.name}: ${address} (${f.file})`, content: f.content }));
    });
  });

  test('no file holds an unescaped ${ or %{ (the workflows hold GitHub expressions)', () => {
    expect(files.length).toBeGreaterThan(30);
    // The workflows of both repository kinds are among them, with their ${{ }} expressions.
    expect(files.filter((f) => /\.github\/workflows\/(ci|infrastructure)\.yml\)$/.test(f.where) && f.content.includes('$${{ vars.')).length).toBeGreaterThan(1);
    const unescaped = files.filter((f) => /(^|[^$])\$\{|(^|[^%])%\{/.test(f.content)).map((f) => f.where);
    expect(unescaped).toEqual([]);
  });

  // Terraform itself reads the texts: a configuration of outputs, one per file, applied without any provider.
  const terraform = onPath('terraform');
  (terraform ? test : test.skip)('Terraform reads every file back as its text (needs terraform on the PATH: install Terraform 1.11+)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'literal-tf-'));
    const output = Object.fromEntries(files.map((f, i) => [`f${i}`, { value: f.content }]));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ output }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const tf = (...args: string[]) => execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    tf('init', '-input=false', '-no-color');
    tf('apply', '-auto-approve', '-input=false', '-no-color');
    const read = JSON.parse(tf('output', '-json'));
    files.forEach((f, i) => expect({ where: f.where, text: read[`f${i}`].value }).toEqual({ where: f.where, text: fromTerraformLiteral(f.content) }));
  }, 120_000);
});
