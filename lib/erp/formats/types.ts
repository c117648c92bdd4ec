import type { ErpProblem } from "@/lib/erp/codes";
import type { FlatCanonicalLine } from "@/lib/erp/model";
import type { SourceRow } from "@/lib/erp/read/source-row";

export type FormatId =
  | "kingdee-k3"
  | "kingdee-cloud"
  | "yonyou-u8"
  | "yonyou-nc"
  | "sap-fbl3n"
  | "sap-bkpf"
  | "odoo"
  | "erpnext"
  | "canonical-json"
  | "custom";

/** How the file is physically laid out; a format may accept several (U8 exports tables and JSON). */
export type FormatKind = "tabular" | "json" | "xml";

export type Container = "delimited" | "xlsx" | "json" | "jsonl" | "xml";

export const containerKind = (c: Container): FormatKind => (c === "delimited" || c === "xlsx" ? "tabular" : c === "xml" ? "xml" : "json");

/** What detection sees: the decoded start of the file and, for tables, the located header row. */
export interface DetectSample {
  fileName: string;
  container: Container;
  text: string;
  headerCells: string[] | null;
}

/**
 * A row the format reads but leaves out on purpose: a draft or cancelled document, which the ERP's own
 * ledgers leave out too. Not a problem (nothing to correct), but counted, so the rows add up for the clerk.
 */
export interface LeftOutRow {
  type: "left_out";
  rowNo: number;
  reason: "not_in_books";
  /** The status the row carried ("Draft", "1"). */
  value: string;
}

export type ParseEvent = { type: "line"; rowNo: number; line: FlatCanonicalLine } | ({ type: "error" } & ErpProblem) | LeftOutRow;

/** Turns one data row into its canonical line, or the row's problems. Stateful per file (fill-down). */
export type RowMapper = (row: SourceRow) => ParseEvent[];

export interface TabularMapping {
  /** Normalised header names this format knows, used to find the header row under title rows. */
  vocabulary: ReadonlySet<string>;
  /** Binds to the header row; a required column that is missing is a file-level problem. */
  bind(header: string[]): { ok: true; mapper: RowMapper } | { ok: false; problems: ErpProblem[] };
}

export interface DocumentMapping {
  /** Maps a parsed JSON/XML document (or one JSON Lines value, numbered from firstRowNo). */
  map(document: unknown, firstRowNo: number): Iterable<ParseEvent>;
}

export interface ErpFormat {
  id: FormatId;
  label: { "zh-CN": string; en: string };
  kinds: readonly FormatKind[];
  /** Confidence 0..1 that the sample is this format. */
  detect(sample: DetectSample): number;
  tabular?: TabularMapping;
  document?: DocumentMapping;
}
