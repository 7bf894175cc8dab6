import * as fs from 'fs';
import * as path from 'path';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, tf, verdict } from './util';
import { GoMicroservice, GroupSubject, Guardrails, TeamEnvironment } from '../../src';
import { platformFixture } from '../util';

/*
 * GP-GCP-014: a production alert policy names a notification channel (`notification_channels`,
 * https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_alert_policy):
 * without one, the policy opens incidents in Cloud Monitoring that reach nobody. A team whose group subject is no
 * email address (GitHub teams through an OIDC bridge) and that names no alertNotifications had exactly that, silently.
 * It is a finding of each stack's guardrails (the stack's own configuration, so the same under `golden-paths synth
 * --jobs N` as in one process), not a synth-time annotation.
 */
const POLICY = 'google_monitoring_alert_policy.fast';
const policy = (extra: object) => tf({
  google_monitoring_alert_policy: {
    fast: { display_name: 'payment-service (prod) availability: fast burn', combiner: 'AND', conditions: [], user_labels: { environment: 'prod' }, ...extra },
  },
});

describe('GP-GCP-014 production alert policies notify someone', () => {
  test('compliant with a channel, literal or a reference', () => {
    expect(verdict('GP-GCP-014', policy({ notification_channels: ['projects/acme-prod/notificationChannels/1'] }), POLICY)).toEqual(COMPLIANT);
    expect(verdict('GP-GCP-014', policy({ notification_channels: ['${google_monitoring_notification_channel.team.name}'] }), POLICY)).toEqual(COMPLIANT);
  });
  test('non-compliant without one, or with an empty list', () => {
    const expected = nonCompliant('the alert policy "payment-service (prod) availability: fast burn" in production environment "prod" names no notification channel');
    expect(verdict('GP-GCP-014', policy({}), POLICY)).toEqual(expected);
    expect(verdict('GP-GCP-014', policy({ notification_channels: [] }), POLICY)).toEqual(expected);
  });
  test('not applicable outside production, or to a policy turned off', () => {
    expect(verdict('GP-GCP-014', policy({ user_labels: { environment: 'staging' } }), POLICY)).toEqual(NOT_APPLICABLE);
    expect(verdict('GP-GCP-014', policy({ enabled: false }), POLICY)).toEqual(NOT_APPLICABLE);
  });
});

describe('a team whose alerts go nowhere is told so', () => {
  /** The findings of the stack's guardrails report, as `app.synth()` writes it. */
  const build = (alertNotifications?: { email: string }): any[] => {
    const { app, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], groupSubject: GroupSubject.githubTeam('acme', 'payments'), alertNotifications });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'test', Guardrails.JSON_REPORT_FILE), 'utf8')).findings;
  };

  test('a group that is no email address and no alertNotifications: a warning per production alert policy, with the fix', () => {
    const found = build().filter((f) => f.ruleId === 'GP-GCP-014');
    expect(found).toHaveLength(4);
    expect(found.every((f) => f.level === 'warning' && f.address.startsWith('google_monitoring_alert_policy.'))).toBe(true);
    expect(found[0].message).toBe('A production alert policy notifies no channel: its incidents open in Cloud Monitoring and nobody hears of them.');
    expect(found.map((f) => f.details[0])).toContain('the alert policy "payment-service (prod) availability: fast burn" in production environment "prod" names no notification channel');
    expect(found[0].fix).toContain('alertNotifications');
  });

  test('with alertNotifications: none', () => {
    expect(build({ email: 'payments-oncall@acme.com' }).filter((f) => f.ruleId === 'GP-GCP-014')).toEqual([]);
  });
});
