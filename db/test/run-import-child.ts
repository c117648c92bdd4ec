// Runs one import in its own process, so a test can kill it mid-import like a crashed worker.
import { createDb } from "@/db";
import { runImport } from "@/lib/erp/import/run-import";

const [url, importId] = process.argv.slice(2);
const handle = createDb(url!, { max: 2 });
await runImport(handle.db, importId!);
await handle.close();
