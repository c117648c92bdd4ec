import { z } from "zod";
import { fail, invalid, ok, type Result } from "@/lib/errors";
import { DATE_FORMATS } from "@/lib/erp/dates";
import { FIELDS, type DebitCredit, type Field } from "@/lib/erp/formats/build-line";
import { erpnextSpec } from "@/lib/erp/formats/erpnext";
import { kingdeeCloudSpec } from "@/lib/erp/formats/kingdee-cloud";
import { kingdeeK3Spec } from "@/lib/erp/formats/kingdee-k3";
import { odooSpec } from "@/lib/erp/formats/odoo";
import { sapBkpfSpec } from "@/lib/erp/formats/sap-bkpf";
import { sapFbl3nSpec } from "@/lib/erp/formats/sap-fbl3n";
import { defineTabular, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";
import { yonyouU8Spec } from "@/lib/erp/formats/yonyou-u8";
import { normaliseHeader } from "@/lib/erp/read/normalise-header";

const column = z.string().trim().min(1).max(200);
/** Amount columns are named in debitCredit, so they are not mappable twice. */
const MAPPABLE = FIELDS.filter((f) => f !== "amount" && f !== "indicator");

export const CustomMappingSchema = z
  .object({
    sourceSystem: z.string().trim().min(1).max(64).default("custom"),
    delimiter: z.enum([",", "\t", ";"]).optional(),
    encoding: z.enum(["utf8", "gb18030", "utf16le", "utf16be", "windows1252"]).optional(),
    /** Physical row of the header; found under title rows when absent. */
    headerRow: z.number().int().positive().max(1000).optional(),
    sheetName: z.string().trim().min(1).optional(),
    columns: z
      .object(Object.fromEntries(MAPPABLE.map((f) => [f, column.optional()])) as Record<(typeof MAPPABLE)[number], z.ZodOptional<typeof column>>)
      .extend({ dimensions: z.record(z.string().trim().min(1), column).default({}) }),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    amountStyle: z.enum(["1,234.56", "1.234,56"]).default("1,234.56"),
    defaultVoucherWord: z.string().trim().min(1).max(32).default("记"),
    debitCredit: z
      .discriminatedUnion("mode", [
        z.object({ mode: z.literal("two-columns") }),
        z.object({ mode: z.literal("signed-amount"), amount: column }),
        z.object({
          mode: z.literal("indicator"),
          amount: column,
          indicator: column,
          debitValues: z.array(z.string().trim().min(1)).min(1),
          creditValues: z.array(z.string().trim().min(1)).min(1).optional(),
        }),
      ])
      .default({ mode: "two-columns" }),
  })
  .superRefine((m, ctx) => {
    const needed: Field[] = ["voucherNo", "accountCode", "date"];
    if (m.debitCredit.mode === "two-columns") needed.push("debit", "credit");
    for (const f of needed) if (!m.columns[f as (typeof MAPPABLE)[number]]) ctx.addIssue({ code: "custom", path: ["columns", f], message: "required" });
    // One column read as both sides would put every amount on both, and every line would be refused.
    const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && normaliseHeader(a) === normaliseHeader(b);
    if (m.debitCredit.mode === "two-columns" && same(m.columns.debit, m.columns.credit)) ctx.addIssue({ code: "custom", path: ["columns", "credit"], message: "same column as debit" });
    if (m.debitCredit.mode === "indicator") {
      const dc = m.debitCredit;
      if (same(dc.amount, dc.indicator)) ctx.addIssue({ code: "custom", path: ["debitCredit", "indicator"], message: "same column as amount" });
      const debit = new Set(dc.debitValues.map((v) => v.toUpperCase()));
      if (dc.creditValues?.some((v) => debit.has(v.toUpperCase()))) ctx.addIssue({ code: "custom", path: ["debitCredit", "creditValues"], message: "also a debit value" });
    }
  });

export type CustomMapping = z.output<typeof CustomMappingSchema>;

function toSpec(m: CustomMapping): TabularSpec {
  const columns: Partial<Record<Field, readonly string[]>> = {};
  for (const f of MAPPABLE) {
    const name = m.columns[f];
    if (name) columns[f] = [name];
  }
  let debitCredit: DebitCredit = { mode: "two-columns" };
  if (m.debitCredit.mode !== "two-columns") {
    columns.amount = [m.debitCredit.amount];
    debitCredit = { mode: "signed-amount" };
  }
  if (m.debitCredit.mode === "indicator") {
    columns.indicator = [m.debitCredit.indicator];
    debitCredit = { mode: "indicator", debitValues: m.debitCredit.debitValues, creditValues: m.debitCredit.creditValues };
  }
  const dimensions = Object.fromEntries(Object.entries(m.columns.dimensions).map(([k, v]) => [k, [v]]));
  return {
    columns,
    dimensions,
    // The administrator named these columns: a file without one of them is the wrong file, not one without that data.
    required: Object.keys(columns) as Field[],
    dimensionsRequired: true,
    options: () => ({
      sourceSystem: m.sourceSystem,
      // An XLSX date cell reads as YYYY-MM-DD whatever its display format; that layout is never ambiguous.
      dateFormats: m.dateFormat ? [...new Set([m.dateFormat, "YYYY-MM-DD" as const])] : DATE_FORMATS,
      decimalSeparator: m.amountStyle === "1.234,56" ? "," : ".",
      debitCredit,
      defaultVoucherWord: m.defaultVoucherWord,
    }),
  };
}

/** An administrator's mapping saved on a connector, as a format. */
export function createCustomFormat(raw: unknown): Result<ErpFormat & { mapping: CustomMapping }> {
  const parsed = CustomMappingSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  return ok({ ...custom, mapping: parsed.data, tabular: defineTabular(toSpec(parsed.data)) });
}

const PRESETS = [kingdeeK3Spec, kingdeeCloudSpec, yonyouU8Spec, sapFbl3nSpec, sapBkpfSpec, odooSpec, erpnextSpec];

/**
 * Proposes a mapping from a header row using the presets' column synonyms, for the administrator
 * to review; fails when the header names no voucher number, account or amount column.
 */
export function proposeMapping(header: string[]): Result<CustomMapping> {
  const cells = header.map((h) => ({ raw: h.trim(), key: normaliseHeader(h) }));
  const used = new Set<string>();
  const find = (synonyms: readonly string[] | undefined) => {
    for (const s of synonyms ?? []) {
      const cell = cells.find((c) => c.key === normaliseHeader(s) && !used.has(c.key));
      if (cell) {
        used.add(cell.key);
        return cell.raw;
      }
    }
    return undefined;
  };
  const columns: Record<string, string> = {};
  const found: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    for (const spec of PRESETS) {
      const name = find(spec.columns[f]);
      if (name) {
        found[f] = name;
        break;
      }
    }
  }
  const dimensions: Record<string, string> = {};
  for (const spec of PRESETS) {
    for (const [key, synonyms] of Object.entries(spec.dimensions ?? {})) {
      const name = dimensions[key] ? undefined : find(synonyms);
      if (name) dimensions[key] = name;
    }
  }
  for (const f of MAPPABLE) if (found[f]) columns[f] = found[f];
  const debitCredit =
    found.debit && found.credit
      ? { mode: "two-columns" as const }
      : found.amount && found.indicator
        ? { mode: "indicator" as const, amount: found.amount, indicator: found.indicator, debitValues: ["借", "S", "D"], creditValues: ["贷", "H", "C"] }
        : found.amount
          ? { mode: "signed-amount" as const, amount: found.amount }
          : null;
  if (!debitCredit) return fail("erp.mapping_invalid", { column: "debit" });
  const parsed = CustomMappingSchema.safeParse({ columns: { ...columns, dimensions }, debitCredit });
  return parsed.success ? ok(parsed.data) : invalid(parsed.error);
}

/** Listed so the UI can offer it; it only parses through createCustomFormat with a saved mapping. */
export const custom: ErpFormat = {
  id: "custom",
  label: { "zh-CN": "自定义映射", en: "Custom mapping" },
  kinds: ["tabular"],
  detect: () => 0,
};
