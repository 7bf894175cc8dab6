import * as fs from 'fs';
import { CliError, fileProblem } from './cli';
import { describe, isObject } from '../platform/platform-settings';
import { nestingProblem } from '../private/json-shape';

/**
 * The JSON object in `file` (package.json, cdktf.json, services/*.json), or
 * an input error naming it: unreadable (a folder, missing), not JSON, nested
 * too deeply to walk, or not an object.
 */
export function readJson(file: string): Record<string, any> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw fileProblem(e, file) ?? e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`[${file}] is not valid JSON: ${(e as Error).message}. Fix: correct the file or restore it from version control.`);
  }
  const deep = nestingProblem(json);
  if (deep) throw new CliError(`[${file}] ${describe(deep)}`);
  if (isObject(json)) return json;
  throw new CliError(`[${file}] is not a JSON object. Fix: correct the file or restore it from version control.`);
}
