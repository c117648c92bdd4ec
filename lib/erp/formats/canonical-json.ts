import { formatDecimal, parseDecimal } from "@/lib/decimal";
import type { ErpErrorCode } from "@/lib/erp/codes";
import { asArray, text } from "@/lib/erp/formats/document";
import type { ErpFormat, ParseEvent } from "@/lib/erp/formats/types";
import { CanonicalLineSchema, VoucherHeaderSchema } from "@/lib/erp/model";
import { issueToProblem } from "@/lib/erp/validate-voucher";

const MONEY = ["debit", "credit"] as const;
const DECIMALS = ["exchangeRate", "foreignAmount", "quantity", "unitPrice"] as const;

function vouchers(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  const d = document as { vouchers?: unknown } | null;
  return d?.vouchers !== undefined ? asArray(d.vouchers) : [document];
}

/** Amounts may arrive as JSON numbers or formatted strings; they leave as exact decimal strings. */
function normaliseAmounts(line: Record<string, unknown>, path: string, rowNo: number, problems: ParseEvent[]): Record<string, unknown> {
  const out = { ...line };
  for (const key of [...MONEY, ...DECIMALS]) {
    const raw = line[key];
    if (raw === undefined || raw === null || raw === "") {
      if ((MONEY as readonly string[]).includes(key)) out[key] = "0.00";
      else delete out[key];
      continue;
    }
    const value = text(raw);
    const money = (MONEY as readonly string[]).includes(key);
    const r = parseDecimal(value, { maxScale: money ? 2 : 6 });
    if (r.ok) out[key] = money ? formatDecimal(r.value, 2) : r.value;
    else {
      // Reported here with the source text; a placeholder keeps the schema from reporting it twice.
      if (money) out[key] = "0.00";
      else delete out[key];
      const code: ErpErrorCode = r.error.code === "decimal.too_precise" ? "erp.amount_too_precise" : "erp.amount_invalid";
      const field = `${path}.${key}`;
      problems.push({ type: "error", rowNo, field, value, code, params: { row: rowNo, column: field, value, maxScale: money ? 2 : 6 } });
    }
  }
  return out;
}

function* mapVoucher(raw: unknown, rowNo: number, path: string): Generator<ParseEvent> {
  const problems: ParseEvent[] = [];
  const record = (raw ?? {}) as Record<string, unknown>;
  const header = VoucherHeaderSchema.safeParse(raw);
  if (!header.success) {
    for (const issue of header.error.issues) {
      const p = issueToProblem(raw, issue);
      const field = p.field ? `${path}.${p.field}` : path;
      problems.push({ type: "error", rowNo, ...p, field, params: { ...p.params, row: rowNo, column: field } });
    }
  }
  const lines = asArray(record.lines);
  if (lines.length === 0) problems.push({ type: "error", rowNo, field: `${path}.lines`, value: "", code: "erp.no_lines", params: { row: rowNo } });
  const parsedLines = lines.map((line, i) => {
    const linePath = `${path}.lines.${i}`;
    const normalised = normaliseAmounts((line ?? {}) as Record<string, unknown>, linePath, rowNo, problems);
    const parsed = CanonicalLineSchema.safeParse({ seq: i + 1, ...normalised });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const p = issueToProblem(normalised, issue);
        const field = `${linePath}.${p.field}`;
        problems.push({ type: "error", rowNo, ...p, field, params: { ...p.params, row: rowNo, column: field } });
      }
    }
    return parsed.success ? parsed.data : null;
  });
  if (problems.length > 0 || !header.success) {
    yield* problems;
    return;
  }
  for (const line of parsedLines) if (line) yield { type: "line", rowNo, line: { header: header.data, line } };
}

export const canonicalJson: ErpFormat = {
  id: "canonical-json",
  label: { "zh-CN": "Acta 标准凭证 JSON", en: "Acta canonical voucher JSON" },
  kinds: ["json"],
  detect: (sample) =>
    sample.container === "json" || sample.container === "jsonl"
      ? /"voucherWord"\s*:/.test(sample.text) && /"accountCode"\s*:/.test(sample.text)
        ? 0.95
        : 0
      : 0,
  document: {
    *map(document, firstRowNo) {
      for (const [i, raw] of vouchers(document).entries()) yield* mapVoucher(raw, firstRowNo + i, `vouchers.${i}`);
    },
  },
};
