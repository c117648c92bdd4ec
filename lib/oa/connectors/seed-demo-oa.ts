import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { oaConnectors } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { createOaConnector } from "./create-oa-connector";
import { setOaUserMapping } from "./set-oa-user-mapping";

/** Named in the README, so the demo's connector keeps this id on every fresh install. */
export const DEMO_OA_CONNECTOR_ID = "0a0a0a0a-0000-4000-8000-00000000a001";
export const DEMO_OA_SECRET = "acta-demo-oa-secret";
export const DEMO_OA_ORIGIN = "http://localhost:3300";

/**
 * A home-grown OA on the parent fonds speaking Acta's generic scheme, with `oa-finance` as the demo
 * finance approver, so callbacks, launch links and embedded pages can be tried at once.
 */
export async function seedDemoOa(db: Db, fondsId: string): Promise<void> {
  const [existing] = await db.select({ id: oaConnectors.id }).from(oaConnectors).where(eq(oaConnectors.id, DEMO_OA_CONNECTOR_ID));
  if (existing) return;
  const ctx = systemContext(db, "acta-seed");
  const created = await createOaConnector(ctx, {
    id: DEMO_OA_CONNECTOR_ID,
    fondsId,
    kind: "generic",
    name: "演示 OA（通用签名接口）",
    baseUrl: `${DEMO_OA_ORIGIN}/oa`,
    config: {},
    secrets: { hmacSecret: DEMO_OA_SECRET },
    allowedOrigins: [DEMO_OA_ORIGIN],
    allowSsoProvisioning: false,
  });
  if (!created.ok) throw new Error(`Demo seed failed at the OA connector: ${created.error.code}`);
  for (const [oaUserId, username] of [["oa-finance", "finance"], ["oa-archivist", "archivist"]] as const) {
    const mapped = await setOaUserMapping(ctx, { connectorId: DEMO_OA_CONNECTOR_ID, oaUserId, username });
    if (!mapped.ok) throw new Error(`Demo seed failed at the OA user ${oaUserId}: ${mapped.error.code}`);
  }
}
