import { describe, expect, it } from "vitest";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { CanonicalVoucherSchema, compareVoucherNo, voucherContentHash, voucherIdentity } from "@/lib/erp/model";


describe("CanonicalVoucherSchema", () => {
  it("fills defaults: summary from the first line, CNY, empty citations", () => {
    const v = CanonicalVoucherSchema.parse(travelVoucher);
    expect(v.summary).toBe("报销差旅费");
    expect(v.currency).toBe("CNY");
    expect(v.invoiceNumbers).toEqual([]);
    expect(v.lines[1]?.dimensions).toEqual({});
  });

  it("names a 凭证字 as a file import does, so a pushed 记账凭证 and an exported 记 are one voucher", () => {
    const pushed = CanonicalVoucherSchema.parse({ ...travelVoucher, voucherWord: " 记账凭证 " });
    expect(pushed.voucherWord).toBe("记");
    expect(voucherIdentity(pushed).key).toBe(voucherIdentity(CanonicalVoucherSchema.parse(travelVoucher)).key);
    expect(CanonicalVoucherSchema.parse({ ...travelVoucher, voucherWord: "收款凭证" }).voucherWord).toBe("收");
    expect(CanonicalVoucherSchema.parse({ ...travelVoucher, voucherWord: "银收" }).voucherWord).toBe("银收");
  });

  it("accepts 数电票 and legacy invoice citations only in their shapes", () => {
    const good = { ...travelVoucher, invoiceNumbers: ["24442000000123456789", "044001900111-12345678"] };
    expect(CanonicalVoucherSchema.safeParse(good).success).toBe(true);
    expect(CanonicalVoucherSchema.safeParse({ ...travelVoucher, invoiceNumbers: ["12345"] }).success).toBe(false);
  });
});

describe("voucherIdentity", () => {
  it("ignores zero padding and content", () => {
    const a = voucherIdentity({ ...travelVoucher, voucherNo: "0012" });
    const b = voucherIdentity(travelVoucher);
    expect(a.key).toBe(b.key);
    expect(b).toMatchObject({ sourceSystem: "kingdee-k3", fiscalYear: 2024, period: 3, voucherWord: "记", voucherNo: "12" });
    expect(voucherIdentity({ ...travelVoucher, voucherWord: "付" }).key).not.toBe(b.key);
  });
});

describe("compareVoucherNo", () => {
  it("sorts numerically", () => {
    expect(["10", "9", "0011", "1"].sort(compareVoucherNo)).toEqual(["1", "9", "10", "0011"]);
  });
});

describe("voucherContentHash", () => {
  const base = CanonicalVoucherSchema.parse(travelVoucher);

  it("is stable across key order, amount formatting and line order", () => {
    const reordered = CanonicalVoucherSchema.parse({
      ...travelVoucher,
      voucherNo: "012",
      lines: [
        { dimensions: {}, credit: "1200.00", debit: "0.00", accountName: "库存现金", accountCode: "1001", summary: "报销差旅费", seq: 2 },
        { seq: 1, summary: "报销差旅费", accountCode: "6602.01", accountName: "管理费用-差旅费", debit: "1200", credit: "0", dimensions: { department: "财务部" } },
      ],
    });
    expect(voucherContentHash(reordered)).toBe(voucherContentHash(base));
    expect(voucherContentHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives the hashes stored by earlier imports, or every re-import would count as a change", () => {
    const v = CanonicalVoucherSchema.parse({
      ...travelVoucher,
      invoiceNumbers: ["25442000000123456789"],
      documentRefs: ["BX-2", "BX-1"],
      lines: travelVoucher.lines.map((l) => ({ ...l, exchangeRate: "6.10", quantity: "2" })),
    });
    expect(voucherContentHash(v)).toBe("c3d474900c852294c3df196f3be82a53548d17e061e31c2e52fbba7f1fa5d784");
  });

  it("changes when any content changes", () => {
    const changed = CanonicalVoucherSchema.parse({ ...travelVoucher, reviewer: "李四" });
    expect(voucherContentHash(changed)).not.toBe(voucherContentHash(base));
  });
});
