import { sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { hashPassword, newPasswordProblem } from "./password";

export const CreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{2,64}$/),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().optional(),
  password: z.string().max(256).optional(),
  // Form posts send "true"/"false"; unset, a password an administrator typed must be replaced at first sign-in.
  mustChangePassword: z.union([z.boolean(), z.stringbool()]).optional(),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
});

/**
 * Creates an account (system administrator's duty under 三员). The password is stored only as an argon2id
 * hash. One an administrator typed is theirs as much as the user's, so by default the user must choose their
 * own at the first sign-in; accounts the system creates (the CLI, the demo) are not asked.
 */
export async function createUser(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string }>> {
  const input = CreateUserInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.users")) return fail("auth.forbidden");
  const { password, mustChangePassword, ...data } = input.data;
  const problem = password === undefined ? null : newPasswordProblem(password, data.username);
  if (problem) return fail("validation.invalid_input", undefined, { password: problem });
  const mustChange = password !== undefined && (mustChangePassword ?? ctx.actor !== null);
  const passwordHash = password ? await hashPassword(password) : null;
  const db = ctx.db;
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${data.username})`);
    if (existing) return fail("auth.username_taken", { username: data.username });
    const now = ctx.now();
    const [row] = await tx
      .insert(users)
      .values({ ...data, passwordHash, mustChangePassword: mustChange, createdAt: now, updatedAt: now })
      .returning({ id: users.id });
    const id = row!.id;
    await appendAudit(tx, ctx, { action: "user.created", targetType: "user", targetId: id, data: { username: data.username, displayName: data.displayName, mustChangePassword: mustChange } });
    return ok({ id });
  });
}
