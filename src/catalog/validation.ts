import { Token } from '../private/cdk';
import type { PropProblem } from '../private/errors';

/** Backstage's rule for entity names: 1 to 63 of [A-Za-z0-9] separated by single "-", "_" or ".". */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
/** Backstage's rule for tags: lowercase words of [a-z0-9:+#] joined by "-", at most 63 characters. */
const TAG = /^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$/;

/** Why a name cannot be a Backstage entity name (a system, for example). */
export function catalogNameProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= 63 && ENTITY_NAME.test(value)) return undefined;
  return {
    prop,
    value,
    problem: 'is not a valid catalog name: Backstage entity names (and Kubernetes label values) are 1 to 63 letters and digits, separated by single "-", "_" or "."',
    fix: `use a name such as "${String(value).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'commerce'}"`,
  };
}

/** Why a text cannot be a Backstage tag. */
export function catalogTagProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= 63 && TAG.test(value)) return undefined;
  return {
    prop,
    value,
    problem: 'is not a valid Backstage tag (lowercase letters, digits and ":+#", words joined by "-", at most 63 characters)',
    fix: `use a tag such as "${String(value).toLowerCase().replace(/[^a-z0-9:+#]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'go'}"`,
  };
}
