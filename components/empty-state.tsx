import type { LucideIcon } from "lucide-react";

/** What an empty list says instead of a table: what is missing and what would fill it. */
export function EmptyState({ icon: Icon, title, body }: { icon: LucideIcon; title: string; body: string }) {
  return (
    <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-xl border border-dashed py-16 text-center">
      <Icon className="size-8" aria-hidden />
      <p className="text-foreground font-medium">{title}</p>
      <p className="max-w-md text-sm">{body}</p>
    </div>
  );
}
