import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";

/** The apply and reset buttons that end a list page's filter form; reset is the page without its query. */
export function FilterButtons({ apply, reset, resetHref, className }: { apply: string; reset: string; resetHref: string; className?: string }) {
  return (
    <div className={cn("flex gap-2", className)}>
      <Button type="submit">{apply}</Button>
      <Button asChild variant="ghost">
        <Link href={resetHref}>{reset}</Link>
      </Button>
    </div>
  );
}

/** A list page's result: its title, then the table (or what to do when nothing matched), then its paging. */
export function ListCard({ title, empty, children, footer }: { title: string; empty: { title: string; hint: string } | null; children: React.ReactNode; footer: React.ReactNode }) {
  return (
    <Card className="gap-0 py-0">
      <CardHeader className="py-4">
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      {empty ? (
        <div className="text-muted-foreground border-t px-5 py-12 text-center text-sm">
          <p className="text-foreground font-medium">{empty.title}</p>
          <p className="mt-1">{empty.hint}</p>
        </div>
      ) : (
        children
      )}
      {footer}
    </Card>
  );
}
