import Link from "next/link";
import { ChevronLeftIcon } from "lucide-react";

/** Title block of an administration page, with the way back to the section list. */
export function PageHeader({ title, description, back, actions }: { title: string; description?: string; back?: { href: string; label: string }; actions?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        {back && (
          <Link href={back.href} className="text-muted-foreground hover:text-foreground mb-2 inline-flex items-center gap-1 text-sm">
            <ChevronLeftIcon className="size-4" aria-hidden />
            {back.label}
          </Link>
        )}
        <h1 className="text-2xl font-semibold">{title}</h1>
        {description && <p className="text-muted-foreground mt-1 max-w-3xl text-sm">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
