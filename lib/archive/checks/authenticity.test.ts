import { describe, expect, it } from "vitest";
import { context, file, options, recordContext, voucherRecord } from "./__fixtures__/batch";
import {
  checkArchivalCode,
  checkDuplicates,
  checkElectronicAttributes,
  checkFilesExist,
  checkFixity,
  checkLength,
  checkPackageDigest,
  checkPackageLayout,
  checkRanges,
  checkReasonableness,
  checkSpecialCharacters,
  checkTypes,
} from "./authenticity";
import type { CheckRecord } from "./types";

const opts = options();
const base = voucherRecord(1);

function withVoucher(changes: Partial<NonNullable<CheckRecord["voucher"]>>, record: CheckRecord = base): CheckRecord {
  return { ...record, voucher: { ...record.voucher!, ...changes } };
}

function withMetadata(changes: Record<string, unknown>): CheckRecord {
  return { ...base, metadata: { ...base.metadata, ...changes } };
}

describe("1-1 fixity", () => {
  it("passes when digests match, noting that there is no signature", () => {
    expect(checkFixity(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.digest_ok_no_signature" } });
  });

  it("passes and notes a signature present but not verified, or verified", () => {
    const signed = { ...base, files: [file({ hasSignature: true })] };
    expect(checkFixity(recordContext(signed))).toEqual({ outcome: "pass", detail: { code: "archive.check.digest_ok_signature_present", params: { files: "记账凭证.ofd" } } });
    const verified = { ...base, files: [file({ hasSignature: true, signatureValid: true })] };
    expect(checkFixity(recordContext(verified)).detail.code).toBe("archive.check.digest_ok_signature_valid");
  });

  it("fails on a changed digest or an invalid signature", () => {
    const changed = { ...base, files: [file({ sha256Now: "b".repeat(64) })] };
    expect(checkFixity(recordContext(changed))).toEqual({ outcome: "fail", detail: { code: "archive.check.digest_mismatch", params: { files: "记账凭证.ofd" } } });
    const forged = { ...base, files: [file({ hasSignature: true, signatureValid: false })] };
    expect(checkFixity(recordContext(forged)).detail.code).toBe("archive.check.signature_invalid");
  });

  it("is not performed without a digest and not applicable without files", () => {
    expect(checkFixity(recordContext({ ...base, files: [file({ sha256AtIngest: null })] })).outcome).toBe("not_performed");
    expect(checkFixity(recordContext({ ...base, files: [] })).outcome).toBe("not_applicable");
  });
});

describe("1-2 length", () => {
  it("passes values within their limits", () => {
    expect(checkLength(recordContext(), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.lengths_ok" } });
  });

  it("fails and names values that are too long, counting characters not bytes", () => {
    const long = withMetadata({ summary: "差".repeat(501), preparer: "张".repeat(100) });
    expect(checkLength(recordContext(long), opts)).toEqual({ outcome: "fail", detail: { code: "archive.check.too_long", params: { fields: "summary", count: 1 } } });
  });
});

describe("1-3 type and format", () => {
  it("passes well-typed metadata and voucher amounts", () => {
    expect(checkTypes(recordContext(), opts).outcome).toBe("pass");
  });

  it("fails impossible dates, non-numeric numbers, float amounts and malformed line amounts", () => {
    const bad = withVoucher({ lines: [{ summary: "x", accountCode: "1", debit: "12.345", credit: "0" }] }, withMetadata({ voucherDate: "2024-02-30", period: "三", amount: 1200.5 }));
    expect(checkTypes(recordContext(bad), opts)).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.bad_format", params: { fields: "period, voucherDate, amount, lines.0.debit", count: 4 } },
    });
  });
});

describe("1-4 value ranges", () => {
  it("passes plausible values", () => {
    expect(checkRanges(recordContext(), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.values_in_range" } });
  });

  it("fails a period outside 1-12", () => {
    expect(checkRanges(recordContext({ ...base, period: 13 }), opts)).toEqual({ outcome: "fail", detail: { code: "archive.check.period_out_of_range", params: { period: 13 } } });
    expect(checkRanges(recordContext({ ...base, period: null }), opts).detail.code).toBe("archive.check.period_out_of_range");
  });

  it("fails a fiscal year in the future or before the configured minimum", () => {
    expect(checkRanges(recordContext({ ...base, fiscalYear: 2026 }), opts)).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.year_out_of_range", params: { year: 2026, min: 1950, max: 2025 } },
    });
    expect(checkRanges(recordContext({ ...base, fiscalYear: 1949 }), opts).outcome).toBe("fail");
  });

  it("fails an unknown retention and, when configured, an unknown voucher word", () => {
    expect(checkRanges(recordContext({ ...base, retention: "Y15" }), opts).detail.code).toBe("archive.check.retention_unknown");
    const words = options({ voucherWords: ["收", "付", "转"] });
    expect(checkRanges(recordContext(), words)).toEqual({ outcome: "fail", detail: { code: "archive.check.voucher_word_unknown", params: { word: "记" } } });
  });
});

describe("1-5 reasonableness", () => {
  it("passes a balanced voucher dated inside its period", () => {
    expect(checkReasonableness(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.voucher_reasonable", params: { debit: "1200.5" } } });
  });

  it("fails a voucher dated outside its period", () => {
    expect(checkReasonableness(recordContext(withVoucher({ date: "2024-04-01" })))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.date_outside_period", params: { date: "2024-04-01", year: 2024, month: 3 } },
    });
  });

  it("fails an unbalanced voucher, exactly to the cent", () => {
    const lines = [
      { summary: "a", accountCode: "6602", debit: "0.10", credit: "0" },
      { summary: "b", accountCode: "6602", debit: "0.20", credit: "0" },
      { summary: "c", accountCode: "1002", debit: "0", credit: "0.31" },
    ];
    expect(checkReasonableness(recordContext(withVoucher({ lines })))).toEqual({ outcome: "fail", detail: { code: "archive.check.unbalanced", params: { debit: "0.3", credit: "0.31" } } });
    const balanced = lines.map((l, i) => (i === 2 ? { ...l, credit: "0.30" } : l));
    expect(checkReasonableness(recordContext(withVoucher({ lines: balanced }))).outcome).toBe("pass");
  });

  it("fails a voucher without entry lines instead of passing it as balanced at zero", () => {
    expect(checkReasonableness(recordContext(withVoucher({ lines: [] })))).toEqual({ outcome: "fail", detail: { code: "archive.check.no_lines" } });
  });

  it("fails negative amounts unless the voucher is a red reversal", () => {
    const lines = [
      { summary: "冲销", accountCode: "6602", debit: "-100", credit: "0" },
      { summary: "冲销", accountCode: "1002", debit: "0", credit: "-100" },
    ];
    expect(checkReasonableness(recordContext(withVoucher({ lines })))).toEqual({ outcome: "fail", detail: { code: "archive.check.negative_amount", params: { line: 1 } } });
    expect(checkReasonableness(recordContext(withVoucher({ lines, redFlag: true }))).outcome).toBe("pass");
  });

  it("is not applicable to other material and not performed on malformed amounts", () => {
    expect(checkReasonableness(recordContext({ ...base, category: "ledger", voucher: undefined })).outcome).toBe("not_applicable");
    expect(checkReasonableness(recordContext(withVoucher({ lines: [{ summary: "", accountCode: "1", debit: "1e3", credit: "0" }] }))).outcome).toBe("not_performed");
  });
});

describe("1-6 special characters", () => {
  it("passes ordinary Chinese text, tabs and line breaks", () => {
    expect(checkSpecialCharacters(recordContext(withMetadata({ summary: "差旅费\t（北京）\n第二行" })))).toEqual({ outcome: "pass", detail: { code: "archive.check.characters_ok" } });
  });

  it.each([
    ["a C0 control", "差旅\u0007费"],
    ["a C1 control", "差旅\u0085费"],
    ["a replacement character", "差旅\uFFFD费"],
    ["a lone surrogate", "差旅\uD800费"],
  ])("fails %s", (_, text) => {
    expect(checkSpecialCharacters(recordContext(withMetadata({ summary: text })))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.special_characters", params: { fields: "summary", count: 1 } },
    });
  });

  it("looks into nested metadata, line summaries and file names", () => {
    const record = withVoucher({ lines: [{ summary: "\u0000", accountCode: "1", debit: "0", credit: "0" }] }, withMetadata({ parties: [{ name: "\uFFFD" }] }));
    const withFile = { ...record, files: [file({ name: "bad\u001f.ofd" })] };
    expect(checkSpecialCharacters(recordContext(withFile)).detail.params).toEqual({ fields: "parties.0.name, lines.0.summary, files.0.name", count: 3 });
  });
});

describe("1-7 archival code", () => {
  it("passes a code that follows the rule and agrees with the record", () => {
    expect(checkArchivalCode(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.code_valid", params: { code: "Z001-KU·PZ·2024·D30-0001-0001" } } });
  });

  it("is not applicable before a code is assigned, and not performed without a rule", () => {
    expect(checkArchivalCode(recordContext({ ...base, archivalCode: null })).outcome).toBe("not_applicable");
    const ledger = { ...base, category: "ledger" as const };
    expect(checkArchivalCode(recordContext(ledger))).toEqual({ outcome: "not_performed", detail: { code: "archive.check.no_code_rule", params: { category: "ledger" } } });
  });

  it("fails a malformed code", () => {
    expect(checkArchivalCode(recordContext({ ...base, archivalCode: "Z001-KU·PZ·2024·D30-1-1" })).detail.code).toBe("archive.check.code_malformed");
  });

  it("fails a well-formed code whose parts contradict the record", () => {
    expect(checkArchivalCode(recordContext({ ...base, archivalCode: "Z001-KU·PZ·2023·D30-0001-0001" }))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.code_part_mismatch", params: { code: "Z001-KU·PZ·2023·D30-0001-0001", part: "year", expected: 2024, actual: 2023 } },
    });
    expect(checkArchivalCode(recordContext({ ...base, archivalCode: "Z002-KU·PZ·2024·D30-0001-0001" })).detail.params?.part).toBe("fonds");
    expect(checkArchivalCode(recordContext({ ...base, archivalCode: "Z001-KU·PZ·2024·D10-0001-0001" })).detail.params?.part).toBe("retention");
  });

  it("accepts a code carrying a longer term than the record's: its volume's, the longest inside", () => {
    expect(checkArchivalCode(recordContext({ ...base, retention: "Y10" })).outcome).toBe("pass");
    expect(checkArchivalCode(recordContext({ ...base, retention: "after_disposal_5y", archivalCode: "Z001-KU·PZ·2024·D5-0001-0001" })).outcome).toBe("pass");
    expect(checkArchivalCode(recordContext({ ...base, retention: "permanent" })).detail).toEqual({
      code: "archive.check.code_part_mismatch",
      params: { code: "Z001-KU·PZ·2024·D30-0001-0001", part: "retention", expected: "Y", actual: "D30" },
    });
  });
});

describe("1-8 duplicates", () => {
  const a = voucherRecord(1);
  const b = voucherRecord(2);

  it("passes distinct vouchers and invoices", () => {
    expect(checkDuplicates({ ...context([a, b]), record: a }, opts)).toEqual({
      outcome: "pass",
      detail: { code: "archive.check.no_duplicates", params: { keys: "voucher_identity, invoice_number", count: 2 } },
    });
  });

  it("fails a voucher number used twice in a month and word, ignoring zero padding", () => {
    const twin = voucherRecord(1, { id: "v1-again", invoiceNumbers: [] });
    const padded = withVoucher({ voucherNo: "0001" }, twin);
    expect(checkDuplicates({ ...context([a, padded]), record: a }, opts)).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.duplicate_voucher", params: { key: "voucher_identity", value: "2024/3/记/1", records: "记-1" } },
    });
  });

  it("fails an invoice booked on two vouchers (重复入账)", () => {
    const claimedTwice = { ...b, invoiceNumbers: a.invoiceNumbers };
    expect(checkDuplicates({ ...context([a, claimedTwice]), record: a }, opts).detail).toEqual({
      code: "archive.check.duplicate_invoice",
      params: { key: "invoice_number", value: "24320000000123456781", records: "记-2" },
    });
  });

  it("names every other record sharing a value once, in the batch's order, whichever record is judged", () => {
    const twice = { ...b, invoiceNumbers: [...a.invoiceNumbers!, ...a.invoiceNumbers!] };
    const third = { ...voucherRecord(3), invoiceNumbers: a.invoiceNumbers };
    const batch = context([a, twice, third, voucherRecord(4)]);
    const named = (record: typeof a) => checkDuplicates({ ...batch, record }, opts).detail.params?.records;
    expect([named(a), named(twice), named(third)]).toEqual(["记-2, 记-3", "记-1, 记-3", "记-1, 记-2"]);
    expect(checkDuplicates({ ...batch, record: voucherRecord(4) }, opts).outcome).toBe("pass");
  });

  it("uses the keys the fonds chose", () => {
    const sameTitle = options({ duplicateKeys: ["metadata:title"] });
    expect(checkDuplicates({ ...context([a, b]), record: a }, sameTitle).detail.params).toMatchObject({ key: "metadata:title", value: "报销差旅费" });
  });
});

describe("1-10 electronic attributes", () => {
  it("passes when name, size and format match the metadata", () => {
    expect(checkElectronicAttributes(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.attributes_match", params: { count: 1 } } });
  });

  it("fails on a size or format that differs", () => {
    expect(checkElectronicAttributes(recordContext({ ...base, files: [file({ size: 2047 })] }))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.attribute_mismatch", params: { file: "记账凭证.ofd", attribute: "size", declared: 2048, actual: 2047 } },
    });
    expect(checkElectronicAttributes(recordContext({ ...base, files: [file({ mediaType: "application/pdf" })] })).detail.params?.attribute).toBe("mediaType");
    expect(checkElectronicAttributes(recordContext({ ...base, files: [file({ name: "x.ofd" })] })).detail.params?.attribute).toBe("name");
  });

  it("is not performed when the metadata declares nothing", () => {
    expect(checkElectronicAttributes(recordContext({ ...base, files: [file({ declared: undefined })] })).outcome).toBe("not_performed");
  });

  it("is not performed for a file missing from storage instead of calling its format mismatched", () => {
    const missing = file({ name: "记-9.ofd", declared: { name: "记-9.ofd", size: 2048, mediaType: "application/ofd" }, mediaType: null, sha256Now: null });
    expect(checkElectronicAttributes(recordContext({ ...base, files: [file(), missing] }))).toEqual({
      outcome: "not_performed",
      detail: { code: "archive.check.content_unavailable", params: { files: "记-9.ofd" } },
    });
  });
});

describe("1-11 referenced files exist", () => {
  it("passes when every file is in storage", () => {
    expect(checkFilesExist(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.files_present", params: { count: 1 } } });
  });

  it("fails on a missing file, or declared files with none attached", () => {
    expect(checkFilesExist(recordContext({ ...base, files: [file(), file({ name: "发票.ofd", sha256Now: null })] }))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.files_missing", params: { files: "发票.ofd", count: 1 } },
    });
    expect(checkFilesExist(recordContext({ ...base, files: [] })).outcome).toBe("fail");
    expect(checkFilesExist(recordContext({ ...base, files: [], declaredFileCount: null })).outcome).toBe("not_applicable");
  });
});

describe("1-12/1-13 package layout and 1-14 package digest", () => {
  const pkg = { sha256AtIngest: "c".repeat(64), sha256Now: "c".repeat(64), fileNames: [] };

  it("are not applicable to online filing", () => {
    expect(checkPackageLayout(context())).toEqual([{ outcome: "not_applicable", detail: { code: "archive.check.no_package" } }]);
    expect(checkPackageDigest(context())).toEqual([{ outcome: "not_applicable", detail: { code: "archive.check.no_package" } }]);
  });

  it("leave a package's layout to a person", () => {
    const ctx = context();
    expect(checkPackageLayout({ ...ctx, batch: { ...ctx.batch, package: pkg } })[0]?.outcome).toBe("not_performed");
  });

  it("pass a package whose digest is unchanged and fail one that changed", () => {
    const ctx = context();
    expect(checkPackageDigest({ ...ctx, batch: { ...ctx.batch, package: pkg } })).toEqual([{ outcome: "pass", detail: { code: "archive.check.package_digest_ok" } }]);
    expect(checkPackageDigest({ ...ctx, batch: { ...ctx.batch, package: { ...pkg, sha256Now: "d".repeat(64) } } })[0]?.outcome).toBe("fail");
  });
});
