import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en/erp.json";
import zhCN from "@/lib/i18n/messages/zh-CN/erp.json";
import { ERP_ERROR_CODES } from "@/lib/erp/codes";
import type { DetectionReason } from "@/lib/erp/detect-format";
import { formatErpMessage } from "@/lib/erp/messages";

const REASONS: DetectionReason[] = ["erp.detected_by_header", "erp.detected_by_content", "erp.detected_none", "erp.detected_given"];

describe("ERP messages", () => {
  it.each([...ERP_ERROR_CODES, ...REASONS])("%s has a zh-CN and an en message with the same placeholders", (code) => {
    const key = code.slice("erp.".length) as keyof typeof zhCN.erp;
    const zh = zhCN.erp[key];
    const english = en.erp[key];
    expect(typeof zh).toBe("string");
    expect(typeof english).toBe("string");
    const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(placeholders(english)).toEqual(placeholders(zh));
  });

  it("names a detected format by its label in the reader's language, an unknown one as given", () => {
    const params = { headerRow: 1, columns: "日期, 凭证字", format: "kingdee-k3", confidence: 100 };
    expect(formatErpMessage("zh-CN", "erp.detected_by_header", params)).toBe("根据第1行表头（日期, 凭证字）识别为 金蝶 K/3 / KIS 凭证引出，置信度 100%");
    expect(formatErpMessage("en", "erp.detected_by_header", params)).toBe("Recognised as Kingdee K/3 / KIS voucher export from the header in row 1 (日期, 凭证字), confidence 100%");
    expect(formatErpMessage("en", "erp.detected_given", { format: "acme-erp" })).toContain("acme-erp");
  });

  it("renders a row problem for the clerk in both languages", () => {
    const params = { row: 12, column: "借方金额", value: "12,34x" };
    expect(formatErpMessage("zh-CN", "erp.amount_invalid", params)).toBe("第12行：借方金额“12,34x”不是有效的金额");
    expect(formatErpMessage("en", "erp.amount_invalid", params)).toBe('Row 12: 借方金额 "12,34x" is not a valid amount');
  });

  it("names the voucher for voucher-level problems", () => {
    const params = { word: "记", no: "12", year: "2024", period: "3", debitTotal: "1,200.00", creditTotal: "1,100.00" };
    expect(formatErpMessage("zh-CN", "erp.unbalanced", params)).toBe("凭证 记-12（2024年3月）：借贷不平衡：借方合计 1,200.00，贷方合计 1,100.00");
    expect(formatErpMessage("zh-CN", "erp.unbalanced", { ...params, row: 5 })).toBe("第5行，凭证 记-12（2024年3月）：借贷不平衡：借方合计 1,200.00，贷方合计 1,100.00");
    expect(formatErpMessage("en", "erp.unbalanced", params)).toBe("Voucher 记-12 (2024-3): Debits and credits do not balance: debit total 1,200.00, credit total 1,100.00");
  });

  it("names a voucher header field in the reader's language, not by its code name", () => {
    const params = { row: 3, column: "date", value: "2024-03-16", first: "2024-03-15", firstRow: 2, word: "记", no: "1", year: 2024, period: 3 };
    expect(formatErpMessage("zh-CN", "erp.header_conflict", params)).toBe("第3行，凭证 记-1（2024年3月）：日期为“2024-03-16”，与第2行同一凭证的“2024-03-15”不一致");
    expect(formatErpMessage("en", "erp.header_conflict", { ...params, column: "preparer" })).toContain("Preparer is");
  });

  it("renders file-level problems without a location and unknown codes as themselves", () => {
    expect(formatErpMessage("zh-CN", "erp.missing_column", { row: 0, column: "FACCTID" })).toBe("文件缺少“FACCTID”列");
    expect(formatErpMessage("en", "erp.no_such_code")).toBe("erp.no_such_code");
    expect(formatErpMessage("en", "erp.location")).toBe("erp.location");
  });
});
