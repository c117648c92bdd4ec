import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditEvents, records, volumes } from "@/db/schema";
import { attachFile, makeArchiveFonds, makeVoucher, pdfBytes, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { copyLine, copyRows } from "@/lib/copy-rows";
import { submitFiling } from "@/lib/filing/submit-filing";
import { updateRecordCustody } from "./update-record-custody";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

async function filedVoucher() {
  const { db, sql } = testDb();
  const world = await makeArchiveFonds(db);
  const s = await tempStore();
  cleanups.push(s.cleanup);
  const id = await makeVoucher(db, { fondsId: world.fonds.id, no: 1 });
  await attachFile(db, s.store, id, pdfBytes());
  const filed = await submitFiling(contextFor(db, world.archivist.actor), { fondsId: world.fonds.id, fiscalYear: 2024, period: 3 }, {}, { store: s.store, antivirus: noAntivirus });
  if (!filed.ok) throw new Error(filed.error.code);
  await decideApproval(contextFor(db, world.approver.actor), { approvalId: filed.value.approvalId, decision: "approve", source: "ui" });
  return { db, sql, id, ...world };
}

describe("filed records are immutable (drizzle/0002_guards.sql)", () => {
  it("refuses an UPDATE of content and a DELETE issued straight to the database", async () => {
    const { db, sql, id } = await filedVoucher();
    const [before] = await db.select().from(records).where(eq(records.id, id));
    expect(before!.state).toBe("archived");
    await expect(sql`update records set title = '改过的题名' where id = ${id}`).rejects.toThrow(/is filed and its content cannot change/);
    await expect(sql`update records set archival_code = 'X-1' where id = ${id}`).rejects.toThrow(/is filed/);
    await expect(sql`update records set state = 'collected' where id = ${id}`).rejects.toThrow(/is filed/);
    await expect(sql`delete from records where id = ${id}`).rejects.toThrow(/is filed and cannot be deleted/);
    await expect(sql`update voucher_lines set debit = '1.00' where record_id = ${id}`).rejects.toThrow(/is filed; UPDATE on voucher_lines refused/);
    await expect(sql`delete from record_files where record_id = ${id}`).rejects.toThrow(/is filed; DELETE on record_files refused/);
    const [after] = await db.select().from(records).where(eq(records.id, id));
    expect(after).toEqual(before);
  });

  it("refuses a line or file added under a filed record, by INSERT or by COPY, and lets records not filed take theirs", async () => {
    const { db, sql, id, fonds } = await filedVoucher();
    const open = await makeVoucher(db, { fondsId: fonds.id, no: 2, period: 4 });
    const lines = async () => (await sql<{ record_id: string; n: number }[]>`select record_id, count(*)::int as n from voucher_lines group by record_id order by record_id`).map((r) => [r.record_id, r.n]);
    const before = await lines();
    await expect(sql`insert into voucher_lines (record_id, seq, summary, account_code) values (${id}, 99, '补一行', '1001')`).rejects.toThrow(/is filed; INSERT on voucher_lines refused/);
    // One filed record among several refuses the whole statement.
    await expect(sql`insert into voucher_lines (record_id, seq, summary, account_code) values (${open}, 99, '补一行', '1001'), (${id}, 99, '补一行', '1001')`).rejects.toThrow(/is filed; INSERT on voucher_lines refused/);
    const copy = (recordId: string) => db.transaction((tx) => copyRows(tx, "voucher_lines", ["record_id", "seq", "summary", "account_code"], [copyLine([recordId, 98, "补一行", "1001"])]));
    await expect(copy(id)).rejects.toThrow(/is filed; INSERT on voucher_lines refused/);
    await expect(sql`insert into record_files (record_id, file_id, role, file_name, seq) select ${id}, file_id, 'rendition', file_name || '.copy', seq + 10 from record_files where record_id = ${id}`).rejects.toThrow(/is filed; INSERT on record_files refused/);
    expect(await lines()).toEqual(before);
    await copy(open);
    expect(await lines()).toEqual(before.map(([recordId, n]) => [recordId, recordId === open ? Number(n) + 1 : n]));
  });

  it("lets a filed record's retention lengthen but never shorten or end earlier (drizzle/0017)", async () => {
    const { db, sql, id } = await filedVoucher();
    const [before] = await db.select().from(records).where(eq(records.id, id));
    expect(before).toMatchObject({ retention: "Y30", retentionExpiresOn: "2054-12-31" });
    await expect(sql`update records set retention = 'Y10' where id = ${id}`).rejects.toThrow(/retention Y30 cannot be shortened to Y10/);
    await expect(sql`update records set retention = 'after_disposal_5y' where id = ${id}`).rejects.toThrow(/cannot be shortened/);
    await expect(sql`update records set retention_expires_on = '2034-12-31' where id = ${id}`).rejects.toThrow(/retention cannot end earlier/);
    expect((await db.select().from(records).where(eq(records.id, id)))[0]).toEqual(before);
    await sql`update records set retention = 'permanent', retention_expires_on = null where id = ${id}`;
    await expect(sql`update records set retention_expires_on = '2100-12-31' where id = ${id}`).rejects.toThrow(/retention cannot end earlier/);
  });

  it("keeps a sealed volume as filed: no change, no deletion, no new member; its term only lengthens (drizzle/0017)", async () => {
    const { db, sql, id, fonds } = await filedVoucher();
    const [record] = await db.select({ volumeId: records.volumeId }).from(records).where(eq(records.id, id));
    const volumeId = record!.volumeId!;
    const [before] = await db.select().from(volumes).where(eq(volumes.id, volumeId));
    expect(before).toMatchObject({ state: "sealed", retention: "Y30" });
    await expect(sql`update volumes set title = '改过的案卷题名' where id = ${volumeId}`).rejects.toThrow(/volume .* is sealed and cannot change/);
    await expect(sql`update volumes set state = 'open' where id = ${volumeId}`).rejects.toThrow(/is sealed and cannot change/);
    await expect(sql`update volumes set cover = cover || '{"count": 99}' where id = ${volumeId}`).rejects.toThrow(/is sealed and cannot change/);
    await expect(sql`update volumes set retention = 'Y10', cover = cover || '{"retention": "Y10"}' where id = ${volumeId}`).rejects.toThrow(/cannot be shortened/);
    // The cover's copy of the term must move with the column.
    await expect(sql`update volumes set retention = 'permanent' where id = ${volumeId}`).rejects.toThrow(/is sealed and cannot change/);
    await expect(sql`delete from volumes where id = ${volumeId}`).rejects.toThrow(/is sealed and cannot be deleted/);
    const open = await makeVoucher(db, { fondsId: fonds.id, no: 2, period: 4 });
    await expect(sql`update records set volume_id = ${volumeId} where id = ${open}`).rejects.toThrow(/is sealed; record .* cannot join it/);
    // Nor can a new record be born inside it, by INSERT or by COPY (drizzle/0019).
    const recordsBefore = await sql`select id from records order by id`;
    await expect(sql`insert into records (fonds_id, category, material_type, fiscal_year, title, retention, volume_id) values (${fonds.id}, 'voucher', '记账凭证', 2024, '夹带的凭证', 'Y30', ${volumeId})`).rejects.toThrow(/is sealed; record .* cannot join it/);
    const copyColumns = ["fonds_id", "category", "material_type", "fiscal_year", "title", "retention", "volume_id"];
    const copyRecord = (into: string | null) => db.transaction((tx) => copyRows(tx, "records", copyColumns, [copyLine([fonds.id, "voucher", "记账凭证", 2024, "夹带的凭证", "Y30", into])]));
    await expect(copyRecord(volumeId)).rejects.toThrow(/is sealed; record .* cannot join it/);
    expect(await sql`select id from records order by id`).toEqual(recordsBefore);
    await copyRecord(null);
    expect((await db.select().from(volumes).where(eq(volumes.id, volumeId)))[0]).toEqual(before);
    await sql`update volumes set retention = 'permanent', cover = cover || '{"retention": "permanent"}' where id = ${volumeId}`;
  });

  it("lets storage location and notes change through the service, with an audit entry", async () => {
    const { db, id, archivist } = await filedVoucher();
    const r = await updateRecordCustody(contextFor(db, archivist.actor), { recordId: id, storageLocation: "一号库房 / 3架 / 2层 / 5格", notes: "原件附件另订" });
    expect(r).toEqual({ ok: true, value: { id, storageLocation: "一号库房 / 3架 / 2层 / 5格", notes: "原件附件另订" } });
    const entries = await db.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(asc(auditEvents.id));
    expect(entries.find((e) => e.action === "record.custody_updated")?.data).toEqual({ before: { storageLocation: null, notes: null }, after: { storageLocation: "一号库房 / 3架 / 2层 / 5格", notes: "原件附件另订" } });
  });

  it("refuses empty changes, people without the right and other fonds, changing nothing", async () => {
    const { db, id, fonds, archivist } = await filedVoucher();
    const accountant = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const other = await makeFonds(db);
    const outsider = await makeUser(db, [{ role: "archivist", fondsId: other.id }]);
    expect(await updateRecordCustody(contextFor(db, archivist.actor), { recordId: id })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { storageLocation: "validation.custom" } } });
    // PostgreSQL text cannot hold NUL (a pasted binary fragment): refused with the field named, not a database error.
    expect(await updateRecordCustody(contextFor(db, archivist.actor), { recordId: id, notes: "原件\u0000另订" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { notes: "validation.invalid_format" } } });
    expect(await updateRecordCustody(contextFor(db, archivist.actor), { recordId: id, storageLocation: "一号库房\u0000" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { storageLocation: "validation.invalid_format" } } });
    expect(await updateRecordCustody(contextFor(db, accountant.actor), { recordId: id, notes: "x" })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await updateRecordCustody(contextFor(db, outsider.actor), { recordId: id, notes: "x" })).toMatchObject({ ok: false, error: { code: "record.not_found" } });
    const [row] = await db.select().from(records).where(eq(records.id, id));
    expect([row!.notes, row!.storageLocation]).toEqual([null, null]);
    expect((await db.select().from(auditEvents).where(eq(auditEvents.targetId, id))).filter((e) => e.action === "record.custody_updated")).toEqual([]);
  });
});
