import type { ErpProblem } from "@/lib/erp/codes";
import { compareVoucherNo, voucherIdentity, type CanonicalVoucher, type FlatCanonicalLine, type VoucherHeader } from "@/lib/erp/model";
import { validateVoucher } from "@/lib/erp/validate-voucher";

export interface StagedLine {
  rowNo: number;
  line: FlatCanonicalLine;
}

export interface AssembledVoucher {
  voucher: CanonicalVoucher;
  /** Source rows of the voucher's lines, for pointing the clerk back at the file. */
  rowNos: number[];
}

/** Header fields every line of one voucher must agree on; differing values mean the export mixes two vouchers. */
const CONSISTENT = ["date", "preparer", "reviewer", "poster", "cashier", "attachmentCount", "currency", "externalId"] as const satisfies readonly (keyof VoucherHeader)[];

/**
 * Line dimensions naming the accounting entity (SAP company code, 云星空 账簿, ERPNext company). Document numbers
 * are unique per entity only, so one identity with two entities is two documents of a list spanning both.
 */
const ENTITY_DIMENSIONS = ["companyCode", "book", "company"] as const;

interface Group {
  header: VoucherHeader;
  lines: StagedLine[];
  firstRow: number;
  entity: Record<string, string>;
}

/**
 * The same entry number coming again from another row means the voucher is in the file twice (overlapping
 * exports pasted together): merged, its lines and totals would double while it still balanced. Lines of one
 * JSON/XML voucher share its row, so a shared number there (a source without entry numbers) is no repeat.
 */
function repeatedEntry(group: Group): ErpProblem | null {
  const firstRowOf = new Map<number, number>();
  for (const { rowNo, line } of group.lines) {
    const first = firstRowOf.get(line.line.seq);
    if (first === undefined) firstRowOf.set(line.line.seq, rowNo);
    else if (first !== rowNo) {
      const { header } = line;
      const value = String(line.line.seq);
      return {
        rowNo,
        field: "seq",
        value,
        code: "erp.voucher_repeated",
        params: { row: rowNo, column: "seq", value, firstRow: first, word: header.voucherWord, no: header.voucherNo, year: header.fiscalYear, period: header.period },
      };
    }
  }
  return null;
}

/**
 * Groups flat lines into vouchers in memory (push API, tests, small files): lines of one voucher may
 * be anywhere in the file, as SAP lists sorted by account are. Each voucher is then checked by the
 * voucher-level rules; vouchers with problems are reported and left out.
 */
export function assembleVouchers(lines: Iterable<StagedLine>): { vouchers: AssembledVoucher[]; errors: ErpProblem[] } {
  const groups = new Map<string, Group>();
  const errors: ErpProblem[] = [];
  const rejected = new Set<string>();
  for (const staged of lines) {
    const { header } = staged.line;
    const key = voucherIdentity(header).key;
    const group = groups.get(key);
    const entity: Record<string, string> = {};
    for (const d of ENTITY_DIMENSIONS) {
      const v = staged.line.line.dimensions[d];
      if (v !== undefined) entity[d] = v;
    }
    if (!group) {
      groups.set(key, { header: { ...header, invoiceNumbers: [...header.invoiceNumbers], documentRefs: [...header.documentRefs] }, lines: [staged], firstRow: staged.rowNo, entity });
      continue;
    }
    const fields = [...CONSISTENT.map((field) => [field, group.header[field], header[field]] as const), ...ENTITY_DIMENSIONS.map((d) => [d, group.entity[d], entity[d]] as const)];
    for (const [field, first, value] of fields) {
      if (value !== undefined && first !== undefined && value !== first) {
        rejected.add(key);
        errors.push({
          rowNo: staged.rowNo,
          field,
          value: String(value),
          code: "erp.header_conflict",
          params: { row: staged.rowNo, column: field, value: String(value), first: String(first), firstRow: group.firstRow, word: header.voucherWord, no: header.voucherNo, year: header.fiscalYear, period: header.period },
        });
      } else if (first === undefined && value !== undefined) {
        if ((ENTITY_DIMENSIONS as readonly string[]).includes(field)) group.entity[field] = String(value);
        else (group.header as Record<string, unknown>)[field] = value;
      }
    }
    group.header.summary ??= header.summary;
    group.header.invoiceNumbers = [...new Set([...group.header.invoiceNumbers, ...header.invoiceNumbers])];
    group.header.documentRefs = [...new Set([...group.header.documentRefs, ...header.documentRefs])];
    group.lines.push(staged);
  }

  const vouchers: AssembledVoucher[] = [];
  for (const [key, group] of groups) {
    if (rejected.has(key)) continue;
    const repeat = repeatedEntry(group);
    if (repeat) {
      errors.push(repeat);
      continue;
    }
    const ordered = [...group.lines].sort((a, b) => a.line.line.seq - b.line.line.seq || a.rowNo - b.rowNo);
    // seq is the line's position in the voucher; sources number by row or by entry, so renumber.
    const candidate = { ...group.header, lines: ordered.map((s, i) => ({ ...s.line.line, seq: i + 1 })) };
    const { voucher, problems } = validateVoucher(candidate);
    if (!voucher) {
      for (const p of problems) errors.push({ rowNo: group.firstRow, ...p, params: { row: group.firstRow, ...p.params } });
      continue;
    }
    vouchers.push({ voucher, rowNos: ordered.map((s) => s.rowNo) });
  }
  vouchers.sort(
    (a, b) =>
      a.voucher.fiscalYear - b.voucher.fiscalYear ||
      a.voucher.period - b.voucher.period ||
      a.voucher.voucherWord.localeCompare(b.voucher.voucherWord) ||
      compareVoucherNo(a.voucher.voucherNo, b.voucher.voucherNo),
  );
  return { vouchers, errors };
}
