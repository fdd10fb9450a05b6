/**
 * Computed results, one per engagement (and asOf date), each valid for one key: the engagement's last
 * event id plus everything else the computation reads that is not in the log (the day, the coach's time
 * zone, the engagement's dates). Like the board's cache it assumes the data changes only through events.
 * Concurrent requests for a version not built yet wait for the one build in progress. Bounded by weight
 * (rows read, a proxy for memory); least recently used first out.
 */
export class ResultsCache<T> {
  readonly #entries = new Map<string, { key: string; lastEventId: number; value: T; weight: number }>();
  readonly #building = new Map<string, Promise<{ value: T; weight: number }>>();
  #weight = 0;

  constructor(readonly maxWeight = 500_000) {}

  /** The value kept in `slot` for this key, or the one `build` gives (with its weight). */
  async get(slot: string, key: string, lastEventId: number, build: () => Promise<{ value: T; weight: number }>): Promise<T> {
    const kept = this.#entries.get(slot);
    if (kept && kept.key === key) {
      // Map order is the recency order.
      this.#entries.delete(slot);
      this.#entries.set(slot, kept);
      return kept.value;
    }
    const id = `${slot}\n${key}`;
    let pending = this.#building.get(id);
    if (!pending) {
      pending = build();
      this.#building.set(id, pending);
      pending.then(
        (built) => this.#keep(slot, key, lastEventId, built),
        () => {},
      );
      pending.finally(() => this.#building.delete(id)).catch(() => {});
    }
    return (await pending).value;
  }

  #keep(slot: string, key: string, lastEventId: number, built: { value: T; weight: number }): void {
    const old = this.#entries.get(slot);
    // A slower build of an older version must not replace a newer one.
    if (old && old.lastEventId > lastEventId) return;
    if (old) this.#weight -= old.weight;
    this.#entries.delete(slot);
    if (built.weight > this.maxWeight) return;
    this.#entries.set(slot, { key, lastEventId, value: built.value, weight: built.weight });
    this.#weight += built.weight;
    for (const [s, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) break;
      this.#entries.delete(s);
      this.#weight -= entry.weight;
    }
  }
}
