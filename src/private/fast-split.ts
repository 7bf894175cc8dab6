/**
 * cdktf 0.21.0's `TokenString.split(lookup)` for strings (what `resolve()`
 * runs on every string that holds a token), with the same fragments in the
 * same order, in one pass over the string; for the fast synth engine
 * (`fast-synth.ts`, which loads cdktf's internals and hands them here).
 *
 * cdktf's split looks for the next token, the next escape (`${` that does not
 * start a token) and the next `}` with a regular expression from where it
 * stands each time, and each search runs to the end of the string whatever
 * it is looking for. A long text with a token (a dashboard's JSON, a
 * workflow file of a repository) and many `}` is read again for each `}`:
 * quadratic in its length. Here the places of the tokens, escapes and `}`
 * are found once, and the walk is cdktf's, step for step:
 *
 * - from where it stands, the next token; before it (or, with none, to the
 *   end) the next escape, either `${` (open) or `}` (close), whichever comes
 *   first, with the text before it a literal (cdktf adds that literal only
 *   when the `${` found is past where it stands, an empty one when the `}`
 *   is right there: kept);
 * - no escape before the token: the text up to it is a literal; the token's
 *   key is looked up, giving a token, or the marker as a literal when there
 *   is none.
 *
 * Where the places are found: a token is cdktf's own pattern (its source,
 * scanned once: two tokens never overlap, as `$` and `{` are not key
 * characters); an escape is `${` not followed by `TfToken[` (two never
 * overlap); a close is `}`. Anything but a string token pattern (lists, maps,
 * numbers) and a string asked to warn about escapes go to cdktf's split.
 */

/** `TokenString` of cdktf 0.21.0 (tokens/private/encoding), as far as split reads it. */
export interface TokenStringFields {
  readonly str: string;
  readonly re: RegExp;
  readonly regexMatchIndex: number;
  readonly includeEscapeSequences: boolean;
  readonly warnIfEscapeSequences: boolean;
}

/** `TokenizedStringFragments` of cdktf 0.21.0 (tokens/string-fragments), as far as split adds to it. */
export interface StringFragments {
  addLiteral(lit: unknown): void;
  addToken(token: unknown): void;
  addEscape(kind: 'open' | 'close'): void;
}

/** What the one-pass split needs of cdktf. */
export interface SplitInternals<F extends StringFragments> {
  /** `TokenString.prototype.split`, for what this one leaves to it. */
  readonly split: (this: TokenStringFields, lookup: (key: string) => unknown) => F;
  /** The regular expression of `TokenString.forString` (STRING_TOKEN_REGEX). */
  readonly stringTokenRegex: RegExp;
  /** `new TokenizedStringFragments()`. */
  readonly fragments: () => F;
}

const ESCAPE_OPEN = '${';
const TOKEN_START = 'TfToken[';

/** `TokenString.prototype.split` of cdktf with string tokens split in one pass (see the module's comment). */
export function onePassSplit<F extends StringFragments>(cdktf: SplitInternals<F>): (this: TokenStringFields, lookup: (key: string) => unknown) => F {
  const { split, stringTokenRegex, fragments } = cdktf;
  const tokenPattern = new RegExp(stringTokenRegex.source, 'g');

  return function splitOnce(this: TokenStringFields, lookup: (key: string) => unknown): F {
    if (this.re !== stringTokenRegex || this.regexMatchIndex !== 1 || this.warnIfEscapeSequences) return split.call(this, lookup);
    const str = this.str;
    const ret = fragments();
    const tokens = [...str.matchAll(tokenPattern)];
    let nextToken = 0;
    let opens: number[] = [];
    let closes: number[] = [];
    let nextOpen = 0;
    let nextClose = 0;
    if (this.includeEscapeSequences) {
      opens = positions(str, ESCAPE_OPEN).filter((p) => !str.startsWith(TOKEN_START, p + 2));
      closes = positions(str, '}');
    }

    /** cdktf's nextEscapeToken: the next `${` or `}` from `index` before `maxIndex`, or -1. */
    const escape = (index: number, maxIndex: number): number => {
      while (nextOpen < opens.length && opens[nextOpen] < index) nextOpen++;
      while (nextClose < closes.length && closes[nextClose] < index) nextClose++;
      const open = nextOpen < opens.length && opens[nextOpen] < maxIndex ? opens[nextOpen] : -1;
      const close = nextClose < closes.length && closes[nextClose] < maxIndex ? closes[nextClose] : -1;
      if (open === -1 && close === -1) return -1;
      if (open !== -1 && close !== -1) {
        if (open > index) ret.addLiteral(str.substring(index, Math.min(open, close)));
        if (open < close) {
          ret.addEscape('open');
          return open + 2;
        }
        ret.addEscape('close');
        return close + 1;
      }
      if (open !== -1) {
        if (open > index) ret.addLiteral(str.substring(index, open));
        ret.addEscape('open');
        return open + 2;
      }
      if (close > index) ret.addLiteral(str.substring(index, close));
      ret.addEscape('close');
      return close + 1;
    };

    let index = 0;
    while (index < str.length) {
      while (nextToken < tokens.length && tokens[nextToken].index! < index) nextToken++;
      const match = nextToken < tokens.length ? tokens[nextToken] : undefined;
      if (!match) {
        const next = this.includeEscapeSequences ? escape(index, str.length) : -1;
        if (next === -1) {
          ret.addLiteral(str.substring(index));
          break;
        }
        index = next;
        continue;
      }
      const at = match.index!;
      if (at > index) {
        const next = this.includeEscapeSequences ? escape(index, at) : -1;
        if (next === -1) {
          ret.addLiteral(str.substring(index, at));
          index = at;
        } else {
          index = next;
        }
        continue;
      }
      const end = at + match[0].length;
      const token = lookup(match[1]);
      if (token) ret.addToken(token);
      else ret.addLiteral(str.substring(at, end));
      index = end;
    }
    return ret;
  };
}

/** Every place `needle` starts in `str` (never overlapping: the needles here cannot). */
function positions(str: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = str.indexOf(needle); i !== -1; i = str.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}
