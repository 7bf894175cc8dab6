import type { Range } from './cost';

/** Number formatting the Markdown and HTML renderers share. */

/** `1234.5` in `USD` as `$1,234.50`; another currency as `1,234.50 EUR`. */
export function formatMoney(amount: number, currency: string): string {
  const text = Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = amount < 0 ? '-' : '';
  return currency === 'USD' ? `${sign}$${text}` : `${sign}${text} ${currency}`;
}

/** A range of money: one amount when both ends agree, else `min to max`. */
export function formatRange(r: Range, currency: string): string {
  return r.min === r.max ? formatMoney(r.min, currency) : `${formatMoney(r.min, currency)} to ${formatMoney(r.max, currency)}`;
}

/** A change of money with its sign: `+$12.00`, `-$3.50`, `$0.00`. */
export function formatChange(amount: number, currency: string): string {
  return `${amount > 0 ? '+' : ''}${formatMoney(amount, currency)}`;
}

/** A range of changes: `+$1.00 to +$4.00`, or one change when both ends agree. */
export function formatRangeChange(r: Range, currency: string): string {
  return r.min === r.max ? formatChange(r.min, currency) : `${formatChange(r.min, currency)} to ${formatChange(r.max, currency)}`;
}

/** Replicas as `3` or `2-10`. */
export function formatReplicas(r: Range): string {
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}
