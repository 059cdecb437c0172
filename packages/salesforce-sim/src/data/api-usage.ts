const DAY_MS = 24 * 3600 * 1000;

/**
 * spec/salesforce.md §6: a rolling 24-hour allocation of API requests per org. `dailyApiUsed` may be set directly
 * (control API) to bring an org near its limit; calls counted here drain out of the window 24 hours later.
 */
export class ApiUsage {
  dailyApiUsed = 0;
  private readonly calls: number[] = [];
  private head = 0;

  constructor(public dailyApiMax: number) {}

  /** Counts one call at `now`; false (and not counted) when the allocation is used up. */
  tryCount(now: number): boolean {
    while (this.head < this.calls.length && this.calls[this.head]! <= now - DAY_MS) {
      this.head++;
      this.dailyApiUsed = Math.max(0, this.dailyApiUsed - 1);
    }
    if (this.head > 4096 && this.head * 2 > this.calls.length) {
      this.calls.splice(0, this.head);
      this.head = 0;
    }
    if (this.dailyApiUsed >= this.dailyApiMax) return false;
    this.dailyApiUsed++;
    this.calls.push(now);
    return true;
  }

  /** spec/salesforce.md §3.12. */
  header(): string {
    return `api-usage=${this.dailyApiUsed}/${this.dailyApiMax}`;
  }
}
