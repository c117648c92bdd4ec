import { describe, expect, it } from "vitest";
import { formatMessage } from "@/lib/i18n/load-messages";
import { fieldLabelKey } from "./field-label";

describe("fieldLabelKey", () => {
  it.each(["zh-CN", "en"] as const)("names the voucher rules' own fields in %s", (locale) => {
    // What validateVoucher and assembleVouchers put in a problem's field (lib/erp).
    for (const field of ["lines", "lines.3", "seq", "date", "preparer", "attachmentCount", "currency"]) {
      const key = fieldLabelKey(field)!;
      expect(formatMessage(locale, key), field).not.toBe(key);
    }
    expect(formatMessage("zh-CN", fieldLabelKey("lines")!)).toBe("分录");
  });

  it("leaves the file's own column headers and empty fields alone", () => {
    expect(fieldLabelKey("借方")).toBeNull();
    expect(fieldLabelKey("Journal Entry/Date")).toBeNull();
    expect(fieldLabelKey("")).toBeNull();
    expect(fieldLabelKey(null)).toBeNull();
  });
});
