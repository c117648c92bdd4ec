interface CopyEnv {
  navigator?: { clipboard?: { writeText(text: string): Promise<void> } };
  document?: { execCommand(command: string): boolean };
}

/**
 * Copies text to the clipboard, answering whether it worked. The Clipboard API exists only in a secure
 * context: an archive served over plain HTTP on the intranet (http://10.0.0.5:3000) has none, and the copy
 * button threw without a word. There the text is selected first (`select`) and copied the old way.
 */
export async function copyText(text: string, select: () => void, env: CopyEnv = globalThis as CopyEnv): Promise<boolean> {
  try {
    if (env.navigator?.clipboard) {
      await env.navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, document not focused): try the selection below.
  }
  try {
    select();
    return env.document?.execCommand("copy") ?? false;
  } catch {
    return false;
  }
}

/** Selects all the text inside an element, so a failed copy leaves it ready for Ctrl+C. */
export function selectContents(element: Element | null) {
  const selection = element ? window.getSelection() : null;
  if (!element || !selection) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}
