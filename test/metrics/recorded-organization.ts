import { parse } from 'yaml';
import type { FakeRepository } from './fake-github';
import { featureRequestForm, platformFeedbackForm } from '../../src/scaffold/feedback-forms';

/**
 * The recorded organization `golden-paths metrics` is tested on (and the
 * report page shows): three service repositories and their production
 * deployments, as GitHub's REST API lists them.
 */

// The window: the 30 days before 2026-12-07, from 2026-11-07T00:00Z.
export const UNTIL = '2026-12-07';

/** payment-service: deployed for long; in the window 3 successes and a failure restored 40 minutes later. */
export const PAYMENT_SERVICE: FakeRepository = {
  createdAt: '2025-01-01T00:00:00Z',
  commits: [
    ['a1', '2026-11-01T09:00:00Z'],
    ['c1', '2026-11-09T09:10:00Z'], ['a2', '2026-11-10T08:10:00Z'],
    ['a3', '2026-11-12T11:00:00Z'],
    ['c2', '2026-11-12T11:45:00Z'], ['a4', '2026-11-12T12:15:00Z'],
    ['a5', '2026-11-20T08:05:00Z'],
  ],
  deployments: [
    // Before the window: the base of the first lead time.
    { id: 1, sha: 'a1', environment: 'prod', createdAt: '2026-11-01T10:00:00Z', statuses: [['in_progress', '2026-11-01T10:01:00Z'], ['success', '2026-11-01T10:10:00Z']] },
    { id: 2, sha: 'a2', environment: 'prod', createdAt: '2026-11-10T09:00:00Z', statuses: [['in_progress', '2026-11-10T09:01:00Z'], ['success', '2026-11-10T09:10:00Z']] },
    { id: 3, sha: 'a3', environment: 'prod', createdAt: '2026-11-12T12:00:00Z', statuses: [['in_progress', '2026-11-12T12:01:00Z'], ['failure', '2026-11-12T12:05:00Z']] },
    { id: 4, sha: 'a4', environment: 'prod', createdAt: '2026-11-12T12:30:00Z', statuses: [['in_progress', '2026-11-12T12:31:00Z'], ['success', '2026-11-12T12:45:00Z']] },
    { id: 5, sha: 'a5', environment: 'prod', createdAt: '2026-11-20T10:00:00Z', statuses: [['success', '2026-11-20T10:05:00Z']] },
    // Other environments are not measured.
    { id: 6, sha: 'a5', environment: 'staging', createdAt: '2026-11-20T09:00:00Z', statuses: [['failure', '2026-11-20T09:05:00Z']] },
  ],
};

/** search-api: created in the window, deployed to production 32 minutes later. */
export const SEARCH_API: FakeRepository = {
  createdAt: '2026-11-15T08:00:00Z',
  commits: [['b1', '2026-11-15T08:02:00Z']],
  deployments: [{ id: 11, sha: 'b1', environment: 'prod', createdAt: '2026-11-15T08:20:00Z', statuses: [['in_progress', '2026-11-15T08:21:00Z'], ['success', '2026-11-15T08:32:00Z']] }],
};

/** search-indexer: an old repository that never deployed. */
export const SEARCH_INDEXER: FakeRepository = { createdAt: '2024-05-01T00:00:00Z', commits: [], deployments: [] };


/** The body GitHub writes for an issue opened with `form`: each field's label as a heading, then the answer (`_No response_` when empty). */
export function answered(form: string, answers: Record<string, string>): string {
  return parse(form).body.filter((e: any) => e.type !== 'markdown')
    .map((e: any) => `### ${e.attributes.label}\n\n${(answers[e.id] ?? e.attributes.value) || '_No response_'}`).join('\n\n');
}

const survey = (team: string | undefined, nps: string, ease?: string) => answered(platformFeedbackForm(team), { nps, ...(ease ? { ease } : {}), valued: 'Deploys in minutes' });
const request = (team: string | undefined, what: string, teamAnswer?: string) =>
  answered(featureRequestForm(team), { what, ...(teamAnswer !== undefined ? { team: teamAnswer } : {}) });
const FEEDBACK = 'platform-feedback';
const REQUEST = 'platform-feature-request';

/**
 * The feedback loop's issues: the survey's answers in the window, by six
 * people (alice twice: her latest counts), two that cannot be read, and open
 * feature requests (one asked by two teams under the same title).
 *
 * Answers counted: alice 9 (ease 4), bob 7 (3), carol 9 (2), dave 10 (none), erin 0 (1):
 * promoters alice, carol, dave; passive bob; detractor erin: NPS (3 - 1) / 5 = 40; ease (4 + 3 + 2 + 1) / 4 = 2.5.
 */
export const PAYMENTS_INFRA: FakeRepository = {
  createdAt: '2025-01-01T00:00:00Z',
  commits: [],
  deployments: [],
  issues: [
    { number: 1, title: 'Platform feedback', body: survey('payments', '6', '5 (very easy)'), author: 'alice', createdAt: '2026-11-10T10:00:00Z', state: 'closed', labels: [FEEDBACK] },
    { number: 2, title: 'Platform feedback', body: survey('payments', '7', '3 (neither easy nor hard)'), author: 'bob', createdAt: '2026-11-12T10:00:00Z', labels: [FEEDBACK] },
    { number: 3, title: 'Platform feedback', body: survey('payments', '9', '4 (easy)'), author: 'alice', createdAt: '2026-11-25T10:00:00Z', labels: [FEEDBACK] },
    // Before the window: not counted.
    { number: 4, title: 'Platform feedback', body: survey('payments', '0 (not at all likely)'), author: 'heidi', createdAt: '2026-10-01T10:00:00Z', labels: [FEEDBACK] },
    // A pull request carrying the label: GitHub lists it among the issues, metrics leaves it out.
    { number: 5, title: 'Tweak the survey', body: 'no form here', author: 'ivan', createdAt: '2026-11-26T10:00:00Z', labels: [FEEDBACK], pullRequest: true },
    { number: 10, title: '[Platform] Preview environments per pull request', body: request('payments', 'A namespace per pull request'), author: 'alice', createdAt: '2026-11-11T10:00:00Z', labels: [REQUEST, 'effort: L'], reactions: 3 },
    { number: 13, title: '[Platform] Cost alerts per service', body: request('payments', 'An alert when a service costs more than planned'), author: 'bob', createdAt: '2026-11-13T10:00:00Z', labels: [REQUEST], reactions: 5 },
  ],
};

export const SEARCH_INFRA: FakeRepository = {
  createdAt: '2025-01-01T00:00:00Z',
  commits: [],
  deployments: [],
  issues: [
    { number: 1, title: 'Platform feedback', body: survey('search', '9', '2 (hard)'), author: 'carol', createdAt: '2026-11-15T10:00:00Z', labels: [FEEDBACK] },
    // Left the ease of use unchosen: GitHub writes "None" for a dropdown that is not required.
    { number: 2, title: 'Platform feedback', body: survey('search', '10 (extremely likely)', 'None'), author: 'dave', createdAt: '2026-11-16T10:00:00Z', labels: [FEEDBACK] },
    // The same request, in lower case, with the team field emptied: the repository's team asks.
    { number: 11, title: '[Platform] preview environments per  pull request', body: request('search', 'Review apps', ''), author: 'dave', createdAt: '2026-11-18T10:00:00Z', labels: [REQUEST], reactions: 1 },
    { number: 14, title: '[Platform] Done already', body: request('search', 'Something shipped'), author: 'dave', createdAt: '2026-11-18T11:00:00Z', state: 'closed', labels: [REQUEST, 'effort: S'], reactions: 9 },
  ],
};

export const PLATFORM_REPOSITORY: FakeRepository = {
  createdAt: '2024-01-01T00:00:00Z',
  commits: [],
  deployments: [],
  issues: [
    { number: 1, title: 'Platform feedback', body: survey(undefined, '0 (not at all likely)', '1 (very hard)'), author: 'erin', createdAt: '2026-11-20T10:00:00Z', labels: [FEEDBACK] },
    // Opened without the form: skipped and counted.
    { number: 2, title: 'Platform feedback', body: 'The platform is great, thanks!', author: 'frank', createdAt: '2026-11-21T10:00:00Z', labels: [FEEDBACK] },
    // Edited into a score the form does not offer.
    { number: 3, title: 'Platform feedback', body: survey(undefined, 'eleven'), author: 'grace', createdAt: '2026-11-22T10:00:00Z', labels: [FEEDBACK] },
    { number: 12, title: '[Platform] Redis 7.2 engine', body: request(undefined, 'The engine our cache needs', 'Search'), author: 'carol', createdAt: '2026-11-19T10:00:00Z', labels: [REQUEST, 'effort: S'] },
    { number: 15, title: '[Platform] Nightly database copies to staging', body: request(undefined, 'Realistic data in staging', 'ledger'), author: 'judy', createdAt: '2026-11-23T10:00:00Z', labels: [REQUEST, 'effort: M'], reactions: 2 },
  ],
};
