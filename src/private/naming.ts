import { createHash } from 'crypto';

/**
 * Names made of several parts (`<service>-<env>`) that must fit a provider's
 * length limit. When the joined name is too long, the parts are shortened and a
 * short hash of the full name is appended, so names stay unique, stable across
 * synths, and readable.
 */
export function boundedName(parts: readonly string[], maxLength: number, separator = '-'): string {
  const full = parts.filter((p) => p.length > 0).join(separator);
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  const room = maxLength - hash.length - separator.length;
  const head = full.slice(0, room).replace(/[^a-z0-9]+$/i, '');
  return `${head}${separator}${hash}`;
}
