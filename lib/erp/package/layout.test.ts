import { describe, expect, it } from "vitest";
import { analyzeLayout, findManifest, parseVoucherFolder } from "./layout";

describe("parseVoucherFolder", () => {
  it.each([
    ["记-12", "记", "12"],
    ["记字第12号", "记", "12"],
    ["记12", "记", "12"],
    ["收-0003", "收", "3"],
    ["转字12号", "转", "12"],
    ["银付_7", "银付", "7"],
    ["记-0", "记", "0"],
  ])("%s → %s %s", (folder, voucherWord, voucherNo) => {
    expect(parseVoucherFolder(folder)).toEqual({ voucherWord, voucherNo });
  });

  it.each(["3月会计凭证", "凭证类会计档案", "记账凭证", "记-", "发票12"])("ignores %s", (folder) => {
    expect(parseVoucherFolder(folder)).toBeUndefined();
  });
});

describe("analyzeLayout with DA/T 94 Fig. F.1 folders", () => {
  const root = "2024年会计档案/会计档案";
  const names = [
    "2024年会计档案/说明文件.txt",
    "2024年会计档案/目录文件(电子会计档案登记表).xlsx",
    "2024年会计档案/凭证.csv",
    `${root}/凭证类会计档案/3月会计凭证/记-12/记账凭证.ofd`,
    `${root}/凭证类会计档案/3月会计凭证/记-12/电子发票1.ofd`,
    `${root}/凭证类会计档案/3月会计凭证/记-12/银行回单.pdf`,
    `${root}/凭证类会计档案/3月会计凭证/收字第0003号/报销单.pdf`,
    `${root}/凭证类会计档案/3月会计凭证/收字第0003号/附件/合同扫描.pdf`,
    `${root}/凭证类会计档案/4月会计凭证/转12/照片.jpg`,
    `${root}/凭证类会计档案/3月会计凭证/散落.pdf`,
    `${root}/账簿类会计档案/2024年总账.pdf`,
    `${root}/账簿类会计档案/银行日记账2024年3月.pdf`,
    `${root}/账簿类会计档案/备查簿.pdf`,
    `${root}/报告类会计档案/2024年度财务报告.pdf`,
    `${root}/报告类会计档案/2024年第一季度报表.pdf`,
    `${root}/报告类会计档案/2024年上半年报告.pdf`,
    `${root}/报告类会计档案/2024年3月利润表.xlsx`,
    `${root}/报告类会计档案/杂项.pdf`,
  ];

  it("links each file to its voucher, ledger or report and reports the rest", () => {
    const result = analyzeLayout(names);
    if (!result.ok) throw new Error(result.error.code);
    const layout = result.value;
    expect(layout.layout).toBe("folders");
    expect(layout.voucherFile).toBe("2024年会计档案/凭证.csv");
    expect(layout.descriptors).toEqual(["2024年会计档案/说明文件.txt", "2024年会计档案/目录文件(电子会计档案登记表).xlsx"]);
    const march12 = { voucherWord: "记", voucherNo: "12", fiscalYear: 2024, period: 3 };
    const march3 = { voucherWord: "收", voucherNo: "3", fiscalYear: 2024, period: 3 };
    expect(layout.attachments).toEqual([
      { path: `${root}/凭证类会计档案/3月会计凭证/记-12/记账凭证.ofd`, voucher: march12, kind: "voucher" },
      { path: `${root}/凭证类会计档案/3月会计凭证/记-12/电子发票1.ofd`, voucher: march12, kind: "einvoice" },
      { path: `${root}/凭证类会计档案/3月会计凭证/记-12/银行回单.pdf`, voucher: march12, kind: "bank_receipt" },
      { path: `${root}/凭证类会计档案/3月会计凭证/收字第0003号/报销单.pdf`, voucher: march3, kind: "expense_claim" },
      // Nested below the voucher folder, the month comes from the voucher folder's own parent.
      { path: `${root}/凭证类会计档案/3月会计凭证/收字第0003号/附件/合同扫描.pdf`, voucher: march3, kind: "contract" },
      { path: `${root}/凭证类会计档案/4月会计凭证/转12/照片.jpg`, voucher: { voucherWord: "转", voucherNo: "12", fiscalYear: 2024, period: 4 }, kind: "other" },
    ]);
    expect(layout.ledgers).toEqual([
      { path: `${root}/账簿类会计档案/2024年总账.pdf`, kind: "general_ledger", fiscalYear: 2024 },
      { path: `${root}/账簿类会计档案/银行日记账2024年3月.pdf`, kind: "journal", fiscalYear: 2024, period: 3 },
    ]);
    expect(layout.reports).toEqual([
      { path: `${root}/报告类会计档案/2024年度财务报告.pdf`, periodKind: "year", fiscalYear: 2024 },
      { path: `${root}/报告类会计档案/2024年第一季度报表.pdf`, periodKind: "quarter", period: 1, fiscalYear: 2024 },
      { path: `${root}/报告类会计档案/2024年上半年报告.pdf`, periodKind: "half", period: 1, fiscalYear: 2024 },
      { path: `${root}/报告类会计档案/2024年3月利润表.xlsx`, periodKind: "month", period: 3, fiscalYear: 2024 },
    ]);
    expect(layout.unassigned).toEqual([
      { code: "package.unclassified_file", params: { path: `${root}/凭证类会计档案/3月会计凭证/散落.pdf` } },
      { code: "package.unclassified_ledger", params: { path: `${root}/账簿类会计档案/备查簿.pdf` } },
      { code: "package.unclassified_report", params: { path: `${root}/报告类会计档案/杂项.pdf` } },
    ]);
  });

  it("leaves year and month out when the folders do not say them", () => {
    const result = analyzeLayout(["vouchers.xlsx", "记-5/invoice.xml"]);
    expect(result.ok && result.value.voucherFile).toBe("vouchers.xlsx");
    expect(result.ok && result.value.attachments).toEqual([{ path: "记-5/invoice.xml", voucher: { voucherWord: "记", voucherNo: "5" }, kind: "einvoice" }]);
  });

  it("refuses to guess between several top-level data files", () => {
    const result = analyzeLayout(["a.csv", "b.json", "记-1/x.pdf"]);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.voucherFile).toBeUndefined();
    expect(result.value.unassigned).toEqual([
      { code: "package.ambiguous_voucher_file", params: { path: "a.csv" } },
      { code: "package.ambiguous_voucher_file", params: { path: "b.json" } },
    ]);
  });

  it("prefers the file named for vouchers among equals, and says when there is none", () => {
    const named = analyzeLayout(["accounts.csv", "vouchers.csv"]);
    expect(named.ok && named.value.voucherFile).toBe("vouchers.csv");
    const none = analyzeLayout(["记-1/发票.ofd"]);
    expect(none.ok && none.value.unassigned).toEqual([{ code: "package.no_voucher_file", params: { path: "" } }]);
  });
});

describe("analyzeLayout with a manifest", () => {
  const manifest = {
    vouchers: "vouchers.csv",
    documents: [
      { path: "files/inv-1.ofd", voucherWord: "记", voucherNo: 12, fiscalYear: 2024, period: 3, kind: "einvoice", documentNo: "24112000000048542163" },
      { path: "files/receipt.pdf", voucherWord: "付", voucherNo: "0007", kind: "bank_receipt" },
      { path: "files/gone.pdf", voucherWord: "记", voucherNo: "1", kind: "other" },
    ],
    ledgers: [{ path: "ledgers/card-01.pdf", kind: "fixed_asset_card", fiscalYear: 2024, disposalDate: "2024-06-30" }],
    reports: [{ path: "reports/q1.pdf", periodKind: "quarter", fiscalYear: 2024, period: 1 }],
  };
  const names = ["pkg/manifest.json", "pkg/vouchers.csv", "pkg/files/inv-1.ofd", "pkg/files/receipt.pdf", "pkg/ledgers/card-01.pdf", "pkg/reports/q1.pdf", "pkg/stray.txt"];

  it("finds the shallowest manifest", () => {
    expect(findManifest(names)).toBe("pkg/manifest.json");
    expect(findManifest(["a/b/manifest.csv", "a/manifest.csv", "a/manifest.json"])).toBe("a/manifest.json");
    expect(findManifest(["vouchers.csv"])).toBeUndefined();
  });

  it("resolves paths against the manifest's folder and reports missing and unlisted files", () => {
    const result = analyzeLayout(names, { path: "pkg/manifest.json", text: JSON.stringify(manifest) });
    expect(result).toEqual({
      ok: true,
      value: {
        layout: "manifest",
        voucherFile: "pkg/vouchers.csv",
        attachments: [
          { path: "pkg/files/inv-1.ofd", voucher: { voucherWord: "记", voucherNo: "12", fiscalYear: 2024, period: 3 }, kind: "einvoice", documentNo: "24112000000048542163" },
          { path: "pkg/files/receipt.pdf", voucher: { voucherWord: "付", voucherNo: "7" }, kind: "bank_receipt" },
        ],
        ledgers: [{ path: "pkg/ledgers/card-01.pdf", kind: "fixed_asset_card", fiscalYear: 2024, disposalDate: "2024-06-30" }],
        reports: [{ path: "pkg/reports/q1.pdf", periodKind: "quarter", fiscalYear: 2024, period: 1 }],
        descriptors: ["pkg/manifest.json"],
        unassigned: [
          { code: "package.manifest_missing_file", params: { path: "pkg/files/gone.pdf" } },
          { code: "package.unlisted_file", params: { path: "pkg/stray.txt" } },
        ],
      },
    });
  });

  it("reads manifest.csv with the same columns", () => {
    const csv = [
      "type,path,voucherWord,voucherNo,fiscalYear,period,kind,documentNo,periodKind,disposalDate",
      "vouchers,vouchers.csv,,,,,,,,",
      "document,files/inv-1.ofd,记,12,2024,3,einvoice,,,",
      "ledger,ledgers/gl.pdf,,,2024,,general_ledger,,,",
      "report,reports/2024.pdf,,,2024,,,,year,",
    ].join("\n");
    const result = analyzeLayout(["manifest.csv", "vouchers.csv", "files/inv-1.ofd", "ledgers/gl.pdf", "reports/2024.pdf"], { path: "manifest.csv", text: `\ufeff${csv}` });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.voucherFile).toBe("vouchers.csv");
    expect(result.value.attachments).toEqual([{ path: "files/inv-1.ofd", voucher: { voucherWord: "记", voucherNo: "12", fiscalYear: 2024, period: 3 }, kind: "einvoice" }]);
    expect(result.value.ledgers).toEqual([{ path: "ledgers/gl.pdf", kind: "general_ledger", fiscalYear: 2024 }]);
    expect(result.value.reports).toEqual([{ path: "reports/2024.pdf", periodKind: "year", fiscalYear: 2024 }]);
    expect(result.value.unassigned).toEqual([]);
  });

  it("refuses an invalid manifest with the fields at fault", () => {
    const bad = { documents: [{ path: "a.pdf", voucherWord: "记", voucherNo: "x", kind: "receipt" }], reports: [{ path: "r.pdf", periodKind: "quarter", fiscalYear: 2024, period: 5 }] };
    const result = analyzeLayout(["manifest.json"], { path: "manifest.json", text: JSON.stringify(bad) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("package.manifest_invalid");
    expect(result.error.params).toEqual({ manifest: "manifest.json" });
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(["documents.0.kind", "documents.0.voucherNo", "reports.0.period"]);
  });

  it("refuses unparsable JSON and unknown CSV row types", () => {
    expect(analyzeLayout([], { path: "manifest.json", text: "{" })).toEqual({ ok: false, error: { code: "package.manifest_invalid", params: { manifest: "manifest.json" } } });
    const csv = "type,path\ninvoice,a.pdf\n";
    expect(analyzeLayout([], { path: "m/manifest.csv", text: csv })).toEqual({
      ok: false,
      error: { code: "package.manifest_invalid", params: { manifest: "m/manifest.csv" }, fields: { "rows.0.type": "validation.invalid_value" } },
    });
  });
});
