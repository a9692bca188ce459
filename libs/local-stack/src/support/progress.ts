// Progress lines for slow steps: on stderr, so that stdout stays free for what a shell may eval.

/** Receives one human-readable progress line at a time. */
export type Progress = (line: string) => void;

/** The default sink: one `[infra] …` line on stderr per step. */
export const stderrProgress: Progress = (line) => {
  process.stderr.write(`[infra] ${line}\n`);
};

/** A sink that drops every line, for callers that want silence. */
export const silentProgress: Progress = () => undefined;
