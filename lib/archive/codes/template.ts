import { fail, ok, type Result } from "@/lib/errors";
import type { RecordCategory, Retention } from "@/lib/archive/retention/schedules";

/**
 * Archival code (档号) rules per fonds and category. DA/T 94 8.7: `[全宗号-]类别号-案卷号-件号`, sequence numbers
 * zero-padded to 4 digits, 类别号 levels joined by "·", year in 4 digits (8.3.4); DA/T 13-2022: 门类 KU.
 */
export const DEFAULT_CODE_TEMPLATE = "{fonds}-KU·{class}·{year}·{retention}-{volume:4}-{item:4}";

export const TOKEN_NAMES = ["fonds", "category", "class", "year", "month", "retention", "voucherWord", "volume", "item"] as const;
export type TokenName = (typeof TOKEN_NAMES)[number];

/** Class codes of the four kinds of accounting archive (DA/T 94 8.3: 会计资料形式). */
export const CLASS_CODES: Readonly<Record<RecordCategory, string>> = { voucher: "PZ", ledger: "ZB", report: "BG", other: "QT" };

/**
 * DA/T 13-2022 period codes: Y 永久, D + years for 定期. Fixed-asset cards have no code of their own in the
 * standard; their term is five years (counted from disposal), so they share D5.
 */
export const RETENTION_CODES: Readonly<Record<Retention, string>> = {
  permanent: "Y",
  Y30: "D30",
  Y10: "D10",
  Y5: "D5",
  Y2: "D2",
  after_disposal_5y: "D5",
};

interface TokenSpec {
  /** Pattern of one rendered value; the template's parse-back regex is built from these. */
  pattern: string;
  /** Zero-padded numbers: the width used when the template gives none, and the allowed widths. */
  numeric?: { defaultWidth: number; minWidth: number; maxWidth: number };
}

export const TOKEN_SPECS: Readonly<Record<TokenName, TokenSpec>> = {
  fonds: { pattern: "[A-Za-z0-9]+" },
  category: { pattern: "[A-Z]{2}" },
  class: { pattern: "PZ|ZB|BG|QT" },
  // DA/T 94 8.3.4: the year is always four digits.
  year: { pattern: "\\d{4}", numeric: { defaultWidth: 4, minWidth: 4, maxWidth: 4 } },
  month: { pattern: "\\d+", numeric: { defaultWidth: 2, minWidth: 2, maxWidth: 2 } },
  retention: { pattern: "Y|D\\d{1,2}" },
  voucherWord: { pattern: "[\\p{Script=Han}A-Za-z]+" },
  volume: { pattern: "\\d+", numeric: { defaultWidth: 4, minWidth: 1, maxWidth: 9 } },
  item: { pattern: "\\d+", numeric: { defaultWidth: 4, minWidth: 1, maxWidth: 9 } },
};

export type TemplatePart = { kind: "literal"; text: string } | { kind: "token"; name: TokenName; width: number | null };

export interface CodeTemplate {
  source: string;
  parts: readonly TemplatePart[];
}

/** Separators of DA/T 94 8.7 and DA/T 13, plus letters and digits for fixed codes such as KU. */
const LITERAL = /^[-·./A-Za-z0-9]$/;
const TOKEN = /^\{([A-Za-z]*)(?::(.*))?\}$/;

function isFixedWidth(part: TemplatePart): boolean {
  return part.kind === "token" && (TOKEN_SPECS[part.name].numeric !== undefined || part.name === "class" || part.name === "category");
}

/** Parses a code rule such as DEFAULT_CODE_TEMPLATE. */
export function parseTemplate(text: string): Result<CodeTemplate> {
  if (text.trim() === "") return fail("archive.code.empty_template");
  const parts: TemplatePart[] = [];
  const seen = new Set<TokenName>();
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === "{") {
      const close = text.indexOf("}", i);
      if (close < 0) return fail("archive.code.unclosed_token", { position: i });
      const raw = text.slice(i, close + 1);
      const m = TOKEN.exec(raw);
      const name = TOKEN_NAMES.find((n) => n === m?.[1]);
      if (!m || !name) return fail("archive.code.unknown_token", { token: raw });
      if (seen.has(name)) return fail("archive.code.duplicate_token", { token: raw });
      seen.add(name);
      const width = parseWidth(name, m[2]);
      if (width === "bad") return fail("archive.code.bad_width", { token: raw });
      parts.push({ kind: "token", name, width });
      i = close + 1;
      continue;
    }
    if (!LITERAL.test(ch)) return fail("archive.code.invalid_literal", { char: ch, position: i });
    const last = parts.at(-1);
    if (last?.kind === "literal") parts[parts.length - 1] = { kind: "literal", text: last.text + ch };
    else parts.push({ kind: "literal", text: ch });
    i += 1;
  }
  if (!seen.has("item")) return fail("archive.code.missing_item");
  // Item numbers restart every year (DA/T 94 8.3.4); without the year, codes of two years would collide.
  if (!seen.has("year")) return fail("archive.code.missing_sequence_token", { token: "{year}" });
  // 档号 are unique across the installation (records_archival_code_key) but numbered per fonds: without the
  // 全宗号, the second fonds to use the same rule would be refused its codes at filing.
  if (!seen.has("fonds")) return fail("archive.code.missing_fonds", { token: "{fonds}" });
  for (let p = 1; p < parts.length; p++) {
    const [a, b] = [parts[p - 1], parts[p]];
    // Two variable-length values side by side could not be told apart when a code is read back (check 1-7).
    if (a?.kind === "token" && b?.kind === "token" && !isFixedWidth(a) && !isFixedWidth(b)) {
      return fail("archive.code.ambiguous_tokens", { token: `{${a.name}}{${b.name}}` });
    }
  }
  return ok({ source: text, parts });
}

function parseWidth(name: TokenName, raw: string | undefined): number | null | "bad" {
  const numeric = TOKEN_SPECS[name].numeric;
  if (raw === undefined) return numeric ? numeric.defaultWidth : null;
  if (!numeric || !/^\d+$/.test(raw)) return "bad";
  const width = Number(raw);
  return width >= numeric.minWidth && width <= numeric.maxWidth ? width : "bad";
}
