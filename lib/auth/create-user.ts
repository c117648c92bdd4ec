import { sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { PASSWORD_MIN_LENGTH, hashPassword } from "./password";

export const CreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{2,64}$/),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().optional(),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(256).optional(),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
});

/** Creates an account (system administrator's duty under 三员). The password is stored only as an argon2id hash. */
export async function createUser(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string }>> {
  const input = CreateUserInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.users")) return fail("auth.forbidden");
  const { password, ...data } = input.data;
  const passwordHash = password ? await hashPassword(password) : null;
  const db = ctx.db;
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${data.username})`);
    if (existing) return fail("auth.username_taken", { username: data.username });
    const now = ctx.now();
    const [row] = await tx
      .insert(users)
      .values({ ...data, passwordHash, createdAt: now, updatedAt: now })
      .returning({ id: users.id });
    const id = row!.id;
    await appendAudit(tx, ctx, { action: "user.created", targetType: "user", targetId: id, data: { username: data.username, displayName: data.displayName } });
    return ok({ id });
  });
}
