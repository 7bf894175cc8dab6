import { Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { EnvValue, FileOwnership, GoMicroservice, TeamEnvironment } from '../../src';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { platformFixture } from '../util';

/**
 * Free text a user gives reaches Terraform JSON as text. In Terraform's JSON
 * syntax every string is a template: `${` starts an interpolation and `%{` a
 * directive, so a description holding `${var.x}` would be evaluated (or fail
 * the plan) unless it is written `$${var.x}` ("Template Expressions",
 * https://developer.hashicorp.com/terraform/language/expressions/strings#string-templates;
 * test/private/terraform-literal.test.ts proves the escaping with the real Terraform).
 * Every free-text prop and value below carries both, and a user's quotes,
 * backslashes, backticks and GitHub Actions expressions; every string of the
 * synthesized JSON that holds them must read back as the text given.
 */

const HOSTILE = 'x ${var.INJECTED} %{ if INJECTED }y%{ endif } ${{ secrets.INJECTED }} "q" \\ `t`\nand a second line';

/** Every string of `json` with the path to it. */
function strings(json: unknown, at = ''): Array<[string, string]> {
  if (typeof json === 'string') return [[at, json]];
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([k, v]) => strings(v, `${at}.${k}`));
}

/** Where `INJECTED` reaches Terraform as an interpolation or a directive rather than as text. */
function unescaped(json: unknown): string[] {
  return strings(json)
    .filter(([, s]) => /(^|[^$])\$\{[^}]*INJECTED/.test(s) || /(^|[^%])%\{[^}]*INJECTED/.test(s))
    .map(([at, s]) => `${at}: ${s.slice(0, 100)}`);
}

describe('user text reaches Terraform as text', () => {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], description: `Team ${HOSTILE}` });
  const service = new GoMicroservice(team, 'api', {
    name: 'api',
    description: `Service ${HOSTILE}`,
    environments: { staging: { serviceLevels: { enabled: false, disabledReason: `Reason ${HOSTILE}` } } },
  });
  service.repository.addFile('docs/notes.md', `Notes ${HOSTILE}`, FileOwnership.TEAM);
  service.addEnv('GREETING', EnvValue.fromValue(`Hello ${HOSTILE}`));
  service.workload('dev').addSidecar({
    name: 'helper',
    image: 'ghcr.io/acme/helper:1.0.0',
    cpu: '50m',
    memory: '64Mi',
    args: [`--banner=${HOSTILE}`],
    env: { BANNER: `Banner ${HOSTILE}` },
    waitCommand: ['/helper', 'wait', `--until=${HOSTILE}`],
  });
  const json = JSON.parse(Testing.synth(stack));

  test('no free text is read as an interpolation or a directive', () => {
    expect(unescaped(json.resource)).toEqual([]);
  });

  test.each([
    ['the GitHub team\'s description', 'github_team', (r: any) => r.description, `Team ${HOSTILE}`],
    // GitHub shows a repository's description on one line: the library writes it so.
    ['the repository\'s description', 'github_repository', (r: any) => r.description, `Service ${HOSTILE}`.replace(/\s+/g, ' ')],
  ])('%s reads back as given', (_what, type, read, expected) => {
    expect(Object.values<any>(json.resource[type]).map((r) => fromTerraformLiteral(read(r)))).toContain(expected);
  });

  test('the service\'s environment value, the sidecar\'s argument, variable and wait command read back as given', () => {
    const deployment = Object.values<any>(json.resource.kubernetes_deployment_v1).find((d) => d.metadata.namespace === 'payments-dev');
    const containers: any[] = deployment.spec.template.spec.container;
    const env = containers.flatMap((c) => c.env ?? []).map((e: any) => [e.name, fromTerraformLiteral(e.value ?? '')]);
    expect(env).toEqual(expect.arrayContaining([['GREETING', `Hello ${HOSTILE}`], ['BANNER', `Banner ${HOSTILE}`]]));
    expect(containers.find((c) => c.name === 'helper').args.map(fromTerraformLiteral)).toEqual([`--banner=${HOSTILE}`]);
    expect(containers.find((c) => c.name === 'helper').lifecycle.post_start[0].exec.command.map(fromTerraformLiteral)).toEqual(['/helper', 'wait', `--until=${HOSTILE}`]);
  });

  test('the reason service levels are off in staging reads back as given, on the Deployment it annotates', () => {
    const deployment = Object.values<any>(json.resource.kubernetes_deployment_v1).find((d) => d.metadata.namespace === 'payments-staging');
    const reasons = Object.values<string>(deployment.metadata.annotations ?? {}).map(fromTerraformLiteral).filter((v) => v.startsWith('Reason '));
    expect(reasons).toEqual([`Reason ${HOSTILE}`]);
  });

  test('a file added to the repository is committed as given', () => {
    const file = Object.values<any>(json.resource.github_repository_file).find((f) => f.file === 'docs/notes.md');
    expect(fromTerraformLiteral(file.content)).toBe(`Notes ${HOSTILE}`);
  });

  test('the catalog entry committed to the repository says the description as given', () => {
    const catalog = Object.values<any>(json.resource.github_repository_file).find((f) => f.file === 'catalog-info.yaml');
    expect(parseAllDocuments(fromTerraformLiteral(catalog.content))[0].toJS().metadata.description).toBe(`Service ${HOSTILE}`);
  });
});
