import { describe, expect, it } from "vitest";
import { context, file, options, recordContext, voucherRecord } from "./__fixtures__/batch";
import {
  checkAttachments,
  checkByteCount,
  checkElementsPresent,
  checkFileCount,
  checkItemCount,
  checkProcessInfo,
  checkRequiredValues,
  checkScope,
  checkVoucherNumbering,
  formatRanges,
} from "./completeness";
import type { CheckRecord } from "./types";

const opts = options();
const base = voucherRecord(1);

function withVoucher(changes: Partial<NonNullable<CheckRecord["voucher"]>>, record: CheckRecord = base): CheckRecord {
  return { ...record, voucher: { ...record.voucher!, ...changes } };
}

describe("2-1 item count and 2-2 byte count", () => {
  it("pass when the batch matches its register", () => {
    expect(checkItemCount(context())).toEqual([{ outcome: "pass", detail: { code: "archive.check.count_matches", params: { count: 2 } } }]);
    expect(checkByteCount(context())).toEqual([{ outcome: "pass", detail: { code: "archive.check.bytes_match", params: { bytes: 4096 } } }]);
  });

  it("fail when it does not", () => {
    const ctx = context();
    const declared = { batch: { ...ctx.batch, declared: { itemCount: 3, totalBytes: 4000 } } };
    expect(checkItemCount({ ...ctx, ...declared })).toEqual([{ outcome: "fail", detail: { code: "archive.check.count_mismatch", params: { declared: 3, actual: 2 } } }]);
    expect(checkByteCount({ ...ctx, ...declared })).toEqual([{ outcome: "fail", detail: { code: "archive.check.bytes_mismatch", params: { declared: 4000, actual: 4096 } } }]);
  });

  it("are not performed without declared totals", () => {
    const ctx = context();
    const bare = { ...ctx, batch: { records: ctx.batch.records } };
    expect(checkItemCount(bare)[0]?.outcome).toBe("not_performed");
    expect(checkByteCount(bare)[0]?.outcome).toBe("not_performed");
  });
});

describe("2-3 elements present", () => {
  it("passes when every scheme element is present, even empty", () => {
    const empty = { ...base, metadata: { ...base.metadata, poster: "" } };
    expect(checkElementsPresent(recordContext(empty), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.elements_present" } });
  });

  it("fails and names absent elements", () => {
    const { poster: _poster, currency: _currency, ...rest } = base.metadata ?? {};
    expect(checkElementsPresent(recordContext({ ...base, metadata: rest }), opts)).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.elements_missing", params: { fields: "poster, currency", count: 2 } },
    });
  });

  it("is not performed on unreadable metadata", () => {
    expect(checkElementsPresent(recordContext({ ...base, metadata: null }), opts).outcome).toBe("not_performed");
  });
});

describe("2-4 required values", () => {
  it("passes when required elements have values", () => {
    expect(checkRequiredValues(recordContext(), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.required_present" } });
  });

  it("fails blank or missing required values", () => {
    const blank = { ...base, metadata: { ...base.metadata, reviewer: "  ", voucherDate: null } };
    expect(checkRequiredValues(recordContext(blank), opts)).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.required_empty", params: { fields: "voucherDate, reviewer", count: 2 } },
    });
  });

  it("uses the fonds' own required list", () => {
    const strict = options({ requiredMetadata: { voucher: ["cashier"], ledger: [], report: [], other: [] } });
    expect(checkRequiredValues(recordContext(), strict).detail.params).toEqual({ fields: "cashier", count: 1 });
  });
});

describe("2-5 process information", () => {
  it("passes a voucher with preparer, reviewer and poster", () => {
    expect(checkProcessInfo(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.process_complete" } });
  });

  it("fails a voucher without reviewer", () => {
    expect(checkProcessInfo(recordContext(withVoucher({ reviewer: undefined })))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.process_incomplete", params: { roles: "reviewer" } },
    });
  });

  it("warns when the poster, or the cashier of a 收/付 voucher, is missing", () => {
    expect(checkProcessInfo(recordContext(withVoucher({ poster: undefined })))).toEqual({
      outcome: "warning",
      detail: { code: "archive.check.process_partial", params: { roles: "poster" } },
    });
    expect(checkProcessInfo(recordContext(withVoucher({ voucherWord: "收" }))).detail.params).toEqual({ roles: "cashier" });
    expect(checkProcessInfo(recordContext(withVoucher({ voucherWord: "收", cashier: "赵六" }))).outcome).toBe("pass");
  });
});

describe("2-6 voucher numbering", () => {
  function numbered(word: string, numbers: number[], month = 3): CheckRecord[] {
    return numbers.map((n, i) => withVoucher({ voucherWord: word }, voucherRecord(n, { id: `${word}${month}-${i}`, period: month })));
  }

  it("passes consecutive numbers from 1 per month and word", () => {
    expect(checkVoucherNumbering(context([...numbered("记", [3, 1, 2]), ...numbered("收", [1])]))).toEqual([
      { outcome: "pass", detail: { code: "archive.check.numbers_consecutive", params: { year: 2024, month: 3, word: "收", last: 1 } } },
      { outcome: "pass", detail: { code: "archive.check.numbers_consecutive", params: { year: 2024, month: 3, word: "记", last: 3 } } },
    ]);
  });

  it("names gaps and repeats", () => {
    const numbers = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 15, 16, 17, 18, 19, 20, 20];
    expect(checkVoucherNumbering(context(numbered("记", numbers)))).toEqual([
      { outcome: "fail", detail: { code: "archive.check.numbers_gaps_and_repeats", params: { year: 2024, month: 3, word: "记", gaps: "7, 12–14", repeats: "20" } } },
    ]);
  });

  it("fails a sequence that does not start at 1, and one with repeats only", () => {
    expect(checkVoucherNumbering(context(numbered("转", [3, 4])))[0]?.detail).toEqual({
      code: "archive.check.numbers_gaps",
      params: { year: 2024, month: 3, word: "转", gaps: "1, 2" },
    });
    expect(checkVoucherNumbering(context(numbered("转", [1, 1])))[0]?.detail.code).toBe("archive.check.numbers_repeats");
  });

  it("keeps months apart and skips material that is not a voucher", () => {
    const results = checkVoucherNumbering(context([...numbered("记", [1], 4), ...numbered("记", [1, 2], 3)]));
    expect(results.map((r) => r.detail.params?.month)).toEqual([3, 4]);
    expect(checkVoucherNumbering(context([{ ...base, category: "ledger", voucher: undefined }]))[0]?.outcome).toBe("not_applicable");
  });

  it("fails a sequence with a number it cannot read instead of hiding its gaps", () => {
    const records = [...numbered("记", [1, 5]), withVoucher({ voucherWord: "记", voucherNo: "A7" }, voucherRecord(7, { id: "odd", period: 3 }))];
    expect(checkVoucherNumbering(context(records))).toEqual([
      { outcome: "fail", detail: { code: "archive.check.numbers_unreadable", params: { year: 2024, month: 3, word: "记", numbers: "A7" } } },
    ]);
  });

  it("names a gap up to a very large number without counting every missing number one by one", () => {
    const started = performance.now();
    const results = checkVoucherNumbering(context(numbered("记", [1, 2, 900_000_000])));
    expect(results[0]?.detail).toEqual({ code: "archive.check.numbers_gaps", params: { year: 2024, month: 3, word: "记", gaps: "3–899999999" } });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("formats number ranges", () => {
    expect(formatRanges([1, 2, 4, 6, 7, 8])).toBe("1, 2, 4, 6–8");
    expect(formatRanges([])).toBe("");
  });
});

describe("2-8 attachments", () => {
  it("passes when linked documents match the declared count", () => {
    expect(checkAttachments(recordContext(), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.attachments_match", params: { declared: 1, linked: 1 } } });
  });

  it("reports fewer linked than declared with the fonds' outcome, a warning by default", () => {
    const paper = withVoucher({ attachmentCount: 3 });
    expect(checkAttachments(recordContext(paper), opts)).toEqual({ outcome: "warning", detail: { code: "archive.check.attachments_missing", params: { declared: 3, linked: 1 } } });
    expect(checkAttachments(recordContext(paper), options({ attachmentShortfallOutcome: "fail" })).outcome).toBe("fail");
  });

  it("warns on more linked than declared and is not performed without a declared count", () => {
    expect(checkAttachments(recordContext({ ...base, linkedSourceDocuments: 2 }), opts).detail.code).toBe("archive.check.attachments_extra");
    expect(checkAttachments(recordContext(withVoucher({ attachmentCount: undefined })), opts).outcome).toBe("not_performed");
  });
});

describe("2-9 scope", () => {
  it("passes listed material kept at least as long as the schedule says", () => {
    expect(checkScope(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.in_schedule", params: { materialType: "voucher", retention: "Y30" } } });
  });

  it("fails a retention shorter than the schedule or the fonds' longer override", () => {
    expect(checkScope(recordContext({ ...base, retention: "Y10" }))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.retention_below_schedule", params: { materialType: "voucher", retention: "Y10", minimum: "Y30" } },
    });
    const ctx = recordContext(base);
    const stricter = { ...ctx, fonds: { ...ctx.fonds, overrides: { retentions: { voucher: "permanent" as const } } } };
    expect(checkScope(stricter).outcome).toBe("fail");
  });

  it("warns on unlisted material mapped to the most similar item", () => {
    expect(checkScope(recordContext({ ...base, materialType: "payroll_voucher" }))).toEqual({
      outcome: "warning",
      detail: { code: "archive.check.mapped_to_similar", params: { materialType: "payroll_voucher", similar: "voucher" } },
    });
  });
});

describe("2-11 file count", () => {
  it("passes when the files match the declared count", () => {
    expect(checkFileCount(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.file_count_matches", params: { declared: 1, actual: 1 } } });
  });

  it("fails when they do not, and is not performed without a declared count", () => {
    expect(checkFileCount(recordContext({ ...base, files: [file(), file({ name: "发票.ofd" })] })).outcome).toBe("fail");
    expect(checkFileCount(recordContext({ ...base, declaredFileCount: null })).outcome).toBe("not_performed");
  });
});
