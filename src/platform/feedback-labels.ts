import { Construct } from 'constructs';
import { IssueLabel } from '../private/providers/github';
import { ISSUE_LABELS } from '../scaffold/feedback-forms';

/**
 * The labels of the feedback loop in a repository: the survey's and the
 * feature request's, which the issue forms apply (GitHub applies a form's
 * label only when the repository has it:
 * https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms#top-level-syntax),
 * and the `effort:` sizes the roadmap ranks by. Each is its own
 * `github_issue_label`, so the repository's other labels stay its owners'.
 */
export function feedbackLabels(scope: Construct, repository: string): IssueLabel[] {
  return ISSUE_LABELS.map((label) => new IssueLabel(scope, `label-${label.name.replace(/[^A-Za-z0-9]+/g, '-')}`, {
    repository,
    name: label.name,
    color: label.color,
    description: label.description,
  }));
}
