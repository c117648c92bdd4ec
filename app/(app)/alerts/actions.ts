"use server";

import { revalidatePath } from "next/cache";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { requireServiceContext } from "@/app/_server/context";
import { resolveAlert } from "@/lib/fixity/resolve-alert";

export async function resolveAlertAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await resolveAlert(ctx, { alertId: form.get("alertId"), note: form.get("note") });
  if (result.ok) revalidatePath("/alerts");
  return toDoneState(result, () => ({ key: "alerts-ui.resolve.done" }));
}
