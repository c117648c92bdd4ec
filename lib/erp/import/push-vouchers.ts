import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { idempotencyKeys } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import type { AssembledVoucher } from "@/lib/erp/assemble-vouchers";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import { voucherIdentity } from "@/lib/erp/model";
import { validateVoucher } from "@/lib/erp/validate-voucher";
import { fondsRetention } from "./fonds-retention";
import { problemMessage } from "./problem-message";
import { voucherLabel, writeVouchers } from "./write-vouchers";

export const MAX_PUSH_VOUCHERS = 1000;
/** A batch's JSON body at most: a thousand vouchers of a hundred lines each fit well; a larger one is split. */
export const PUSH_BODY_MAX_BYTES = 64 * 1024 * 1024;

const Batch = z.object({ vouchers: z.array(z.unknown()).min(1).max(MAX_PUSH_VOUCHERS) });
const IdempotencyKey = z.string().trim().min(1).max(200);

export interface PushedVoucherResult {
  index: number;
  voucherWord?: string;
  voucherNo?: string;
  fiscalYear?: number;
  period?: number;
  outcome: "created" | "updated" | "unchanged" | "rejected" | "conflict";
  recordId?: string;
  problems?: { field: string; value: string; code: string; params: Record<string, string | number>; message: { "zh-CN": string; en: string } }[];
}

export interface PushVouchersAnswer {
  results: PushedVoucherResult[];
  counts: Record<PushedVoucherResult["outcome"], number>;
  /** True when this is the stored answer to an earlier request with the same key and body. */
  replayed: boolean;
}

const problem = (p: { field: string; value: string; code: string; params: Record<string, string | number> }) => ({ ...p, message: problemMessage(p.code, p.params) });

/**
 * The push API: a batch of canonical vouchers written in one transaction, each voucher on its own
 * merits (invalid ones refused with their problems while the valid ones are written). The
 * Idempotency-Key makes a retry safe: the same key and body answer what was answered before, the same
 * key with another body is refused.
 */
export async function pushVouchers(ctx: ServiceContext, input: { connectorId: string; idempotencyKey: string | null; body: unknown }): Promise<Result<PushVouchersAnswer>> {
  const connector = await loadConnectorForImport(ctx, input.connectorId);
  if (!connector.ok) return connector;
  const key = IdempotencyKey.safeParse(input.idempotencyKey);
  if (!key.success) return fail("import.idempotency_key_required");
  const batch = Batch.safeParse(input.body);
  if (!batch.success) return fail("import.batch_invalid", { max: MAX_PUSH_VOUCHERS });
  const retentionOf = await fondsRetention(ctx.db, connector.value.fondsId);
  if (!retentionOf.ok) return retentionOf;
  const retention = retentionOf.value("voucher", "voucher");
  if (!retention.ok) return retention;
  const scope = `erp-vouchers:${connector.value.id}`;
  const requestHash = createHash("sha256").update(canonicalJson(batch.data)).digest("hex");

  return ctx.db.transaction(async (tx) => {
    // A concurrent request with the same key waits here until this one commits, then replays it.
    const [claimed] = await tx
      .insert(idempotencyKeys)
      .values({ scope, key: key.data, requestHash, status: 0, response: {}, createdAt: ctx.now() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (!claimed) {
      const [stored] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key.data)));
      if (stored?.requestHash !== requestHash) return fail("import.idempotency_conflict");
      return ok({ ...(stored.response as PushVouchersAnswer), replayed: true });
    }
    const results: PushedVoucherResult[] = [];
    const valid: { index: number; assembled: AssembledVoucher }[] = [];
    const seen = new Set<string>();
    batch.data.vouchers.forEach((raw, index) => {
      // The connector names the source system: a voucher need not (the API documents it so), and cannot say otherwise.
      const own = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? { ...raw, sourceSystem: connector.value.sourceSystem } : raw;
      const checked = validateVoucher(own);
      if (!checked.voucher) {
        results[index] = { index, outcome: "rejected", problems: checked.problems.map(problem) };
        return;
      }
      const voucher = checked.voucher;
      const identity = voucherIdentity(voucher).key;
      if (seen.has(identity)) {
        const params = { ...voucherLabel(voucher), index };
        results[index] = { index, ...pick(voucher), outcome: "rejected", problems: [problem({ field: "", value: "", code: "import.voucher_repeated", params })] };
        return;
      }
      seen.add(identity);
      valid.push({ index, assembled: { voucher, rowNos: [index + 1] } });
    });
    const target = { fondsId: connector.value.fondsId, sourceSystem: connector.value.sourceSystem, importId: null, connectorId: connector.value.id, retention: retention.value };
    const outcomes = await writeVouchers(tx, ctx, target, valid.map((v) => v.assembled));
    outcomes.forEach((o, i) => {
      const index = valid[i]!.index;
      results[index] = {
        index,
        voucherWord: o.voucherWord,
        voucherNo: o.voucherNo,
        fiscalYear: o.fiscalYear,
        period: o.period,
        outcome: o.outcome,
        ...(o.recordId && o.outcome !== "conflict" ? { recordId: o.recordId } : {}),
        ...(o.problem ? { problems: [problem({ field: "", value: "", ...o.problem })] } : {}),
      };
    });
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, conflict: 0 };
    for (const r of results) counts[r.outcome] += 1;
    const answer: PushVouchersAnswer = { results, counts, replayed: false };
    await tx.update(idempotencyKeys).set({ status: 200, response: answer }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key.data)));
    return ok(answer);
  });
}

const pick = (v: { voucherWord: string; voucherNo: string; fiscalYear: number; period: number }) => ({ voucherWord: v.voucherWord, voucherNo: v.voucherNo, fiscalYear: v.fiscalYear, period: v.period });
