import { and, eq, sql } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { Tx } from "@/db";
import { codeSequences, filingRecords, filings, records, volumes as volumesTable } from "@/db/schema";
import { type CodeValues, renderCode, sequenceKey } from "@/lib/archive/codes/render-code";
import { computeExpiry, longestRetention } from "@/lib/archive/retention/compute-expiry";
import { keepsAtLeast, resolveRetention } from "@/lib/archive/retention/resolve-retention";
import type { Retention } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import { type FondsRules, loadFondsRules } from "./fonds-rules";
import type { ScopeRecord } from "./scope-records";
import { loadOpenVolumes } from "./volume-store";
import { indexFiledCodes } from "@/lib/search/index-records";

/**
 * Takes `count` consecutive numbers from a counter. The counter row stays locked (FOR UPDATE) until the
 * filing commits, so a second filing of the same sequence waits and continues after the last number
 * actually used: numbers are unique and gapless, and a rolled-back filing gives its numbers back.
 */
export async function reserveNumbers(tx: Tx, fondsId: string, key: string, count: number): Promise<number> {
  await tx.insert(codeSequences).values({ fondsId, sequenceKey: key, lastValue: 0 }).onConflictDoNothing();
  const [row] = await tx
    .select({ lastValue: codeSequences.lastValue })
    .from(codeSequences)
    .where(and(eq(codeSequences.fondsId, fondsId), eq(codeSequences.sequenceKey, key)))
    .for("update");
  const first = (row?.lastValue ?? 0) + 1;
  await tx
    .update(codeSequences)
    .set({ lastValue: sql`${codeSequences.lastValue} + ${count}` })
    .where(and(eq(codeSequences.fondsId, fondsId), eq(codeSequences.sequenceKey, key)));
  return first;
}

/**
 * 件号 for a volume's items, whose sequence keys are given in item order: each sequence's numbers taken at
 * once, then handed out in that order, as one reservation per item would have.
 */
async function numberItems(tx: Tx, fondsId: string, keys: readonly string[]): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [key, count] of counts) next.set(key, await reserveNumbers(tx, fondsId, `item:${key}`, count));
  return keys.map((key) => {
    const no = next.get(key)!;
    next.set(key, no + 1);
    return no;
  });
}

/** The first of `codes` already held by a record, or repeated among them. */
async function firstTakenCode(tx: Tx, codes: readonly string[]): Promise<string | null> {
  const taken = new Set(
    (await tx.select({ code: records.archivalCode }).from(records).where(sql`${records.archivalCode} = any(${sql.param(codes)}::text[])`)).map((r) => r.code),
  );
  const seen = new Set<string>();
  for (const code of codes) {
    if (taken.has(code) || seen.has(code)) return code;
    seen.add(code);
  }
  return null;
}

/** Files records with their values, in one statement: one per record cost a month of 3,000 vouchers seconds of round trips. */
async function markArchived(tx: Tx, rows: readonly (Filed & { id: string })[]) {
  if (rows.length === 0) return;
  const { filedAt, filedBy } = rows[0]!;
  const column = <T>(pick: (row: Filed & { id: string }) => T) => sql.param(rows.map(pick));
  // Nulls travel as empty text: an array parameter's elements are all text here.
  await tx.execute(sql`
    update ${records} r
    set state = 'archived', archival_code = nullif(v.code, ''), item_no = v.item_no, retention = v.retention::retention,
      retention_expires_on = nullif(v.expires, '')::date, filed_at = ${filedAt.toISOString()}::timestamptz, filed_by = ${filedBy}
    from unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.archivalCode ?? "")}::text[], ${column((r) => r.itemNo)}::int[], ${column((r) => r.retention)}::text[], ${column((r) => r.retentionExpiresOn ?? "")}::text[])
      as v(id, code, item_no, retention, expires)
    where r.id = v.id`);
}

/** The retention a record is filed with: the schedule's (with the fonds' overrides), or a longer one it already had. */
export function filedRetention(rules: FondsRules, record: Pick<ScopeRecord, "materialType" | "category" | "retention">): Result<Retention> {
  const resolved = resolveRetention(rules.schedule, rules.overrides, record.materialType, record.category);
  if (!resolved.ok) return resolved;
  return ok(keepsAtLeast(record.retention, resolved.value.retention) ? record.retention : resolved.value.retention);
}

interface Filed {
  state: "archived";
  archivalCode: string | null;
  itemNo: number;
  retention: Retention;
  retentionExpiresOn: string | null;
  filedAt: Date;
  filedBy: string;
}

function archivedValues(record: ScopeRecord & { disposalDate?: string | null }, retention: Retention, code: string | null, itemNo: number, at: Date, by: string): Result<Filed> {
  const expiry = computeExpiry({ retention, fiscalYear: record.fiscalYear, disposalDate: record.disposalDate ?? null });
  if (!expiry.ok) return expiry;
  return ok({ state: "archived", archivalCode: code, itemNo, retention, retentionExpiresOn: expiry.value.expiresOn, filedAt: at, filedBy: by });
}

/**
 * The filing's consequence on approval (归档): each volume gets its 案卷号 and each record its 件号 and 档号 under
 * the fonds' rule, its retention and expiry (79号令 Art. 15), and becomes archived, after which the database
 * refuses changes to its content (drizzle/0002_guards.sql). Volumes are sealed with their final cover and the
 * longest retention inside (DA/T 104 7.6.3). Source documents are filed inside their voucher's 件.
 */
export async function fileRecords(tx: Tx, ctx: ServiceContext, filingId: string): Promise<Result<{ records: number; volumes: number }>> {
  const [filing] = await tx.select().from(filings).where(eq(filings.id, filingId)).for("update");
  if (!filing) return fail("filing.not_found");
  if (filing.state !== "pending") return fail("filing.not_pending", { state: filing.state });
  const rules = await loadFondsRules(tx, filing.fondsId);
  if (!rules.ok) return rules;
  const included = await tx.select({ id: filingRecords.recordId }).from(filingRecords).where(and(eq(filingRecords.filingId, filingId), eq(filingRecords.status, "included")));
  const includedIds = new Set(included.map((r) => r.id));
  const loaded = await loadOpenVolumes(tx, anyId(volumesTable.id, filing.volumeIds), { unitName: rules.value.name, fondsCode: rules.value.code });
  if (!loaded.ok) return loaded;
  const { volumes, members, owners } = loaded.value;
  const byId = new Map(members.map((m) => [m.id, m]));
  const disposal = new Map(
    (await tx.select({ id: records.id, disposalDate: records.disposalDate }).from(records).where(anyId(records.id, [...includedIds]))).map((r) => [r.id, r.disposalDate]),
  );
  // Source documents by the voucher they are filed inside.
  const documentsOf = groupBy(owners, ([, voucher]) => voucher, ([document]) => document);
  const at = ctx.now();
  let filedCount = 0;
  for (const volume of volumes) {
    const items = volume.recordIds.map((id) => byId.get(id)!).filter((r) => includedIds.has(r.id) && r.state === "filing");
    if (items.length === 0) continue;
    const category = volume.group.category;
    const template = rules.value.codeTemplates[category];
    if (!template) return fail("filing.no_code_rule", { category });
    const retentions: Retention[] = [];
    for (const item of items) {
      const r = filedRetention(rules.value, item);
      if (!r.ok) return r;
      retentions.push(r.value);
    }
    // Every code of a volume carries the volume's term: with a per-record term, a rule numbering items within
    // "{retention}…{volume}" would restart 件号 for each term and give two items of one volume the same number.
    const retention = longestRetention(retentions) ?? volume.cover.retention;
    const volumeNo = await reserveNumbers(tx, filing.fondsId, `volume:${category}:${volume.group.fiscalYear}`, 1);
    const planned: { values: CodeValues; key: string }[] = [];
    for (const item of items) {
      const values = {
        fonds: rules.value.code,
        category: "KU",
        class: category,
        year: item.fiscalYear,
        ...(item.period !== null ? { month: item.period } : {}),
        retention,
        ...(item.voucherWord ? { voucherWord: item.voucherWord } : {}),
        volume: volumeNo,
      };
      const key = sequenceKey(template, values);
      if (!key.ok) return key;
      planned.push({ values, key: key.value });
    }
    const itemNos = await numberItems(tx, filing.fondsId, planned.map((p) => p.key));
    const codes: string[] = [];
    for (const [i, p] of planned.entries()) {
      const code = renderCode(template, { ...p.values, item: itemNos[i]! });
      if (!code.ok) return code;
      codes.push(code.value);
    }
    // A rule changed since earlier filings can repeat one of their codes from a fresh counter: refuse in
    // words (the approval stays pending) rather than fail on the unique index.
    const clash = await firstTakenCode(tx, codes);
    if (clash) return fail("filing.code_taken", { code: clash });
    const filedRows: (Filed & { id: string })[] = [];
    for (const [i, item] of items.entries()) {
      const filed = archivedValues({ ...item, disposalDate: disposal.get(item.id) ?? null }, retentions[i]!, codes[i]!, itemNos[i]!, at, filing.createdBy);
      if (!filed.ok) return filed;
      filedRows.push({ id: item.id, ...filed.value });
      for (const document of documentsOf.get(item.id) ?? []) {
        const doc = byId.get(document);
        if (!doc || doc.state !== "filing") continue;
        const docRetention = filedRetention(rules.value, doc);
        if (!docRetention.ok) return docRetention;
        // A source document shares its voucher's 件号 and is found through the voucher's 档号 (DA/T 94 8.4.1).
        const docFiled = archivedValues({ ...doc, disposalDate: null }, docRetention.value, null, itemNos[i]!, at, filing.createdBy);
        if (!docFiled.ok) return docFiled;
        filedRows.push({ id: document, ...docFiled.value });
      }
    }
    await markArchived(tx, filedRows);
    filedCount += filedRows.length;
    await tx
      .update(volumesTable)
      .set({ state: "sealed", volumeNo, sealedAt: at, retention, cover: { ...volume.cover, volumeNo, retention, count: items.length, firstCode: codes[0], lastCode: codes.at(-1), sealedAt: at.toISOString() } })
      .where(eq(volumesTable.id, volume.key));
  }
  // The archival code is catalogue text: a search by 档号 must find the record from the moment it is filed.
  await indexFiledCodes(tx, [...includedIds]);
  await tx.update(filings).set({ state: "approved", decidedAt: at }).where(eq(filings.id, filingId));
  await appendAudit(tx, ctx, { action: "filing.approved", targetType: "filing", targetId: filingId, fondsId: filing.fondsId, data: { records: filedCount, volumes: filing.volumeIds.length } });
  return ok({ records: filedCount, volumes: filing.volumeIds.length });
}
