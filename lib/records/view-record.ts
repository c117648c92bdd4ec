import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { invoices, recordFiles, recordLinks, records, sourceDocuments, storedFiles } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { addDecimals } from "@/lib/decimal";
import { type Result, ok } from "@/lib/errors";
import { type RecordView, loadRecord } from "./get-record";

/** How many of the record's own audit entries the view shows, newest first. */
const HISTORY_LIMIT = 50;

export interface LinkedRecord {
  id: string;
  linkType: string;
  /** "to": this record cites the other (voucher → invoice); "from": the other cites this one. */
  direction: "to" | "from";
  title: string;
  category: string;
  materialType: string;
  archivalCode: string | null;
  docDate: string | null;
  amount: string | null;
  state: string;
  /** Files of the linked record the actor may open (only where it holds record.read there). */
  files: { id: string; fileName: string; mediaType: string; size: number }[];
  document: { kind: string; documentNo: string | null; counterparty: string | null; data: Record<string, unknown> } | null;
}

export interface RecordPage extends RecordView {
  totals: { debit: string; credit: string } | null;
  document: { kind: string; documentNo: string | null; issuedOn: string | null; counterparty: string | null; amount: string | null; data: Record<string, unknown> } | null;
  invoice: typeof invoices.$inferSelect | null;
  links: LinkedRecord[];
  history: { id: number; occurredAt: Date; actorName: string | null; action: string; data: Record<string, unknown> }[];
}

/**
 * What happened to one record: entries about it, and the batch entries that carried it without naming
 * it one by one (the import that created it, the check runs that judged it, the filing request and
 * decision that archived it). Each branch walks audit_events_target_idx.
 */
async function recordHistory(tx: Tx, recordId: string): Promise<RecordPage["history"]> {
  const rows = (await tx.execute(sql`
    select e.id, e.occurred_at as "occurredAt", coalesce(u.display_name, e.actor_name) as "actorName", e.action, e.data
    from (
      (select id from audit_events where target_type = 'record' and target_id = ${recordId} order by id desc limit ${HISTORY_LIMIT})
      union all
      -- One entry per written batch of the import names the records it created.
      select e.id from records r join audit_events e on e.target_type = 'import' and e.target_id = r.import_id::text
      where r.id = ${recordId} and e.action = 'import.vouchers_created' and e.data -> 'records' @> to_jsonb(${recordId}::text)
      union all
      select e.id from (select distinct run_id from check_results where record_id = ${recordId}) c
      join audit_events e on e.target_type = 'check_run' and e.target_id = c.run_id::text and e.action = 'filing.checks_run'
      union all
      select e.id from filing_records f join audit_events e on e.target_type = 'filing' and e.target_id = f.filing_id::text
      where f.record_id = ${recordId}
    ) h
    join audit_events e on e.id = h.id
    -- People are named as the archive knows them (林档案), not by their sign-in name.
    left join users u on u.id = e.actor_id
    order by e.id desc
    limit ${HISTORY_LIMIT}`)) as unknown as { id: number | string; occurredAt: string | Date; actorName: string | null; action: string; data: Record<string, unknown> }[];
  return rows.map((r) => ({ ...r, id: Number(r.id), occurredAt: new Date(r.occurredAt) }));
}

/**
 * The record view: the record (lib/records/get-record.ts) with its voucher totals, its source document
 * and parsed invoice, the records linked to it both ways with their files, and its own audit history.
 * Opening it is a use of the archive and is written to the audit trail (DA/T 94 12.3, E.7) in the same
 * transaction that reads the history, so the history shows this very view.
 */
export async function viewRecord(ctx: ServiceContext, raw: unknown): Promise<Result<RecordPage>> {
  const found = await loadRecord(ctx, raw);
  if (!found.ok) return found;
  const record = found.value;
  return ctx.db.transaction(async (tx) => {
    await appendAudit(tx, ctx, { action: "record.viewed", targetType: "record", targetId: record.id, fondsId: record.fondsId });
    const [document, invoice, linkRows, history] = await Promise.all([
      tx.select().from(sourceDocuments).where(eq(sourceDocuments.recordId, record.id)).then((r) => r[0] ?? null),
      tx
        .select()
        .from(invoices)
        .where(eq(invoices.documentRecordId, record.id))
        .then((r) => r[0] ?? null),
      tx
        .select({
          id: records.id,
          fondsId: records.fondsId,
          fromRecordId: recordLinks.fromRecordId,
          linkType: recordLinks.linkType,
          title: records.title,
          category: records.category,
          materialType: records.materialType,
          archivalCode: records.archivalCode,
          docDate: records.docDate,
          amount: records.amount,
          state: records.state,
          kind: sourceDocuments.kind,
          documentNo: sourceDocuments.documentNo,
          counterparty: sourceDocuments.counterparty,
          data: sourceDocuments.data,
        })
        .from(recordLinks)
        .innerJoin(records, or(and(eq(recordLinks.fromRecordId, record.id), eq(records.id, recordLinks.toRecordId)), and(eq(recordLinks.toRecordId, record.id), eq(records.id, recordLinks.fromRecordId))))
        .leftJoin(sourceDocuments, eq(sourceDocuments.recordId, records.id))
        .orderBy(asc(records.docDate), asc(records.id)),
      recordHistory(tx, record.id),
    ]);
    const readable = linkRows.filter((l) => !ctx.actor || can(ctx.actor, "record.read", l.fondsId));
    const files = readable.length
      ? await tx
          .select({ recordId: recordFiles.recordId, id: recordFiles.id, fileName: recordFiles.fileName, mediaType: storedFiles.mediaType, size: storedFiles.size })
          .from(recordFiles)
          .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
          .where(or(...readable.map((l) => eq(recordFiles.recordId, l.id))))
          .orderBy(asc(recordFiles.seq))
      : [];
    const lines = record.voucher?.lines ?? [];
    return ok({
      ...record,
      totals: record.voucher ? { debit: addDecimals("0", ...lines.map((l) => l.debit)), credit: addDecimals("0", ...lines.map((l) => l.credit)) } : null,
      document: document && {
        kind: document.kind,
        documentNo: document.documentNo,
        issuedOn: document.issuedOn,
        counterparty: document.counterparty,
        amount: document.amount,
        data: document.data,
      },
      invoice,
      links: readable.map((l) => ({
        id: l.id,
        linkType: l.linkType,
        direction: l.fromRecordId === record.id ? "to" : "from",
        title: l.title,
        category: l.category,
        materialType: l.materialType,
        archivalCode: l.archivalCode,
        docDate: l.docDate,
        amount: l.amount,
        state: l.state,
        files: files.filter((f) => f.recordId === l.id).map((f) => ({ id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size })),
        document: l.kind ? { kind: l.kind, documentNo: l.documentNo, counterparty: l.counterparty, data: l.data ?? {} } : null,
      })),
      history,
    });
  });
}
