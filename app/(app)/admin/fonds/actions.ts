"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { createFonds } from "@/lib/admin/create-fonds";

export async function createFondsAction(_: FormState<{ code: string }>, form: FormData): Promise<FormState<{ code: string }>> {
  const ctx = await requireServiceContext();
  const raw = Object.fromEntries(form);
  const r = await createFonds(ctx, {
    ...raw,
    code: String(raw.code ?? "").trim().toUpperCase(),
    nameEn: raw.nameEn || undefined,
    parentId: raw.parentId || undefined,
    volumeSize: raw.volumeSize ? Number(raw.volumeSize) : undefined,
  });
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/fonds");
  revalidatePath("/", "layout");
  return { error: null, done: { code: String(raw.code).trim().toUpperCase() } };
}
