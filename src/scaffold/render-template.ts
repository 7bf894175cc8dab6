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

/**
 * Replaces every `{{ key }}` with `values[key]` (unknown keys stay as they
 * are) and every stand-in with the value of its key (when `values` has it), in
 * one pass: a value is never rendered again.
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (match: string, key?: string) => (key === undefined ? values[STAND_INS[match]] ?? match : values[key] ?? match));
}
