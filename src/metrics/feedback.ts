import {
  EFFORT_SIZES, effortLabel, FEATURE_REQUEST_FIELDS, FEEDBACK_FIELDS,
} from '../scaffold/feedback-forms';

/**
 * The feedback loop's figures, from the issues the platform's forms open
 * (see scaffold/feedback-forms.ts): the Net Promoter Score and the mean ease
 * of use of the survey's answers, and the roadmap of open feature requests
 * ranked by impact over effort. Pure functions of the issues, so that a test
 * can compute every figure by hand.
 */

/** An issue as `metrics` reads it from GitHub's list of a repository's issues. */
export interface FeedbackIssue {
  /** `owner/repo`. */
  readonly repository: string;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  /** The author's login. */
  readonly author: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly url: string;
  readonly labels: readonly string[];
  /** `reactions.total_count`. */
  readonly reactions: number;
}

/** A survey answer that could not be read, and why. */
export interface SkippedAnswer {
  readonly url: string;
  readonly reason: string;
}

/** The survey's figures over a window. */
export interface FeedbackFigures {
  /** Answers read in the window: each person's latest. */
  readonly answers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Net Promoter Score: % promoters (9-10) minus % detractors (0-6), rounded; none without answers. */
  readonly nps?: number;
  /** The mean ease of use, 1 to 5, of the answers that gave one. */
  readonly easeOfUse?: number;
  readonly easeAnswers: number;
  /** Survey issues in the window whose body could not be read (edited, or opened without the form). */
  readonly skipped: readonly SkippedAnswer[];
}

/** One open feature request on the roadmap (requests with the same title, across repositories, are one). */
export interface RoadmapItem {
  readonly title: string;
  /** The issues asking for it. */
  readonly issues: readonly string[];
  /** The distinct teams asking (the form's team field, else the repository's team). */
  readonly teams: readonly string[];
  /** Reactions on its issues (`reactions.total_count`, summed). */
  readonly reactions: number;
  /** One point per team asking and one per reaction. */
  readonly impact: number;
  /** The size of its `effort:` label (the largest, when its issues differ); none until the platform team sizes it. */
  readonly effort?: string;
  readonly effortPoints?: number;
  /** Impact over effort points, the roadmap's order; none without an effort. */
  readonly score?: number;
}

/** What GitHub writes for an empty answer, and for a dropdown left unchosen (`None` is reserved for it). */
const NO_RESPONSE = new Set(['_No response_', 'None']);

/**
 * The answers of an issue form's body by their field's label: GitHub writes
 * each as `### <label>`, a blank line and the answer; an empty one is
 * `_No response_`, or `None` for a dropdown left unchosen (both read as no
 * answer).
 */
export function formAnswers(body: string): Map<string, string> {
  const answers = new Map<string, string>();
  const parts = body.replace(/\r\n/g, '\n').split(/^### /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const label = (newline === -1 ? part : part.slice(0, newline)).trim();
    const answer = newline === -1 ? '' : part.slice(newline + 1).trim();
    if (!answers.has(label)) answers.set(label, NO_RESPONSE.has(answer) ? '' : answer);
  }
  return answers;
}

/** The whole number a dropdown answer starts with (`10 (extremely likely)`), when it is from `min` to `max`. */
function score(answer: string | undefined, min: number, max: number): number | undefined {
  const m = /^(\d{1,2})(?:\s|\(|$)/.exec(answer ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= min && n <= max ? n : undefined;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * The survey's figures from its issues created in [since, until): each
 * person's latest answer counts once. An issue whose body has no readable
 * score (0 to 10) under the survey's question is skipped and listed.
 */
export function feedbackOf(issues: readonly FeedbackIssue[], since: Date, until: Date): FeedbackFigures {
  const inWindow = issues.filter((i) => Date.parse(i.createdAt) >= since.getTime() && Date.parse(i.createdAt) < until.getTime());
  const skipped: SkippedAnswer[] = [];
  const latest = new Map<string, { at: number; nps: number; ease?: number }>();
  for (const issue of inWindow) {
    const answers = formAnswers(issue.body);
    const npsAnswer = answers.get(FEEDBACK_FIELDS.nps);
    if (npsAnswer === undefined) {
      skipped.push({ url: issue.url, reason: `has no "### ${FEEDBACK_FIELDS.nps}" answer (opened without the form, or edited)` });
      continue;
    }
    const nps = score(npsAnswer, 0, 10);
    if (nps === undefined) {
      skipped.push({ url: issue.url, reason: npsAnswer === '' ? 'gives no score' : `gives the score "${npsAnswer.slice(0, 40)}", not a whole number from 0 to 10` });
      continue;
    }
    const ease = score(answers.get(FEEDBACK_FIELDS.ease), 1, 5);
    const at = Date.parse(issue.createdAt);
    const author = issue.author.toLowerCase();
    const before = latest.get(author);
    if (before === undefined || at >= before.at) latest.set(author, { at, nps, ...(ease !== undefined ? { ease } : {}) });
  }
  const scores = [...latest.values()];
  const promoters = scores.filter((s) => s.nps >= 9).length;
  const detractors = scores.filter((s) => s.nps <= 6).length;
  const eases = scores.flatMap((s) => (s.ease === undefined ? [] : [s.ease]));
  return {
    answers: scores.length,
    promoters,
    passives: scores.length - promoters - detractors,
    detractors,
    ...(scores.length > 0 ? { nps: Math.round(((promoters - detractors) / scores.length) * 100) } : {}),
    ...(eases.length > 0 ? { easeOfUse: round(eases.reduce((a, b) => a + b, 0) / eases.length, 2) } : {}),
    easeAnswers: eases.length,
    skipped: skipped.sort((a, b) => a.url.localeCompare(b.url)),
  };
}

const EFFORT_PREFIX = effortLabel('');

/** A request's title as its duplicates share it: the form's `[Platform]` prefix, case and spacing aside. */
function titleKey(title: string): string {
  return title.replace(/^\s*\[platform\]\s*:?\s*/i, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The roadmap: open feature requests, those with the same title one item,
 * ranked by impact (one point per team asking, one per reaction) over effort
 * (the points of its `effort:` label); requests not sized yet come last, by
 * impact. `repositoryTeams` names the team of each team repository
 * (`owner/repo`, lowercase), for requests that leave the team field empty.
 */
export function roadmapOf(requests: readonly FeedbackIssue[], repositoryTeams: ReadonlyMap<string, string>): RoadmapItem[] {
  const groups = new Map<string, FeedbackIssue[]>();
  for (const r of requests) {
    const key = titleKey(r.title);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const items = [...groups.values()].map((issues): RoadmapItem => {
    const sorted = [...issues].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.url.localeCompare(b.url));
    const teams = new Set<string>();
    for (const issue of sorted) {
      const named = formAnswers(issue.body).get(FEATURE_REQUEST_FIELDS.team)?.trim().toLowerCase();
      const team = named || repositoryTeams.get(issue.repository.toLowerCase());
      if (team) teams.add(team);
    }
    const reactions = sorted.reduce((n, i) => n + i.reactions, 0);
    const sizes = sorted.flatMap((i) => i.labels).filter((l) => l.startsWith(EFFORT_PREFIX))
      .map((l) => EFFORT_SIZES.find((e) => effortLabel(e.size).toLowerCase() === l.toLowerCase())).filter((e) => e !== undefined);
    const effort = sizes.sort((a, b) => b.points - a.points)[0];
    const impact = teams.size + reactions;
    return {
      title: sorted[0].title.replace(/^\s*\[platform\]\s*:?\s*/i, '').trim() || sorted[0].title,
      issues: sorted.map((i) => i.url),
      teams: [...teams].sort(),
      reactions,
      impact,
      ...(effort ? { effort: effort.size, effortPoints: effort.points, score: round(impact / effort.points, 2) } : {}),
    };
  });
  return items.sort((a, b) => (a.score === undefined ? 1 : 0) - (b.score === undefined ? 1 : 0)
    || (b.score ?? b.impact) - (a.score ?? a.impact) || b.impact - a.impact || a.title.localeCompare(b.title));
}
