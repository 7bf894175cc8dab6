import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scopeViolations } from './scopes';
import { buildApp } from '../../examples/main';
import { ALL_PACKS, evaluate, type EngineConfig, formatFinding, ruleDispatch, activeRules } from '../../src/guardrails/engine';
import { MANIFEST_TYPE } from '../../src/guardrails/manifest';
import { ALL_RULES } from '../../src/guardrails/packs';
import { elementKeyAddress, elementLines } from '../../src/guardrails/report';
import { ElementKind, type TerraformElement } from '../../src/guardrails/rule';
import { HPA_TYPES, PDB_TYPES, QUOTA_TYPES } from '../../src/guardrails/rules/kubernetes/workloads';
import { KNOWN_RESOURCE_TYPES } from '../../src/guardrails/rules/terraform/known-types';
import { KUBERNETES_NAMESPACE_TYPES, StackView } from '../../src/guardrails/stack-view';
import { readAsTerraform } from '../../src/guardrails/terraform-json';
import { constantByTokens, isConstantExpression, isExpression } from '../../src/guardrails/values';

/**
 * The engine calls a built-in rule only on the elements of its declared scope
 * (`judges`, told from an element's kind and type): these tests hold every
 * built-in rule to its scope on the example platform, on its elements read as
 * every other kind, and on elements of every type a rule or the library names
 * (the rules' own fixtures hold them to it too: see `verdict` in util.ts and
 * the adversarial evasions). A rule that judges an element outside its scope
 * fails here, rather than leaving that element unjudged.
 */
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-shortcuts-'));
// With fast synth: the same bytes (test/private/fast-synth.test.ts holds it to that) for less CPU.
buildApp(outdir, { fastSynth: true }).synth();
const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'acme-platform', 'cdk.tf.json'), 'utf8'));
const PRODUCTION = ['prod', 'production'];
const view = StackView.fromConfig(readAsTerraform([{ json: config }]), { productionEnvironments: PRODUCTION });
const KINDS = Object.values(ElementKind);

/** Every type a rule names or the library makes, and names that are not types at all. */
const TYPES = [...new Set([
  ...view.elements.map((e) => e.elementType),
  ...KNOWN_RESOURCE_TYPES,
  'kubernetes_deployment', 'kubernetes_stateful_set_v1', 'kubernetes_stateful_set', 'kubernetes_daemon_set_v1', 'kubernetes_daemonset',
  'kubernetes_replication_controller_v1', 'kubernetes_job_v1', 'kubernetes_cron_job_v1', 'kubernetes_cron_job', 'kubernetes_pod_v1', 'kubernetes_pod',
  ...HPA_TYPES, ...PDB_TYPES, ...QUOTA_TYPES, ...KUBERNETES_NAMESPACE_TYPES, MANIFEST_TYPE, 'kubernetes_labels',
  'kubernetes_role_binding_v1', 'kubernetes_role_binding', 'kubernetes_cluster_role_binding_v1', 'kubernetes_cluster_role_binding',
  'kubernetes_secret_v1', 'kubernetes_secret', 'kubernetes_secret_v1_data', 'kubernetes_node_taint',
  'google_sql_database_instance', 'google_redis_instance', 'google_service_account_key', 'google_iam_workload_identity_pool_provider',
  'google_project_iam_member', 'google_folder_iam_binding', 'google_organization_iam_policy', 'google_secret_manager_secret_iam_member',
  'google_service_account_iam_binding', 'google_iam_policy', 'google_monitoring_alert_policy', 'google_storage_bucket_acl',
  'github_repository', 'github_repository_ruleset', 'github_repository_environment', 'github_branch_protection',
  'external', 'helm_release', 'kubectl_manifest', 'random_password', 'google_cloud_run_v2_service',
  'module', 'variable', 'output', 'locals', 'default', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '',
])];

/** An element of a kind and type, with a configuration. */
const element = (kind: ElementKind, elementType: string, c: unknown, name = 'x'): TerraformElement =>
  ({ kind, elementType, name, address: `${kind}.${elementType}.${name}`, config: c, constructPath: 'acme-platform/prod/x' });

describe('rule scopes', () => {
  test('every built-in rule but GP-SEC-001 (which reads every value of every element) declares the elements it judges', () => {
    expect(ALL_RULES.filter((r) => r.judges === undefined).map((r) => r.id)).toEqual(['GP-SEC-001']);
  });

  test('no built-in rule judges an element of the example platform outside its scope, nor one read as another kind', () => {
    expect(view.elements.length).toBeGreaterThan(200);
    const relabelled = view.elements.flatMap((e) => KINDS.map((kind) => ({ ...e, kind })));
    expect(scopeViolations(view, relabelled)).toEqual([]);
  });

  test('no built-in rule judges an element of any type and kind outside its scope, empty or configured like the example\'s', () => {
    const configOf = new Map<string, unknown>();
    for (const e of view.elements) if (!configOf.has(e.elementType)) configOf.set(e.elementType, e.config);
    const elements = TYPES.flatMap((type) => KINDS.flatMap((kind) => [
      element(kind, type, {}), element(kind, type, null, 'y'), ...(configOf.has(type) ? [element(kind, type, configOf.get(type), 'z')] : []),
    ]));
    expect(scopeViolations(view, elements)).toEqual([]);
  });

  test('the engine finds what it found calling every rule on every element', () => {
    // Every environment production, and every element's configuration emptied too: findings of most rules.
    const hollow = structuredClone(config);
    for (const byName of Object.values<any>(hollow.resource)) {
      for (const name of Object.keys(byName)) byName[`${name}_hollow`] = { '//': byName[name]['//'] };
    }
    const engineConfig: EngineConfig = { packs: [...ALL_PACKS], disabledRules: [], ruleLevels: {}, productionEnvironments: ['dev', 'staging', 'prod'] };
    // The same rules as custom rules, without their scopes: called on every element.
    const unscoped: EngineConfig = { ...engineConfig, packs: [], customRules: ALL_RULES.map(({ judges: _judges, ...rule }) => rule) };
    const now = new Date('2026-12-07T12:00:00Z');
    const scoped = evaluate(hollow, engineConfig, [], { now });
    const everywhere = evaluate(hollow, unscoped, [], { now });
    expect(new Set(scoped.findings.map((f) => f.rule.id)).size).toBeGreaterThan(20);
    expect(scoped.findings.map(formatFinding)).toEqual(everywhere.findings.map(formatFinding));
    expect(scoped.suppressed.map(formatFinding)).toEqual(everywhere.suppressed.map(formatFinding));
    expect(scoped.elementCount).toBe(everywhere.elementCount);
  });

  test('the dispatch keeps the rules\' order and calls a rule without a scope on every element', () => {
    const rules = activeRules({
      packs: [...ALL_PACKS],
      disabledRules: [],
      ruleLevels: {},
      productionEnvironments: PRODUCTION,
      customRules: [
        { id: 'ACME-001', pack: 'acme', name: 'everything', level: ALL_RULES[0].level, message: 'm', fix: 'f', check: () => 'NOT_APPLICABLE' as any },
      ],
    });
    const rulesFor = ruleDispatch(rules);
    const deployment = view.elements.find((e) => e.elementType === 'kubernetes_deployment_v1')!;
    const ids = rulesFor(deployment).map((r) => r.rule.id);
    expect(ids).toEqual(rules.map((r) => r.rule.id).filter((id) => ids.includes(id)));
    expect(ids).toEqual(expect.arrayContaining(['GP-K8S-001', 'GP-K8S-019', 'GP-SEC-001', 'ACME-001']));
    expect(ids).not.toContain('GP-GH-001');
    expect(rulesFor(element(ElementKind.LOCALS, 'locals', {})).map((r) => r.rule.id)).toEqual(['GP-SEC-001', 'ACME-001']);
  });
});

/** Every string of a configuration. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) strings(v, found);
  return found;
}

/** elementLines as it read every line (the reference for the one that passes over deeper lines). */
function everyLine(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const keys: string[] = [];
  text.split('\n').forEach((line, i) => {
    const address = elementKeyAddress(line, keys);
    if (address !== undefined && !lines.has(address)) lines.set(address, i + 1);
  });
  return lines;
}

describe('the engine\'s short cuts read as the general reading does', () => {
  test('a string whose interpolations are all references is no constant expression, as its tokens tell', () => {
    const crafted = [
      '${google_service_account.api.email}', 'serviceAccount:${google_service_account.api.email}', '${var.names[0]}', '${a}', '${a}}', '{a:${x.y}}',
      '${a.b', '${true}', '${null}', '${for.x}', '${each.value}', '${count.index}-${self.x}', '${sensitive("x")}', '${tostring(1234)}', '$${a.b}',
      'x-${a.0.1}', '${a-b.c_d}', '${a.-b}', '${a::b}', '${file.x}', '${ a.b }', '${a.b} ${"c"}', '%{if a}x%{endif}', '${provider::p::f(1)}',
      '${jsonencode({ password = "x" })}', 'pre${1}', '${a.b}${2}', '${if.x}',
    ];
    const all = [...new Set([...crafted, ...strings(config)])].filter(isExpression);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((s) => isConstantExpression(s) !== constantByTokens(s))).toEqual([]);
    // And 20,000 strings drawn from the characters that matter (a fixed seed: the same strings every run).
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['${', '$', '{', '}', '"', '%{', '.', '[', ']', '0', '1', 'a', 'b', 'true', 'for', '_', '-', ' ', '(', ')', '=', ':', 'x.y', '\\'];
    const random = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(next() * 10) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    expect(random.filter(isExpression).filter((s) => isConstantExpression(s) !== constantByTokens(s))).toEqual([]);
    expect(isConstantExpression('${sensitive("hunter2")}')).toBe(true);
    expect(isConstantExpression('${google_service_account.api.email}')).toBe(false);
  });

  test('one configuration in cdktf\'s form reads as the general reading reads it, block for block and in the same order', () => {
    const forms: unknown[] = [
      config,
      JSON.parse('{"terraform": {"a": 1}, "__proto__": {"x": 1}, "resource": {"t": {"__proto__": {"a": 1}, "n": null}}, "module": {"m": {"source": "./m"}}}'),
      { resource: {}, data: { d: { n: { a: 1 } } }, provider: { google: [{ project: 'p' }, { alias: 'b' }], github: {}, empty: [] } },
      { variable: { v: { default: 'x' } }, output: { o: { value: '${var.v}' } }, locals: { '//': { x: 1 }, 'a': 1, 'b': [1] } },
      { locals: { '//': {} }, variable: {}, output: {} },
      { resource: { t: {} } }, { resource: { t: { n: [{ a: 1 }] } } }, { resource: [{ t: { n: { a: 1 } } }] }, { resource: { t: null } },
      { variable: { v: [{ default: 1 }] } }, { provider: [{ google: {} }] }, { locals: [{ a: 1 }] }, { data: { t: 'x' } },
    ];
    for (const json of forms) {
      const one = readAsTerraform([{ json }]);
      // A second, empty file adds nothing, and takes the general reading.
      const general = readAsTerraform([{ json }, { json: {} }]);
      expect(one).toEqual(general);
      expect(JSON.stringify(one)).toBe(JSON.stringify(general));
      expect(Object.keys(one)).toEqual(Object.keys(general));
    }
  });

  test('the lines of elements are those a reading of every line finds', () => {
    const text = fs.readFileSync(path.join(outdir, 'stacks', 'acme-platform', 'cdk.tf.json'), 'utf8');
    const crafted = [
      '', '\n', '{\n  "resource": {\n    "t": {\n      "n": {\n        "x": {\n          "y": 1\n        }\n      },\n      "m": {}\n    }\n  }\n}\n',
      '{\n  "data": {\n    "t": {\n         "odd": {\n      "n": {\n  "locals": {\n  "provider": {\n    "google": [\n  "variable": {\n    "v": {\n  "output": {\n    "o": {\n',
      '{\n  "resource": {\n    "a\\"b": {\n            "deep": {\n      "n\\u0041": {\n',
      // Keys with a space as their line's seventh character, at depth 1 and 2: not deep lines.
      '{\n  "provider": {\n    "google": [\n  "abc d": {\n    "x": {\n  "variable": {\n    "a b": {\n    "v c": {\n',
    ];
    // Characters of several bytes, and bytes that are no UTF-8, on the lines read and next to them.
    const bytes = [
      Buffer.from('{\n  "resource": {\n    "t\u00e9": {\n      "n\u{1F600}\u4e2d": {\n       \u00e9\n      "m": {\n', 'utf8'),
      Buffer.concat([Buffer.from('{\n  "resource": {\n    "t": {\n      "n'), Buffer.from([0xe2, 0x82]), Buffer.from('": {\n      "o'),
        Buffer.from([0xe2]), Buffer.from('\n      "p": {\n'), Buffer.from([0xff, 0xfe, 0x0a])]),
    ];
    for (const t of [text, JSON.stringify(config, null, 2), ...crafted]) {
      expect(elementLines(t)).toEqual(everyLine(t));
      expect(elementLines(Buffer.from(t, 'utf8'))).toEqual(everyLine(t));
    }
    for (const b of bytes) expect(elementLines(b)).toEqual(everyLine(b.toString('utf8')));
    expect(elementLines(text).size).toBeGreaterThan(200);
  });
});
