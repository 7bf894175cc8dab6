import * as fs from 'fs';
// ajv (8) is installed with @backstage/catalog-model; it becomes a devDependency of its own with the SARIF schema package.
// eslint-disable-next-line import/no-extraneous-dependencies
import Ajv from 'ajv';

/**
 * The SARIF 2.1.0 JSON schema (the OASIS schema as published, 2.1.0-rtm.5),
 * from the `@microsoft/jest-sarif` devDependency, or from the file named by
 * SARIF_SCHEMA. Undefined when neither is there: the schema tests are then skipped.
 */
export function loadSarifSchema(): any {
  const candidates = [process.env.SARIF_SCHEMA];
  try {
    candidates.push(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
  } catch {
    // not installed
  }
  const file = candidates.find((f): f is string => typeof f === 'string' && fs.existsSync(f));
  return file === undefined ? undefined : JSON.parse(fs.readFileSync(file, 'utf8'));
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
