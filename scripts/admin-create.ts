import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { createDb } from "../db";
import { migrateDatabase } from "../db/runtime/migrate";
import { seedReferenceData } from "../db/seed/reference";
import { createUser } from "../lib/auth/create-user";
import { grantRole } from "../lib/auth/grant-role";
import { ADMIN_ROLES, type Role } from "../lib/auth/roles";
import { systemContext } from "../lib/context";
import { log, resolveDatabase } from "./lib/database";

/**
 * The first administrators of a real deployment. Under 三员 one person cannot hold two administrator
 * roles, so run it once per role:  npm run admin:create -- --username sys1 --role sysadmin
 * The password is read from ACTA_ADMIN_PASSWORD or asked for on the terminal, never from the command line.
 */
const { values } = parseArgs({
  options: { username: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "sysadmin" } },
});
const role = values.role as Role;
if (!values.username || !ADMIN_ROLES.includes(role)) {
  log("Usage: npm run admin:create -- --username NAME [--name 显示名] [--role sysadmin|secadmin|auditadmin]");
  process.exit(2);
}
let password = process.env.ACTA_ADMIN_PASSWORD;
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  password = await rl.question("Password (at least 8 characters): ");
  rl.close();
}

const database = await resolveDatabase();
const handle = createDb(database.url, { max: 2 });
try {
  await migrateDatabase(database.url);
  await seedReferenceData(handle.db);
  const ctx = systemContext(handle.db, "acta-cli admin:create");
  const created = await createUser(ctx, { username: values.username, displayName: values.name ?? values.username, password });
  if (!created.ok) throw new Error(`${created.error.code} ${JSON.stringify(created.error.fields ?? created.error.params ?? {})}`);
  const granted = await grantRole(ctx, { userId: created.value.id, role, fondsId: null });
  if (!granted.ok) throw new Error(granted.error.code);
  log(`Created ${values.username} as ${role}`);
} catch (e) {
  log(`Could not create the administrator: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
  await database.release();
}
