import { migrateDatabase } from "../db/runtime/migrate";
import { log, resolveDatabase } from "./lib/database";

const database = await resolveDatabase();
try {
  await migrateDatabase(database.url);
  log("Migrations applied");
} catch (e) {
  log(`Migration failed; the database is as it was. ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.release();
}
