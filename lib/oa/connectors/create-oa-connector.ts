import { eq } from "drizzle-orm";
import { fonds, oaConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { generateApiKey } from "@/lib/crypto/api-key";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadOaConnector } from "../adapters";
import { createConnectorSchema } from "./connector-input";
import { sealConnectorSecrets } from "./connector-secrets";
import { type OaConnectorView, toConnectorView } from "./connector-view";

export const OA_API_KEY_PREFIX = "acta_oa";

/**
 * Configures an OA for one fonds. Settings and secrets are checked by the adapter's own schemas before
 * anything is stored; secrets are sealed (AES-256-GCM) and the OA server's API key is returned here
 * once, never again.
 */
export async function createOaConnector(
  ctx: ServiceContext,
  raw: unknown,
): Promise<Result<{ connector: OaConnectorView; apiKey: string }>> {
  const input = createConnectorSchema.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { id, fondsId, kind, name, baseUrl, config, secrets, allowedOrigins, allowSsoProvisioning } = input.data;
  if (!authorize(ctx, "admin.connectors", fondsId)) return fail("auth.forbidden");
  const checked = loadOaConnector(kind, { ...config, baseUrl }, secrets);
  if (!checked.ok) return checked;

  return ctx.db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: fonds.id }).from(fonds).where(eq(fonds.id, fondsId));
    if (!owner) return fail("oa.fonds_not_found");
    const key = generateApiKey(OA_API_KEY_PREFIX);
    const now = ctx.now();
    const [row] = await tx
      .insert(oaConnectors)
      .values({
        id,
        fondsId,
        kind,
        name,
        baseUrl,
        config,
        ...sealConnectorSecrets(secrets),
        apiKeyHash: key.hash,
        apiKeyPrefix: key.displayPrefix,
        allowedOrigins,
        allowSsoProvisioning,
        createdBy: ctx.actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(tx, ctx, {
      action: "oa_connector.created",
      targetType: "oa_connector",
      targetId: row!.id,
      fondsId,
      data: { kind, name, baseUrl, allowedOrigins, allowSsoProvisioning, secretFields: Object.keys(secrets).sort() },
    });
    return ok({ connector: toConnectorView(row!), apiKey: key.key });
  });
}
