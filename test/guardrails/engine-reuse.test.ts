import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../examples/main';
import { activeRules, ALL_PACKS, type EngineConfig, engineRules, evaluate, type SuppressionRecord } from '../../src/guardrails/engine';
import { ALL_RULES } from '../../src/guardrails/packs';
import { jsonReport, reportSignature, reportText, sarifLog } from '../../src/guardrails/report';
import { frame, reused } from '../../src/guardrails/report-text';
import { ElementKind, GuardrailLevel, judge, type RuleOutcome, type TerraformElement } from '../../src/guardrails/rule';
import { iamPublicPrincipal } from '../../src/guardrails/rules/google/iam-public-principal';
import { how, isLiteralValue, isSecretName, judgeName, noLiteralSecrets } from '../../src/guardrails/rules/secrets/no-literal-secrets';
import { StackView } from '../../src/guardrails/stack-view';
import { readAsTerraform } from '../../src/guardrails/terraform-json';
import { constantExpressionPairs, constantPairs, isConstantExpression, isExpression, literal } from '../../src/guardrails/values';

/**
 * What the engine works out once and reuses across the stacks of a synthesis
 * (the active rules and their dispatch, the text of the rules every report
 * repeats) and the short cuts of GP-SEC-001's walk over every value: each is
 * held here to what the general reading gives, on the example platform and
 * on crafted cases.
 */
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-reuse-'));
// With fast synth: the same bytes (test/private/fast-synth.test.ts holds it to that) for less CPU.
buildApp(outdir, { fastSynth: true }).synth();
const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'acme-platform', 'cdk.tf.json'), 'utf8'));
const view = StackView.fromConfig(readAsTerraform([{ json: config }]), { productionEnvironments: ['prod', 'production'] });
const now = new Date('2026-12-07T12:00:00Z');

/** A configuration of the example platform's resources, every one of them also emptied: findings of most rules. */
function hollow(): any {
  const copy = structuredClone(config);
  for (const byName of Object.values<any>(copy.resource)) {
    for (const name of Object.keys(byName)) byName[`${name}_hollow`] = { '//': byName[name]['//'] };
  }
  return copy;
}

const engineConfig = (overrides: Partial<EngineConfig> = {}): EngineConfig =>
  ({ packs: [...ALL_PACKS], disabledRules: [], ruleLevels: {}, productionEnvironments: ['dev', 'staging', 'prod'], ...overrides });

/** A fixed-seed generator (Park and Miller's, exact in doubles): the same cases every run. */
function random(seed: number): () => number {
  return () => (seed = (seed * 16807) % 2147483647) / 2147483647;
}

describe('the active rules and their dispatch are worked out once per configuration', () => {
  test('stacks judged with equal configurations share their rules, which are those the configuration makes', () => {
    const a = evaluate(hollow(), engineConfig(), [], { now, stackName: 'a' });
    const b = evaluate(config, engineConfig(), [], { now, stackName: 'b' });
    expect(b.rules).toBe(a.rules);
    expect(a.rules).toEqual(activeRules(engineConfig()));
    expect(engineRules(engineConfig()).rulesFor).toBe(engineRules(engineConfig({ productionEnvironments: ['prod'] })).rulesFor);
  });

  test('another configuration makes its own rules, and going back makes the first ones again', () => {
    const custom = { id: 'ACME-001', pack: 'acme', name: 'everything', level: GuardrailLevel.WARNING, message: 'm', fix: 'f', check: () => 'COMPLIANT' as any };
    const configs: EngineConfig[] = [
      engineConfig(),
      engineConfig({ disabledRules: ['GP-SEC-001'] }),
      engineConfig({ ruleLevels: { 'GP-K8S-001': GuardrailLevel.ERROR } }),
      engineConfig({ ruleLevels: { 'GP-K8S-002': GuardrailLevel.ERROR } }),
      engineConfig({ packs: [ALL_PACKS[1], ALL_PACKS[0]] }),
      engineConfig({ packs: [ALL_PACKS[0]] }),
      engineConfig({ customRules: [custom] }),
      engineConfig({ customRules: [{ ...custom }] }),
      engineConfig(),
    ];
    for (const c of configs) {
      const { rules, rulesFor } = engineRules(c);
      expect(rules).toEqual(activeRules(c));
      const deployment = view.elements.find((e) => e.elementType === 'kubernetes_deployment_v1')!;
      expect(rulesFor(deployment).map((r) => `${r.rule.id} ${r.level}`))
        .toEqual(rules.filter(({ rule }) => rule.judges === undefined || rule.judges(deployment.kind, deployment.elementType)).map((r) => `${r.rule.id} ${r.level}`));
    }
  });

  test('a configuration whose lists are changed after it judged a stack is judged with what it holds now', () => {
    const c = engineConfig({ disabledRules: [], ruleLevels: {} });
    expect(engineRules(c).rules.map((r) => r.rule.id)).toContain('GP-SEC-001');
    (c.disabledRules as string[]).push('GP-SEC-001');
    expect(engineRules(c).rules.map((r) => r.rule.id)).not.toContain('GP-SEC-001');
    (c.ruleLevels as Record<string, GuardrailLevel>)['GP-K8S-001'] = GuardrailLevel.ERROR;
    expect(engineRules(c).rules.find((r) => r.rule.id === 'GP-K8S-001')!.level).toBe(GuardrailLevel.ERROR);
    (c.packs as string[]).splice(0, c.packs.length);
    expect(engineRules(c).rules).toEqual([]);
  });
});

describe('reports written with the rules\' text written once are those JSON.stringify writes', () => {
  const suppressions: SuppressionRecord[] = [
    { ruleId: 'GP-K8S-001', reason: 'The batch job sizes itself from the queue length at start.', scope: '' },
    { ruleId: 'GP-K8S-002', reason: 'An old exception kept to show an expired suppression.', scope: '', expires: '2026-01-01', expiresAt: new Date('2026-01-01') },
  ];
  const evaluations = [
    evaluate(hollow(), engineConfig(), suppressions, { now, stackName: 'hollow' }),
    evaluate(config, engineConfig(), [], { now, stackName: 'example' }),
    evaluate(config, engineConfig({ disabledRules: ['GP-SEC-001'], ruleLevels: { 'GP-K8S-001': GuardrailLevel.ERROR } }), [], { now, stackName: 'other' }),
    evaluate({}, engineConfig(), [], { now, stackName: 'empty' }),
  ];

  test('the JSON report of every stack, signed or not, twice in a row', () => {
    expect(evaluations[0].findings.length + evaluations[0].suppressed.length).toBeGreaterThan(100);
    for (const e of [...evaluations, ...evaluations]) {
      const report = jsonReport(e, { validationSkipped: false });
      expect(reportText(report)).toBe(JSON.stringify(report, null, 2));
      report.signature = reportSignature('key', report, 'text');
      expect(reportText(report)).toBe(JSON.stringify(report, null, 2));
      expect(reportText(jsonReport(e))).toBe(JSON.stringify(jsonReport(e), null, 2));
    }
    // The stacks of one configuration share one rules section.
    expect(jsonReport(evaluations[0]).rules).toBe(jsonReport(evaluations[1]).rules);
  });

  test('the SARIF log of one stack and of several, with lines and without', () => {
    const lines = new Map(evaluations[0].findings.map((f, i) => [f.element.address, i + 3]));
    const inputs = evaluations.map((evaluation) => ({ evaluation, artifactUri: `stacks/${evaluation.stackName}/cdk.tf.json`, lines }));
    for (const given of [...inputs.map((i) => [i]), inputs, inputs.slice(0, 2), [inputs[2], inputs[0]], [], [inputs[0]]]) {
      const log = sarifLog(given);
      expect(reportText(log)).toBe(JSON.stringify(log, null, 2));
    }
  });

  test('any value, with frames and reused values anywhere in it', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const leaves = ['', 'a\nb', 'é\u2028"\\', 0, -1.5, 1e21, null, true, false, undefined, () => 1, [], {}, new Date(0), { toJSON: () => 'j' }];
    const shared = [reused({ a: [1, { b: 'x\ny' }] }), reused([]), reused(['x', { y: [] }])];
    const make = (depth: number): unknown => {
      if (depth > 4 || next() < 0.3) return next() < 0.2 ? pick(shared) : pick(leaves);
      const mark = next() < 0.6 ? frame : <T>(v: T) => v;
      if (next() < 0.5) return mark(Array.from({ length: Math.floor(next() * 4) }, () => make(depth + 1)));
      return mark(Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [pick(['k', 'é', '"q"', '', `k${i}`]) + i, make(depth + 1)])));
    };
    for (let i = 0; i < 2_000; i++) {
      const value = frame({ top: make(0), again: make(0) });
      expect(reportText(value)).toBe(JSON.stringify(value, null, 2));
    }
    // A string that is a marker's text, a key __proto__, a reused value alone.
    const crafted = [
      frame({ a: shared[0], b: '\u00010\u0001', c: shared[2] }), frame(['\u00011\u0001', shared[0], shared[0]]), shared[0],
      frame(JSON.parse('{"__proto__": {"x": 1}, "r": []}')), frame({ p: frame(JSON.parse('{"__proto__": 1}')), r: shared[1] }),
    ];
    crafted[3].r = shared[2];
    for (const value of crafted) expect(reportText(value)).toBe(JSON.stringify(value, null, 2));
  });
});

/** GP-SEC-001 as it was written before its short cuts: the reference its walk is held to. */
function referenceNoLiteralSecrets(e: TerraformElement): RuleOutcome {
  interface Where { readonly up?: Where; readonly key?: string; readonly index?: number; readonly json?: boolean }
  const pathOf = (where: Where | undefined): string => {
    if (where === undefined) return '';
    const before = pathOf(where.up);
    if (where.key !== undefined) return before ? `${before}.${where.key}` : where.key;
    return `${before}${where.json ? '<json>' : `[${where.index}]`}`;
  };
  const jsonDocument = (value: string): unknown => {
    const text = value.trim();
    if (!(text.startsWith('{') && text.endsWith('}')) && !(text.startsWith('[') && text.endsWith(']'))) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const skipped = new Set(['//', 'depends_on', 'lifecycle']);
  const walk = (value: unknown, where: Where | undefined, found: string[], depth = 0): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], { up: where, index: i }, found, depth);
      return;
    }
    if (typeof value === 'string') {
      const expression = isExpression(value);
      const document = depth < 4 && !expression ? jsonDocument(value) : undefined;
      if (document !== undefined) {
        walk(document, { up: where, json: true }, found, depth + 1);
      } else if (expression && isConstantExpression(value)) {
        for (const pair of constantPairs(value)) {
          if (pair.literal && judgeName(pair.key)) found.push(`${pathOf(where)} holds ${pair.key} as a literal inside a function call`);
        }
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    const label = literal(obj.name) ?? literal(obj.variable_name) ?? literal(obj.key);
    if (label !== undefined && judgeName(label) && isLiteralValue(obj.value)) {
      const p = pathOf(where);
      found.push(`${p ? `${p}.` : ''}value (${label}) is ${how(obj.value)}`);
    }
    for (const key of Object.keys(obj)) {
      if (skipped.has(key)) continue;
      const v = obj[key];
      const at: Where = { up: where, key };
      if (judgeName(key) && isLiteralValue(v)) found.push(`${pathOf(at)} is ${how(v)}`);
      else walk(v, at, found, depth);
    }
  };
  const found: string[] = [];
  if ((e.kind === ElementKind.VARIABLE || e.kind === ElementKind.OUTPUT) && judgeName(e.name)) {
    const attribute = e.kind === ElementKind.VARIABLE ? 'default' : 'value';
    if (isLiteralValue(e.config?.[attribute])) found.push(`${attribute} of ${e.address} is ${how(e.config[attribute])}`);
  }
  walk(e.config, undefined, found);
  return judge(found);
}

/** Every key and string of a value. */
function names(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    found.push(value);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      found.push(k);
      names(v, found);
    }
  }
  return found;
}

describe('GP-SEC-001\'s walk finds what its reference reading finds', () => {
  test('a name is told secret as its words tell it, whatever its characters', () => {
    const crafted = [
      'password', 'db_password', 'dbPassword', 'DB_PASSWORD', 'passwd', 'PWD', 'passphrase', 'client_secret', 'clientSecret', 'api_key', 'apiKey', 'APIKEY',
      'privateKey', 'secret_key', 'accessKey', 'connection_string', 'connectionString', 'credentials', 'tokenValue', 'secret_data', 'password_wo',
      'plaintext', 'x_plaintext_y', 'key', 'string', 'monkey', 'keystone', 'stringent', 'tokenizer', 'secretary', 'name', '', '_', '--',
      // The Kelvin sign and the dotted capital I lower-case to ASCII; the long s and ß do not.
      'api\u212Aey', 'API\u212AEY', 'pr\u0130vate_key', 'pa\u017F\u017Fword', 'pa\u00DFword', 'Pass\u0130word', '\u212A', 'SECRET\u212A',
    ];
    const next = random(11);
    const parts = ['pass', 'word', 'Key', 'KEY', 'key', 'K', '\u212A', '_', '-', ' ', 'api', 'Api', 'token', 'Secret', 'plain', 'text', 'string',
      'connection', 'value', 'data', 'wo', 'private', 'client', 'p', 'w', 'd', '\u0130', '\u017F', 'cred', 'ential', 's', 'x', '0', 'A'];
    const generated = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => parts[Math.floor(next() * parts.length)]).join(''));
    const all = [...new Set([...crafted, ...names(config), ...generated])];
    expect(all.filter((n) => judgeName(n)).length).toBeGreaterThan(500);
    // Twice: the second time from what isSecretName remembered.
    for (let i = 0; i < 2; i++) expect(all.filter((n) => isSecretName(n) !== judgeName(n))).toEqual([]);
  });

  test('a constant expression\'s pairs are read from one reading of its tokens', () => {
    const next = random(5);
    const alphabet = ['${', '$', '{', '}', '"', '%{', '.', '=', ':', ',', 'password', 'a', 'x.y', '1', ' ', '(', ')', 'jsonencode', 'sensitive', '\\'];
    const generated = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    const all = [...new Set([...names(config), ...generated, '${jsonencode({ db_password = "x", "token": 1 })}', '${sensitive("x")}', 7, null, undefined])];
    const read = (v: unknown) => JSON.stringify(constantExpressionPairs(v)) ?? 'none';
    const reference = (v: unknown) => JSON.stringify(isConstantExpression(v) ? constantPairs(v as string) : undefined) ?? 'none';
    expect(all.filter((v) => read(v) !== reference(v))).toEqual([]);
    expect(all.filter((v) => constantExpressionPairs(v)?.some((p) => p.literal)).length).toBeGreaterThan(3);
  });

  test('on every element of the example platform, and on crafted elements', () => {
    const crafted: unknown[] = [
      { password: 'hunter2', nested: { api_key: 12 }, list: [[{ client_secret: '${sensitive("x")}' }]] },
      { env: [{ name: 'DB_PASSWORD', value: 'x' }, { name: 'USER', value: 'x' }, { variable_name: 'apiToken', value: ['a', 1] }, { key: 'secret', value: '${var.s}' }] },
      { data: '{"password": "x"}', padded: '  [{"token": "y"}]  ', tab: '\t{"secret": 1}', nbsp: '\u00a0{"password": "x"}\u00a0', bad: '{"password": ', brackets: '[1}' },
      { doc: JSON.stringify({ inner: JSON.stringify({ deeper: JSON.stringify({ deepest: JSON.stringify({ password: 'x' }) }) }) }) },
      { doc: JSON.stringify({ a: JSON.stringify({ b: JSON.stringify({ password: 'x' }) }) }) },
      { policy: '${jsonencode({ db_password = "x", user = "y", "token": 2 })}', ref: '${var.password}', mixed: 'a-${jsonencode({ secret = "x" })}' },
      { '//': { password: 'x' }, 'depends_on': ['x'], 'lifecycle': { token: 'x' }, '': { password: 'x' }, 'api\u212Aey': 'x', 'pass\u017Fword': 'x' },
      ['x', { password: 'y' }], 'just a string', 12, null, { password: '' }, { password: '   ' }, { token: [] }, { token: [1, '${var.x}'] },
    ];
    const elements: TerraformElement[] = [
      ...view.elements,
      ...crafted.map((c, i) => ({ kind: ElementKind.RESOURCE, elementType: 'x_type', name: `n${i}`, address: `x_type.n${i}`, config: c })),
      { kind: ElementKind.VARIABLE, elementType: 'variable', name: 'db_password', address: 'var.db_password', config: { default: 'x' } },
      { kind: ElementKind.OUTPUT, elementType: 'output', name: 'apiToken', address: 'output.apiToken', config: { value: '${base64decode("eA==")}' } },
    ];
    // And elements made at random of keys and values that matter.
    const next = random(3);
    const keys = ['password', 'name', 'value', 'key', 'variable_name', 'data', 'env', 'items', 'apiKey', '//', 'lifecycle', 'x'];
    const values = ['x', '', '${var.x}', '${sensitive("x")}', '{"password": "x"}', '[{"name": "TOKEN", "value": "v"}]', 'DB_PASSWORD', 3, null, true];
    const make = (depth: number): unknown => {
      if (depth > 3 || next() < 0.3) return values[Math.floor(next() * values.length)];
      if (next() < 0.3) return Array.from({ length: Math.floor(next() * 3) }, () => make(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [keys[Math.floor(next() * keys.length)], make(depth + 1)]));
    };
    for (let i = 0; i < 3_000; i++) elements.push({ kind: ElementKind.RESOURCE, elementType: 'x_type', name: `r${i}`, address: `x_type.r${i}`, config: make(0) });
    const differ = elements.filter((e) => JSON.stringify(noLiteralSecrets(e)) !== JSON.stringify(referenceNoLiteralSecrets(e)));
    expect(differ.map((e) => e.address)).toEqual([]);
    expect(elements.filter((e) => typeof noLiteralSecrets(e) !== 'string').length).toBeGreaterThan(500);
    expect(ALL_RULES.find((r) => r.id === 'GP-SEC-001')!.check).toBe(noLiteralSecrets);
  });
});

/** GP-GCP-012's scan as it was written before it kept its path as steps: the reference it is held to. */
function referenceIamPublicPrincipal(e: TerraformElement, stack: StackView): RuleOutcome {
  const publicMember = /(^|:)(allUsers|allAuthenticatedUsers)$/;
  const publicAcls = new Set(['publicRead', 'publicReadWrite', 'authenticatedRead']);
  const skipped = new Set(['//', 'depends_on', 'lifecycle', 'provider']);
  const scan = (value: unknown, at: string, found: string[], depth: number): void => {
    if (depth > 40) return;
    if (typeof value === 'string') {
      const resolved = isExpression(value) ? stack.resolve(value) : value;
      if (resolved !== value) {
        scan(resolved, at, found, depth + 1);
        return;
      }
      const text = value.trim();
      if (publicMember.test(text)) {
        found.push(`${at} grants to ${JSON.stringify(text)}, ${text.endsWith('allUsers') ? 'anyone on the internet' : 'anyone with a Google account'}`);
      } else if ((text.startsWith('{') || text.startsWith('[')) && /allUsers|allAuthenticatedUsers/.test(text)) {
        try {
          scan(JSON.parse(text), `${at}<json>`, found, depth + 1);
        } catch { /* not JSON */ }
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => scan(v, `${at}[${i}]`, found, depth + 1));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (skipped.has(key)) continue;
      const next = at ? `${at}.${key}` : key;
      if (key === 'predefined_acl' && publicAcls.has(literal(stack.resolve(v)) ?? '')) found.push(`${next} is ${JSON.stringify(stack.resolve(v))}, which opens it to everyone`);
      else scan(v, next, found, depth + 1);
    }
  };
  const applies = (e.kind === ElementKind.RESOURCE && e.elementType.startsWith('google_')) || (e.kind === ElementKind.DATA && e.elementType === 'google_iam_policy');
  if (!applies) return 'NOT_APPLICABLE' as RuleOutcome;
  const found: string[] = [];
  scan(e.config, '', found, 0);
  return judge(found);
}

describe('GP-GCP-012\'s scan finds what its reference reading finds', () => {
  test('on every element of the example platform, and on crafted and random elements', () => {
    const crafted: unknown[] = [
      { member: 'allUsers', members: [' allAuthenticatedUsers ', 'user:a@b.c', 'READER:allUsers'], role: 'roles/viewer' },
      { policy_data: JSON.stringify({ bindings: [{ role: 'r', members: ['allUsers'] }] }), padded: '  [["allAuthenticatedUsers"]]  ', bad: '{"allUsers": ' },
      { predefined_acl: 'publicRead', nested: { predefined_acl: 'private' }, other: [{ predefined_acl: 'authenticatedRead' }] },
      { '//': { member: 'allUsers' }, 'depends_on': ['allUsers'], 'provider': 'allUsers', 'lifecycle': { x: 'allUsers' }, '': 'allUsers' },
      { access: [{ special_group: 'allAuthenticatedUsers', iam_member: 'xallUsers', domain: 'allUsersx' }] },
      { member: '${var.member}', members: ['${local.everyone}'], text: 'allUsers\n', deep: [[[['allUsers']]]] },
      'allUsers', ['allUsers'], null, 7,
    ];
    const next = random(13);
    const keys = ['member', 'members', 'predefined_acl', 'bindings', 'role', '//', 'provider', 'x'];
    const values = ['allUsers', ' allAuthenticatedUsers', 'READER:allUsers', 'publicRead', 'user:x', '["allUsers"]', '{"m": "allUsers"}', '${var.x}', 3, null];
    const make = (depth: number): unknown => {
      if (depth > 3 || next() < 0.3) return values[Math.floor(next() * values.length)];
      if (next() < 0.3) return Array.from({ length: Math.floor(next() * 3) }, () => make(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [keys[Math.floor(next() * keys.length)], make(depth + 1)]));
    };
    const elements: TerraformElement[] = [
      ...view.elements,
      ...[...crafted, ...Array.from({ length: 3_000 }, () => make(0))].map((c, i) => (
        { kind: ElementKind.RESOURCE, elementType: 'google_storage_bucket_iam_member', name: `n${i}`, address: `google_storage_bucket_iam_member.n${i}`, config: c })),
      { kind: ElementKind.DATA, elementType: 'google_iam_policy', name: 'p', address: 'data.google_iam_policy.p', config: { binding: [{ members: ['allUsers'] }] } },
    ];
    const differ = elements.filter((e) => JSON.stringify(iamPublicPrincipal(e, view)) !== JSON.stringify(referenceIamPublicPrincipal(e, view)));
    expect(differ.map((e) => e.address)).toEqual([]);
    expect(elements.filter((e) => typeof iamPublicPrincipal(e, view) !== 'string').length).toBeGreaterThan(500);
  });
});
