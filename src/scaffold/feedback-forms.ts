import { MANAGED_BY } from '../private/constants';
import { toYaml, type YamlMap } from '../private/yaml-writer';

/**
 * The platform's feedback loop, as GitHub issue forms: the survey
 * (`platform-feedback.yml`: how likely the person is to recommend the
 * platform, 0 to 10, how easy it is to use, 1 to 5, what they value most and
 * what to improve) and the feature request (`platform-feature-request.yml`).
 * The platform repository (`golden-paths init --platform-repository`) and
 * every team infrastructure repository the platform creates hold both;
 * `golden-paths metrics` reads the issues they open by their labels.
 *
 * The syntax is GitHub's issue forms
 * (https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms)
 * and form schema
 * (https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-githubs-form-schema).
 * GitHub writes each answer into the issue's body under its field's label, as
 * `### <label>`, a blank line and the answer (`_No response_` when left
 * empty): the labels below are what `metrics` reads back, so they live here
 * once. Labels a form names are applied only when the repository has them:
 * the platform creates them (`ISSUE_LABELS`).
 */

/** Where the survey lives in a repository. */
export const PLATFORM_FEEDBACK_FORM_PATH = '.github/ISSUE_TEMPLATE/platform-feedback.yml';
/** Where the feature request lives in a repository. */
export const FEATURE_REQUEST_FORM_PATH = '.github/ISSUE_TEMPLATE/platform-feature-request.yml';

/** The label of survey answers. */
export const FEEDBACK_LABEL = 'platform-feedback';
/** The label of feature requests. */
export const FEATURE_REQUEST_LABEL = 'platform-feature-request';

/**
 * The effort a platform team puts on a feature request, as a label
 * `effort: <size>`, and the points each size weighs in the roadmap (impact
 * over effort): each size is about twice the one before.
 */
export const EFFORT_SIZES: ReadonlyArray<{ readonly size: string; readonly points: number; readonly description: string }> = [
  { size: 'S', points: 1, description: 'Effort: a few days' },
  { size: 'M', points: 2, description: 'Effort: about a week' },
  { size: 'L', points: 4, description: 'Effort: a few weeks' },
  { size: 'XL', points: 8, description: 'Effort: a quarter or more' },
];

/** The label of an effort size (`effort: M`). */
export function effortLabel(size: string): string {
  return `effort: ${size}`;
}

/** The labels the forms and the roadmap use, with their colours and descriptions, as the platform creates them in each repository. */
export const ISSUE_LABELS: ReadonlyArray<{ readonly name: string; readonly color: string; readonly description: string }> = [
  { name: FEEDBACK_LABEL, color: '0e8a16', description: `An answer to the platform survey (${MANAGED_BY}): golden-paths metrics reads it` },
  { name: FEATURE_REQUEST_LABEL, color: '1d76db', description: `A feature request to the platform team (${MANAGED_BY}): golden-paths metrics ranks it` },
  ...EFFORT_SIZES.map((e) => ({ name: effortLabel(e.size), color: 'c5def5', description: `${e.description}; the platform team sizes a feature request with one` })),
];

/** The fields' labels: the headings GitHub writes the answers under. */
export const FEEDBACK_FIELDS = {
  nps: 'How likely are you to recommend the platform to a colleague?',
  ease: 'How easy is the platform to use?',
  valued: 'What do you value most?',
  improve: 'What should we improve first?',
  team: 'Your team',
} as const;

/** The feature request's fields' labels. */
export const FEATURE_REQUEST_FIELDS = {
  what: 'What should the platform do?',
  why: 'Why does your team need it?',
  team: 'Your team',
} as const;

/** The survey's scores as the dropdowns offer them: the number first, which is what is read. */
export const NPS_OPTIONS: readonly string[] = Array.from({ length: 11 }, (_, i) => (i === 0 ? '0 (not at all likely)' : i === 10 ? '10 (extremely likely)' : `${i}`));
export const EASE_OPTIONS: readonly string[] = ['1 (very hard)', '2 (hard)', '3 (neither easy nor hard)', '4 (easy)', '5 (very easy)'];

/** The team field: filled in with the team in its own repository. */
function teamField(id: string, team: string | undefined): YamlMap {
  return {
    type: 'input',
    id,
    attributes: {
      label: FEEDBACK_FIELDS.team,
      description: 'The team you work in, so that the platform team sees which teams ask for what.',
      ...(team === undefined ? { placeholder: 'payments' } : { value: team }),
    },
  };
}

/**
 * The survey form. `team`: the team whose repository holds it (its field is
 * filled in); none in the platform repository. GitHub applies `required` in
 * public repositories only, so every answer is read as optional.
 */
export function platformFeedbackForm(team?: string): string {
  return toYaml({
    name: 'Platform feedback',
    description: 'Tell the platform team how the platform works for you (two minutes, four questions).',
    title: 'Platform feedback',
    labels: [FEEDBACK_LABEL],
    body: [
      {
        type: 'markdown',
        attributes: { value: 'The platform team reads every answer: the scores make the platform\'s Net Promoter Score and ease of use, which it reports with the delivery metrics.' },
      },
      {
        type: 'dropdown',
        id: 'nps',
        attributes: { label: FEEDBACK_FIELDS.nps, description: 'From 0 (not at all likely) to 10 (extremely likely).', options: [...NPS_OPTIONS] },
        validations: { required: true },
      },
      {
        type: 'dropdown',
        id: 'ease',
        attributes: { label: FEEDBACK_FIELDS.ease, description: 'From 1 (very hard) to 5 (very easy).', options: [...EASE_OPTIONS] },
        validations: { required: true },
      },
      { type: 'textarea', id: 'valued', attributes: { label: FEEDBACK_FIELDS.valued, description: 'What saves you the most time or worry?' } },
      { type: 'textarea', id: 'improve', attributes: { label: FEEDBACK_FIELDS.improve, description: 'What slows you down, or what is missing?' } },
      teamField('team', team),
    ],
  }, [`Managed by ${MANAGED_BY}: the platform keeps this form, and golden-paths metrics reads the answers by their headings.`]);
}

/** The feature request form; `team` as for the survey. */
export function featureRequestForm(team?: string): string {
  return toYaml({
    name: 'Platform feature request',
    description: 'Ask the platform team for something the platform does not do yet.',
    title: '[Platform] ',
    labels: [FEATURE_REQUEST_LABEL],
    body: [
      {
        type: 'markdown',
        attributes: {
          value: 'Open requests make the platform\'s roadmap, ranked by impact (the teams asking and the reactions: add a :+1: to a request you share rather than opening another) over effort (the platform team\'s `effort:` label).',
        },
      },
      { type: 'textarea', id: 'what', attributes: { label: FEATURE_REQUEST_FIELDS.what, description: 'What you want to do, and what you do today instead.' }, validations: { required: true } },
      { type: 'textarea', id: 'why', attributes: { label: FEATURE_REQUEST_FIELDS.why, description: 'What it would save or make possible.' } },
      teamField('team', team),
    ],
  }, [`Managed by ${MANAGED_BY}: the platform keeps this form, and golden-paths metrics ranks the open requests.`]);
}

/** Both forms by their path in a repository. */
export function feedbackForms(team?: string): { readonly [path: string]: string } {
  return { [PLATFORM_FEEDBACK_FORM_PATH]: platformFeedbackForm(team), [FEATURE_REQUEST_FORM_PATH]: featureRequestForm(team) };
}
