import { DNS_SUBDOMAIN } from './constants';
import type { PropProblem } from './errors';
import { unresolved } from './validation';

/**
 * Checks of the names and values that go into a Kubernetes pod spec, each
 * returning a {@link PropProblem} or `undefined`. Unresolved tokens are never
 * judged: their value is only known at apply time.
 */

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Names that look like they hold a credential; their values belong in a Secret. */
const SECRET_LIKE = /(PASSWORD|PASSWD|(^|_)PASS(_|$)|(^|_)PWD(_|$)|(^|_)AUTH(_|$)|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;

/** An environment variable name: a C identifier, the form every runtime and shell accepts. */
export function envNameProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && C_IDENTIFIER.test(value)) return undefined;
  const suggestion = String(value).toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(?=\d)/, '_') || 'MY_VARIABLE';
  return {
    prop,
    value,
    problem: 'is not a valid environment variable name (letters, digits and "_", not starting with a digit)',
    fix: `use a name such as "${suggestion}"`,
  };
}

/** The name of a Secret or ConfigMap: a DNS-1123 subdomain of at most 253 characters. */
export function objectNameProblem(prop: string, value: string, kind: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value)) return undefined;
  return {
    prop,
    value,
    problem: `is not a valid ${kind} name (lowercase letters, digits, "-" and ".", at most 253 characters)`,
    fix: `use the ${kind}'s metadata.name as it is in the namespace`,
  };
}

/** A key of a Secret or ConfigMap: letters, digits, "-", "_" and ".". */
export function configKeyProblem(prop: string, value: string, kind: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= 253 && CONFIG_KEY.test(value)) return undefined;
  return { prop, value, problem: `is not a valid ${kind} key (letters, digits, "-", "_" and ".")`, fix: `use a key of the ${kind}'s data exactly as written there` };
}

/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
export function labelValueProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value)) return undefined;
  return {
    prop,
    value,
    problem: 'cannot be a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    fix: 'use a short name such as "commerce"',
  };
}

/** A container image tag. */
export function imageTagProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && IMAGE_TAG.test(value)) return undefined;
  return { prop, value, problem: 'is not a valid image tag (up to 128 letters, digits, "_", "." and "-", not starting with "." or "-")', fix: 'use a tag such as "bootstrap" or a commit sha' };
}

/** Whether a variable name suggests its value is a credential. */
export function looksSecret(name: string): boolean {
  return SECRET_LIKE.test(name);
}
