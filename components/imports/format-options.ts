/** A format as the screens list it: its id and its name in both languages (from lib/erp's registry). */
export interface FormatOption {
  id: string;
  label: { "zh-CN": string; en: string };
}

export const formatName = (formats: readonly FormatOption[], id: string | null | undefined, locale: string): string | null => {
  if (!id) return null;
  const f = formats.find((x) => x.id === id);
  return f ? f.label[locale === "en" ? "en" : "zh-CN"] : id;
};
