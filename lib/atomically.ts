import type { DbOrTx, Tx } from "@/db";
import type { AppError, Result } from "@/lib/errors";

class Rollback extends Error {
  constructor(readonly error: AppError) {
    super(error.code);
  }
}

/**
 * A transaction whose expected failure undoes what it already wrote. Drizzle commits whatever the callback
 * returns, so a service that detects a refusal halfway (a code that overflows, a handler that refuses)
 * would otherwise keep its earlier writes; here a failed Result rolls back and is returned, never thrown
 * (ADR 0002).
 */
export async function atomically<T>(db: DbOrTx, work: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Rollback(result.error);
      return result;
    });
  } catch (e) {
    if (e instanceof Rollback) return { ok: false, error: e.error };
    throw e;
  }
}
