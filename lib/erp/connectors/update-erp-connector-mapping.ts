import { eq } from "drizzle-orm";
import { z } from "zod";
import { erpConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type FormatChoice, FormatIdSchema, resolveFormatChoice } from "./connector-input";

export const UpdateErpConnectorMappingInput = z.object({
  connectorId: z.uuid(),
  formatId: FormatIdSchema.nullable(),
  mapping: z.unknown().optional(),
});

/** Sets how a connector's files are read: a preset, a custom column mapping, or detection (null). */
export async function updateErpConnectorMapping(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string } & FormatChoice>> {
  const input = UpdateErpConnectorMappingInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const choice = resolveFormatChoice(input.data.formatId, input.data.mapping);
  if (!choice.ok) return choice;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ formatId: erpConnectors.formatId, mapping: erpConnectors.mapping, fondsId: erpConnectors.fondsId })
      .from(erpConnectors)
      .where(eq(erpConnectors.id, input.data.connectorId))
      .for("update");
    if (!before) return fail("import.connector_not_found");
    await tx.update(erpConnectors).set(choice.value).where(eq(erpConnectors.id, input.data.connectorId));
    await appendAudit(tx, ctx, {
      action: "erp_connector.mapping_updated",
      targetType: "erp_connector",
      targetId: input.data.connectorId,
      fondsId: before.fondsId,
      data: { before: { formatId: before.formatId, mapping: before.mapping }, after: choice.value },
    });
    return ok({ id: input.data.connectorId, ...choice.value });
  });
}
