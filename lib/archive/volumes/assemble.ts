import { z } from "zod";
import { fail, invalid, ok, type Result } from "@/lib/errors";
import { longestRetention, parseIsoDate } from "@/lib/archive/retention/compute-expiry";
import { ENTERPRISE_SCHEDULE, RETENTIONS, type RecordCategory, type Retention } from "@/lib/archive/retention/schedules";

/** DA/T 94 8.5: ledgers are bound per fiscal year in this order. */
export const LEDGER_KINDS = ["general_ledger", "subsidiary_ledger", "bank_journal", "cash_journal", "fixed_asset_card", "auxiliary_ledger"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** DA/T 94 8.6: monthly, quarterly, half-year and annual reports are filed separately. */
export const REPORT_PERIODS = ["month", "quarter", "half", "year"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

const LEDGER_NAMES: Record<LedgerKind, string> = {
  general_ledger: "总账",
  subsidiary_ledger: "明细账",
  bank_journal: "银行日记账",
  cash_journal: "现金日记账",
  fixed_asset_card: "固定资产卡片",
  auxiliary_ledger: "辅助账",
};

const REPORT_NAMES: Record<ReportPeriod, string> = {
  month: "月度财务会计报告",
  quarter: "季度财务会计报告",
  half: "半年度财务会计报告",
  year: "年度财务会计报告",
};

const CATEGORY_ORDER: readonly RecordCategory[] = ["voucher", "ledger", "report", "other"];
export const DEFAULT_VOUCHER_WORD_ORDER = ["记", "收", "付", "转", "现收", "现付", "银收", "银付"];

/** A voucher word's place in binding order (记→收→付→转…); unknown words after the known ones, none last. */
export function voucherWordRank(word: string | null): number {
  if (word === null) return DEFAULT_VOUCHER_WORD_ORDER.length + 1;
  const index = DEFAULT_VOUCHER_WORD_ORDER.indexOf(word);
  return index < 0 ? DEFAULT_VOUCHER_WORD_ORDER.length : index;
}

const IsoDate = z.string().refine((s) => parseIsoDate(s) !== null, "invalid_date");
const Common = {
  id: z.string().min(1),
  fiscalYear: z.number().int().min(1900).max(9999),
  date: IsoDate.nullish(),
  retention: z.enum(RETENTIONS),
};

export const VolumeRecord = z.discriminatedUnion("category", [
  z.object({
    ...Common,
    category: z.literal("voucher"),
    period: z.number().int().min(1).max(12),
    voucherWord: z.string().min(1),
    voucherNo: z.string().regex(/^\d{1,9}$/),
  }),
  z.object({ ...Common, category: z.literal("ledger"), ledgerKind: z.enum(LEDGER_KINDS) }),
  z.object({ ...Common, category: z.literal("report"), reportPeriod: z.enum(REPORT_PERIODS), period: z.number().int().min(1).max(12).nullish() }),
  z.object({ ...Common, category: z.literal("other"), otherClass: z.string().min(1) }),
]);
export type VolumeRecord = z.infer<typeof VolumeRecord>;

export const AssembleOptions = z.object({
  unitName: z.string().min(1),
  fondsCode: z.string().min(1),
  /** No rule fixes a count (DA/T 94 binds by thickness); 50 is a common system default. */
  maxPerVolume: z.number().int().min(1).default(50),
  voucherWordOrder: z.array(z.string().min(1)).default(DEFAULT_VOUCHER_WORD_ORDER),
  /** Titles of "other" classes; the enterprise schedule's names by default. */
  otherClassNames: z.record(z.string(), z.string()).optional(),
});
export type AssembleOptions = z.input<typeof AssembleOptions>;

/** What puts records in the same volume; records of different groups are never bound together. */
export interface VolumeGroup {
  category: RecordCategory;
  fiscalYear: number;
  month: number | null;
  voucherWord: string | null;
  ledgerKind: LedgerKind | null;
  reportPeriod: ReportPeriod | null;
  otherClass: string | null;
}

/** The paper cover of 会计基础工作规范 Art. 55: unit, year, month, date range, voucher kind, number range. */
export interface VolumeCover {
  unitName: string;
  fondsCode: string;
  fiscalYear: number;
  month: number | null;
  dateFrom: string | null;
  dateTo: string | null;
  voucherWord: string | null;
  firstVoucherNo: number | null;
  lastVoucherNo: number | null;
  count: number;
  /** DA/T 104 7.6.3: a volume keeps the longest term of what it holds. */
  retention: Retention;
  /** The volume title (题名, archival metadata in Chinese as printed on the cover). */
  title: string;
}

export interface Volume {
  key: string;
  group: VolumeGroup;
  /** 1-based number of this volume among the volumes of its group. */
  sequence: number;
  records: readonly VolumeRecord[];
  recordIds: readonly string[];
  cover: VolumeCover;
}

type Unit = Pick<VolumeCover, "unitName" | "fondsCode">;

function groupOf(record: VolumeRecord): VolumeGroup {
  return {
    category: record.category,
    fiscalYear: record.fiscalYear,
    month: record.category === "voucher" ? record.period : null,
    voucherWord: record.category === "voucher" ? record.voucherWord : null,
    ledgerKind: record.category === "ledger" ? record.ledgerKind : null,
    reportPeriod: record.category === "report" ? record.reportPeriod : null,
    otherClass: record.category === "other" ? record.otherClass : null,
  };
}

function groupKey(g: VolumeGroup): string {
  const detail = g.voucherWord ?? g.ledgerKind ?? g.reportPeriod ?? g.otherClass ?? "";
  return [g.fiscalYear, g.category, g.month === null ? "" : String(g.month).padStart(2, "0"), detail].join("/");
}

/** Titles of non-voucher volumes name the group only, so they are fixed when the group is formed. */
function groupTitle(g: VolumeGroup, otherClassNames: Readonly<Record<string, string>>): string {
  const name =
    g.ledgerKind !== null
      ? LEDGER_NAMES[g.ledgerKind]
      : g.reportPeriod !== null
        ? REPORT_NAMES[g.reportPeriod]
        : (otherClassNames[g.otherClass ?? ""] ?? g.otherClass ?? "");
  return `${g.fiscalYear}年 ${name}`;
}

function buildVolume(group: VolumeGroup, sequence: number, records: readonly VolumeRecord[], unit: Unit, title: string): Volume {
  const numbers = records.flatMap((r) => (r.category === "voucher" ? [Number(r.voucherNo)] : []));
  const dates = records.flatMap((r) => (r.date ? [r.date] : [])).sort();
  const first = numbers.length ? Math.min(...numbers) : null;
  const last = numbers.length ? Math.max(...numbers) : null;
  return {
    key: `${groupKey(group)}#${sequence}`,
    group,
    sequence,
    records,
    recordIds: records.map((r) => r.id),
    cover: {
      unitName: unit.unitName,
      fondsCode: unit.fondsCode,
      fiscalYear: group.fiscalYear,
      month: group.month,
      dateFrom: dates[0] ?? null,
      dateTo: dates.at(-1) ?? null,
      voucherWord: group.voucherWord,
      firstVoucherNo: first,
      lastVoucherNo: last,
      count: records.length,
      // Volumes are never empty, so a longest retention always exists.
      retention: longestRetention(records.map((r) => r.retention)) ?? "permanent",
      title: group.category === "voucher" ? `${group.fiscalYear}年${group.month}月 ${group.voucherWord}字 第${first}-${last}号` : title,
    },
  };
}

function rank(list: readonly string[], value: string | null): number {
  const index = value === null ? -1 : list.indexOf(value);
  return index < 0 ? list.length : index;
}

function compareGroups(a: VolumeGroup, b: VolumeGroup, wordOrder: readonly string[]): number {
  return (
    a.fiscalYear - b.fiscalYear ||
    CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
    (a.month ?? 0) - (b.month ?? 0) ||
    rank(wordOrder, a.voucherWord) - rank(wordOrder, b.voucherWord) ||
    rank(LEDGER_KINDS, a.ledgerKind) - rank(LEDGER_KINDS, b.ledgerKind) ||
    rank(REPORT_PERIODS, a.reportPeriod) - rank(REPORT_PERIODS, b.reportPeriod) ||
    groupKey(a).localeCompare(groupKey(b))
  );
}

/** Vouchers by number (DA/T 94 8.4.2); other material by date, then period, then the order received. */
function compareRecords(a: VolumeRecord, b: VolumeRecord): number {
  if (a.category === "voucher" && b.category === "voucher") return Number(a.voucherNo) - Number(b.voucherNo);
  const period = (r: VolumeRecord) => (r.category === "report" ? (r.period ?? 0) : 0);
  return (a.date ?? "").localeCompare(b.date ?? "") || period(a) - period(b);
}

/**
 * Binds records into volumes (组卷, DA/T 94 8.4-8.6): vouchers by year, month and voucher word, never mixing
 * words or months; ledgers by year and kind; reports by year and period kind; other material by year and class.
 * Each group is split into volumes of at most `maxPerVolume` records.
 */
export function assembleVolumes(rawRecords: unknown, rawOptions: AssembleOptions): Result<Volume[]> {
  const records = z.array(VolumeRecord).safeParse(rawRecords);
  if (!records.success) return invalid(records.error);
  const options = AssembleOptions.safeParse(rawOptions);
  if (!options.success) return invalid(options.error);
  const { maxPerVolume, voucherWordOrder, unitName, fondsCode } = options.data;
  const otherClassNames =
    options.data.otherClassNames ?? Object.fromEntries(ENTERPRISE_SCHEDULE.items.map((item) => [item.materialType, item.name.zh]));
  const unit: Unit = { unitName, fondsCode };

  const ids = new Set<string>();
  for (const record of records.data) {
    if (ids.has(record.id)) return fail("archive.volume.duplicate_record", { recordId: record.id });
    ids.add(record.id);
  }

  const groups = new Map<string, { group: VolumeGroup; records: VolumeRecord[] }>();
  for (const record of records.data) {
    const group = groupOf(record);
    const key = groupKey(group);
    const entry = groups.get(key) ?? { group, records: [] };
    entry.records.push(record);
    groups.set(key, entry);
  }

  const volumes: Volume[] = [];
  const ordered = [...groups.values()].sort((a, b) => compareGroups(a.group, b.group, voucherWordOrder));
  for (const { group, records: members } of ordered) {
    const sorted = members.map((r, i) => ({ r, i })).sort((a, b) => compareRecords(a.r, b.r) || a.i - b.i);
    for (let start = 0; start < sorted.length; start += maxPerVolume) {
      const chunk = sorted.slice(start, start + maxPerVolume).map((x) => x.r);
      volumes.push(buildVolume(group, start / maxPerVolume + 1, chunk, unit, groupTitle(group, otherClassNames)));
    }
  }
  return ok(volumes);
}

/** A volume with new contents keeps its key: a stored volume's key is its row id, which callers write back to. */
function rebuild(volume: Volume, records: readonly VolumeRecord[]): Volume {
  return { ...buildVolume(volume.group, volume.sequence, records, volume.cover, volume.cover.title), key: volume.key };
}

/** Refuses to bind records of different groups (DA/T 94 8.4.2: 不同凭证种类不得混装; vouchers per month). */
function sameGroup(from: VolumeGroup, to: VolumeGroup): Result<true> {
  if (from.category === "voucher" && to.category === "voucher" && from.fiscalYear === to.fiscalYear) {
    if (from.voucherWord !== to.voucherWord) return fail("archive.volume.mixed_voucher_words", { from: from.voucherWord ?? "", to: to.voucherWord ?? "" });
    if (from.month !== to.month) return fail("archive.volume.mixed_months", { from: from.month ?? 0, to: to.month ?? 0 });
  }
  return groupKey(from) === groupKey(to) ? ok(true) : fail("archive.volume.mixed_groups", { from: groupKey(from), to: groupKey(to) });
}

/** The archivist's manual move of one record into another volume at `position` (0 = first). */
export function moveRecord(
  volumes: readonly Volume[],
  recordId: string,
  toVolumeKey: string,
  position: number,
): Result<Volume[]> {
  const source = volumes.find((v) => v.recordIds.includes(recordId));
  const record = source?.records.find((r) => r.id === recordId);
  if (!source || !record) return fail("archive.volume.record_not_found", { recordId });
  const target = volumes.find((v) => v.key === toVolumeKey);
  if (!target) return fail("archive.volume.not_found", { volumeKey: toVolumeKey });
  const allowed = sameGroup(source.group, target.group);
  if (!allowed.ok) return allowed;
  const remaining = target.records.filter((r) => r.id !== recordId);
  if (!Number.isInteger(position) || position < 0 || position > remaining.length) {
    return fail("archive.volume.invalid_position", { position, max: remaining.length });
  }
  const moved = [...remaining.slice(0, position), record, ...remaining.slice(position)];
  const result: Volume[] = [];
  for (const volume of volumes) {
    if (volume === target) {
      result.push(rebuild(volume, moved));
    } else if (volume === source) {
      const left = volume.records.filter((r) => r.id !== recordId);
      // An emptied volume no longer exists; its number is not reused within the group.
      if (left.length) result.push(rebuild(volume, left));
    } else {
      result.push(volume);
    }
  }
  return ok(result);
}

/** The archivist's manual order of one volume; `orderedIds` must name exactly the volume's records. */
export function reorder(volume: Volume, orderedIds: readonly string[]): Result<Volume> {
  const byId = new Map(volume.records.map((r) => [r.id, r]));
  const records = orderedIds.flatMap((id) => {
    const record = byId.get(id);
    byId.delete(id);
    return record ? [record] : [];
  });
  if (records.length !== orderedIds.length || byId.size > 0) return fail("archive.volume.reorder_mismatch", { volumeKey: volume.key });
  return ok(rebuild(volume, records));
}
