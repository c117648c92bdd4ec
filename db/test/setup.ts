import { afterAll, inject } from "vitest";
import { type DbHandle, createDb } from "@/db";

let handle: DbHandle | undefined;

/** The run's database, shared by the tests of one file; tests make their own uniquely named data. */
export function testDb(): DbHandle {
  handle ??= createDb(inject("databaseUrl"), { max: 5 });
  return handle;
}

afterAll(async () => {
  await handle?.close();
  handle = undefined;
});
