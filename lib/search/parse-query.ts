/**
 * Turns what a user typed into the tsquery the search index understands, cut the same way
 * acta_search_vector (drizzle/0006_search_function.sql) cuts the text: Chinese runs into overlapping
 * character pairs, Latin letters and digits into whole words. Words are ANDed; the pairs of one Chinese
 * run form a phrase (招待费 → 招待 <-> 待费), and so do the parts of one code (Z001-KU·PZ → z001 <16> ku <16> pz,
 * consecutive runs being 16 positions apart in the index), and so do a Chinese run and the code right after
 * it (记-12: '记':* <16> '12', or closer where 记 ends a longer run of the text).
 */

const RUN = /[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const MAX_LEXEMES = 32;
/** Longest Latin/digit word the index keeps (left(…, 64) in the SQL function). */
const MAX_WORD = 64;
/** Distance between the first positions of two consecutive runs (run × 16 + offset in the SQL function). */
const RUN_STRIDE = 16;

export interface ParsedQuery {
  /** tsquery over the whole document (record.read). */
  full: string;
  /** The same query restricted to catalogue fields, weight A (catalog.read only). */
  catalog: string;
  /** What to mark in the result texts, as the user typed it (lower-cased, normalised). */
  needles: string[];
  /** Per typed word, the whole lexemes every match holds (a lone character's prefix and a zero-padded number left out). */
  lexemes: string[][];
}

const isAscii = (run: string) => run.charCodeAt(0) < 128;

/**
 * A number typed with leading zeros as its printed form shows it (付-0007) without them as well: the
 * importer keeps voucher numbers without them (voucherIdentity), while archival codes keep theirs (0012).
 */
const unpadded = (run: string) => (/^0+\d+$/.test(run) ? run.replace(/^0+(?=\d)/, "") : null);

function runQuery(run: string, weight: string): string {
  if (isAscii(run)) {
    const word = run.slice(0, MAX_WORD);
    const lexeme = (text: string) => `'${text}'${weight ? `:${weight}` : ""}`;
    const short = unpadded(word);
    return short === null ? lexeme(word) : `(${lexeme(word)} | ${lexeme(short)})`;
  }
  const chars = [...run];
  // A lone character is the first half of a pair or the last character of a run: a prefix finds both.
  if (chars.length === 1) return `'${run}':*${weight}`;
  const pairs: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) pairs.push(`'${chars[i]}${chars[i + 1]}'${weight ? `:${weight}` : ""}`);
  return pairs.length === 1 ? pairs[0]! : `(${pairs.join(" <-> ")})`;
}

/**
 * The distances at which a code may follow a Chinese run of this many characters in the index, as a phrase
 * counts them (from the run's last pair, or from a lone character): runs start RUN_STRIDE apart, and the
 * typed characters may end a longer run of the text (增值税 in 缴纳增值税2023), so every length up to the
 * stride is allowed for. Empty where no Chinese run came right before, or one longer than the stride, whose
 * positions overlap the next run's: the parts are then ANDed.
 */
function phraseDistances(chars: number): number[] {
  if (chars === 0 || chars > RUN_STRIDE) return [];
  // A lone character is looked up by prefix, so it may be the lone last character of a run or start any pair.
  const nearest = chars === 1 ? 1 : 2;
  const farthest = chars === 1 ? RUN_STRIDE : RUN_STRIDE + 2 - chars;
  return Array.from({ length: farthest - nearest + 1 }, (_, i) => farthest - i);
}

function lexemeCount(run: string) {
  return isAscii(run) ? 1 : Math.max(1, [...run].length - 1);
}

/** Null when the text holds nothing searchable (only punctuation or spaces). */
export function parseQuery(text: string): ParsedQuery | null {
  const normalised = text.normalize("NFKC").toLowerCase();
  const groups: string[][] = [];
  let budget = MAX_LEXEMES;
  for (const word of normalised.split(/\s+/)) {
    const runs = word.match(RUN) ?? [];
    const kept: string[] = [];
    for (const run of runs) {
      if (budget <= 0) break;
      budget -= lexemeCount(run);
      kept.push(run);
    }
    if (kept.length > 0) groups.push(kept);
  }
  if (groups.length === 0) return null;
  const build = (weight: string) =>
    groups
      .map((runs) => {
        // Consecutive Latin/digit parts of one typed word are a code (Z001-KU·PZ, 记-12): keep them in order.
        const parts: string[] = [];
        let code: string[] = [];
        // Characters of the Chinese run just before the code, if it came right before it.
        let before = 0;
        const flush = () => {
          if (code.length > 0) {
            const joined = code.length === 1 ? code[0]! : `(${code.join(` <${RUN_STRIDE}> `)})`;
            const distances = phraseDistances(before);
            // A voucher's word and number (记-12, 银付-0007) are one phrase: ANDed, 记-12 also found every 记 voucher mentioning 12.
            if (distances.length === 0) parts.push(joined);
            else {
              const run = parts.pop()!;
              parts.push(`(${distances.map((d) => `${run} <${d}> ${joined}`).join(" | ")})`);
            }
          }
          code = [];
          before = 0;
        };
        for (const run of runs) {
          if (isAscii(run)) code.push(runQuery(run, weight));
          else {
            flush();
            parts.push(runQuery(run, weight));
            before = [...run].length;
          }
        }
        flush();
        return parts.join(" & ");
      })
      .join(" & ");
  const needles = [...new Set(groups.flat())].sort((a, b) => b.length - a.length);
  const lexemes = groups.map((runs) =>
    runs.flatMap((run) => {
      // A padded number may match without its zeros: no lexeme every match holds.
      if (isAscii(run)) return unpadded(run.slice(0, MAX_WORD)) === null ? [run.slice(0, MAX_WORD)] : [];
      const chars = [...run];
      return chars.slice(1).map((c, i) => chars[i] + c);
    }),
  );
  return { full: build(""), catalog: build("A"), needles, lexemes };
}
