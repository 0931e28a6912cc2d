/** A source that cannot be indexed, with the reason a person sees in `skipped`. */
export class SkipSource extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipSource';
  }
}
