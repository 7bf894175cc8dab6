/**
 * Terraform's reading of JSON configuration, so that the guardrails judge
 * what Terraform will create rather than what `JSON.parse` keeps.
 *
 * Terraform's JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json,
 * "Nested Block Mapping", and HCL's JSON specification) reads a block type's
 * value as an object or as an array of objects at every level: `"resource"`,
 * a resource type, and a resource's body alike. The same holds for a
 * property name that appears twice in one object: each is a block of its own
 * (two `"resource"` keys are two sets of resources, two `"container"` keys two
 * containers), and an argument given twice is an error
 * (https://discuss.hashicorp.com/t/aws-multiple-regions-in-json-format/4766).
 * `JSON.parse` keeps the last of the duplicates, so a rule would judge
 * another configuration than Terraform's: the command refuses a file with
 * duplicate keys ({@link duplicateKeys}), and the engine reads the array forms
 * into the one form cdktf writes ({@link readAsTerraform}).
 */

/** Why a configuration cannot be judged as Terraform reads it. */
export class TerraformReadingError extends Error {
  /** @param file the file it is about, when known */
  public constructor(message: string, public readonly file?: string) {
    super(message);
  }
}

/** A key that appears twice in one object of a JSON text. */
export interface DuplicateKey {
  /** The JSON pointer of the key (in the object that holds it twice). */
  readonly pointer: string;
  /** The line of its second appearance. */
  readonly line: number;
}

interface Frame {
  readonly object: boolean;
  readonly pointer: string;
  readonly keys?: Set<string>;
  expectKey: boolean;
  lastKey: string;
  index: number;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function childPointer(parent: Frame | undefined): string {
  if (parent === undefined) return '';
  return `${parent.pointer}/${parent.object ? escapePointer(parent.lastKey) : parent.index}`;
}

/**
 * The keys that appear more than once in one object of `text`, a JSON text
 * that `JSON.parse` has accepted (at most `limit` of them).
 *
 * A scan of the text, not a parser package: the library has no runtime
 * dependency, and a text already known to be JSON needs only its strings,
 * braces, brackets and commas followed. It walks without recursion, so no
 * nesting overflows it.
 */
export function duplicateKeys(text: string, limit = 20): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys!.has(key)) {
          found.push({ pointer: `${top.pointer}/${escapePointer(key)}`, line });
          if (found.length >= limit) return found;
        } else {
          top.keys!.add(key);
        }
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j;
      continue;
    }
    switch (c) {
      case '\n': line++; break;
      case '{': stack.push({ object: true, pointer: childPointer(stack[stack.length - 1]), keys: new Set(), expectKey: true, lastKey: '', index: 0 }); break;
      case '[': stack.push({ object: false, pointer: childPointer(stack[stack.length - 1]), expectKey: false, lastKey: '', index: 0 }); break;
      case '}': case ']': stack.pop(); break;
      case ',': {
        const top = stack[stack.length - 1];
        if (top?.object) top.expectKey = true;
        else if (top) top.index++;
        break;
      }
      default: break;
    }
  }
  return found;
}

/** One configuration file's JSON, and where it comes from (for messages). */
export interface ConfigurationSource {
  readonly json: unknown;
  /** The file, or undefined for a configuration in memory. */
  readonly file?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The objects of a block level: an object, or each object of an array (anything else, which Terraform refuses, holds none). */
function objects(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The bodies given for one set of labels: an object, or an array of objects (each a block). */
function bodies(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}


/** Terraform's own words for a second block of the same kind and labels. */
const DUPLICATE: Readonly<Record<string, string>> = {
  resource: 'Duplicate resource configuration',
  data: 'Duplicate data configuration',
  variable: 'Duplicate variable declaration',
  output: 'Duplicate output definition',
  locals: 'Duplicate local value definition',
};

/**
 * One configuration, in the form cdktf writes (`resource.<type>.<name>` and
 * `data.<type>.<name>` objects, `provider.<name>` arrays, `variable.<name>`,
 * `output.<name>` and `locals` objects), from one or more files of a module
 * as Terraform reads them: array forms are read as the blocks they hold, and
 * the files' blocks are put together, as Terraform treats a folder's files
 * as one document. A block declared twice (same kind and labels), which
 * Terraform refuses, is refused with Terraform's words; other top-level
 * blocks (`terraform`, `module`, ...) are kept as the first file has them.
 */
export function readAsTerraform(sources: readonly ConfigurationSource[]): Record<string, unknown> {
  const written = sources.length === 1 ? inCdktfForm(sources[0].json) : undefined;
  if (written !== undefined) return written;
  const labelled = { resource: new Map<string, Map<string, unknown>>(), data: new Map<string, Map<string, unknown>>() };
  const providers = new Map<string, unknown[]>();
  const single = { variable: new Map<string, unknown>(), output: new Map<string, unknown>(), locals: new Map<string, unknown>() };
  const origin = new Map<string, ConfigurationSource>();
  const rest: Record<string, unknown> = {};
  const claim = (kind: string, address: string, source: ConfigurationSource) => {
    const key = `${kind} ${address}`;
    const first = origin.get(key);
    if (first !== undefined) {
      const also = first !== source && first.file !== undefined ? ` (and in ${first.file})` : '';
      throw new TerraformReadingError(`${kind} ${address} is declared twice${also}: Terraform refuses the configuration ("${DUPLICATE[kind]}"). Fix: declare it once, or synthesize again`, source.file);
    }
    origin.set(key, source);
  };

  for (const source of sources) {
    if (!isObject(source.json)) throw new TerraformReadingError('is not a JSON object, which Terraform\'s JSON syntax needs at the root of a file. Fix: give the configuration cdktf synth writes', source.file);
    for (const [block, value] of Object.entries(source.json)) {
      if (block === 'resource' || block === 'data') {
        for (const byType of objects(value)) {
          for (const [type, byName] of Object.entries(byType)) {
            for (const names of objects(byName)) {
              for (const [name, body] of Object.entries(names)) {
                for (const b of bodies(body)) {
                  claim(block, `${block === 'data' ? 'data.' : ''}${type}.${name}`, source);
                  const types = labelled[block];
                  if (!types.has(type)) types.set(type, new Map());
                  types.get(type)!.set(name, b);
                }
              }
            }
          }
        }
      } else if (block === 'provider') {
        for (const byName of objects(value)) {
          for (const [name, body] of Object.entries(byName)) providers.set(name, [...(providers.get(name) ?? []), ...bodies(body)]);
        }
      } else if (block === 'variable' || block === 'output') {
        for (const byName of objects(value)) {
          for (const [name, body] of Object.entries(byName)) {
            for (const b of bodies(body)) {
              claim(block, `${block === 'variable' ? 'var' : 'output'}.${name}`, source);
              single[block].set(name, b);
            }
          }
        }
      } else if (block === 'locals') {
        for (const locals of objects(value)) {
          for (const [name, v] of Object.entries(locals)) {
            if (name === '//') continue;
            claim('locals', `local.${name}`, source);
            single.locals.set(name, v);
          }
        }
      } else if (!Object.prototype.hasOwnProperty.call(rest, block)) {
        // Own keys only: a block named "__proto__" is a key like any other, never the object's prototype.
        Object.defineProperty(rest, block, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }

  const fromMap = (m: Map<string, unknown>) => Object.fromEntries(m);
  const config: Record<string, unknown> = { ...rest };
  if (labelled.resource.size > 0) config.resource = Object.fromEntries([...labelled.resource].map(([t, m]) => [t, fromMap(m)]));
  if (labelled.data.size > 0) config.data = Object.fromEntries([...labelled.data].map(([t, m]) => [t, fromMap(m)]));
  if (providers.size > 0) config.provider = Object.fromEntries(providers);
  if (single.variable.size > 0) config.variable = fromMap(single.variable);
  if (single.output.size > 0) config.output = fromMap(single.output);
  if (single.locals.size > 0) config.locals = fromMap(single.locals);
  return config;
}

/** Whether every value of an object is a non-empty object (a block type's names, or a name's bodies, in cdktf's form). */
function allNamed(value: unknown): value is Record<string, Record<string, unknown>> {
  if (!isObject(value)) return false;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const byName = value[key];
    if (!isObject(byName)) return false;
    let names = 0;
    for (const name in byName) {
      if (!Object.prototype.hasOwnProperty.call(byName, name)) continue;
      if (Array.isArray(byName[name])) return false;
      names++;
    }
    if (names === 0) return false;
  }
  return true;
}

/** Whether every value of an object is a body, not an array of them. */
function noArrays(value: unknown): value is Record<string, unknown> {
  return isObject(value) && Object.values(value).every((v) => !Array.isArray(v));
}

/**
 * {@link readAsTerraform} of one configuration already in the form cdktf
 * writes (every block an object, none given twice, no empty set of names):
 * the same object, sharing the resources, data sources, variables and
 * outputs of `json` rather than copying them. Undefined for any other
 * configuration, which the general reading takes.
 */
function inCdktfForm(json: unknown): Record<string, unknown> | undefined {
  if (!isObject(json)) return undefined;
  const { resource, data, provider, variable, output, locals } = json;
  if (resource !== undefined && !allNamed(resource)) return undefined;
  if (data !== undefined && !allNamed(data)) return undefined;
  if (provider !== undefined && !isObject(provider)) return undefined;
  if (variable !== undefined && !noArrays(variable)) return undefined;
  if (output !== undefined && !noArrays(output)) return undefined;
  if (locals !== undefined && !isObject(locals)) return undefined;
  const config: Record<string, unknown> = {};
  for (const [block, value] of Object.entries(json)) {
    if (['resource', 'data', 'provider', 'variable', 'output', 'locals'].includes(block)) continue;
    // Own keys only, as the general reading keeps them.
    Object.defineProperty(config, block, { value, enumerable: true, writable: true, configurable: true });
  }
  const nonEmpty = (v: Record<string, unknown> | undefined) => v !== undefined && Object.keys(v).length > 0;
  if (nonEmpty(resource as Record<string, unknown>)) config.resource = resource;
  if (nonEmpty(data as Record<string, unknown>)) config.data = data;
  if (nonEmpty(provider as Record<string, unknown>)) {
    config.provider = Object.fromEntries(Object.entries(provider as Record<string, unknown>).map(([name, body]) => [name, bodies(body).slice()]));
  }
  if (nonEmpty(variable as Record<string, unknown>)) config.variable = variable;
  if (nonEmpty(output as Record<string, unknown>)) config.output = output;
  const named = isObject(locals) ? Object.entries(locals).filter(([name]) => name !== '//') : [];
  if (named.length > 0) config.locals = Object.fromEntries(named);
  return config;
}
