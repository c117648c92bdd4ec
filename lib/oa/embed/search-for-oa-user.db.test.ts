import { describe, expect, it } from "vitest";
import { makeArchiveFonds, makeVoucher } from "@/db/test/archive-factories";
import { makeFonds, makeUser } from "@/db/test/factories";
import { makeGenericOaConnector, mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { indexRecords } from "@/lib/search/index-records";
import { searchForOaUser } from "./search-for-oa-user";

describe("search from the OA", () => {
  it("searches as the mapped user, shows only what they may read, and refuses unknown accounts", async () => {
    const { db } = testDb();
    const { fonds, approver } = await makeArchiveFonds(db);
    const recordId = await makeVoucher(db, { fondsId: fonds.id, no: 7 });
    await indexRecords(db, [recordId]);
    const other = await makeFonds(db);
    const outsider = await makeUser(db, [{ role: "accountant", fondsId: other.id }]);
    const connector = await makeGenericOaConnector(db, fonds.id);
    await mapOaUser(db, connector.id, "oa-finance", approver.username);
    await mapOaUser(db, connector.id, "oa-outsider", outsider.username);
    const ask = (user: string | null, apiKey: string | null = connector.apiKey) =>
      searchForOaUser(systemContext(db), { connectorId: connector.id, apiKey, user, query: { q: "差旅费", fondsId: "" } });

    const found = await ask("oa-finance");
    expect(found.ok && found.value.items.map((i) => i.id)).toContain(recordId);
    const hidden = await ask("oa-outsider");
    expect(hidden.ok && hidden.value.items.map((i) => i.id)).not.toContain(recordId);
    expect(await ask("stranger")).toMatchObject({ ok: false, error: { code: "oa.user_not_mapped" } });
    expect(await ask(null)).toMatchObject({ ok: false, error: { code: "oa.user_not_mapped" } });
    // PostgreSQL text cannot hold NUL: such an account is mapped to no one, not a database error.
    expect(await ask("oa-finance\u0000")).toMatchObject({ ok: false, error: { code: "oa.user_not_mapped" } });
    expect(await ask("oa-finance", "acta_oa_forged")).toMatchObject({ ok: false, error: { code: "auth.bad_api_key" } });
  });

  it("answers a connector id that is not a uuid like a wrong key, not with a database error", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const connector = await makeGenericOaConnector(db, f.id);
    const result = await searchForOaUser(systemContext(db), { connectorId: "not-a-uuid", apiKey: connector.apiKey, user: "oa-finance", query: { q: "x" } });
    expect(result).toMatchObject({ ok: false, error: { code: "auth.bad_api_key" } });
  });
});
