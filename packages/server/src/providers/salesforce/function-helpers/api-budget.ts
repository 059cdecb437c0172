// The org's daily API allocation (spec/salesforce.md §3.12 `Sforce-Limit-Info: api-usage=used/max`, §3.10
// `/limits`, §6): a run reads it from every response and stops before a call that would take the remaining calls
// below the reserve. The check happens before each call, so a run overshoots the reserve by at most one call
// (a page): "never below the reserve by more than one page".
export const DEFAULT_API_RESERVE_PERCENT = 10;

export interface ApiUsage {
  used: number;
  max: number;
}

/** `api-usage=18/5000; api-bursts=1/750` → `{used: 18, max: 5000}`; undefined when absent. */
export function parseLimitInfo(header: string | undefined): ApiUsage | undefined {
  const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

export class ApiBudget {
  usage: ApiUsage | undefined;
  /** Why the run stopped early, once it has. */
  stoppedBecause: string | undefined;

  constructor(readonly reservePercent: number = DEFAULT_API_RESERVE_PERCENT) {}

  observe(headers: Record<string, string>): void {
    const u = parseLimitInfo(headers['sforce-limit-info']);
    if (u) this.usage = u;
  }

  /** Calls left above the reserve (Infinity until a response has said). */
  get spare(): number {
    if (!this.usage) return Infinity;
    return this.usage.max - this.usage.used - Math.ceil((this.usage.max * this.reservePercent) / 100);
  }

  /** True when one more call keeps the org at or above its reserve. */
  allows(): boolean {
    if (this.spare >= 1) return true;
    const u = this.usage!;
    this.stoppedBecause ??= `Salesforce API budget: ${u.max - u.used} of ${u.max} daily calls left, at or below the ${this.reservePercent}% reserve; the run stopped with its checkpoint saved and resumes at the next scheduled run.`;
    return false;
  }
}
