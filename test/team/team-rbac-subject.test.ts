import { GroupSubject, TeamEnvironment } from '../../src';
import { errorOf, PLATFORM_PROPS, platformFixture, resources, synth } from '../util';

/**
 * Who the team's role bindings name. On GKE, people signed in with Google are
 * known to RBAC by their email and, with Google Groups for RBAC, by the
 * groups (under gke-security-groups@<domain>) they belong to (GKE, "Configure
 * Google Groups for RBAC"): a Group "<org>:<team>" exists only behind an OIDC
 * bridge that reports GitHub teams (such as Dex's GitHub connector).
 */
const subjects = (json: any) => Object.values(resources(json, 'kubernetes_role_binding_v1'))
  .filter((b: any) => b.role_ref.kind === 'ClusterRole').map((b: any) => b.subject[0].name);

describe('the team\'s RBAC group on GKE', () => {
  test('with googleGroupsDomain, the team binds the Google Group <team>@<domain>', () => {
    const { stack, platform } = platformFixture({ googleGroupsDomain: 'acme.com' });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(team.groupSubject.name).toBe('payments@acme.com');
    expect(subjects(synth(stack))).toEqual(['payments@acme.com', 'payments@acme.com', 'payments@acme.com']);
  });

  test('behind an OIDC bridge, the team binds the GitHub team "<org>:<team>"', () => {
    const { stack, platform } = platformFixture({ oidcBridge: true, googleGroupsDomain: undefined });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(team.groupSubject.name).toBe('acme:payments');
    expect(subjects(synth(stack))).toEqual(['acme:payments', 'acme:payments', 'acme:payments']);
  });

  test('an explicit groupSubject wins', () => {
    const { platform } = platformFixture({ googleGroupsDomain: undefined });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], groupSubject: GroupSubject.googleGroup('pay-devs@acme.com') });
    expect(team.groupSubject.name).toBe('pay-devs@acme.com');
  });

  test('neither a domain, nor a bridge, nor a subject fails at synth with the fix', () => {
    const { platform } = platformFixture({ googleGroupsDomain: undefined });
    expect(errorOf(() => new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] }))).toBe(
      '[test/platform/payments] invalid groupSubject undefined: is not given, and the platform names neither googleGroupsDomain nor an OIDC bridge, '
      + 'so the default Group "acme:payments" would never match anyone signed in to GKE with Google. '
      + 'Fix: set googleGroupsDomain in the platform settings (the team then binds the Google Group payments@<domain>), give groupSubject (e.g. GroupSubject.googleGroup("payments@acme.com")), '
      + 'or set oidcBridge: true if people sign in through an OIDC bridge that reports GitHub teams.',
    );
  });

  test('a googleGroupsDomain that is not a domain fails at synth', () => {
    expect(errorOf(() => platformFixture({ googleGroupsDomain: '@acme.com' }))).toBe(
      '[test/platform] invalid googleGroupsDomain "@acme.com": is not a domain name. Fix: give the domain of the Google Groups, e.g. "acme.com".',
    );
  });

  test('the reference props name a domain', () => {
    expect(PLATFORM_PROPS.googleGroupsDomain).toBe('acme.com');
  });
});
