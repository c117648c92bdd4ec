import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db";
import { oaConnectors, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { loadActor } from "@/lib/auth/load-actor";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";

const IdentityInput = z.object({
  issuer: z.string().min(1),
  subject: z.string().min(1).max(255),
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._@-]{2,64}$/)
    .optional(),
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().optional().catch(undefined),
});

export interface ProvisioningPolicy {
  /** ACTA_OIDC_PROVISIONING=true. */
  installationWide: boolean;
  /** The OA connector the identity provider belongs to, whose allowSsoProvisioning may allow it. */
  connectorId: string | null;
}

/**
 * Signs in a person the OpenID provider vouched for, matched by (issuer, subject), never by a name the
 * provider lets users edit. An unknown person is created only where provisioning is allowed, and gets
 * no business role: a security administrator still grants one (三员), so SSO alone opens no archive.
 */
export async function signInWithOidc(
  ctx: Omit<ServiceContext, "actor">,
  raw: unknown,
  policy: ProvisioningPolicy,
): Promise<Result<{ userId: string; provisioned: boolean }>> {
  const input = IdentityInput.safeParse(raw);
  if (!input.success) return fail("sso.claims_invalid");
  const { issuer, subject, username, displayName, email } = input.data;
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const system = { ...ctx, actor: null };
    const [known] = await tx
      .select({ id: users.id, isActive: users.isActive })
      .from(users)
      .where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)))
      .for("update");
    if (known) {
      if (!known.isActive) {
        await appendAudit(tx, system, { action: "auth.sign_in_failed", targetType: "user", targetId: known.id, data: { method: "sso", reason: "inactive" } });
        return fail("sso.account_disabled");
      }
      await tx.update(users).set({ lastLoginAt: now, updatedAt: now }).where(eq(users.id, known.id));
      await appendAudit(tx, { ...ctx, actor: await loadActor(tx, known.id) }, { action: "auth.signed_in", targetType: "user", targetId: known.id, data: { method: "sso", issuer } });
      return ok({ userId: known.id, provisioned: false });
    }

    if (!(await provisioningAllowed(tx, policy))) {
      await appendAudit(tx, system, { action: "auth.sign_in_failed", data: { method: "sso", reason: "not_provisioned", issuer, subject, username: username ?? null } });
      return fail("sso.not_provisioned");
    }
    if (!username) return fail("sso.claims_invalid");
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
    if (taken) {
      await appendAudit(tx, system, { action: "auth.sign_in_failed", targetType: "user", targetId: taken.id, data: { method: "sso", reason: "username_taken", issuer, subject } });
      return fail("sso.username_taken", { username });
    }
    const [created] = await tx
      .insert(users)
      .values({ username, displayName: displayName ?? username, email, oidcIssuer: issuer, oidcSubject: subject, lastLoginAt: now, createdAt: now, updatedAt: now })
      .returning({ id: users.id });
    await appendAudit(tx, system, { action: "user.provisioned_sso", targetType: "user", targetId: created!.id, data: { username, issuer, subject } });
    return ok({ userId: created!.id, provisioned: true });
  });
}

async function provisioningAllowed(tx: Tx, policy: ProvisioningPolicy): Promise<boolean> {
  if (policy.installationWide) return true;
  if (!policy.connectorId) return false;
  const [connector] = await tx
    .select({ allowed: oaConnectors.allowSsoProvisioning })
    .from(oaConnectors)
    .where(and(eq(oaConnectors.id, policy.connectorId), eq(oaConnectors.isActive, true)));
  return connector?.allowed ?? false;
}
