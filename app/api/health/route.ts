import { NextResponse } from "next/server";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and the start script: no sign-in, no details beyond the database kind. */
export async function GET() {
  const database = process.env.ACTA_DATABASE_KIND === "embedded" ? "embedded" : "postgres";
  try {
    await getDb().execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database, version: packageJson.version });
  } catch {
    return NextResponse.json({ status: "unavailable", database, version: packageJson.version }, { status: 503 });
  }
}
