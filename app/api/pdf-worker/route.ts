import { readFile } from "node:fs/promises";
import path from "node:path";
import packageJson from "@/package.json";

// pdf.js renders previews in a module worker that must match the installed pdfjs-dist exactly; serving it
// from node_modules keeps the two in step without copying a build artefact into public/.
const WORKER = path.join(process.cwd(), "node_modules", "pdfjs-dist", "build", "pdf.worker.min.mjs");

export async function GET() {
  return new Response(await readFile(WORKER), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      ETag: `"pdfjs-${packageJson.dependencies["pdfjs-dist"]}"`,
    },
  });
}
