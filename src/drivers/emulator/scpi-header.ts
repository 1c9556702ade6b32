/** How a received header relates to a pattern: matches, matches but for a numeric suffix out of range, or not at all. */
export type HeaderMatch = 'match' | 'bad-suffix' | 'none';

/** The short form of a SCPI keyword: its upper-case letters and digits (`TRIGgered` → `TRIG`). */
export type ShortForm<S extends string> = S extends `${infer H}${infer T}`
  ? H extends Uppercase<H> ? `${H}${ShortForm<T>}` : ShortForm<T>
  : '';

/** Short form of a mixed-case keyword (`SOURce` → `SOUR`). */
export function shortForm<S extends string>(keyword: S): ShortForm<S> {
  return keyword.replace(/[a-z]/g, '') as ShortForm<S>;
}

/**
 * Whether an upper-cased word is the short form (upper-case part) or the long form (whole word) of a mixed-case
 * keyword, exactly: `TRIG` and `TRIGGERED` match `TRIGgered`; `TRI` and `TRIGG` do not (SCPI-1999 vol. 1 §6.2.1).
 */
export function keywordMatches(keyword: string, word: string): boolean {
  return word === keyword.toUpperCase() || word === shortForm(keyword);
}

interface PatternNode {
  readonly optional: boolean;
  /** `#` in the pattern: an optional numeric suffix whose only value is 1. */
  readonly suffix: boolean;
  readonly keyword: string;
}

const rank: Record<HeaderMatch, number> = { match: 2, 'bad-suffix': 1, none: 0 };
const best = (a: HeaderMatch, b: HeaderMatch): HeaderMatch => (rank[a] >= rank[b] ? a : b);

/**
 * Compiles a header pattern such as `[SOURce#]:FUNCtion:ARBitrary:SRATe` (brackets: optional node, `#`: numeric suffix,
 * only 1 allowed, may be omitted) to a matcher of absolute upper-case headers (`SOUR1:FUNC:ARB:SRAT`, `FUNC:ARB:SRAT`).
 */
export function compileHeader(pattern: string): (header: string) => HeaderMatch {
  const nodes: PatternNode[] = pattern.split(':').map((raw) => {
    const body = raw.replace(/[[\]]/g, '');
    const suffix = body.endsWith('#');
    return { optional: raw.startsWith('['), suffix, keyword: suffix ? body.slice(0, -1) : body };
  });
  const matchNode = (n: PatternNode, text: string): HeaderMatch => {
    const m = /^(.*?)(\d*)$/.exec(text)!;
    const [word, digits] = n.suffix ? [m[1], m[2]] : [text, ''];
    if (!keywordMatches(n.keyword, word)) return 'none';
    return digits === '' || Number(digits) === 1 ? 'match' : 'bad-suffix';
  };
  const match = (parts: readonly string[], k: number, p: number): HeaderMatch => {
    if (k === nodes.length) return p === parts.length ? 'match' : 'none';
    const n = nodes[k];
    let out: HeaderMatch = 'none';
    if (p < parts.length) {
      const here = matchNode(n, parts[p]);
      if (here !== 'none') {
        const tail = match(parts, k + 1, p + 1);
        if (tail !== 'none') out = here === 'match' ? tail : 'bad-suffix';
      }
    }
    return n.optional && out !== 'match' ? best(out, match(parts, k + 1, p)) : out;
  };
  return (header) => match(header.split(':'), 0, 0);
}
