import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A local HTTP server that answers as GitHub's REST API does, for the
 * endpoints `golden-paths metrics` calls, with the documented response
 * shapes (GitHub is unreachable from CI):
 *
 * - GET /repos/{owner}/{repo}: https://docs.github.com/en/rest/repos/repos#get-a-repository
 *   (404 `{ message: "Not Found", documentation_url }` for a repository that does not exist)
 * - GET /repos/{owner}/{repo}/deployments?environment=: https://docs.github.com/en/rest/deployments/deployments#list-deployments
 *   (newest first)
 * - GET /repos/{owner}/{repo}/deployments/{id}/statuses: https://docs.github.com/en/rest/deployments/statuses#list-deployment-statuses
 *   (newest first)
 * - GET /repos/{owner}/{repo}/commits/{ref}: https://docs.github.com/en/rest/commits/commits#get-a-commit
 * - GET /repos/{owner}/{repo}/compare/{base}...{head}: https://docs.github.com/en/rest/commits/commits#compare-two-commits
 *   (`commits` oldest first)
 * - GET /repos/{owner}/{repo}/issues?labels=&state=&since=: https://docs.github.com/en/rest/issues/issues#list-repository-issues
 *   (newest first; `labels` a comma-separated list the issue must all have, `state` open by default,
 *   `since` on `updated_at`; pull requests are listed too, with a `pull_request` key; each issue has
 *   its `reactions` rollup with `total_count`)
 * - Pages: a `Link` header with `rel="next"` and `rel="last"`
 *   (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api); this server
 *   answers at most `pageSize` items a page, fewer than the 100 asked for, as a server may.
 * - Rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds)
 *   (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 */

/** A deployment of the recorded organization. */
export interface FakeDeployment {
  readonly id: number;
  readonly sha: string;
  readonly environment: string;
  readonly createdAt: string;
  /** Its statuses, oldest first: [state, when]. */
  readonly statuses: readonly (readonly [string, string])[];
}

/** An issue (or a pull request) of the recorded organization. */
export interface FakeIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly author: string;
  readonly createdAt: string;
  readonly state?: 'open' | 'closed';
  readonly labels: readonly string[];
  /** `reactions.total_count`: as many `+1` as given. */
  readonly reactions?: number;
  readonly pullRequest?: boolean;
}

/** A repository of the recorded organization. */
export interface FakeRepository {
  readonly createdAt: string;
  readonly deployments: readonly FakeDeployment[];
  readonly issues?: readonly FakeIssue[];
  /** Commits in history order, oldest first: sha and author date. */
  readonly commits: readonly (readonly [string, string])[];
}

/** What the server saw. */
export interface FakeGithub {
  readonly url: string;
  readonly requests: { method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

export interface FakeOptions {
  readonly repositories: Record<string, FakeRepository>;
  readonly pageSize?: number;
  /** Request paths answered once with a rate-limit error, then normally. */
  readonly rateLimitOnce?: readonly string[];
}

const DOCS = 'https://docs.github.com/rest';

export async function startFakeGithub(options: FakeOptions): Promise<FakeGithub> {
  const pageSize = options.pageSize ?? 100;
  const limited = new Set(options.rateLimitOnce ?? []);
  const requests: FakeGithub['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-api-version-selected': '2022-11-28', ...headers });
      res.end(JSON.stringify(body));
    };
    if (limited.delete(url.pathname)) {
      send(403, { message: 'API rate limit exceeded for installation.', documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api` }, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        'x-ratelimit-resource': 'core',
      });
      return;
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const repo = m ? options.repositories[`${m[1]}/${m[2]}`] : undefined;
    if (!m || !repo) {
      send(404, { message: 'Not Found', documentation_url: `${DOCS}/repos/repos#get-a-repository`, status: '404' });
      return;
    }
    const [, owner, name, rest = ''] = m;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repos/${owner}/${name}`;
    const commitJson = (sha: string, date: string) => ({
      sha,
      node_id: `C_${sha}`,
      url: `${base}/commits/${sha}`,
      commit: { author: { name: 'Dev', email: 'dev@acme.example', date }, committer: { name: 'GitHub', email: 'noreply@github.com', date }, message: `change ${sha}` },
      parents: [],
    });
    if (rest === '') {
      send(200, { id: 1, node_id: 'R_1', name, full_name: `${owner}/${name}`, private: true, owner: { login: owner, type: 'Organization' }, created_at: repo.createdAt, updated_at: repo.createdAt, default_branch: 'main' });
      return;
    }
    /** One page of `all`, and its `Link` header. */
    const paged = <T>(all: readonly T[], path: string): [T[], Record<string, string>] => {
      const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), pageSize);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / size));
      const link = (p: number) => {
        const next = new URL(`${base}${path}`);
        url.searchParams.forEach((v, k) => next.searchParams.set(k, v));
        next.searchParams.set('page', String(p));
        return next.toString();
      };
      const links = [...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []), ...(page > 1 ? [`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`] : [])];
      return [all.slice((page - 1) * size, page * size), links.length > 0 ? { link: links.join(', ') } : {}];
    };
    if (rest === '/issues') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '');
      const state = url.searchParams.get('state') ?? 'open';
      const since = url.searchParams.get('since');
      const all = (repo.issues ?? [])
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .filter((i) => state === 'all' || (i.state ?? 'open') === state)
        .filter((i) => since === null || Date.parse(i.createdAt) >= Date.parse(since))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number - a.number);
      const web = `https://github.com/${owner}/${name}`;
      const [items, headers] = paged(all, '/issues');
      send(200, items.map((i) => ({
        id: 1000 + i.number,
        node_id: `I_${i.number}`,
        url: `${base}/issues/${i.number}`,
        repository_url: base,
        html_url: `${web}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`,
        number: i.number,
        state: i.state ?? 'open',
        title: i.title,
        body: i.body,
        user: { login: i.author, id: 1, type: 'User' },
        labels: i.labels.map((l, n) => ({ id: n + 1, node_id: `LA_${n}`, url: `${base}/labels/${encodeURIComponent(l)}`, name: l, description: null, color: 'ededed', default: false })),
        assignee: null,
        assignees: [],
        milestone: null,
        locked: false,
        comments: 0,
        ...(i.pullRequest ? { pull_request: { url: `${base}/pulls/${i.number}`, html_url: `${web}/pull/${i.number}`, diff_url: null, patch_url: null } } : {}),
        closed_at: i.state === 'closed' ? i.createdAt : null,
        created_at: i.createdAt,
        updated_at: i.createdAt,
        author_association: 'MEMBER',
        reactions: {
          'url': `${base}/issues/${i.number}/reactions`,
          'total_count': i.reactions ?? 0,
          '+1': i.reactions ?? 0,
          '-1': 0,
          'laugh': 0,
          'hooray': 0,
          'confused': 0,
          'heart': 0,
          'rocket': 0,
          'eyes': 0,
        },
      })), headers);
      return;
    }
    if (rest === '/deployments') {
      const environment = url.searchParams.get('environment');
      const all = repo.deployments.filter((d) => environment === null || d.environment === environment)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
      const [items, headers] = paged(all, '/deployments');
      send(200, items.map((d) => ({
        url: `${base}/deployments/${d.id}`,
        id: d.id,
        node_id: `DE_${d.id}`,
        sha: d.sha,
        ref: 'main',
        task: 'deploy',
        payload: {},
        original_environment: d.environment,
        environment: d.environment,
        description: null,
        creator: { login: 'github-actions[bot]', type: 'Bot' },
        created_at: d.createdAt,
        updated_at: d.statuses.at(-1)?.[1] ?? d.createdAt,
        statuses_url: `${base}/deployments/${d.id}/statuses`,
        repository_url: base,
        transient_environment: false,
        production_environment: true,
      })), headers);
      return;
    }
    const statuses = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
    if (statuses) {
      const d = repo.deployments.find((x) => x.id === Number(statuses[1]));
      if (!d) return send(404, { message: 'Not Found', documentation_url: `${DOCS}/deployments/statuses#list-deployment-statuses` });
      const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), pageSize);
      send(200, [...d.statuses].reverse().slice(0, size).map(([state, at], i) => ({
        url: `${base}/deployments/${d.id}/statuses/${i + 1}`,
        id: d.id * 100 + i,
        node_id: `DES_${d.id}_${i}`,
        state,
        creator: { login: 'github-actions[bot]' },
        description: '',
        environment: d.environment,
        target_url: '',
        log_url: '',
        created_at: at,
        updated_at: at,
        deployment_url: `${base}/deployments/${d.id}`,
        repository_url: base,
      })));
      return;
    }
    const commit = /^\/commits\/([^/]+)$/.exec(rest);
    if (commit) {
      const found = repo.commits.find(([sha]) => sha === commit[1]);
      return found ? send(200, commitJson(found[0], found[1])) : send(422, { message: 'No commit found for SHA', documentation_url: `${DOCS}/commits/commits#get-a-commit` });
    }
    const compare = /^\/compare\/([^.]+)\.\.\.([^.]+)$/.exec(rest);
    if (compare) {
      const i = repo.commits.findIndex(([sha]) => sha === compare[1]);
      const j = repo.commits.findIndex(([sha]) => sha === compare[2]);
      if (i === -1 || j === -1) return send(404, { message: 'Not Found', documentation_url: `${DOCS}/commits/commits#compare-two-commits` });
      const commits = repo.commits.slice(i + 1, j + 1).map(([sha, date]) => commitJson(sha, date));
      send(200, {
        url: `${base}/compare/${compare[1]}...${compare[2]}`,
        status: 'ahead',
        ahead_by: commits.length,
        behind_by: 0,
        total_commits: commits.length,
        base_commit: commitJson(...repo.commits[i]),
        merge_base_commit: commitJson(...repo.commits[i]),
        commits,
        files: [],
      });
      return;
    }
    send(404, { message: 'Not Found', documentation_url: DOCS });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
