import { describe, expect, it } from "vitest";
import { oaCallbacks } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeGenericOaConnector } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { listOaCallbacks } from "./list-oa-callbacks";

describe("the callback log", () => {
  it("pages newest first without skipping or repeating callbacks received in the same millisecond, for the fonds' administrator only", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const connector = await makeGenericOaConnector(db, f.id);
    // A burst: seven callbacks share one millisecond, as under an OA's retry storm.
    const burst = new Date("2026-03-02T03:00:00.123Z");
    const times = [new Date("2026-03-02T03:00:01Z"), ...Array.from({ length: 7 }, () => burst), new Date("2026-03-02T02:59:59Z")];
    const rows = await db
      .insert(oaCallbacks)
      .values(times.map((receivedAt, i) => ({ connectorId: connector.id, receivedAt, method: "POST", headers: {}, bodySha256: String(i), verification: "verified", eventId: `e-${i}`, outcome: "recorded", httpStatus: 200 })))
      .returning({ id: oaCallbacks.id });

    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const ctx = contextFor(db, admin.actor);
    const seen: string[] = [];
    let cursor: { before: string; beforeId: string } | null = null;
    for (let page = 0; page < 10; page++) {
      const list = await listOaCallbacks(ctx, { connectorId: connector.id, limit: 3, ...cursor });
      if (!list.ok) throw new Error(list.error.code);
      seen.push(...list.value.items.map((c) => c.eventId!));
      cursor = list.value.next;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen).size).toBe(rows.length);
    expect(seen[0]).toBe("e-0");
    expect(seen.at(-1)).toBe(`e-${times.length - 1}`);

    const archivist = await makeUser(db, [{ role: "archivist", fondsId: f.id }]);
    const refused = await listOaCallbacks(contextFor(db, archivist.actor), { connectorId: connector.id });
    expect(!refused.ok && refused.error.code).toBe("auth.forbidden");
    const bad = await listOaCallbacks(ctx, { connectorId: connector.id, before: "yesterday" });
    expect(!bad.ok && bad.error.code).toBe("validation.invalid_input");
  });

  it("shows only the problems when asked: failed verification, error replies, decisions refused as already made and approvals revoked in the OA", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const connector = await makeGenericOaConnector(db, f.id);
    const entry = (eventId: string, verification: string, outcome: string, httpStatus: number, second: number) => ({
      connectorId: connector.id,
      receivedAt: new Date(Date.UTC(2026, 2, 2, 3, 0, second)),
      method: "POST",
      headers: {},
      bodySha256: eventId,
      verification,
      eventId,
      outcome,
      httpStatus,
    });
    await db.insert(oaCallbacks).values([
      entry("ok-1", "verified", "recorded", 200, 1),
      entry("forged", "oa.bad_signature", "rejected", 401, 2),
      entry("ok-2", "verified", "duplicate", 200, 3),
      entry("late", "verified", "refused:approval.already_decided", 200, 4),
      entry("early", "verified", "unknown_approval", 404, 5),
      entry("noted", "verified", "ignored:type", 200, 6),
      entry("revoked", "verified", "revoked_in_oa", 200, 7),
    ]);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const list = await listOaCallbacks(contextFor(db, admin.actor), { connectorId: connector.id, problems: "true" });
    expect(list.ok && list.value.items.map((c) => c.eventId)).toEqual(["revoked", "early", "late", "forged"]);
  });
});
