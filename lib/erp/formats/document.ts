import { buildLine, type BuildOptions, type Field, type FieldValues } from "@/lib/erp/formats/build-line";
import type { ParseEvent } from "@/lib/erp/formats/types";
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
): Generator<ParseEvent> {
  for (const [index, record] of records.entries()) {
    const rowNo = firstRowNo + index;
    const path = recordPath(index);
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      yield { type: "error", rowNo, field: path, value: "", code: "erp.voucher_not_object", params: { row: rowNo } };
      continue;
    }
    for (const entry of toEntries(record as Record<string, unknown>)) {
      const columnOf = (f: Field) => {
        const head = entry.headKeys?.[f];
        return head ? `${path}.${head}` : `${path}.${entry.path}.${entry.keys?.[f] ?? f}`;
      };
      yield* buildLine({ rowNo, values: entry.values, dimensions: entry.dimensions, columnOf }, options);
    }
  }
}
