import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { records } from "@/db/schema";
import { anyId } from "@/db/any-id";
import { makeArchiveFonds, makeSourceDocument, makeVoucher } from "@/db/test/archive-factories";
import { testDb } from "@/db/test/setup";
import { sourceDocumentOwners } from "./scope-records";

// PostgreSQL takes at most 65,535 parameters in a statement; a period holds more records than that can.
const PAST_THE_PARAMETER_LIMIT = 70_000;

describe("queries over a whole period's records", () => {
  it("find the source documents' vouchers among more ids than a statement can carry as parameters", async () => {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const voucher = await makeVoucher(db, { fondsId: fonds.id, word: "记", no: 1 });
    const document = await makeSourceDocument(db, fonds.id, voucher);
    const ids = [...Array.from({ length: PAST_THE_PARAMETER_LIMIT }, () => randomUUID()), document];
    expect(await sourceDocumentOwners(db, ids)).toEqual(new Map([[document, voucher]]));
  });

  it("match nothing for no ids", async () => {
    const { db } = testDb();
    expect(await db.select({ id: records.id }).from(records).where(anyId(records.id, []))).toEqual([]);
  });
});
