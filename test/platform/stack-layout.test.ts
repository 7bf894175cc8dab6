import { App, TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Platform, PlatformStack, PlatformStackKind, TeamEnvironment } from '../../src';
import { AppScopeLayout, ENVIRONMENT_STACK_CHILD_IDS, SingleStackLayout, stackLayoutOf } from '../../src/platform/stack-layout';
import { APP_PLATFORM_PROPS, errorOf, platformFixture } from '../util';

/**
 * The two placement modes answer the same questions: where a foundation, a
 * team, its environments and its onboarding go, where the platform's
 * constructs are found, and what each mode refuses. No synth: the answers are
 * constructs and their places in the tree.
 */

describe('a Platform inside a stack: everything stays where it is declared', () => {
  const { stack, platform } = platformFixture();
  const layout = platform._layout;

  test('is the single-stack layout, with the platform\'s stack and its guardrails', () => {
    expect(layout).toBeInstanceOf(SingleStackLayout);
    expect(layout.ownsStacks).toBe(false);
    expect(platform.ownsStacks).toBe(false);
    expect(layout.stack).toBe(stack);
    expect(layout.guardrails).toBe(platform.guardrails);
    expect(layout.tree).toBe(platform);
    const answers = [layout.foundationApart, layout.teamsApart, layout.makesProviders, layout.templateRepositoriesByDefault];
    expect(answers).toEqual([false, false, false, false]);
  });

  test('a foundation and a team go in the scope they are made in, and the team\'s stack id is never asked for', () => {
    const scope = new Construct(platform, 'somewhere');
    expect(layout.foundationScope(scope, 'foundation')).toBe(scope);
    const home = jest.fn(() => ({ id: 'payments' }));
    expect(layout.teamScope(scope, `${scope.node.path}/payments`, home)).toBe(scope);
    expect(home).not.toHaveBeenCalled();
    expect(layout.environmentStacks({ name: 'payments', path: 'x', stack }, platform.environments, () => ({}), () => undefined).size).toBe(0);
  });

  test('onboarding is refused before the team is judged, with the fix', () => {
    const home = jest.fn(() => 'onboarding-payments');
    expect(errorOf(() => layout.onboardingScope(platform, `${platform.node.path}/payments`, home))).toBe(
      '[test/platform] would onboard a team inside a stack, but onboarding makes platform-owned stacks, one per team and environment. '
      + 'Fix: create the Platform at App scope in the platform repository (new Platform(app, "acme", settings)); inside one stack, a TeamEnvironment makes the team\'s namespaces and GitHub team itself.');
    expect(home).not.toHaveBeenCalled();
  });

  test('lookups are the platform\'s; a team\'s reserved ids are its own children but those taken', () => {
    expect(layout.lookupScope(() => { throw new Error('not asked'); })).toBe(platform);
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const reserved = layout.reservedChildIds(team, new Set(['dev']));
    expect(reserved.where).toBe('in the team');
    expect(reserved.ids).toEqual(team.node.children.map((c) => c.node.id).filter((id) => id !== 'dev').sort());
    expect(reserved.ids).toEqual(expect.arrayContaining(['github-team', 'prod']));
  });

  test('tokens are fine in the settings', () => {
    expect(layout.settingsProblems({ ...APP_PLATFORM_PROPS, gcpProject: Token.asString({ Ref: 'p' }) })).toEqual([]);
  });
});

describe('a Platform at App scope: the stacks it makes', () => {
  const app = Testing.app();
  const platform = new Platform(app, 'acme', APP_PLATFORM_PROPS);
  const layout = platform._layout;

  test('is the App-scope layout: no one stack, the App holds every construct of the platform', () => {
    expect(layout).toBeInstanceOf(AppScopeLayout);
    expect(platform.ownsStacks).toBe(true);
    expect(layout.stack).toBeUndefined();
    expect(layout.guardrails).toBeUndefined();
    expect(layout.tree).toBe(app);
    const answers = [layout.foundationApart, layout.teamsApart, layout.makesProviders, layout.templateRepositoriesByDefault];
    expect(answers).toEqual([true, true, true, true]);
  });

  test('the foundation, a team, its environments and its onboarding each get a stack beside the Platform', () => {
    const foundation = layout.foundationScope(platform, 'foundation');
    expect(foundation).toBeInstanceOf(PlatformStack);
    expect([foundation.node.scope, foundation.node.id, (foundation as PlatformStack).kind]).toEqual([app, 'foundation', PlatformStackKind.FOUNDATION]);
    expect(platform.tryFindStack('foundation')).toBe(foundation);

    const team = layout.teamScope(platform, 'acme/search', () => ({ id: 'search' })) as PlatformStack;
    expect([team.node.path, team.kind]).toEqual(['search', PlatformStackKind.TEAM]);
    const seen: string[] = [];
    const envs = layout.environmentStacks({ name: 'search', path: 'acme/search', stack: team }, platform.environments, () => ({}), (s) => seen.push(s.node.id));
    expect([...envs.keys()]).toEqual(['dev', 'staging', 'prod']);
    expect(seen).toEqual(['search-dev', 'search-staging', 'search-prod']);
    // Promotion order: each environment after the team's stack and the environment before it.
    expect(envs.get('dev')!.dependencies).toEqual([team]);
    expect(envs.get('prod')!.dependencies).toEqual([team, envs.get('staging')]);
    expect(envs.get('prod')!.kind).toBe(PlatformStackKind.ENVIRONMENT);

    const onboarding = layout.onboardingScope(platform, 'acme/billing', () => 'onboarding-billing') as PlatformStack;
    expect([onboarding.node.path, onboarding.kind]).toEqual(['onboarding-billing', PlatformStackKind.TEAM_ONBOARDING]);
    // Made through the platform's stacks: a second owner of an id is refused, naming the first.
    expect(errorOf(() => layout.teamScope(platform, 'acme/other', () => ({ id: 'search' })))).toContain('acme/search');
  });

  test('lookups go in the team\'s stack; the reserved ids are those of every environment\'s stack', () => {
    const stack = new TerraformStack(new App(), 'team');
    expect(layout.lookupScope(() => stack)).toBe(stack);
    expect(layout.reservedChildIds(platform, new Set())).toEqual({ ids: [...ENVIRONMENT_STACK_CHILD_IDS], where: 'in every environment\'s stack' });
  });

  test('a token where every stack names the value is a problem, with the literal to give', () => {
    const problems = layout.settingsProblems({ ...APP_PLATFORM_PROPS, gcpProjectNumber: Token.asString({ Ref: 'n' }), region: Token.asString({ Ref: 'r' }) });
    expect(problems.map((p) => p.prop)).toEqual(['gcpProjectNumber']);
    expect(problems[0].fix).toContain('"123456789012"');
  });
});

test('a Platform neither in a stack nor directly under the App is refused', () => {
  const app = Testing.app();
  const outside = new Construct(app, 'outside');
  expect(errorOf(() => stackLayoutOf(new Construct(outside, 'platform'), outside))).toBe(
    '[outside/platform] is neither inside a TerraformStack nor directly under the App. '
    + 'Fix: create the Platform inside a stack (new Platform(stack, "platform", {...})), or directly under the App to get one stack per team and environment (new Platform(app, "acme", {...})).');
});
