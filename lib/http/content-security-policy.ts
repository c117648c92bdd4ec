/**
 * The Content-Security-Policy of every page. Scripts run only when they carry the response's nonce (Next
 * puts it on its own scripts; 'strict-dynamic' lets them load the chunks they import), so markup that slips
 * past escaping, such as a search highlight's HTML, cannot run script. Styles stay 'unsafe-inline': React's
 * style attributes and the charts write inline styles, and a style cannot run code.
 */
export function contentSecurityPolicy({
  nonce,
  frameAncestors,
  formTargets = [],
  development = false,
}: {
  nonce: string;
  frameAncestors: string;
  /** Origins a form may lead to besides Acta: the SSO sign-in posts to Acta, which redirects to the identity provider. */
  formTargets?: string[];
  development?: boolean;
}): string {
  return [
    "default-src 'self'",
    // Fast refresh evaluates updated modules; the production server never allows eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Canvases of the PDF preview and downloads are blob: URLs; icons may be inlined as data:.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The pdf.js worker comes from /api/pdf-worker.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    frameAncestors,
  ].join("; ");
}

/** A nonce for one response: 16 random bytes, base64 as CSP's nonce-source expects. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
