import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { Platform, PlatformFoundation, TeamOnboarding } from '../../src';
import { formAnswers } from '../../src/metrics/feedback';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import {
  FEATURE_REQUEST_FORM_PATH, featureRequestForm, ISSUE_LABELS, PLATFORM_FEEDBACK_FORM_PATH, platformFeedbackForm,
} from '../../src/scaffold/feedback-forms';
import { answered } from '../metrics/recorded-organization';
import { APP_PLATFORM_PROPS } from '../util';

/**
 * The feedback loop's issue forms, checked key by key against GitHub's
 * documented syntax (no published schema or validator for issue forms is on
 * npm):
 * - top level: https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms#top-level-syntax
 * - body elements, their attributes and validations:
 *   https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-githubs-form-schema
 * - the errors GitHub shows for a form it refuses (unique ids and labels, ids of
 *   letters, digits, - and _, "None" reserved in options, forbidden keys, at least
 *   one field that is not markdown, no empty string):
 *   https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/common-validation-errors-when-creating-issue-forms
 * and the labels against GitHub's label rules (a colour of six hex digits without
 * `#`, a description of at most 100 characters:
 * https://docs.github.com/en/rest/issues/labels#create-a-label).
 */

const TOP_LEVEL = new Set(['name', 'description', 'body', 'assignees', 'labels', 'title', 'projects', 'type']);
const ATTRIBUTES: Record<string, { allowed: string[]; required: string[] }> = {
  markdown: { allowed: ['value'], required: ['value'] },
  textarea: { allowed: ['label', 'description', 'placeholder', 'value', 'render'], required: ['label'] },
  input: { allowed: ['label', 'description', 'placeholder', 'value'], required: ['label'] },
  dropdown: { allowed: ['label', 'description', 'multiple', 'options', 'default'], required: ['label', 'options'] },
  checkboxes: { allowed: ['label', 'description', 'options'], required: ['label', 'options'] },
};
const FORBIDDEN_KEYS = /^(y|yes|n|no|true|false|on|off)$/i;

/** Every way `yaml` breaks GitHub's documented issue form syntax; none for a valid form. */
function issueFormProblems(text: string): string[] {
  const problems: string[] = [];
  const form = parse(text);
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (typeof form !== 'object' || form === null || Array.isArray(form)) return ['the form is not a map'];
  for (const key of Object.keys(form)) {
    if (!TOP_LEVEL.has(key)) problems.push(`${key} is not a permitted key`);
    if (FORBIDDEN_KEYS.test(key)) problems.push(`${key} is a forbidden key`);
  }
  for (const key of ['name', 'description']) if (!nonEmpty(form[key])) problems.push(`${key} must be a non-empty string`);
  if (form.title !== undefined && !nonEmpty(form.title)) problems.push('title must be a non-empty string');
  if (form.labels !== undefined && !(nonEmpty(form.labels) || (Array.isArray(form.labels) && form.labels.every(nonEmpty)))) problems.push('labels must be a list of names');
  if (!Array.isArray(form.body) || form.body.length === 0) return [...problems, 'body must be a non-empty list'];
  const ids = new Set<string>();
  const labels = new Set<string>();
  form.body.forEach((element: any, i: number) => {
    const at = `body[${i}]`;
    for (const key of Object.keys(element)) if (!['type', 'id', 'attributes', 'validations'].includes(key)) problems.push(`${at}: ${key} is not a permitted key`);
    const spec = ATTRIBUTES[element.type];
    if (!spec) return problems.push(`${at}: ${element.type} is not a valid input type`);
    const attributes = element.attributes ?? {};
    for (const key of Object.keys(attributes)) if (!spec.allowed.includes(key)) problems.push(`${at}: ${key} is not a permitted attribute`);
    for (const key of spec.required) if (attributes[key] === undefined) problems.push(`${at}: required attribute key ${key} is missing`);
    for (const key of ['label', 'description', 'placeholder', 'value', 'render']) {
      if (attributes[key] !== undefined && !nonEmpty(attributes[key])) problems.push(`${at}: ${key} must be a non-empty string`);
    }
    if (element.type === 'markdown') {
      if (element.id !== undefined || element.validations !== undefined) problems.push(`${at}: markdown takes no id or validations`);
      return undefined;
    }
    if (element.id !== undefined) {
      if (!/^[A-Za-z0-9_-]+$/.test(String(element.id))) problems.push(`${at}: id can only contain numbers, letters, -, _`);
      if (ids.has(element.id)) problems.push(`${at}: body must have unique ids`);
      ids.add(element.id);
    }
    // Labels become references through Rails' parameterize: distinct after it too.
    const reference = String(attributes.label).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-|-$/g, '');
    if (labels.has(reference)) problems.push(`${at}: body must have unique labels`);
    labels.add(reference);
    if (/password/i.test(attributes.label)) problems.push(`${at}: label contains a forbidden word`);
    if (element.validations !== undefined) {
      for (const [key, value] of Object.entries(element.validations)) {
        if (key !== 'required' || typeof value !== 'boolean') problems.push(`${at}: validations.${key} is not permitted`);
      }
    }
    if (element.type === 'dropdown') {
      const options = attributes.options;
      if (!Array.isArray(options) || options.length === 0 || !options.every(nonEmpty)) {problems.push(`${at}: options must be a non-empty list of strings`);} else {
        if (new Set(options).size !== options.length) problems.push(`${at}: options must be unique`);
        if (options.some((o: string) => o.toLowerCase() === 'none')) problems.push(`${at}: options must not include the reserved word, none`);
      }
      if (attributes.multiple !== undefined && typeof attributes.multiple !== 'boolean') problems.push(`${at}: multiple must be a boolean`);
    }
    return undefined;
  });
  if (form.body.every((e: any) => e.type === 'markdown')) problems.push('body must contain at least one non-markdown field');
  return problems;
}

describe('the feedback forms', () => {
  test.each([
    ['the survey in the platform repository', platformFeedbackForm()],
    ['the survey in a team repository', platformFeedbackForm('payments')],
    ['the feature request in the platform repository', featureRequestForm()],
    ['the feature request in a team repository', featureRequestForm('payments')],
  ])('%s follows GitHub\'s issue form syntax', (_name, form) => {
    expect(issueFormProblems(form)).toEqual([]);
  });

  test('the checker finds what GitHub refuses', () => {
    const form = parse(platformFeedbackForm());
    const broken = {
      ...form,
      on: 'push',
      body: [...form.body, { type: 'dropdown', id: 'nps', attributes: { label: 'How likely are you to recommend the platform to a colleague?', options: ['None', 'a', 'a'] } }],
    };
    expect(issueFormProblems(JSON.stringify(broken))).toEqual([
      'on is not a permitted key', 'on is a forbidden key',
      'body[6]: body must have unique ids', 'body[6]: body must have unique labels',
      'body[6]: options must be unique', 'body[6]: options must not include the reserved word, none',
    ]);
  });

  test('asks the score from 0 to 10 and ease of use from 1 to 5 as dropdowns, labelled platform-feedback', () => {
    const form = parse(platformFeedbackForm());
    expect(form.labels).toEqual(['platform-feedback']);
    const [nps, ease] = form.body.filter((e: any) => e.type === 'dropdown');
    expect(nps.attributes.options.map((o: string) => parseInt(o, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ease.attributes.options.map((o: string) => parseInt(o, 10))).toEqual([1, 2, 3, 4, 5]);
    expect(form.body.filter((e: any) => e.type === 'textarea').map((e: any) => e.attributes.label)).toEqual(['What do you value most?', 'What should we improve first?']);
    expect(parse(featureRequestForm()).labels).toEqual(['platform-feature-request']);
  });

  test('a team\'s form names the team, as YAML text whatever it holds', () => {
    const hostile = 'x: y # \'z\' "${var.a}"\n- b';
    const team = (form: string) => parse(form).body.find((e: any) => e.id === 'team').attributes;
    expect(team(platformFeedbackForm(hostile))).toMatchObject({ label: 'Your team', value: hostile });
    expect(team(featureRequestForm('payments')).value).toBe('payments');
    expect(team(featureRequestForm()).value).toBeUndefined();
  });

  test('what GitHub writes of an answer reads back by the same labels', () => {
    const body = answered(platformFeedbackForm('payments'), { nps: '10 (extremely likely)', ease: '4 (easy)', valued: 'Deploys\n\nin minutes' });
    expect(Object.fromEntries(formAnswers(body))).toEqual({
      'How likely are you to recommend the platform to a colleague?': '10 (extremely likely)',
      'How easy is the platform to use?': '4 (easy)',
      'What do you value most?': 'Deploys\n\nin minutes',
      'What should we improve first?': '',
      'Your team': 'payments',
    });
  });

  test('labels GitHub accepts', () => {
    expect(ISSUE_LABELS.map((l) => l.name)).toEqual(['platform-feedback', 'platform-feature-request', 'effort: S', 'effort: M', 'effort: L', 'effort: XL']);
    for (const label of ISSUE_LABELS) {
      expect({ label: label.name, color: /^[0-9a-f]{6}$/.test(label.color), description: label.description.length <= 100 }).toEqual({ label: label.name, color: true, description: true });
    }
  });
});

describe('the platform commits the forms and their labels', () => {
  let out: string;
  const stack = (name: string) => JSON.parse(fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8'));

  beforeAll(() => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'feedback-forms-')) });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2, platformRepository: 'acme-platform' });
    new PlatformFoundation(platform, 'foundation');
    new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    app.synth();
    out = app.outdir;
  });

  test('into the team\'s infrastructure repository, kept by the platform like its other files', () => {
    const onboarding = stack('onboarding-payments');
    const files = Object.values<any>(onboarding.resource.github_repository_file);
    const file = (name: string) => files.find((f) => f.file === name);
    expect(fromTerraformLiteral(file(PLATFORM_FEEDBACK_FORM_PATH).content)).toBe(platformFeedbackForm('payments'));
    expect(fromTerraformLiteral(file(FEATURE_REQUEST_FORM_PATH).content)).toBe(featureRequestForm('payments'));
    expect(file(PLATFORM_FEEDBACK_FORM_PATH)).toMatchObject({ branch: 'main', overwrite_on_create: true, repository: expect.stringMatching(/^\$\{github_repository\.payments_infrastructure-repository_\w+\.name\}$/) });
    const ruleset = Object.values<any>(onboarding.resource.github_repository_ruleset).find((r) => r.name === 'golden-path-platform-files');
    expect(ruleset.rules.file_path_restriction.restricted_file_paths)
      .toEqual(expect.arrayContaining([PLATFORM_FEEDBACK_FORM_PATH, FEATURE_REQUEST_FORM_PATH]));
    const labels = Object.values<any>(onboarding.resource.github_issue_label);
    expect(labels.map((l) => [l.name, l.color, l.description]).sort()).toEqual(ISSUE_LABELS.map((l) => [l.name, l.color, l.description]).sort());
    expect(new Set(labels.map((l) => l.repository))).toEqual(new Set([file(PLATFORM_FEEDBACK_FORM_PATH).repository]));
  });

  test('and the labels into the platform repository, whose forms golden-paths init writes', () => {
    const labels = Object.values<any>(stack('foundation').resource.github_issue_label);
    expect(labels.map((l) => [l.repository, l.name]).sort()).toEqual(ISSUE_LABELS.map((l) => ['acme-platform', l.name]).sort());
  });
});
