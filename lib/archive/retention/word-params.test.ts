import { describe, expect, it } from "vitest";
import { formatMessage } from "@/lib/i18n/load-messages";
import { wordRetentionParams } from "./word-params";

const t = (locale: "zh-CN" | "en") => (key: string) => formatMessage(locale, key);

describe("retention messages name terms and material types in words, not codes", () => {
  it("words the term and the material type of a refused override in both languages", () => {
    const params = { materialType: "source_document", retention: "Y10", minimum: "Y30" };
    expect(formatMessage("zh-CN", "archive.retention.shorter_than_legal_minimum", wordRetentionParams(params, "zh-CN", t("zh-CN")))).toBe(
      "原始凭证的保管期限10年短于法定最低保管期限30年",
    );
    expect(formatMessage("en", "archive.retention.shorter_than_legal_minimum", wordRetentionParams(params, "en", t("en")))).toBe(
      "The retention 10 years of Source documents is shorter than the legal minimum 30 years",
    );
  });

  it("words a check finding's material types, including the similar item an unlisted type follows", () => {
    expect(wordRetentionParams({ materialType: "voucher", retention: "permanent" }, "zh-CN", t("zh-CN"))).toEqual({ materialType: "记账凭证", retention: "永久" });
    expect(wordRetentionParams({ materialType: "合同台账", similar: "other_ledger" }, "en", t("en"))).toEqual({ materialType: "合同台账", similar: "Other auxiliary ledgers" });
  });

  it("leaves other values and other parameters as they are", () => {
    expect(wordRetentionParams({ retention: "Y99", count: 3, category: "voucher" }, "zh-CN", t("zh-CN"))).toEqual({ retention: "Y99", count: 3, category: "voucher" });
    expect(wordRetentionParams(undefined, "zh-CN", t("zh-CN"))).toBeUndefined();
  });
});
