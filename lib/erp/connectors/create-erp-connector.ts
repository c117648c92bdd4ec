import { eq } from "drizzle-orm";
import { z } from "zod";
import { erpConnectors, fonds } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { generateApiKey } from "./api-key";
import { FormatIdSchema, SourceSystemSchema, resolveFormatChoice } from "./connector-input";

export const CreateErpConnectorInput = z.object({
  fondsId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  sourceSystem: SourceSystemSchema,
  formatId: FormatIdSchema.nullable().optional(),
  mapping: z.unknown().optional(),
});

export interface CreatedErpConnector {
  id: string;
  fondsId: string;
  name: string;
  sourceSystem: string;
  formatId: string | null;
  apiKeyPrefix: string;
  /** Shown this once: only its SHA-256 is stored. */
  apiKey: string;
}

/** Creates an ERP connector for a fonds (system administrator's duty) and hands out its API key once. */
export async function createErpConnector(ctx: ServiceContext, raw: unknown): Promise<Result<CreatedErpConnector>> {
  const input = CreateErpConnectorInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const choice = resolveFormatChoice(input.data.formatId, input.data.mapping);
  if (!choice.ok) return choice;
  const { fondsId, name, sourceSystem } = input.data;
  const key = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const [f] = await tx.select({ id: fonds.id }).from(fonds).where(eq(fonds.id, fondsId));
    if (!f) return fail("import.fonds_not_found");
    const [row] = await tx
      .insert(erpConnectors)
      .values({ fondsId, name, sourceSystem, ...choice.value, apiKeyHash: key.hash, apiKeyPrefix: key.prefix, createdBy: ctx.actor?.userId ?? null, createdAt: ctx.now() })
      .returning({ id: erpConnectors.id });
    const id = row!.id;
    await appendAudit(tx, ctx, {
      action: "erp_connector.created",
      targetType: "erp_connector",
      targetId: id,
      fondsId,
      data: { name, sourceSystem, formatId: choice.value.formatId, apiKeyPrefix: key.prefix },
    });
    return ok({ id, fondsId, name, sourceSystem, formatId: choice.value.formatId, apiKeyPrefix: key.prefix, apiKey: key.key });
  });
}
