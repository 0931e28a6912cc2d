import type { CliIo } from './command.ts';

export interface SyncProgress {
  council: string;
  pages: number;
  accounts: number;
}

/**
 * The progress of `pont people sync` on stderr: on a terminal one line per council, redrawn after each page with the
 * accounts read, the pages and the rate; elsewhere (a log file, a pipe) a plain line per page. Prints nothing itself
 * under --json: the caller passes no display then.
 */
export function createSyncProgressDisplay(
  io: CliIo,
  label: (council: string) => string,
  now: () => number = () => performance.now(),
) {
  let current: { council: string; startedAt: number } | null = null;
  const finishLine = () => {
    if (current && io.stderrIsTTY) io.stderr('\n');
    current = null;
  };
  return {
    update(progress: SyncProgress): void {
      if (!current || current.council !== progress.council) {
        finishLine();
        current = { council: progress.council, startedAt: now() };
      }
      const seconds = Math.max((now() - current.startedAt) / 1000, 0.001);
      const rate = Math.round(progress.accounts / seconds);
      const counts = `${progress.accounts.toLocaleString('en-GB')} accounts read, page ${progress.pages}, ${rate.toLocaleString('en-GB')} accounts/s`;
      if (io.stderrIsTTY) io.stderr(`\r\u001b[2K${label(progress.council)}: ${counts}`);
      else io.stderr(`${label(progress.council)}: ${counts}\n`);
    },
    /** Ends the line being redrawn, before the report is printed. */
    done(): void {
      finishLine();
    },
  };
}
