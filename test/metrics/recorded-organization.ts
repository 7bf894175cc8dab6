import type { FakeRepository } from './fake-github';

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

