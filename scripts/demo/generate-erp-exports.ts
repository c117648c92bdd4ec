import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { demoExports } from "../../lib/demo/demo-exports";

/**
 * `npm run demo:exports [-- --out <dir>]`: writes the demo's synthetic ERP exports (see
 * lib/demo/demo-exports.ts) so anyone can try the import screen with realistic files.
 */
async function main() {
  const { values } = parseArgs({ options: { out: { type: "string", default: path.join("data", "demo-exports") } } });
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  for (const e of demoExports()) {
    const t = performance.now();
    const bytes = await e.build();
    writeFileSync(path.join(out, e.fileName), bytes);
    console.log(`${e.fileName}  ${e.formatId}  ${(bytes.length / 1024).toFixed(0)} KiB  ${(performance.now() - t).toFixed(0)} ms`);
  }
  console.log(`Wrote the demo exports to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
