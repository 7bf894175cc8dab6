import * as fs from 'fs';
import Ajv from 'ajv';

/**
 * The SARIF 2.1.0 JSON schema (the OASIS schema as published, 2.1.0-rtm.5),
 * shipped by the `@microsoft/jest-sarif` devDependency.
 */
export function loadSarifSchema(): any {
  return JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
}

/**
 * A validator for SARIF logs. The schema is written in draft-04, whose only
 * difference that matters to Ajv 8 is the root `id` (now `$id`); formats are
 * checked by the small validators below.
 */
export function sarifValidator(schema: any): (log: unknown) => string[] {
  const { id, $schema: _draft, ...rest } = schema;
  // unicodeRegExp: false, as draft-04 validators compile patterns: the schema's language pattern has a stray "]".
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile({ ...rest, $id: id });
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
