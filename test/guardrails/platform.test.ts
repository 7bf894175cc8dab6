import { TerraformStack, Testing } from 'cdktf';
import { GuardrailLevel, GuardrailPack, Guardrails, Platform } from '../../src';
import { errorOf, PLATFORM_PROPS, platformFixture, synth } from '../util';
import { errorIds, goodDeployment, RawResource } from './util';

describe('Platform guardrails: defaults', () => {
  test('the platform applies every pack to its stack, with its production environments', () => {
    const { platform, stack } = platformFixture({ environments: [{ name: 'dev' }, { name: 'live', production: true }] });
    expect(platform.guardrails).toBe(Guardrails.of(stack));
    expect(platform.guardrails.enabled).toBe(true);
    expect(platform.guardrails.packs).toEqual([
      GuardrailPack.KUBERNETES, GuardrailPack.GOOGLE_CLOUD, GuardrailPack.GITHUB, GuardrailPack.SECRETS, GuardrailPack.TERRAFORM,
    ]);
    expect(platform.guardrails.productionEnvironments).toEqual(['live']);
    // An empty platform passes every pack.
    expect(() => synth(stack)).not.toThrow();
  });

  test('resources written by hand next to the platform are judged', () => {
    const { stack } = platformFixture();
    const d = goodDeployment('payments-prod');
    d.spec.template.spec.container[0].image = 'api:latest';
    new RawResource(stack, 'hand-written', 'kubernetes_deployment_v1', d);
    expect(errorIds(errorOf(() => Testing.synth(stack, true)))).toEqual(['GP-K8S-006', 'GP-K8S-011']);
  });
});

describe('Platform guardrails: overrides', () => {
  test('guardrails props configure them; enabled: false turns them off', () => {
    const { platform } = platformFixture({
      guardrails: { disabledRules: ['GP-K8S-011'], ruleLevels: { 'GP-K8S-006': GuardrailLevel.WARNING }, productionEnvironments: ['prod', 'eu-prod'] },
    });
    expect(platform.guardrails.disabledRules).toEqual(['GP-K8S-011']);
    expect(platform.guardrails.levelOf('GP-K8S-006')).toBe(GuardrailLevel.WARNING);
    expect(platform.guardrails.productionEnvironments).toEqual(['prod', 'eu-prod']);

    const { stack } = platformFixture({ guardrails: { enabled: false } });
    new RawResource(stack, 'key', 'google_service_account_key', { service_account_id: 'ci' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('two platforms in one stack share its guardrails and add up their production environments', () => {
    const stack = new TerraformStack(Testing.app(), 'two');
    new Platform(stack, 'eu', { ...PLATFORM_PROPS, environments: [{ name: 'eu-prod', production: true }] });
    const us = new Platform(stack, 'us', { ...PLATFORM_PROPS, environments: [{ name: 'us-prod', production: true }] });
    expect(us.guardrails.productionEnvironments).toEqual(['eu-prod', 'us-prod']);
  });

  test('a wrong guardrails prop fails with the path of the stack\'s guardrails', () => {
    expect(errorOf(() => platformFixture({ guardrails: { disabledRules: ['GP-K8S-99'] } }))).toMatch(
      /^\[test\/guardrails\] invalid disabledRules\[0\] "GP-K8S-99": is not a guardrail rule id/,
    );
  });
});
