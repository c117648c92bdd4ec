import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { records } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeVoucher, tempStore } from "@/db/test/archive-factories";
import { finishesOrWaitsFor, heldTransaction, untilQueuedBehind } from "@/db/test/concurrency";
import { contextFor } from "@/db/test/factories";
import { makeConnector } from "@/db/test/import-factories";
import { systemContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { voucherIdentity } from "@/lib/erp/model";
import { pushVouchers } from "@/lib/erp/import/push-vouchers";
import { saveCheckRun } from "./check-runs";
import { testDb } from "@/db/test/setup";
import { proposeVolumes } from "./propose-volumes";
import { recordManualCheck } from "./record-manual-check";
import { reorderVolume } from "./reorder-volume";
import { submitFiling } from "./submit-filing";

type Db = ReturnType<typeof testDb>["db"];

const stores: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(stores.map((c) => c())));

/** A fonds whose March 2024 holds `vouchers` 记 vouchers, proposed into volumes by its archivist. */
async function proposedMonth(vouchers: number) {
  const { db } = testDb();
  const { fonds, archivist } = await makeArchiveFonds(db);
  const ctx = contextFor(db, archivist.actor);
  const month = await makeMonth(db, fonds.id, { 记: vouchers });
  const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
  if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
  return { db, fonds, ctx, month, volumes: proposed.value.volumes };
}

describe("two archivists changing one period's volumes at once", () => {
  it("a re-proposal and a reordering of the same volume take turns instead of one dying in a deadlock", async () => {
    const { db, fonds, ctx, month, volumes } = await proposedMonth(4);
    const volumeId = volumes[0]!.id;
    // A voucher imported since, not in any volume yet, which an import is writing right now: the
    // re-proposal waits for it after locking the bound records before it.
    const late = await makeVoucher(db, { fondsId: fonds.id, no: 5 });
    const importing = await heldTransaction(db, (tx) => tx.select({ id: records.id }).from(records).where(eq(records.id, late)).for("update"));
    const again = proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    expect(await finishesOrWaitsFor(db, again, importing.pid)).toBe("waiting");
    // Meanwhile the other archivist reorders the volume the re-proposal is replacing.
    const reordered = reorderVolume(ctx, { volumeId, recordIds: [...month["记"]!].reverse() });
    await untilQueuedBehind(db, importing.pid);
    importing.release();
    await importing.done;
    const [proposal, reorder] = await Promise.allSettled([again, reordered]);
    // Whichever went first, neither is a crash: the reordering may find its volume replaced, in words.
    expect(proposal).toMatchObject({ status: "fulfilled", value: { ok: true } });
    if (reorder.status === "rejected") throw reorder.reason;
    const bound = await db.select({ volumeId: records.volumeId }).from(records).where(eq(records.fondsId, fonds.id));
    expect(bound.every((r) => r.volumeId !== null)).toBe(true);
  });

  it("a submission holding a record back and a reordering of the same volume take turns instead of one dying in a deadlock", async () => {
    const { db, ctx, month, volumes } = await proposedMonth(4);
    const volumeId = volumes[0]!.id;
    const last = month["记"]![3]!;
    const s = await tempStore();
    stores.push(s.cleanup);
    let referencing: Awaited<ReturnType<typeof heldTransaction>> | undefined;
    const antivirus = {
      scan: async () => ({ status: "clean" as const }),
      // Asked in the middle of the checks: an import changes the last voucher (so it is held back), and
      // another transaction is still writing a row that refers to it (a key-share lock, as a foreign key takes).
      available: async () => {
        await db.update(records).set({ title: "changed by an import", updatedAt: new Date() }).where(eq(records.id, last));
        referencing = await heldTransaction(db, (tx) => tx.select({ id: records.id }).from(records).where(eq(records.id, last)).for("key share"));
        return false;
      },
    };
    const submitted = submitFiling(ctx, { volumeIds: [volumeId] }, {}, { store: s.store, antivirus });
    for (let i = 0; i < 500 && !referencing; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await finishesOrWaitsFor(db, submitted, referencing!.pid)).toBe("waiting");
    const reordered = reorderVolume(ctx, { volumeId, recordIds: [...month["记"]!].reverse() });
    await untilQueuedBehind(db, referencing!.pid);
    referencing!.release();
    await referencing!.done;
    const [submission, reorder] = await Promise.allSettled([submitted, reordered]);
    if (submission.status === "rejected") throw submission.reason;
    if (reorder.status === "rejected") throw reorder.reason;
    expect(submission.value).toMatchObject({ ok: true, value: { heldBack: [{ id: last, reasons: [{ code: "filing.changed_since_checked" }] }] } });
    expect(reorder.value).toMatchObject({ ok: false, error: { code: "filing.volume_in_filing" } });
  });
});

/**
 * Two collected vouchers of one fonds whose ids run against every other order their rows could be met in
 * (source key, insertion): the one with the higher id has the lower key and was written first.
 */
async function twoVouchersAgainstIdOrder(db: Db) {
  const { fonds, connector } = await makeConnector(db);
  const [low, high] = [`00000000${randomUUID().slice(8)}`, `ffffffff${randomUUID().slice(8)}`];
  const key = (voucherNo: string) => voucherIdentity({ ...travelVoucher, sourceSystem: connector.sourceSystem, voucherNo }).key;
  for (const [id, no] of [[high, "1"], [low, "2"]] as const) {
    await db.insert(records).values({ id, fondsId: fonds.id, category: "voucher", materialType: "voucher", fiscalYear: 2024, periodKind: "month", period: 3, title: "old", retention: "Y30", sourceSystem: connector.sourceSystem, sourceKey: key(no), contentHash: "old" });
  }
  const push = (ctx: ReturnType<typeof systemContext>) =>
    pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: randomUUID(), body: { vouchers: ["1", "2"].map((voucherNo) => ({ ...travelVoucher, voucherNo, summary: "changed by the ERP" })) } });
  return { fondsId: fonds.id, low, high, push };
}

const lockRecord = (tx: Parameters<Parameters<Db["transaction"]>[0]>[0], id: string) => tx.select({ id: records.id }).from(records).where(eq(records.id, id)).for("update");

describe("an import and a check run over the same records", () => {
  it("an import updating the records waits for the first one a check run holds, holding none, instead of deadlocking", async () => {
    const { db } = testDb();
    const ctx = systemContext(db);
    const { fondsId, low, high, push } = await twoVouchersAgainstIdOrder(db);
    // A check run that has locked the first of its records (in id order) and goes on to the next.
    const checking = await heldTransaction(db, async (tx) => (await lockRecord(tx, low), tx));
    const imported = push(ctx);
    expect(await finishesOrWaitsFor(db, imported, checking.pid)).toBe("waiting");
    await saveCheckRun(checking.value, ctx, fondsId, { fondsId, fiscalYear: 2024, period: 3 }, [], [low, high], ctx.now());
    checking.release();
    await checking.done;
    const pushed = await imported;
    expect(pushed).toMatchObject({ ok: true, value: { results: [{ outcome: "updated" }, { outcome: "updated" }] } });
  });

  it("a check run storing its statuses waits for the first record an import holds, holding none, instead of deadlocking", async () => {
    const { db } = testDb();
    const ctx = systemContext(db);
    const { fondsId, low, high, push } = await twoVouchersAgainstIdOrder(db);
    // An import that has locked the first of its records (in id order) and goes on to the next.
    const importing = await heldTransaction(db, async (tx) => (await lockRecord(tx, low), tx));
    // The higher id's results come first and it passed, the lower failed: results (whose rows refer to
    // their records) and statuses are both written higher id first.
    const result = (recordId: string, outcome: "pass" | "fail") => ({ recordId, code: "1-1", property: "authenticity" as const, outcome, detail: { code: "archive.check.metadata_missing" as const } });
    const saved = db.transaction((tx) => saveCheckRun(tx, ctx, fondsId, { fondsId, fiscalYear: 2024, period: 3 }, [result(high, "pass"), result(low, "fail")], [high, low], ctx.now()));
    expect(await finishesOrWaitsFor(db, saved, importing.pid)).toBe("waiting");
    expect(await push({ ...ctx, db: importing.value })).toMatchObject({ ok: true });
    importing.release();
    await importing.done;
    await saved;
    const statuses = await db.select({ id: records.id, status: records.checkStatus }).from(records).where(sql`${records.id} in (${low}, ${high})`);
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [low]: "failed", [high]: "passed" });
  });
});

describe("an import and a change of a volume over the same records", () => {
  it("a reordering locks the volume's records by id, not in their item order, so an import holding the first is waited for", async () => {
    const { db, ctx, month, volumes } = await proposedMonth(2);
    const [low, high] = [...month["记"]!].sort();
    // Item order against id order: the higher id is item 1.
    await db.update(records).set({ itemNo: sql`case when ${records.id} = ${high} then 1 else 2 end` }).where(sql`${records.id} in (${low}, ${high})`);
    // An import that has locked the first of the records (in id order) and goes on to the next.
    const importing = await heldTransaction(db, async (tx) => (await lockRecord(tx, low!), tx));
    // Through loadOpenVolumes and loadScopeRecords, as a submission, a re-proposal and the approval lock them.
    const reordered = reorderVolume(ctx, { volumeId: volumes[0]!.id, recordIds: [low!, high!] });
    expect(await finishesOrWaitsFor(db, reordered, importing.pid)).toBe("waiting");
    await lockRecord(importing.value, high!);
    importing.release();
    await importing.done;
    expect(await reordered).toMatchObject({ ok: true });
  });
});

describe("an import and a batch item recorded by hand over the same records", () => {
  it("the statuses of the run's records are written by id, so an import holding the first is waited for", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const [low, high] = [await makeVoucher(db, { fondsId: fonds.id, no: 1 }), await makeVoucher(db, { fondsId: fonds.id, no: 2 })].sort();
    // The higher id's result stored first: the run's records are read back in that order.
    const result = (recordId: string | null, code: string, outcome: "pass" | "not_performed") => ({ recordId, code, property: "authenticity" as const, outcome, detail: { code: "archive.check.metadata_missing" as const } });
    const run = await db.transaction((tx) => saveCheckRun(tx, ctx, fonds.id, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, [result(high!, "1-1", "pass"), result(low!, "1-1", "pass"), result(null, "1-9", "not_performed")], [high!, low!], ctx.now()));
    // An import that has locked the first of the records (in id order) and goes on to the next.
    const importing = await heldTransaction(db, async (tx) => (await lockRecord(tx, low!), tx));
    // A failed batch item changes every record's status (one that changes none writes none).
    const recorded = recordManualCheck(ctx, { runId: run.runId, code: "1-9", outcome: "fail" });
    expect(await finishesOrWaitsFor(db, recorded, importing.pid)).toBe("waiting");
    await lockRecord(importing.value, high!);
    importing.release();
    await importing.done;
    expect(await recorded).toMatchObject({ ok: true });
  });
});
