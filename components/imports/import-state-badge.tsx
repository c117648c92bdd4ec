import { Badge } from "@/components/ui/badge";
import type { ImportState } from "./api";

const VARIANT: Record<ImportState, "secondary" | "success" | "destructive" | "outline"> = { queued: "outline", running: "secondary", succeeded: "success", failed: "destructive" };

/** An import's state as a badge; the caller words it, so server and client pages share it. */
export function ImportStateBadge({ state, label }: { state: ImportState; label: string }) {
  return <Badge variant={VARIANT[state]}>{label}</Badge>;
}
