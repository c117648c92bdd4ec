import { and, eq, sql } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { Tx } from "@/db";
import { codeSequences, filingRecords, filings, records, volumes as volumesTable } from "@/db/schema";
import { renderCode, sequenceKey } from "@/lib/archive/codes/render-code";
import { computeExpiry, longestRetention } from "@/lib/archive/retention/compute-expiry";
import { keepsAtLeast, resolveRetention } from "@/lib/archive/retention/resolve-retention";
import type { Retention } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { type FondsRules, loadFondsRules } from "./fonds-rules";
import type { ScopeRecord } from "./scope-records";
import { loadOpenVolumes } from "./volume-store";
import { indexRecords } from "@/lib/search/index-records";

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
    const codes: string[] = [];
    for (const [i, item] of items.entries()) {
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
      const itemNo = await reserveNumbers(tx, filing.fondsId, `item:${key.value}`, 1);
      const code = renderCode(template, { ...values, item: itemNo });
      if (!code.ok) return code;
      // A rule changed since earlier filings can repeat one of their codes from a fresh counter: refuse in
      // words (the approval stays pending) rather than fail on the unique index.
      const [taken] = await tx.select({ id: records.id }).from(records).where(eq(records.archivalCode, code.value)).limit(1);
      if (taken) return fail("filing.code_taken", { code: code.value });
      codes.push(code.value);
      const filed = archivedValues({ ...item, disposalDate: disposal.get(item.id) ?? null }, retentions[i]!, code.value, itemNo, at, filing.createdBy);
      if (!filed.ok) return filed;
      await tx.update(records).set(filed.value).where(eq(records.id, item.id));
      filedCount += 1;
      for (const [document, voucher] of owners) {
        const doc = byId.get(document);
        if (voucher !== item.id || !doc || doc.state !== "filing") continue;
        const docRetention = filedRetention(rules.value, doc);
        if (!docRetention.ok) return docRetention;
        // A source document shares its voucher's 件号 and is found through the voucher's 档号 (DA/T 94 8.4.1).
        const docFiled = archivedValues({ ...doc, disposalDate: null }, docRetention.value, null, itemNo, at, filing.createdBy);
        if (!docFiled.ok) return docFiled;
        await tx.update(records).set(docFiled.value).where(eq(records.id, document));
        filedCount += 1;
      }
    }
    await tx
      .update(volumesTable)
      .set({ state: "sealed", volumeNo, sealedAt: at, retention, cover: { ...volume.cover, volumeNo, retention, count: items.length, firstCode: codes[0], lastCode: codes.at(-1), sealedAt: at.toISOString() } })
      .where(eq(volumesTable.id, volume.key));
  }
  // The archival code is catalogue text: a search by 档号 must find the record from the moment it is filed.
  await indexRecords(tx, [...includedIds]);
  await tx.update(filings).set({ state: "approved", decidedAt: at }).where(eq(filings.id, filingId));
  await appendAudit(tx, ctx, { action: "filing.approved", targetType: "filing", targetId: filingId, fondsId: filing.fondsId, data: { records: filedCount, volumes: filing.volumeIds.length } });
  return ok({ records: filedCount, volumes: filing.volumeIds.length });
}
