import { describe, expect, it } from "vitest";
import { assembleVolumes, moveRecord, reorder, type Volume, type VolumeRecord } from "./assemble";

const UNIT = { unitName: "示例有限公司", fondsCode: "Z001" };

function vouchers(word: string, count: number, month = 3): VolumeRecord[] {
  // Listed in reverse so assembly has to order them by number.
  return Array.from({ length: count }, (_, i) => {
    const no = count - i;
    return {
      id: `${month}-${word}-${no}`,
      category: "voucher" as const,
      fiscalYear: 2024,
      period: month,
      voucherWord: word,
      voucherNo: String(no),
      date: `2024-${String(month).padStart(2, "0")}-${String(1 + (no % 28)).padStart(2, "0")}`,
      retention: "Y30" as const,
    };
  });
}

function assemble(records: VolumeRecord[], maxPerVolume?: number): Volume[] {
  const r = assembleVolumes(records, { ...UNIT, maxPerVolume });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe("assembleVolumes: vouchers", () => {
  const volumes = assemble([...vouchers("转", 30), ...vouchers("记", 100), ...vouchers("收", 50)], 50);

  it("splits a month of 180 vouchers by word into volumes of at most 50", () => {
    expect(volumes.map((v) => [v.group.voucherWord, v.sequence, v.cover.count])).toEqual([
      ["记", 1, 50],
      ["记", 2, 50],
      ["收", 1, 50],
      ["转", 1, 30],
    ]);
    expect(volumes.map((v) => v.key)).toEqual(["2024/voucher/03/记#1", "2024/voucher/03/记#2", "2024/voucher/03/收#1", "2024/voucher/03/转#1"]);
  });

  it("orders each volume by voucher number", () => {
    expect(volumes[0]?.recordIds.slice(0, 3)).toEqual(["3-记-1", "3-记-2", "3-记-3"]);
    expect(volumes[1]?.recordIds.at(0)).toBe("3-记-51");
    expect(volumes[1]?.recordIds.at(-1)).toBe("3-记-100");
  });

  it("fills the cover", () => {
    expect(volumes[1]?.cover).toEqual({
      unitName: "示例有限公司",
      fondsCode: "Z001",
      fiscalYear: 2024,
      month: 3,
      dateFrom: "2024-03-01",
      dateTo: "2024-03-28",
      voucherWord: "记",
      firstVoucherNo: 51,
      lastVoucherNo: 100,
      count: 50,
      retention: "Y30",
      title: "2024年3月 记字 第51-100号",
    });
    expect(volumes[0]?.cover.title).toBe("2024年3月 记字 第1-50号");
    expect(volumes[3]?.cover.title).toBe("2024年3月 转字 第1-30号");
  });

  it("orders numbers numerically, not as text", () => {
    const [volume] = assemble(vouchers("记", 12));
    expect(volume?.recordIds.slice(8, 12)).toEqual(["3-记-9", "3-记-10", "3-记-11", "3-记-12"]);
  });

  it("never binds two months together and defaults to 50 per volume", () => {
    const two = assemble([...vouchers("记", 60, 4), ...vouchers("记", 10, 3)]);
    expect(two.map((v) => [v.cover.month, v.cover.count])).toEqual([
      [3, 10],
      [4, 50],
      [4, 10],
    ]);
  });

  it("keeps the longest retention inside", () => {
    const records = vouchers("记", 2);
    const [volume] = assemble([{ ...records[0]!, retention: "permanent" }, records[1]!]);
    expect(volume?.cover.retention).toBe("permanent");
  });
});

describe("assembleVolumes: ledgers, reports and other material", () => {
  const records: VolumeRecord[] = [
    { id: "aux", category: "ledger", fiscalYear: 2024, ledgerKind: "auxiliary_ledger", retention: "Y30" },
    { id: "cash", category: "ledger", fiscalYear: 2024, ledgerKind: "cash_journal", retention: "Y30" },
    { id: "gl", category: "ledger", fiscalYear: 2024, ledgerKind: "general_ledger", retention: "Y30" },
    { id: "card", category: "ledger", fiscalYear: 2024, ledgerKind: "fixed_asset_card", retention: "after_disposal_5y" },
    { id: "bank", category: "ledger", fiscalYear: 2024, ledgerKind: "bank_journal", retention: "Y30" },
    { id: "sub", category: "ledger", fiscalYear: 2024, ledgerKind: "subsidiary_ledger", retention: "Y30" },
    { id: "annual", category: "report", fiscalYear: 2024, reportPeriod: "year", retention: "permanent", date: "2025-03-31" },
    { id: "m2", category: "report", fiscalYear: 2024, reportPeriod: "month", period: 2, retention: "Y10", date: "2024-03-10" },
    { id: "m1", category: "report", fiscalYear: 2024, reportPeriod: "month", period: 1, retention: "Y10", date: "2024-02-10" },
    { id: "q1", category: "report", fiscalYear: 2024, reportPeriod: "quarter", period: 3, retention: "Y10" },
    { id: "stmt", category: "other", fiscalYear: 2024, otherClass: "bank_statement", retention: "Y10" },
    { id: "tax", category: "other", fiscalYear: 2024, otherClass: "tax_return", retention: "Y10" },
    { id: "old", category: "ledger", fiscalYear: 2023, ledgerKind: "general_ledger", retention: "Y30" },
  ];
  const volumes = assemble(records);

  it("orders ledgers as DA/T 94 does, reports by period kind, others by class, years first", () => {
    expect(volumes.map((v) => v.recordIds.join(","))).toEqual([
      "old",
      "gl",
      "sub",
      "bank",
      "cash",
      "card",
      "aux",
      "m1,m2",
      "q1",
      "annual",
      "stmt",
      "tax",
    ]);
  });

  it("titles volumes by year and kind", () => {
    expect(volumes.map((v) => v.cover.title)).toEqual([
      "2023年 总账",
      "2024年 总账",
      "2024年 明细账",
      "2024年 银行日记账",
      "2024年 现金日记账",
      "2024年 固定资产卡片",
      "2024年 辅助账",
      "2024年 月度财务会计报告",
      "2024年 季度财务会计报告",
      "2024年 年度财务会计报告",
      "2024年 银行对账单",
      "2024年 纳税申报表",
    ]);
    expect(volumes[7]?.cover).toMatchObject({ dateFrom: "2024-02-10", dateTo: "2024-03-10", firstVoucherNo: null, count: 2 });
    expect(volumes[5]?.cover.retention).toBe("after_disposal_5y");
  });
});

describe("assembleVolumes: input", () => {
  it("refuses vouchers without a word or number, and duplicate ids", () => {
    const bad = assembleVolumes([{ id: "x", category: "voucher", fiscalYear: 2024, period: 3, voucherNo: "1", retention: "Y30" }], UNIT);
    expect(!bad.ok && bad.error.fields).toEqual({ "0.voucherWord": "validation.required" });
    const [a] = vouchers("记", 1);
    const dup = assembleVolumes([a, a], UNIT);
    expect(!dup.ok && dup.error).toEqual({ code: "archive.volume.duplicate_record", params: { recordId: "3-记-1" } });
    const zero = assembleVolumes([a], { ...UNIT, maxPerVolume: 0 });
    expect(!zero.ok && zero.error.fields).toHaveProperty("maxPerVolume");
  });
});

describe("moveRecord", () => {
  const volumes = assemble([...vouchers("记", 100), ...vouchers("收", 10), ...vouchers("记", 5, 4)], 50);

  it("moves a voucher to the next volume of the same word and month and recomputes both covers", () => {
    const r = moveRecord(volumes, "3-记-50", "2024/voucher/03/记#2", 0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [first, second] = r.value;
    expect(first?.cover).toMatchObject({ count: 49, firstVoucherNo: 1, lastVoucherNo: 49, title: "2024年3月 记字 第1-49号" });
    expect(second?.cover).toMatchObject({ count: 51, firstVoucherNo: 50, lastVoucherNo: 100, title: "2024年3月 记字 第50-100号" });
    expect(second?.recordIds.slice(0, 2)).toEqual(["3-记-50", "3-记-51"]);
    expect(r.value).toHaveLength(volumes.length);
  });

  it("refuses to mix voucher words", () => {
    expect(moveRecord(volumes, "3-收-1", "2024/voucher/03/记#1", 0)).toEqual({
      ok: false,
      error: { code: "archive.volume.mixed_voucher_words", params: { from: "收", to: "记" } },
    });
  });

  it("refuses to mix months", () => {
    expect(moveRecord(volumes, "4-记-1", "2024/voucher/03/记#1", 0)).toEqual({
      ok: false,
      error: { code: "archive.volume.mixed_months", params: { from: 4, to: 3 } },
    });
  });

  it("drops a volume that a move empties", () => {
    const r = moveRecord(assemble(vouchers("记", 3), 2), "3-记-3", "2024/voucher/03/记#1", 2);
    expect(r.ok && r.value.map((v) => [v.key, v.recordIds])).toEqual([["2024/voucher/03/记#1", ["3-记-1", "3-记-2", "3-记-3"]]]);
  });

  it("refuses unknown records, unknown volumes and bad positions", () => {
    expect(moveRecord(volumes, "nope", "2024/voucher/03/记#1", 0)).toMatchObject({ error: { code: "archive.volume.record_not_found" } });
    expect(moveRecord(volumes, "3-记-1", "nope", 0)).toMatchObject({ error: { code: "archive.volume.not_found" } });
    expect(moveRecord(volumes, "3-记-1", "2024/voucher/03/记#2", 51)).toMatchObject({ error: { code: "archive.volume.invalid_position" } });
  });
});

describe("reorder", () => {
  const [volume] = assemble(vouchers("记", 3));

  it("applies the archivist's order and keeps the cover", () => {
    const r = reorder(volume!, ["3-记-3", "3-记-1", "3-记-2"]);
    expect(r.ok && r.value.recordIds).toEqual(["3-记-3", "3-记-1", "3-记-2"]);
    expect(r.ok && r.value.cover.title).toBe("2024年3月 记字 第1-3号");
  });

  it("keeps the key of a stored volume, which is its row id", () => {
    const stored = { ...volume!, key: "9f1c2d6e-0000-4000-8000-000000000001" };
    expect(reorder(stored, ["3-记-2", "3-记-1", "3-记-3"])).toMatchObject({ ok: true, value: { key: stored.key } });
    const [a, b] = assemble(vouchers("记", 4), 2).map((v, i) => ({ ...v, key: `row-${i + 1}` }));
    const moved = moveRecord([a!, b!], "3-记-3", "row-1", 2);
    expect(moved.ok && moved.value.map((v) => [v.key, v.recordIds])).toEqual([
      ["row-1", ["3-记-1", "3-记-2", "3-记-3"]],
      ["row-2", ["3-记-4"]],
    ]);
  });

  it("refuses a list that is not exactly the volume's records", () => {
    expect(reorder(volume!, ["3-记-3", "3-记-1"])).toMatchObject({ error: { code: "archive.volume.reorder_mismatch" } });
    expect(reorder(volume!, ["3-记-3", "3-记-1", "3-记-1"])).toMatchObject({ error: { code: "archive.volume.reorder_mismatch" } });
    expect(reorder(volume!, ["3-记-3", "3-记-1", "3-记-2", "x"])).toMatchObject({ error: { code: "archive.volume.reorder_mismatch" } });
  });
});
