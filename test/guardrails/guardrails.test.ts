import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GuardrailLevel, GuardrailPack, Guardrails } from '../../src';
import { captureWarnings, errorOf } from '../util';
import { errorIds, goodDeployment, RawResource, safeStack, UNSAFE_STACK_ERRORS, unsafeStack } from './util';

/** Runs `fn` with console.warn captured; returns what it printed (and rethrows what it threw). */
function warnings(fn: () => void): string[] {
  const { error, warned } = captureWarnings(fn);
  if (error !== undefined) {
    throw new Error(error);
  }
  return warned;
}

function warningAnnotations(stack: TerraformStack): Array<{ path: string; message: string }> {
  return stack.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => ({ path: c.node.path, message: String(m.data) })));
}

describe('Guardrails on an unsafe stack', () => {
  test('Testing.synth(stack, true) fails with every error, each with rule id, construct path, address, message and fix', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack);
    let message = '';
    warnings(() => { message = errorOf(() => Testing.synth(stack, true)); });
    expect(errorIds(message)).toEqual(UNSAFE_STACK_ERRORS);
    expect(message).toContain('[unsafe/guardrails] GP-K8S-006 error at unsafe/team/deployment (kubernetes_deployment_v1.team_deployment_27EEC6A0): '
      + 'A container image is "latest", untagged or pinned to a malformed digest, so what runs changes without a deploy. (container "shop" uses image "shop:latest") '
      + 'Fix: Name an immutable tag or digest in the image');
    expect(message).toContain('GP-SEC-001 error at unsafe (provider.github): ');
    expect(message).not.toContain('ghp_literal_token');
  });

  test('app.synth() fails the same way', () => {
    const { stack, app } = unsafeStack();
    Guardrails.of(stack);
    let message = '';
    warnings(() => { message = errorOf(() => app.synth()); });
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(errorIds(message)).toEqual(UNSAFE_STACK_ERRORS);
  });

  test('a stack without guardrails is not judged', () => {
    const { stack } = unsafeStack();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('Guardrails on a safe stack', () => {
  test('synthesizes without findings', () => {
    const { stack } = safeStack();
    Guardrails.of(stack);
    expect(warnings(() => Testing.synth(stack, true))).toEqual([]);
  });

  test('judges hand-written resources and escape-hatch overrides', () => {
    const { stack, team } = safeStack();
    Guardrails.of(stack);
    const deployment = team.node.findChild('deployment') as RawResource;
    deployment.addOverride('spec.template.spec.container.0.security_context.privileged', true);
    new RawResource(team, 'extra-key', 'google_service_account_key', { service_account_id: 'ci' });
    expect(errorIds(errorOf(() => Testing.synth(stack, true)))).toEqual(['GP-K8S-004', 'GP-GCP-007']);
  });
});

describe('warnings', () => {
  test('print and become warning annotations on the resource, without failing; each is announced once', () => {
    const { stack, team } = safeStack();
    Guardrails.of(stack);
    const noProbes = goodDeployment('payments-prod', 'worker');
    delete noProbes.spec.template.spec.container[0].readiness_probe;
    new RawResource(team, 'worker', 'kubernetes_deployment_v1', noProbes);
    new RawResource(team, 'worker-pdb', 'kubernetes_pod_disruption_budget_v1', { metadata: { name: 'worker', namespace: 'payments-prod' }, spec: { max_unavailable: '1', selector: { match_labels: { app: 'worker' } } } });

    const printed = warnings(() => {
      Testing.synth(stack, true);
      Testing.synth(stack, true);
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[safe\/guardrails\] 1 guardrail warning:\n {2}GP-K8S-007 warning at safe\/team\/worker \(kubernetes_deployment_v1\.team_worker_[0-9A-F]{8}\): .*\(container "app" has no readiness probe\) Fix: /);
    expect(warningAnnotations(stack)).toEqual([{ path: 'safe/team/worker', message: expect.stringMatching(/^GP-K8S-007 warning at safe\/team\/worker/) }]);
  });
});

describe('configuration', () => {
  test('defaults: enabled, every pack, no disabled rule, reports on, prod and production', () => {
    const { stack } = safeStack();
    const g = Guardrails.of(stack);
    expect(g.enabled).toBe(true);
    expect(g.packs).toEqual([
      GuardrailPack.KUBERNETES, GuardrailPack.GOOGLE_CLOUD, GuardrailPack.GITHUB, GuardrailPack.SECRETS, GuardrailPack.TERRAFORM,
    ]);
    expect(g.disabledRules).toEqual([]);
    expect(g.reports).toBe(true);
    expect(g.productionEnvironments).toEqual(['prod', 'production']);
    expect(g.levelOf('GP-K8S-001')).toBe(GuardrailLevel.ERROR);
    expect(g.levelOf('GP-K8S-007')).toBe(GuardrailLevel.WARNING);
  });

  test('a rule level made a warning stops failing; a warning made an error fails', () => {
    const { stack } = unsafeStack();
    const levels = Object.fromEntries(UNSAFE_STACK_ERRORS.map((id) => [id, GuardrailLevel.WARNING]));
    Guardrails.of(stack).configure({ ruleLevels: { ...levels, 'GP-K8S-007': GuardrailLevel.ERROR } });
    let message = '';
    const printed = warnings(() => { message = errorOf(() => Testing.synth(stack, true)); });
    expect(errorIds(message)).toEqual(['GP-K8S-007']);
    // The former errors, and GP-GCP-006 (a warning of its own: the production database is zonal).
    expect(printed[0]).toContain(`${UNSAFE_STACK_ERRORS.length + 1} guardrail warnings`);
    expect(printed[0]).toContain('GP-GCP-006 warning at unsafe/team/database');
    expect(Guardrails.of(stack).levelOf('GP-K8S-007')).toBe(GuardrailLevel.ERROR);
  });

  test('disabled rules and packs do not run; their level is undefined', () => {
    const { stack } = unsafeStack();
    const g = Guardrails.of(stack);
    g.configure({ packs: [GuardrailPack.GITHUB, GuardrailPack.SECRETS], disabledRules: ['GP-GH-002'] });
    g.configure({ disabledRules: ['GP-GH-003'] });
    expect(g.disabledRules).toEqual(['GP-GH-002', 'GP-GH-003']);
    expect(g.levelOf('GP-GH-002')).toBeUndefined();
    expect(g.levelOf('GP-K8S-001')).toBeUndefined();
    expect(errorIds(errorOf(() => Testing.synth(stack, true)))).toEqual(['GP-GH-001', 'GP-SEC-001']);
  });

  test('enabled: false turns them off', () => {
    const { stack } = unsafeStack();
    Guardrails.of(stack).configure({ enabled: false });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('production environments add up and decide the production-only rules', () => {
    const { stack } = unsafeStack();
    const g = Guardrails.of(stack);
    g.configure({ productionEnvironments: ['live'] });
    g.configure({ productionEnvironments: ['live', 'eu-live'] });
    expect(g.productionEnvironments).toEqual(['live', 'eu-live']);
    // shop-prod and shop-db-prod are no longer production: replicas, PDB and deletion protection do not apply.
    const ids = errorIds(errorOf(() => warnings(() => Testing.synth(stack, true))));
    expect(ids).not.toContain('GP-K8S-008');
    expect(ids).not.toContain('GP-K8S-011');
    expect(ids).not.toContain('GP-GCP-005');
    expect(ids).toContain('GP-K8S-001');
  });

  test('wrong settings fail with the prop, value and fix', () => {
    const { stack } = safeStack();
    const g = Guardrails.of(stack);
    expect(errorOf(() => g.configure({
      packs: ['k8s' as GuardrailPack],
      disabledRules: ['GP-K8S-999'],
      ruleLevels: { 'GP-K8S-001': 'fatal' as GuardrailLevel, 'nope': GuardrailLevel.ERROR },
      productionEnvironments: [''],
    }))).toBe([
      '[safe/guardrails] 5 invalid props:',
      '  - invalid packs[0] "k8s": is not a guardrail pack. Fix: use GuardrailPack.KUBERNETES, GOOGLE_CLOUD, GITHUB, SECRETS or TERRAFORM, and add your own packs with customPacks.',
      '  - invalid disabledRules[0] "GP-K8S-999": is not a guardrail rule id. Fix: use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001") or of a custom pack added before.',
      '  - invalid ruleLevels.GP-K8S-001 "fatal": is not a guardrail level. Fix: use GuardrailLevel.ERROR or GuardrailLevel.WARNING.',
      '  - invalid ruleLevels.nope "nope": is not a guardrail rule id. Fix: use an id from the rule table of docs/guardrails.md (e.g. "GP-K8S-001") or of a custom pack added before.',
      '  - invalid productionEnvironments[0] "": is empty. Fix: name an environment, e.g. "prod".',
    ].join('\n'));
    expect(g.packs).toHaveLength(5);
  });
});

describe('Guardrails.of', () => {
  test('creates the guardrails once per stack, from any construct inside it', () => {
    const { stack, team } = safeStack();
    const g = Guardrails.of(team);
    expect(Guardrails.of(stack)).toBe(g);
    expect(g.stack).toBe(stack);
    expect(g.node.path).toBe('safe/guardrails');
    expect(Guardrails.isGuardrails(g)).toBe(true);
    expect(Guardrails.isGuardrails(team)).toBe(false);
  });

  test('adds no Terraform element', () => {
    const { stack } = safeStack();
    const before = Testing.synth(stack);
    Guardrails.of(stack);
    expect(Testing.synth(stack)).toBe(before);
  });

  test('fails outside a stack, and when another construct holds the id', () => {
    const app = Testing.app();
    expect(errorOf(() => Guardrails.of(new Construct(app, 'loose')))).toBe(
      '[loose] is not inside a TerraformStack, so it has no guardrails. Fix: call Guardrails.of(stack) with a stack or a construct inside one.',
    );
    const stack = new TerraformStack(app, 'taken');
    new Construct(stack, 'guardrails');
    expect(errorOf(() => Guardrails.of(stack))).toBe(
      '[taken/guardrails] is named "guardrails", the id the stack\'s guardrails need. Fix: give that construct another id.',
    );
  });

  test('allRules lists every rule with its id, pack, level, message and fix', () => {
    const rules = Guardrails.allRules();
    expect(rules).toHaveLength(50);
    expect(new Set(rules.map((r) => r.id)).size).toBe(50);
    expect(rules.filter((r) => r.level === GuardrailLevel.WARNING).map((r) => r.id)).toEqual(['GP-K8S-007', 'GP-GCP-006', 'GP-GCP-011', 'GP-GCP-014']);
    for (const r of rules) {
      expect(r.id).toMatch(/^GP-(K8S|GCP|GH|SEC|TF)-\d{3}$/);
      expect(r.message).toMatch(/^[A-Z].*\.$/);
      expect(r.fix).toMatch(/^[A-Z].*\.$/);
    }
  });
});
