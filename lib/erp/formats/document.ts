import { parseDateText } from "@/lib/erp/dates";
import { buildLine, type BuildOptions, type Field, type FieldValues } from "@/lib/erp/formats/build-line";
import type { ParseEvent } from "@/lib/erp/formats/types";
import { normaliseVoucherWord } from "@/lib/erp/model";
import { numberText } from "@/lib/erp/read/cell-text";

/** Scalar JSON/XML value as text; JSON numbers as Excel would show them, never in exponent form. */
export function text(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  if (value !== null && typeof value === "object" && "#text" in value) return text((value as { "#text": unknown })["#text"]);
  return "";
}

/** XML and loosely typed JSON give one element where a list is meant. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

export interface DocumentEntry {
  /** Path of the entry inside its voucher record ("entry.1"), so problems name the element to fix. */
  path: string;
  values: FieldValues;
  dimensions: Record<string, string>;
  /** Source key of each entry-level field, when it differs from the field name. */
  keys?: Partial<Record<Field, string>>;
  /** Source key of each voucher-level field; these live on the record, not on the entry. */
  headKeys?: Partial<Record<Field, string>>;
}

/** Where a record keeps its entries and what its head says, to report a voucher that has none. */
export interface DocumentLayout {
  entries: string;
  head: (record: Record<string, unknown>) => FieldValues;
  /** A record the source marks as out of the books (voided); it is left out, as the source's ledgers leave it. */
  excluded?: (record: Record<string, unknown>) => boolean;
}

/** The voucher a problem belongs to, as far as its head can be read (the clerk looks it up by 记-12). */
function voucherLabel(head: FieldValues, options: BuildOptions): Record<string, string | number> {
  const label: Record<string, string | number> = {};
  const no = head.voucherNo?.trim() ?? "";
  if (!/^\d+$/.test(no) || !/[1-9]/.test(no)) return label;
  label.word = normaliseVoucherWord(head.voucherWord ?? "") || options.defaultVoucherWord;
  label.no = no.replace(/^0+(?=\d)/, "");
  const date = parseDateText(head.date ?? "", options.dateFormats);
  const year = /^(\d{4})(?!\d)/.exec(head.fiscalYear?.trim() ?? "")?.[1] ?? (date.ok ? date.value.slice(0, 4) : undefined);
  const period = /(\d{1,2})\D*$/.exec(head.period?.trim() ?? "")?.[1] ?? (date.ok ? date.value.slice(5, 7) : undefined);
  if (year !== undefined && period !== undefined && Number(period) >= 1 && Number(period) <= 12) {
    label.year = Number(year);
    label.period = Number(period);
  }
  return label;
}

/**
 * Maps voucher records of a JSON/XML document. The row number of every entry is its voucher's
 * 1-based position (or its JSON Lines line), since documents have no rows a clerk could look up.
 */
export function* mapDocumentRecords(
  records: unknown[],
  firstRowNo: number,
  options: BuildOptions,
  toEntries: (record: Record<string, unknown>) => DocumentEntry[],
  recordPath: (index: number) => string = String,
  layout?: DocumentLayout,
): Generator<ParseEvent> {
  for (const [index, record] of records.entries()) {
    const rowNo = firstRowNo + index;
    const path = recordPath(index);
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      yield { type: "error", rowNo, field: path, value: "", code: "erp.voucher_not_object", params: { row: rowNo } };
      continue;
    }
    if (layout?.excluded?.(record as Record<string, unknown>)) continue;
    const entries = toEntries(record as Record<string, unknown>);
    if (entries.length === 0 && layout) {
      // A voucher without entries would otherwise vanish from the import without a word.
      const field = `${path}.${layout.entries}`;
      yield { type: "error", rowNo, field, value: "", code: "erp.no_lines", params: { row: rowNo, ...voucherLabel(layout.head(record as Record<string, unknown>), options) } };
      continue;
    }
    for (const entry of entries) {
      const columnOf = (f: Field) => {
        const head = entry.headKeys?.[f];
        return head ? `${path}.${head}` : `${path}.${entry.path}.${entry.keys?.[f] ?? f}`;
      };
      yield* buildLine({ rowNo, values: entry.values, dimensions: entry.dimensions, columnOf }, options);
    }
  }
}
