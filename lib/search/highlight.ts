import { PART_SEPARATOR } from "./index-records";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How much of a long part a fragment shows around its first match. */
const BEFORE = 24;
const AFTER = 56;
const MAX_FRAGMENTS = 3;

function matcher(needles: string[]): RegExp | null {
  return needles.length === 0 ? null : new RegExp(needles.map(escapeRegExp).join("|"), "giu");
}

/** The text as HTML: everything escaped, the needles wrapped in <mark>. Safe to render as HTML. */
export function highlight(text: string, needles: string[]): string {
  const re = matcher(needles);
  if (!re) return escapeHtml(text);
  let out = "";
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * The parts of the search texts (besides the title, shown on its own) where a needle occurs, highlighted,
 * long parts cut around their first match. Parts are the fields lib/search/index-records.ts joined.
 */
export function fragments(texts: string[], needles: string[], skip: string): string[] {
  const re = matcher(needles);
  if (!re) return [];
  const out: string[] = [];
  for (const text of texts) {
    for (const part of text.split(PART_SEPARATOR)) {
      if (out.length >= MAX_FRAGMENTS) return out;
      if (part === skip) continue;
      re.lastIndex = 0;
      const m = re.exec(part);
      if (!m) continue;
      const start = Math.max(0, m.index - BEFORE);
      const end = Math.min(part.length, m.index + AFTER);
      const window = part.slice(start, end);
      out.push((start > 0 ? "…" : "") + highlight(window, needles) + (end < part.length ? "…" : ""));
    }
  }
  return out;
}
