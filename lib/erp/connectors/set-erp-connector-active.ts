import { eq } from "drizzle-orm";
import { z } from "zod";
import { erpConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const SetErpConnectorActiveInput = z.object({
  connectorId: z.uuid(),
  // Form posts send "true"/"false"; the stringbool keeps both transports on one schema.
  active: z.union([z.boolean(), z.stringbool()]),
});

/**
 * Stops or resumes an ERP connector. A stopped connector's key, uploads and pushes are refused and its
 * queued imports fail with that reason, until it is resumed with the same key; what it imported stays.
 * For an ERP that is retired or misbehaving, where rotating the key would only hand it a new one.
 */
export async function setErpConnectorActive(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string; active: boolean }>> {
  const input = SetErpConnectorActiveInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const { connectorId, active } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: erpConnectors.id, fondsId: erpConnectors.fondsId, name: erpConnectors.name, isActive: erpConnectors.isActive })
      .from(erpConnectors)
      .where(eq(erpConnectors.id, connectorId))
      .for("update");
    if (!connector) return fail("import.connector_not_found");
    if (connector.isActive === active) return fail(active ? "import.connector_already_active" : "import.connector_already_inactive", { name: connector.name });
    await tx.update(erpConnectors).set({ isActive: active }).where(eq(erpConnectors.id, connectorId));
    await appendAudit(tx, ctx, {
      action: active ? "erp_connector.reactivated" : "erp_connector.deactivated",
      targetType: "erp_connector",
      targetId: connectorId,
      fondsId: connector.fondsId,
      data: { name: connector.name },
    });
    return ok({ id: connectorId, active });
  });
}
