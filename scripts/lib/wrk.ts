import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";

/** wrk (Debian's package) when installed: a load generator in C, so the clients take little of the CPU the server needs. */
export function findWrk(): string | null {
  const found = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

const lua = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * GET requests over `paths`, in their order, from `connections` kept-alive connections for `seconds`; each
 * wrk thread starts its walk at its own offset. Any answer but 200, or a socket error, fails the run: a
 * benchmark of refusals would measure nothing.
 */
export async function runWrk(options: {
  wrk: string;
  dir: string;
  base: string;
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<WrkResult> {
  const threads = Math.min(2, options.connections);
  const script = path.join(options.dir, "bench.lua");
  await writeFile(
    script,
    `local paths = { ${options.paths.map(lua).join(", ")} }
local threads = {}
local count = 0
function setup(thread)
  count = count + 1
  thread:set("offset", math.floor((count - 1) * #paths / ${threads}))
  table.insert(threads, thread)
end
function init(args)
  i = offset
  refused = 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function response(status, headers, body)
  if status ~= 200 then refused = refused + 1 end
end
function done(summary, latency, requests)
  local refusedAll = 0
  for _, t in ipairs(threads) do refusedAll = refusedAll + t:get("refused") end
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"micros":%d,"p50":%d,"p95":%d,"p99":%d,"refused":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    refusedAll, e.connect + e.read + e.write + e.timeout))
end
`,
  );
  const args = [`-t${threads}`, `-c${options.connections}`, `-d${options.seconds}s`, "--timeout", "10s", "-s", script];
  for (const [name, value] of Object.entries(options.headers)) args.push("-H", `${name}: ${value}`);
  args.push(options.base);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(options.wrk, args, { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const line = output.split("\n").find((l) => l.startsWith("WRK "));
  if (!line) throw new Error(`wrk printed no summary: ${output}`);
  const r = JSON.parse(line.slice(4)) as { requests: number; micros: number; p50: number; p95: number; p99: number; refused: number; socketErrors: number };
  if (r.refused > 0 || r.socketErrors > 0) throw new Error(`wrk: ${r.refused} answers other than 200 and ${r.socketErrors} socket errors in ${r.requests} requests`);
  const seconds = r.micros / 1e6;
  return { requests: r.requests, seconds, p50: r.p50 / 1000, p95: r.p95 / 1000, p99: r.p99 / 1000, rps: r.requests / seconds };
}
