// What aborts one outbound exchange when its caller goes away (the proxy: the client's socket closes while the
// provider has not answered). undici takes an EventEmitter as a request's `signal` as readily as an AbortSignal;
// an AbortController per call costs an EventTarget (its signal) and undici's addEventListener and
// removeEventListener on it, ~3 % of the proxy's CPU (issue 15 point 1), for an abort that almost never
// happens. An AbortSignal is made only when something needs one (a retry's pause).
import { EventEmitter } from 'node:events';

export class CallAbort extends EventEmitter {
  aborted = false;
  /** As AbortSignal.reason: what undici fails the exchange with. */
  reason: unknown = undefined;
  #controller: AbortController | undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    // What AbortController.abort() would give.
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    this.#controller?.abort(this.reason);
    this.emit('abort');
  }

  /** An AbortSignal that aborts with this (made on first use). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }
}

/** What aborts an outbound exchange: an AbortSignal (a timeout, a function's budget) or a CallAbort. */
export type OutboundAbort = AbortSignal | CallAbort;

export function abortSignalOf(abort: OutboundAbort): AbortSignal {
  return abort instanceof CallAbort ? abort.signal : abort;
}
