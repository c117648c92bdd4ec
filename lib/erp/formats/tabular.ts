import type { ErpErrorCode, ErpProblem } from "@/lib/erp/codes";
import { buildLine, type BuildOptions, type Field, type FieldValues } from "@/lib/erp/formats/build-line";
import type { DetectSample, ParseEvent, TabularMapping } from "@/lib/erp/formats/types";
import { normaliseHeader } from "@/lib/erp/read/normalise-header";

export interface BoundColumns {
  has: (field: Field) => boolean;
  /** The normalised header cells, for formats whose column set is open-ended (K/3 FCLSNAME1..15). */
  header: readonly string[];
}

/** A problem a preset finds in a row beyond the generic checks, named by the column the clerk sees. */
export interface RowProblem {
  column: string;
  value: string;
  code: ErpErrorCode;
}

export interface TabularSpec {
  /** Header synonyms per field, as they appear in the export (compared normalised). */
  columns: Partial<Record<Field, readonly string[]>>;
  /** Header synonyms per dimension key (department, customer, …). */
  dimensions?: Record<string, readonly string[]>;
  /** Fields besides the amount columns that must have a column. */
  required: readonly Field[];
  /** Every dimension column must be present too (a saved mapping names its columns; presets only know synonyms). */
  dimensionsRequired?: boolean;
  /**
   * A column saying whether the row's document is in the books (ERPNext's Is Cancelled, Odoo's Status): rows
   * of cancelled or draft documents are no voucher lines and are left out (counted, not refused), as the
   * ERP's own ledgers leave them.
   */
  status?: { columns: readonly string[]; excluded: (value: string) => boolean };
  /** Parent fields an export prints only on a voucher's first row (Odoo, ERPNext data exports); the first is the voucher key. */
  fillDown?: readonly Field[];
  options: (columns: BoundColumns) => BuildOptions;
  /**
   * Source-specific rewriting before the generic build ("600000 Expenses" → code + name). It may also name
   * what makes the row unreadable as exported, which refuses the row and its voucher.
   */
  prepare?: (values: FieldValues, dimensions: Record<string, string>, cell: (normalisedHeader: string) => string | undefined) => void | readonly RowProblem[];
}

function amountFields(options: BuildOptions): Field[] {
  const mode = options.debitCredit.mode;
  return mode === "two-columns" ? ["debit", "credit"] : mode === "signed-amount" ? ["amount"] : ["amount", "indicator"];
}

function specVocabulary(spec: TabularSpec): Set<string> {
  const names = [...Object.values(spec.columns), ...Object.values(spec.dimensions ?? {}), spec.status?.columns ?? []].flat();
  return new Set(names.map(normaliseHeader));
}

/** Labels of the totals rows list exports print (合计 at the foot, ERPNext's 'Opening'/'Total'/'Closing', SAP's * rows). */
const TOTALS_LABEL = /^(?:(?:本页|本月|本期|本年|全部)?(?:合计|总计|小计|累计)|(?:sub)?totals?|summe|gesamtsumme|opening|closing(?:\(opening\+total\))?|\*+)$/i;

const isTotalsLabel = (cell: string) => TOTALS_LABEL.test(cell.replace(/[\s\u3000'"：:]+/g, ""));

/** A row with a totals label and no account (ERPNext prints the label in the account column). */
function isTotalsRow(cells: readonly string[], accountCode: string | undefined): boolean {
  return (!accountCode || isTotalsLabel(accountCode)) && cells.some(isTotalsLabel);
}

/** The generic column binder shared by every table-shaped format, including administrator mappings. */
export function defineTabular(spec: TabularSpec): TabularMapping {
  return {
    vocabulary: specVocabulary(spec),
    bind(header) {
      const normalised = header.map(normaliseHeader);
      const indexOf = (synonyms: readonly string[] | undefined) => {
        for (const s of synonyms ?? []) {
          const i = normalised.indexOf(normaliseHeader(s));
          if (i >= 0) return i;
        }
        return -1;
      };
      const fieldIndex = new Map<Field, number>();
      for (const [field, synonyms] of Object.entries(spec.columns) as [Field, readonly string[]][]) {
        const i = indexOf(synonyms);
        if (i >= 0) fieldIndex.set(field, i);
      }
      const dimensionsFound = Object.entries(spec.dimensions ?? {}).map(([key, synonyms]) => [key, indexOf(synonyms)] as const);
      const dimensionIndex = dimensionsFound.filter(([, i]) => i >= 0);
      const statusIndex = indexOf(spec.status?.columns);
      const options = spec.options({ has: (f) => fieldIndex.has(f), header: normalised });
      const missing = [...new Set([...spec.required, ...amountFields(options)])].filter((f) => !fieldIndex.has(f)).map((f) => spec.columns[f]?.[0] ?? f);
      if (spec.dimensionsRequired) for (const [key, i] of dimensionsFound) if (i < 0) missing.push(spec.dimensions?.[key]?.[0] ?? key);
      if (missing.length > 0) {
        const problems: ErpProblem[] = missing.map((column) => ({ rowNo: 0, field: column, value: "", code: "erp.missing_column", params: { column } }));
        return { ok: false, problems };
      }
      const columnOf = (f: Field) => {
        const i = fieldIndex.get(f);
        return i === undefined ? (spec.columns[f]?.[0] ?? f) : (header[i] ?? f).trim();
      };
      const carried: FieldValues = {};
      let carriedStatus = "";
      // A preset may look up dozens of columns by name on every row (K/3's sixteen 核算项目 triples).
      const columnIndex = new Map<string, number>();
      normalised.forEach((name, i) => {
        if (!columnIndex.has(name)) columnIndex.set(name, i);
      });
      let cells: readonly string[] = [];
      // undefined: the file has no such column (a blank cell is "").
      const cell = (name: string) => {
        const i = columnIndex.get(name);
        return i === undefined ? undefined : (cells[i] ?? "").trim();
      };
      return {
        ok: true,
        mapper: (row) => {
          cells = row.cells;
          const values: FieldValues = {};
          for (const [field, i] of fieldIndex) values[field] = (row.cells[i] ?? "").trim();
          const fillDown = spec.fillDown ?? [];
          // A totals row names no voucher; with fill-down it would otherwise join (and sink) the voucher above.
          if (!values[fillDown[0] ?? "voucherNo"] && isTotalsRow(row.cells, values.accountCode)) return [];
          // A row without the voucher key continues the voucher above; any other row starts afresh.
          const continuation = fillDown[0] !== undefined && !values[fillDown[0]];
          for (const field of fillDown) {
            if (continuation) values[field] = carried[field];
            else carried[field] = values[field];
          }
          if (statusIndex >= 0) {
            const status = (row.cells[statusIndex] ?? "").trim();
            if (!continuation || status) carriedStatus = status;
            if (carriedStatus && spec.status?.excluded(carriedStatus)) return [{ type: "left_out", rowNo: row.rowNo, reason: "not_in_books", value: carriedStatus }];
          }
          const dimensions: Record<string, string> = {};
          for (const [key, i] of dimensionIndex) {
            const v = (row.cells[i] ?? "").trim();
            if (v) dimensions[key] = v;
          }
          const found = spec.prepare?.(values, dimensions, cell);
          const events = buildLine({ rowNo: row.rowNo, values, dimensions, columnOf }, options);
          if (!found || found.length === 0) return events;
          // Named with its voucher, as buildLine names its own problems, so the whole voucher is refused.
          const line = events.find((e) => e.type === "line");
          const labelled = events.find((e) => e.type === "error" && e.params.no !== undefined);
          let voucher: Record<string, string | number> = {};
          if (line?.type === "line") {
            const h = line.line.header;
            voucher = { word: h.voucherWord, no: h.voucherNo.replace(/^0+(?=\d)/, ""), year: h.fiscalYear, period: h.period };
          } else if (labelled?.type === "error") {
            const { word = "", no = "", year = "", period = "" } = labelled.params;
            voucher = { word, no, year, period };
          }
          const problems: ParseEvent[] = found.map((p) => ({
            type: "error",
            rowNo: row.rowNo,
            field: p.column,
            value: p.value,
            code: p.code,
            params: { row: row.rowNo, column: p.column, value: p.value, ...voucher },
          }));
          return [...events.filter((e) => e.type === "error"), ...problems];
        },
      };
    },
  };
}

/**
 * Confidence from the located header row: mostly the share of this format's distinctive column
 * names present, partly the share of header cells it knows at all.
 */
export function headerConfidence(sample: DetectSample, distinctive: readonly string[], vocabulary: ReadonlySet<string>): number {
  if (sample.headerCells === null) return 0;
  const cells = sample.headerCells.map(normaliseHeader).filter(Boolean);
  if (cells.length === 0) return 0;
  const present = new Set(cells);
  const distinct = distinctive.filter((d) => present.has(normaliseHeader(d))).length / distinctive.length;
  const known = cells.filter((c) => vocabulary.has(c)).length / cells.length;
  return Math.round((0.7 * distinct + 0.3 * known) * 100) / 100;
}
