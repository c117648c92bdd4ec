"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "./context";
import { markNotificationRead } from "@/lib/approvals/mark-notification-read";

/** Marks one of the signed-in user's notifications read (the service refuses anyone else's). */
export async function markNotificationReadAction(id: string) {
  const ctx = await requireServiceContext();
  await markNotificationRead(ctx, { id });
  revalidatePath("/", "layout");
}

export async function markAllNotificationsReadAction() {
  const ctx = await requireServiceContext();
  await markNotificationRead(ctx, { all: true });
  revalidatePath("/", "layout");
}
