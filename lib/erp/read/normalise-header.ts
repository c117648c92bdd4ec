/** Header cells compare without spaces, case, BOM or a trailing colon/asterisk ("科目代码*", "Amount in LC"). */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[：:*]+$/, "")
    .toLowerCase();
}
