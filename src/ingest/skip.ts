/** A source that cannot be indexed, with the reason a person sees in `skipped`. */
export class SkipSource extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipSource';
  }
}

/** The longest one file may take to parse, in milliseconds. */
export const maxParseMs = 60_000;

/**
 * Waits for a parser, giving up with a SkipSource after `ms`; `stop` is called then to free what the parser holds.
 * NOTE: this bounds parsers that yield as they go (PDF.js page by page, mammoth part by part); input sizes are
 * capped before parsing so that no single step runs long.
 */
export async function withinTime<T>(work: Promise<T>, ms: number, what: string, stop?: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve()
        .then(stop)
        .catch(() => undefined);
      reject(new SkipSource(`${what} took longer than ${Math.round(ms / 1000)} seconds to read`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
