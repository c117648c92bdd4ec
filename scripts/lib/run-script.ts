/** Runs a script's main and exits: 0 when it finishes, 1 with its stack (and cause) when it throws. */
export function runScript(name: string, main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (e) => {
      const cause = (e as Error).cause;
      process.stderr.write(`${name} failed: ${(e as Error).stack ?? e}${cause ? `\ncaused by: ${String(cause)}` : ""}\n`);
      process.exit(1);
    },
  );
}
