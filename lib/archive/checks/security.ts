import { finding, list } from "./finding";
import type { CheckContext, Finding, RecordCheckContext } from "./types";

/** 4-1 杀毒软件: a virus scanner is installed and answering. */
export function checkAntivirus({ environment }: CheckContext): readonly Finding[] {
  return [environment.antivirusAvailable ? finding("pass", "archive.check.antivirus_available") : finding("not_performed", "archive.check.antivirus_unavailable")];
}

/** 4-2 病毒感染: every file was scanned and found clean. */
export function checkVirusScan({ record }: RecordCheckContext): Finding {
  if (record.files.length === 0) return finding("not_applicable", "archive.check.no_files");
  const infected = record.files.filter((f) => f.virusScan === "infected");
  if (infected.length) {
    return finding("fail", "archive.check.virus_found", { files: list(infected.map((f) => f.name)), viruses: list(infected.map((f) => f.virusName ?? "unknown")) });
  }
  const unscanned = record.files.filter((f) => f.virusScan === "unavailable").map((f) => f.name);
  return unscanned.length ? finding("not_performed", "archive.check.scan_unavailable", { files: list(unscanned) }) : finding("pass", "archive.check.scan_clean");
}

/** System litter and executables that are not accounting material (DA/T 70 4-3: 非归档文件). */
const EXTRA_NAMES = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|__MACOSX(\/.*)?|~\$[^/]*|\._[^/]*)$/i;
const EXECUTABLE = /\.(exe|com|bat|cmd|scr|msi|dll|ps1|vbs|js|jar|sh|app|apk)$/i;
const EXECUTABLE_TYPES = new Set(["application/x-msdownload", "application/x-executable", "application/x-elf", "application/x-mach-binary", "application/x-sh"]);

/** 4-3 非归档文件: the batch carries nothing but archival content. */
export function checkExtraFiles({ batch }: CheckContext): readonly Finding[] {
  const files = batch.records.flatMap((r) => r.files.map((f) => ({ name: f.name, mediaType: f.mediaType })));
  for (const name of batch.package?.fileNames ?? []) files.push({ name, mediaType: null });
  const extra = files.filter((f) => EXTRA_NAMES.test(f.name) || EXECUTABLE.test(f.name) || (f.mediaType !== null && EXECUTABLE_TYPES.has(f.mediaType)));
  return [extra.length ? finding("warning", "archive.check.extra_files", { files: list([...new Set(extra.map((f) => f.name))]) }) : finding("pass", "archive.check.no_extra_files")];
}
