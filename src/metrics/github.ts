import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { DeploymentRun } from './dora';
import type { FeedbackIssue } from './feedback';

/**
 * What `golden-paths metrics` reads of GitHub, through its REST API with
 * Octokit: each service repository's deployments to the production
 * environments and their statuses, the commits each successful deployment
 * brought (for lead time), and when the repository was created (for the
 * time to its first production deployment). Pages are followed (Link
 * headers), and a rate limit is waited out and retried as GitHub's headers
 * say (`retry-after`, or `x-ratelimit-reset`), by Octokit's throttling plugin.
 */

/** The client's settings: where the API is, the token, and how it reports waits. */
export interface GithubAccess {
  /** `https://api.github.com`, or `https://HOSTNAME/api/v3` on GitHub Enterprise Server. */
  readonly apiUrl: string;
  readonly token?: string;
  /** Called when the client waits for a rate limit, with the seconds it waits. */
  readonly onWait?: (seconds: number, what: string) => void;
  /** How many times a rate-limited request is retried before the command gives up. */
  readonly maxRetries?: number;
}

const ThrottledOctokit = Octokit.plugin(throttling);
/** The REST client (the throttling plugin adds no method the command calls). */
export type GithubClient = Octokit;

/** A REST client for `access`. */
export function githubClient(access: GithubAccess): GithubClient {
  const maxRetries = access.maxRetries ?? 3;
  const retry = (kind: string) => (seconds: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= maxRetries) return false;
    access.onWait?.(seconds, `${kind}: ${options.method} ${options.url}`);
    return true;
  };
  return new ThrottledOctokit({
    baseUrl: access.apiUrl.replace(/\/+$/, ''),
    ...(access.token ? { auth: access.token } : {}),
    userAgent: 'cdktf-golden-paths metrics',
    throttle: { onRateLimit: retry('rate limit'), onSecondaryRateLimit: retry('secondary rate limit') },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  }) as Octokit;
}

/** A repository `owner/name`. */
export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

/** When the repository was created, ISO 8601; undefined when it does not exist (404). */
export async function repositoryCreatedAt(client: GithubClient, ref: RepositoryRef): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return data.created_at ?? undefined;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

/**
 * The deployments of a repository to `environment`, newest first, down to
 * the first successful one created before `since` (the base of the first
 * lead time in the window), each with its latest status and, when
 * successful, the authoring dates of the commits it brought.
 */
export async function deploymentRuns(client: GithubClient, ref: RepositoryRef, environment: string, since: Date): Promise<DeploymentRun[]> {
  const runs: DeploymentRun[] = [];
  pages: for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { ...ref, environment, per_page: 100 })) {
    for (const d of page.data) {
      const { data: statuses } = await client.rest.repos.listDeploymentStatuses({ ...ref, deployment_id: d.id, per_page: 1 });
      const latest = statuses[0];
      runs.push({ id: d.id, sha: d.sha, environment: d.environment ?? environment, createdAt: d.created_at, state: latest?.state ?? 'none', ...(latest ? { finishedAt: latest.created_at } : {}) });
      if (Date.parse(d.created_at) < since.getTime() && latest?.state === 'success') break pages;
    }
  }
  // Oldest first: each successful deployment brought the commits since the one before it.
  const chronological = runs.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  const result: DeploymentRun[] = [];
  let previous: DeploymentRun | undefined;
  for (const run of chronological) {
    if (run.state !== 'success') {
      result.push(run);
      continue;
    }
    const inWindow = Date.parse(run.createdAt) >= since.getTime();
    const commitDates = inWindow ? await commitsBrought(client, ref, previous?.sha, run.sha) : undefined;
    result.push(commitDates ? { ...run, commitDates } : run);
    previous = run;
  }
  return result;
}

/**
 * The authoring dates of the commits `head` brought after `base` (or of
 * `head` alone, without a base): the first 100 of the comparison, which is
 * as many as a median needs.
 */
async function commitsBrought(client: GithubClient, ref: RepositoryRef, base: string | undefined, head: string): Promise<string[]> {
  if (base === head) return [];
  if (base === undefined) {
    const { data } = await client.rest.repos.getCommit({ ...ref, ref: head });
    return data.commit.author?.date ? [data.commit.author.date] : [];
  }
  const { data } = await client.rest.repos.compareCommitsWithBasehead({ ...ref, basehead: `${base}...${head}`, per_page: 100 });
  return data.commits.map((c) => c.commit.author?.date).filter((d): d is string => typeof d === 'string');
}

/**
 * The issues of a repository with `label` (GitHub's list of a repository's
 * issues, https://docs.github.com/en/rest/issues/issues#list-repository-issues:
 * pull requests, which it lists too, left out), every page; `state` open or
 * all; `since`: updated since. Undefined when the repository does not exist
 * or the token cannot read it (404).
 */
export async function labelledIssues(
  client: GithubClient, ref: RepositoryRef, label: string, state: 'open' | 'all', since?: Date,
): Promise<FeedbackIssue[] | undefined> {
  const issues: FeedbackIssue[] = [];
  try {
    const params = { ...ref, labels: label, state, per_page: 100, ...(since ? { since: since.toISOString() } : {}) };
    for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, params)) {
      for (const i of page.data) {
        if (i.pull_request) continue;
        issues.push({
          repository: `${ref.owner}/${ref.repo}`,
          number: i.number,
          title: i.title,
          body: i.body ?? '',
          author: i.user?.login ?? '',
          createdAt: i.created_at,
          url: i.html_url,
          labels: i.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')),
          reactions: i.reactions?.total_count ?? 0,
        });
      }
    }
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
  return issues;
}
