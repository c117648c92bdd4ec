import { createDb } from "../db";
import { migrateDatabase } from "../db/runtime/migrate";
import { seedDemo } from "../db/seed/demo";
import { seedReferenceData } from "../db/seed/reference";
import { log, resolveDatabase } from "./lib/database";

// Reference data (the legal retention schedules) always; demo users and data only with --demo, because
// a demo password on a real server is a door left open.
const demo = process.argv.includes("--demo");
const database = await resolveDatabase();
const handle = createDb(database.url, { max: 2 });
try {
  await migrateDatabase(database.url);
  await seedReferenceData(handle.db);
  log("Retention schedules loaded");
  if (demo) {
    await seedDemo(handle.db);
    log("Demo fonds and users created (password acta-demo)");
  }
} catch (e) {
  log(`Seeding failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
  await database.release();
}
