"use client";

import { type RefObject, useState } from "react";
import { CheckIcon, CopyIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { copyText, selectContents } from "./copy-text";

/**
 * Copies a key shown once. Where the browser refuses (plain HTTP has no Clipboard API), the key is left
 * selected and the refusal is said in words, so the administrator is never left believing it was copied.
 */
export function CopyButton({ text, target, labels }: { text: string; target: RefObject<HTMLElement | null>; labels: { copy: string; copied: string; failed: string } }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <>
      <Button type="button" size="sm" variant="outline" onClick={async () => setCopied(await copyText(text, () => selectContents(target.current)))}>
        {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />}
        {copied ? labels.copied : labels.copy}
      </Button>
      {copied === false && (
        <p role="alert" className="text-destructive basis-full text-xs">
          {labels.failed}
        </p>
      )}
    </>
  );
}
