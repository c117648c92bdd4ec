import { eq } from "drizzle-orm";
import { oaConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadOaConnector } from "../adapters";
import { updateConnectorSchema } from "./connector-input";
import { openConnectorSecrets, sealConnectorSecrets } from "./connector-secrets";
import { forgetOaRuntime } from "./load-oa-runtime";
import { type OaConnectorView, toConnectorView } from "./connector-view";

/**
 * Changes a connector's settings. Secrets left blank keep their stored value, so an administrator can
 * rename a connector without retyping (or ever seeing) its keys; the merged result is re-checked by
 * the adapter before it is stored.
 */
export async function updateOaConnector(ctx: ServiceContext, raw: unknown): Promise<Result<OaConnectorView>> {
  const input = updateConnectorSchema.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { id, secrets, ...changes } = input.data;

  const result = await ctx.db.transaction(async (tx): Promise<Result<OaConnectorView>> => {
    const [row] = await tx.select().from(oaConnectors).where(eq(oaConnectors.id, id)).for("update");
    if (!row) return fail("oa.connector_not_found");
    if (!authorize(ctx, "admin.connectors", row.fondsId)) return fail("auth.forbidden");
    const stored = openConnectorSecrets(row.secretsEncrypted);
    if (stored === null) return fail("oa.secrets_unreadable");
    const typed = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ""));
    const merged = { ...stored, ...typed };
    const config = changes.config ?? row.config;
    const baseUrl = changes.baseUrl ?? row.baseUrl;
    const checked = loadOaConnector(row.kind, { ...config, baseUrl }, merged);
    if (!checked.ok) return checked;
    const [updated] = await tx
      .update(oaConnectors)
      .set({
        ...changes,
        ...(Object.keys(typed).length > 0 && sealConnectorSecrets(merged)),
        updatedAt: ctx.now(),
      })
      .where(eq(oaConnectors.id, id))
      .returning();
    await appendAudit(tx, ctx, {
      action: "oa_connector.updated",
      targetType: "oa_connector",
      targetId: id,
      fondsId: row.fondsId,
      data: { changed: Object.keys(changes).sort(), secretsReplaced: Object.keys(typed).sort() },
    });
    return ok(toConnectorView(updated!));
  });
  // Callbacks answer with the new settings (or refusal) from the next request on.
  if (result.ok) forgetOaRuntime(id);
  return result;
}
