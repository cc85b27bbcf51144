/**
 * The placement of a scenario that puts a list of services on one host (`host:` without
 * `services:`), without a map entry per service: a manifest of many such scenarios over the
 * same services shares one list among them, and the model recognises it to share what it
 * works out from that list (which services, their ports) between those scenarios.
 */
export class OneHostPlacement implements ReadonlyMap<string, readonly string[]> {
  private readonly on: readonly string[];

  constructor(
    /** The services, in the manifest's order; shared by the scenarios that place them all. */
    readonly names: readonly string[],
    private readonly member: (name: string) => boolean,
    readonly host: string,
  ) {
    this.on = [host];
  }

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.member(name);
  }

  get(name: string): readonly string[] | undefined {
    return this.member(name) ? this.on : undefined;
  }

  *entries(): MapIterator<[string, readonly string[]]> {
    for (const name of this.names) yield [name, this.on];
  }

  *keys(): MapIterator<string> {
    yield* this.names;
  }

  *values(): MapIterator<readonly string[]> {
    for (let i = 0; i < this.names.length; i++) yield this.on;
  }

  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }

  forEach(
    callback: (
      value: readonly string[],
      key: string,
      map: ReadonlyMap<string, readonly string[]>,
    ) => void,
  ): void {
    for (const name of this.names) callback(this.on, name, this);
  }
}
