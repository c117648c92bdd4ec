import "server-only";
import { redirect } from "next/navigation";
import { getEmbedContext } from "./embed-session";

/** For embedded pages and actions: without a frame session, say so in words (never the sign-in page). */
export async function requireEmbedContext() {
  const ctx = await getEmbedContext();
  if (!ctx) redirect("/embed/expired?reason=embed.session_missing");
  return ctx;
}
