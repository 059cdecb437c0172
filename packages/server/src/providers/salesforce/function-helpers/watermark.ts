// Where an incremental read stands (spec/salesforce.md §3.8): the highest SystemModstamp read, and the rows read at
// exactly that stamp (`id:fingerprint`), which the next read with `>=` skips unless they changed again.

export interface Watermark {
  systemModstamp?: string | undefined;
  seen?: string[] | undefined;
}

/**
 * The watermark after a page, the same as moving it row by row: a row at the watermark's stamp joins `seen`; a
 * row at another stamp starts `seen` over at its own stamp; in an `unordered` read (Bulk pages come in no
 * order) a row older than the watermark is passed over. Stamps are ISO 8601 UTC text, so they compare as strings.
 * Only the rows at the final stamp are fingerprinted (a fingerprint serializes the row's record): in a REST page,
 * ordered by stamp, that is its last run of equal stamps instead of every row.
 */
export function watermarkAfter<W extends Watermark, Row>(w: W, rows: readonly Row[], unordered: boolean, stampOf: (row: Row) => string, fingerprintOf: (row: Row) => string): W {
  if (rows.length === 0) return w;
  let final: string;
  let atFinal: Row[];
  if (unordered) {
    const stamps = rows.map(stampOf);
    final = w.systemModstamp ?? stamps[0]!;
    for (const s of stamps) if (s > final) final = s;
    atFinal = rows.filter((_, i) => stamps[i] === final);
    if (atFinal.length === 0) return w;
  } else {
    // Row by row, every change of stamp starts `seen` over: what is left is the last run of equal stamps.
    final = stampOf(rows[rows.length - 1]!);
    let first = rows.length - 1;
    while (first > 0 && stampOf(rows[first - 1]!) === final) first--;
    atFinal = first === 0 ? [...rows] : rows.slice(first);
    // A run that does not reach back to the page's first row began with a change of stamp.
    if (first > 0) return { ...w, systemModstamp: final, seen: atFinal.map(fingerprintOf) };
  }
  const fingerprints = atFinal.map(fingerprintOf);
  return { ...w, systemModstamp: final, seen: final === w.systemModstamp ? [...(w.seen ?? []), ...fingerprints] : fingerprints };
}
