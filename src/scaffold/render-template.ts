/**
 * Where the built-in template writes a stand-in instead of `{{ key }}`: in Go
 * code a placeholder must itself be valid (an import path, the `cmd/`
 * directory, a port number, a gin route), so the tree stays a service that
 * `go vet` and `go test` accept as it is.
 */
export const STAND_INS: Readonly<Record<string, string>> = {
  'example.com/golden-path/go-microservice': 'modulePath',
  'go-microservice': 'name',
  '18080': 'containerPort',
  '/healthz': 'livenessPath',
  '/readyz': 'readinessPath',
  '19090': 'metricsPort',
  '/metrics': 'metricsPath',
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const STAND_IN = Object.keys(STAND_INS).sort((a, b) => b.length - a.length).map(escape).join('|');
const PLACEHOLDER = new RegExp(`\\{\\{ *(\\w+) *\\}\\}|(?<![\\w-])(?:${STAND_IN})(?![\\w-])`, 'g');

/** A text cut at its placeholders: the text between them, and each placeholder (its key, or the stand-in matched). */
interface CutText {
  readonly between: readonly string[];
  readonly placeholders: ReadonlyArray<{ readonly match: string; readonly key?: string }>;
}

/** Texts already cut, by text: every service of a synth renders the same template files. */
const cut = new Map<string, CutText>();
const CUT_CACHE_SIZE = 1000;

function cutText(text: string): CutText {
  let known = cut.get(text);
  if (known === undefined) {
    const between: string[] = [];
    const placeholders: Array<{ match: string; key?: string }> = [];
    let done = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      between.push(text.slice(done, m.index));
      placeholders.push({ match: m[0], key: m[1] });
      done = m.index! + m[0].length;
    }
    between.push(text.slice(done));
    known = { between, placeholders };
    if (cut.size >= CUT_CACHE_SIZE) cut.clear();
    cut.set(text, known);
  }
  return known;
}

/**
 * Replaces every `{{ key }}` with `values[key]` (unknown keys stay as they
 * are) and every stand-in with the value of its key (when `values` has it), in
 * one pass: a value is never rendered again. (What `text.replace` with the
 * placeholder pattern gives; the places of the placeholders in a text are
 * found once and remembered.)
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>): string {
  const { between, placeholders } = cutText(text);
  let out = between[0];
  for (let i = 0; i < placeholders.length; i++) {
    const { match, key } = placeholders[i];
    out += (key === undefined ? values[STAND_INS[match]] ?? match : values[key] ?? match) + between[i + 1];
  }
  return out;
}
