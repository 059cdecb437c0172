// A run's record writes apply in the order the function made them. batchSave sends a large batch's slices
// with two in flight (functions/sdk/function-helper.ts), so that the next slice crosses from the sandbox
// while the previous one is written; the host still applies them one after the other, so a later save of a
// record can never land before an earlier one.
export type OrderedWrites = <T>(write: () => Promise<T>) => Promise<T>;

export function orderedWrites(): OrderedWrites {
  let tail: Promise<unknown> = Promise.resolve();
  return (write) => {
    const result = tail.then(write);
    tail = result.catch(() => {}); // a failed write fails its own call; the next one still runs
    return result;
  };
}
