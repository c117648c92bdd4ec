import type { CellValue } from "exceljs";

/**
 * A number as Excel displays it: 15 significant digits, so binary artefacts such as
 * 0.30000000000000004 (a cell holding =0.1+0.2) come out as "0.3", and never in exponent form.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const [mantissa = "0", exponentText = "0"] = n.toPrecision(15).split("e");
  const negative = mantissa.startsWith("-");
  const [int = "0", frac = ""] = (negative ? mantissa.slice(1) : mantissa).split(".");
  const exponent = Number(exponentText);
  const digits = int + frac;
  const point = int.length + exponent;
  const whole = point <= 0 ? "0" : digits.slice(0, point).padEnd(point, "0");
  const fraction = (point < 0 ? "0".repeat(-point) + digits : digits.slice(Math.max(point, 0))).replace(/0+$/, "");
  const body = (whole.replace(/^0+(?=\d)/, "") || "0") + (fraction ? `.${fraction}` : "");
  return negative && body !== "0" ? `-${body}` : body;
}

/** exceljs builds Dates from serials in UTC, so the UTC calendar day is the cell's day. */
export function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 10);
}

/** The text a clerk sees in the cell, without float formatting errors. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("hyperlink" in value) return value.text;
  if ("error" in value) return "";
  if ("result" in value) return value.result === undefined ? "" : cellText(value.result);
  return "";
}
