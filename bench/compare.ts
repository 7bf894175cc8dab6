/**
 * Like-with-like checks between two synthesized stacks (the library's and the
 * baseline's): resource counts by type, and the resources themselves with
 * references and construct metadata taken out, so that two programs that
 * name their constructs differently compare equal when they make the same
 * resources with the same attribute values.
 */

/** Counts of resources (and data sources and outputs) by Terraform type. */
export function typeCounts(stackJson: any): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byName] of Object.entries<Record<string, unknown>>(stackJson.resource ?? {})) counts[type] = Object.keys(byName).length;
  for (const [type, byName] of Object.entries<Record<string, unknown>>(stackJson.data ?? {})) counts[`data.${type}`] = Object.keys(byName).length;
  counts.output = Object.keys(stackJson.output ?? {}).length;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The number of Terraform resources in a stack. */
export function resourceTotal(counts: Record<string, number>): number {
  return Object.entries(counts).filter(([type]) => type !== 'output' && !type.startsWith('data.')).reduce((sum, [, n]) => sum + n, 0);
}

/** Differences between two type counts, as messages; empty when they are equal. */
export function countDifferences(a: Record<string, number>, b: Record<string, number>, names: [string, string] = ['library', 'baseline']): string[] {
  const types = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return types.filter((t) => (a[t] ?? 0) !== (b[t] ?? 0)).map((t) => `${t}: ${names[0]} ${a[t] ?? 0}, ${names[1]} ${b[t] ?? 0}`);
}

const REFERENCE = /\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([^}]*)\}/g;
const LOCAL_REFERENCE = /\$\{local\.[A-Za-z0-9_-]+\}/g;
/** A reference inside a larger expression, such as `join("\\n", google_redis_instance.<name>.server_ca_certs[*].cert)`. */
const INNER_REFERENCE = /\b((?:google|kubernetes|github)_[a-z0-9_]+)\.[A-Za-z0-9_-]+\./g;
/** A value that is a resource's address and nothing else, such as `google_sql_user.<name>` or `google_sql_user.<name>.id`. */
const ADDRESS = /^((?:google|kubernetes|github)_[a-z0-9_]+)\.[A-Za-z0-9_-]+(\.[a-z0-9_]+)?$/;

/** A value with references made anonymous (`${type.*.attr}`), dependencies reduced to types and sorted, metadata dropped. */
export function anonymize(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (ADDRESS.test(value)) return value.replace(ADDRESS, (_m, type, attr = '') => `${type}.*${attr}`);
    return value.replace(REFERENCE, (_m, data = '', type, _name, attr) => `\${${data}${type}.*.${attr}}`)
      .replace(LOCAL_REFERENCE, '${local.*}')
      .replace(INNER_REFERENCE, (m, type) => (value.includes('${') ? `${type}.*.` : m));
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => anonymize(v));
    return key === 'depends_on' ? items.map((d) => String(d).replace(/^(data\.)?([a-z0-9_]+)\..*$/, '$1$2.*')).sort() : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (k === '//') continue;
      out[k] = anonymize((value as Record<string, unknown>)[k], k);
    }
    return out;
  }
  return value;
}

/**
 * Differences between the resources (and outputs, providers and the
 * terraform block) of two stacks, compared as multisets of anonymized
 * bodies per type; at most `limit` messages.
 */
export function resourceDifferences(a: any, b: any, names: [string, string] = ['library', 'baseline'], limit = 10): string[] {
  const found: string[] = [];
  const sections: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [];
  const types = [...new Set([...Object.keys(a.resource ?? {}), ...Object.keys(b.resource ?? {})])].sort();
  for (const type of types) sections.push([type, a.resource?.[type] ?? {}, b.resource?.[type] ?? {}]);
  const dataTypes = [...new Set([...Object.keys(a.data ?? {}), ...Object.keys(b.data ?? {})])].sort();
  for (const type of dataTypes) sections.push([`data.${type}`, a.data?.[type] ?? {}, b.data?.[type] ?? {}]);
  sections.push(['output', a.output ?? {}, b.output ?? {}]);
  for (const [section, left, right] of sections) {
    const counts = new Map<string, number>();
    for (const body of Object.values(left)) {
      const k = JSON.stringify(anonymize(body));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const body of Object.values(right)) {
      const k = JSON.stringify(anonymize(body));
      counts.set(k, (counts.get(k) ?? 0) - 1);
    }
    for (const [body, n] of counts) {
      if (n === 0) continue;
      if (found.length >= limit) return [...found, '...'];
      found.push(`${section}: ${Math.abs(n)} only in ${n > 0 ? names[0] : names[1]}: ${body.length > 1500 ? `${body.slice(0, 1500)}...` : body}`);
    }
  }
  for (const block of ['provider', 'terraform']) {
    if (JSON.stringify(anonymize(a[block])) !== JSON.stringify(anonymize(b[block]))) found.push(`${block} blocks differ`);
  }
  return found;
}
