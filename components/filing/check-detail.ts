import { wordRetentionParams } from "@/lib/archive/retention/word-params";

/** A stored check result's explanation: a message key of the root catalogue with its values. */
export interface CheckDetail {
  code: string;
  params?: Record<string, string | number>;
}

/**
 * A check result's explanation in words, terms and material types included. A result a person recorded names when (in the reader's time
 * zone, through `dateTime`) and carries the note they left.
 */
export function checkDetailText(t: (key: string, values?: Record<string, string | number>) => string, locale: string, dateTime: (at: Date) => string, d: CheckDetail): string {
  if (d.code !== "archive.check.manual_recorded" || !d.params?.at) return t(d.code, wordRetentionParams(d.params, locale, t));
  const text = t(d.code, { ...d.params, at: dateTime(new Date(String(d.params.at))) });
  return d.params.note ? `${text} · ${t("filing-ui.report.manual.note", { note: String(d.params.note) })}` : text;
}
