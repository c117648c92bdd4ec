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
});
