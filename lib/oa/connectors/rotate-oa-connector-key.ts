import { eq } from "drizzle-orm";
import { z } from "zod";
import { oaConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { generateApiKey } from "@/lib/crypto/api-key";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { OA_API_KEY_PREFIX } from "./create-oa-connector";

const RotateInput = z.object({ id: z.uuid() });

/** Issues a new API key for the OA's server and voids the old one at once; the key is shown only now. */
export async function rotateOaConnectorKey(ctx: ServiceContext, raw: unknown): Promise<Result<{ apiKey: string; apiKeyPrefix: string }>> {
  const input = RotateInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ fondsId: oaConnectors.fondsId }).from(oaConnectors).where(eq(oaConnectors.id, input.data.id)).for("update");
    if (!row) return fail("oa.connector_not_found");
    if (!authorize(ctx, "admin.connectors", row.fondsId)) return fail("auth.forbidden");
    const key = generateApiKey(OA_API_KEY_PREFIX);
    await tx
      .update(oaConnectors)
      .set({ apiKeyHash: key.hash, apiKeyPrefix: key.displayPrefix, updatedAt: ctx.now() })
      .where(eq(oaConnectors.id, input.data.id));
    await appendAudit(tx, ctx, {
      action: "oa_connector.key_rotated",
      targetType: "oa_connector",
      targetId: input.data.id,
      fondsId: row.fondsId,
      data: { apiKeyPrefix: key.displayPrefix },
    });
    return ok({ apiKey: key.key, apiKeyPrefix: key.displayPrefix });
  });
}
