import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { records } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeVoucher, tempStore } from "@/db/test/archive-factories";
import { finishesOrWaitsFor, heldTransaction } from "@/db/test/concurrency";
import { contextFor } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { proposeVolumes } from "./propose-volumes";
import { reorderVolume } from "./reorder-volume";
import { submitFiling } from "./submit-filing";

type Db = ReturnType<typeof testDb>["db"];

const stores: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(stores.map((c) => c())));

/** Waits until a session is blocked by `pid`, and another session is blocked by that one: a queue two deep. */
async function untilQueuedBehind(db: Db, pid: number) {
  for (let i = 0; i < 750; i++) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity second
      where exists (select 1 from pg_stat_activity first where ${pid}::int = any(pg_blocking_pids(first.pid)) and first.pid = any(pg_blocking_pids(second.pid)))`);
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no session queued behind one waiting for backend ${pid}`);
}

describe("two archivists changing one period's volumes at once", () => {
  it("a re-proposal and a reordering of the same volume take turns instead of one dying in a deadlock", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const month = await makeMonth(db, fonds.id, { 记: 4 });
    const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    const volumeId = proposed.value.volumes[0]!.id;
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
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const month = await makeMonth(db, fonds.id, { 记: 4 });
    const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    const volumeId = proposed.value.volumes[0]!.id;
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
