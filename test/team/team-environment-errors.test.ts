import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GroupSubject, TeamEnvironment, type TeamEnvironmentProps } from '../../src';
import { errorOf, platformFixture } from '../util';

/** The error of creating the team `payments` with these props on top of valid ones. */
function teamError(props: Partial<TeamEnvironmentProps>, platformProps = {}): string {
  const { platform } = platformFixture(platformProps);
  return errorOf(() => new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], ...props }));
}

const AT = '[test/platform/payments]';

describe('TeamEnvironment name errors', () => {
  test('a name that is not a DNS-1123 label', () => {
    expect(teamError({ name: 'Payments_Team' })).toBe(
      `${AT} invalid name "Payments_Team": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "payments-team".`,
    );
  });

  test('a name that would make a namespace longer than 63 characters', () => {
    const name = `t${'a'.repeat(55)}`; // 56 + "-staging" = 64
    expect(teamError({ name })).toBe(
      `${AT} invalid name "${name}": would make the namespace "${name}-staging" 64 characters long, over the 63 Kubernetes allows. Fix: shorten the team name to 55 characters or fewer.`,
    );
  });

  test('the longest environment decides the room left', () => {
    const name = `t${'a'.repeat(55)}`;
    const { platform } = platformFixture({ environments: [{ name: 'dev' }, { name: 'prod', production: true }] });
    expect(new TeamEnvironment(platform, 'payments', { name, maintainers: ['alice'] }).namespaceName('prod')).toBe(`${name}-prod`);
  });

  test('a duplicate team name in one platform', () => {
    const { platform } = platformFixture();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => new TeamEnvironment(new Construct(platform, 'more'), 'payments-again', { name: 'payments', maintainers: ['bob'] }))).toBe(
      '[test/platform/more/payments-again] invalid name "payments": is already the name of the team at test/platform/payments in this platform. Fix: give every team a distinct name: it names the GitHub team, the namespaces and the registry.',
    );
  });

  test('the same team name in two platforms is fine', () => {
    const a = platformFixture();
    const b = platformFixture();
    new TeamEnvironment(a.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(() => new TeamEnvironment(b.platform, 'payments', { name: 'payments', maintainers: ['alice'] })).not.toThrow();
  });

  test('a team whose namespaces another team already has', () => {
    const { platform } = platformFixture({ environments: [{ name: 'prod', production: true }, { name: 'eu-prod', production: true }] });
    new TeamEnvironment(platform, 'pay', { name: 'pay', maintainers: ['alice'] });
    expect(errorOf(() => new TeamEnvironment(platform, 'pay-eu', { name: 'pay-eu', maintainers: ['alice'] }))).toBe(
      '[test/platform/pay-eu] invalid name "pay-eu": would make the namespace "pay-eu-prod", which the team "pay" at test/platform/pay already has. Fix: choose a team name that does not end in another team\'s name plus an environment.',
    );
  });

  test('a team whose namespace is another team\'s grants namespace (where that team\'s database grant Jobs run)', () => {
    const { platform } = platformFixture();
    new TeamEnvironment(platform, 'pay', { name: 'pay', maintainers: ['alice'] });
    expect(errorOf(() => new TeamEnvironment(platform, 'pay-grants', { name: 'pay-grants', maintainers: ['alice'] }))).toBe(
      '[test/platform/pay-grants] invalid name "pay-grants": would make the namespace "pay-grants-dev", which the team "pay" at test/platform/pay already has. '
        + 'Fix: choose a team name that is not another team\'s name plus "-grants": "<team>-grants-<environment>" is where that team\'s database grant Jobs run.',
    );
  });

  test('a team name that is too long for its grants namespace gets a shortened one, still ending in the environment', () => {
    const name = 'a'.repeat(55);
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, name, { name, maintainers: ['alice'] });
    for (const env of ['dev', 'staging', 'prod']) {
      const ns = team.grantsNamespaceName(env);
      expect(ns.length).toBeLessThanOrEqual(63);
      expect(ns).toMatch(new RegExp(`^a+-[0-9a-f]{6}-${env}$`));
    }
  });

  test('a team outside a platform', () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    expect(errorOf(() => new TeamEnvironment(stack, 'payments', { name: 'payments', maintainers: ['alice'] }))).toBe(
      '[bare] is not inside a Platform. Fix: create it inside a Platform, e.g. new TeamEnvironment(platform, ...), and services and databases inside a TeamEnvironment.',
    );
  });
});

describe('TeamEnvironment people errors', () => {
  test('no maintainers', () => {
    expect(teamError({ maintainers: [] })).toBe(
      `${AT} invalid maintainers []: is empty, so nobody could manage the team. Fix: name at least one GitHub user, e.g. maintainers: ["alice"].`,
    );
  });

  test.each(['-alice', 'al@ice', 'alice--smith', 'a'.repeat(40), '@alice'])('a username GitHub would reject: %s', (user) => {
    expect(teamError({ members: [user] })).toBe(
      `${AT} invalid members[0] ${JSON.stringify(user)}: is not a valid GitHub username (1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen). Fix: write the GitHub username exactly as it appears in its GitHub URL, without "@".`,
    );
  });

  test('a bad maintainer username names its index', () => {
    expect(teamError({ maintainers: ['alice', 'bob_'] })).toMatch(/^\[test\/platform\/payments\] invalid maintainers\[1\] "bob_": is not a valid GitHub username/);
  });

  test('the same person as maintainer and member, whatever the case', () => {
    expect(teamError({ maintainers: ['alice'], members: ['bob', 'Alice'] })).toBe(
      `${AT} invalid members[1] "Alice": is already a maintainer (maintainers[0]); a person has one role in a team. Fix: remove "Alice" from members: maintainers have every right members have.`,
    );
  });

  test('the same person twice in one list', () => {
    expect(teamError({ maintainers: ['alice', 'ALICE'] })).toBe(
      `${AT} invalid maintainers[1] "ALICE": repeats maintainers[0] (GitHub usernames ignore case). Fix: list every person once.`,
    );
  });
});

describe('TeamEnvironment quota errors', () => {
  test.each([
    ['cpu', { cpu: '10 cores' }, '"10 cores": is not a Kubernetes quantity. Fix: write cores as a number ("1", "0.5") or millicores with "m" ("500m")'],
    ['memory', { memory: '10GB' }, '"10GB": is not a Kubernetes quantity. Fix: write memory with a binary suffix such as "512Mi" or "1Gi"'],
    ['memory', { memory: '512m' }, '"512m": uses "m", which means thousandths of a byte for memory. Fix: write mebibytes as "512Mi"'],
    ['pods', { pods: 0 }, '0: must be a whole number between 1 and 100000. Fix: allow at least 1 pod, e.g. 30'],
    ['pods', { pods: 2.5 }, '2.5: must be a whole number between 1 and 100000. Fix: allow at least 1 pod, e.g. 30'],
  ])('quotas.prod.%s that is not a valid quantity', (field, quota, rest) => {
    expect(teamError({ quotas: { prod: quota } })).toBe(`${AT} invalid quotas.prod.${field} ${rest}.`);
  });

  test('a quota for an environment the platform does not have', () => {
    expect(teamError({ quotas: { production: { cpu: '40' } } })).toBe(
      `${AT} invalid quotas.production {"cpu":"40"}: names no environment of the platform. Fix: key quotas by environment: "dev", "staging", "prod".`,
    );
  });
});

describe('TeamEnvironment access, network and registry errors', () => {
  test('a Google Group that is not an email address', () => {
    expect(teamError({ groupSubject: GroupSubject.googleGroup('payments') })).toBe(
      `${AT} invalid groupSubject "payments": is not an email address. Fix: give the Google Group by its address, e.g. GroupSubject.googleGroup("payments@acme.com").`,
    );
  });

  test.each(['', 'pay ments'])('a group name that is empty or has whitespace: %j', (name) => {
    expect(teamError({ groupSubject: GroupSubject.group(name) })).toBe(
      `${AT} invalid groupSubject ${JSON.stringify(name)}: is empty or contains whitespace. Fix: give the group name exactly as the cluster's authenticator reports it.`,
    );
  });

  test('ingress controller labels that select every namespace', () => {
    expect(teamError({ ingressControllerNamespaceLabels: {} })).toBe(
      `${AT} invalid ingressControllerNamespaceLabels {}: is empty, which selects every namespace and would let any pod in the cluster in. Fix: give the labels of the ingress controller's namespace, e.g. { "kubernetes.io/metadata.name": "ingress-nginx" }.`,
    );
  });

  test('ingress controller labels with a bad key or value', () => {
    expect(teamError({ ingressControllerNamespaceLabels: { 'Bad Key': 'x' } })).toContain('has the key "Bad Key", which is not a Kubernetes label key');
    expect(teamError({ ingressControllerNamespaceLabels: { 'Example.com/name': 'x' } })).toContain('has the key "Example.com/name"');
    expect(teamError({ ingressControllerNamespaceLabels: { name: 'ingress nginx' } })).toBe(
      `${AT} invalid ingressControllerNamespaceLabels {"name":"ingress nginx"}: has the value "ingress nginx" under "name", which is not a Kubernetes label value. Fix: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`,
    );
  });

  test('image retention that is not a positive whole number', () => {
    expect(teamError({ imageRetention: { keepRecentVersions: 0 } })).toBe(
      `${AT} invalid imageRetention.keepRecentVersions 0: must be a whole number between 1 and 10000. Fix: set a whole number between 1 and 10000.`,
    );
    expect(teamError({ imageRetention: { deleteTaggedAfterDays: 0.5 } })).toContain('invalid imageRetention.deleteTaggedAfterDays 0.5: must be a whole number between 0 and 3650');
  });
});

describe('TeamEnvironment budget errors', () => {
  test('a budget without a billing account on the platform', () => {
    expect(teamError({ monthlyBudget: { amount: 500 } })).toBe(
      `${AT} invalid monthlyBudget {"amount":500}: needs a billing account, and the platform has none. Fix: set billingAccount on the Platform at test/platform (e.g. "012345-6789AB-CDEF01"), or leave monthlyBudget out.`,
    );
  });

  test('a budget amount that is not a positive whole number', () => {
    expect(teamError({ monthlyBudget: { amount: 0 } }, { billingAccount: '012345-6789AB-CDEF01' })).toBe(
      `${AT} invalid monthlyBudget.amount 0: must be a whole number 1 or more. Fix: give the monthly amount in whole currency units, e.g. 500.`,
    );
  });

  test('budget recipients that are not email addresses, are repeated, or are more than the 5 a budget links', () => {
    const billing = { billingAccount: '012345-6789AB-CDEF01' };
    expect(teamError({ monthlyBudget: { amount: 5, notifyEmails: ['payments'] } }, billing)).toBe(
      `${AT} invalid monthlyBudget.notifyEmails[0] "payments": is not an email address. Fix: give an address such as "payments@acme.com".`,
    );
    expect(teamError({ monthlyBudget: { amount: 5, notifyEmails: ['a@acme.com', 'A@acme.com'] } }, billing)).toBe(
      `${AT} invalid monthlyBudget.notifyEmails[1] "A@acme.com": is listed twice. Fix: list each address once.`,
    );
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}@acme.com`);
    expect(teamError({ monthlyBudget: { amount: 5, notifyEmails: six } }, billing)).toBe(
      `${AT} invalid monthlyBudget.notifyEmails ${JSON.stringify(six)}: lists 6 addresses, and a budget links at most 5 email channels. Fix: give at most 5 addresses (a Google Group reaches many people through one).`,
    );
  });

  test('a currency that is not an ISO 4217 code', () => {
    expect(teamError({ monthlyBudget: { amount: 5, currencyCode: 'eur' } }, { billingAccount: '012345-6789AB-CDEF01' })).toBe(
      `${AT} invalid monthlyBudget.currencyCode "eur": is not an ISO 4217 currency code. Fix: use the billing account's currency as three capital letters, e.g. "EUR" or "USD", or leave it out.`,
    );
  });

  test.each([
    ['0123-4567', 'use the id shown by `gcloud billing accounts list`, e.g. "012345-6789AB-CDEF01"'],
    ['billingAccounts/012345-6789AB-CDEF01', 'leave out the "billingAccounts/" prefix: "012345-6789AB-CDEF01"'],
  ])('a platform billing account that is not an id: %s', (value, fix) => {
    expect(errorOf(() => platformFixture({ billingAccount: value }))).toBe(
      `[test/platform] invalid billingAccount ${JSON.stringify(value)}: is not a Cloud Billing account id. Fix: ${fix}.`,
    );
  });
});

describe('TeamEnvironment reports every problem at once', () => {
  test('several bad props in one message', () => {
    expect(teamError({ name: 'Pay', maintainers: [], quotas: { dev: { cpu: 'lots' } } })).toBe([
      `${AT} 3 invalid props:`,
      '  - invalid name "Pay": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "pay".',
      '  - invalid maintainers []: is empty, so nobody could manage the team. Fix: name at least one GitHub user, e.g. maintainers: ["alice"].',
      '  - invalid quotas.dev.cpu "lots": is not a Kubernetes quantity. Fix: write cores as a number ("1", "0.5") or millicores with "m" ("500m").',
    ].join('\n'));
  });
});
