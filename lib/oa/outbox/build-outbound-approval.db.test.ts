import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { makeFonds, makeUser } from "@/db/test/factories";
import { makeBarePendingApproval, makeGenericOaConnector, mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { buildOutboundApproval } from "./build-outbound-approval";

describe("buildOutboundApproval", () => {
  it("names as approvers only the OA accounts of active users holding the step's role in the fonds", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const other = await makeFonds(db);
    const requester = await makeUser(db, [{ role: "archivist", fondsId: f.id }]);
    const active = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    const gone = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    const elsewhere = await makeUser(db, [{ role: "finance_approver", fondsId: other.id }]);
    const connector = await makeGenericOaConnector(db, f.id);
    await mapOaUser(db, connector.id, "oa-active", active.username);
    await mapOaUser(db, connector.id, "oa-gone", gone.username);
    await mapOaUser(db, connector.id, "oa-elsewhere", elsewhere.username);
    // Left the company: the OA must not route the approval to an account Acta will not accept a decision from.
    await db.update(users).set({ isActive: false }).where(eq(users.id, gone.id));
    const approvalId = await makeBarePendingApproval(db, f.id, requester.id);
    const outbound = await buildOutboundApproval(db, connector.id, approvalId, "http://acta.test");
    expect(outbound?.approverOaUserIds).toEqual(["oa-active"]);
  });
});
