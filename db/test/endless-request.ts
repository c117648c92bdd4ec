/**
 * A POST whose body never ends: a route that must stop reading past its limit is caught buffering if
 * `sent()` grows far beyond that limit (the body is pulled only as fast as someone reads it).
 */
export function endlessRequest(url: string, headers: Record<string, string> = {}) {
  let sent = 0;
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  const req = new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);
  return { req, sent: () => sent };
}
