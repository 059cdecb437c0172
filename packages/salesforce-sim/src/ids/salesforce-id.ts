// spec/salesforce.md §0: an 18-char id is the 15-char id plus a 3-char checksum of its upper-case letters.
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function idChecksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += CHECKSUM_ALPHABET[bits];
  }
  return out;
}

/** `prefix` (3 chars, e.g. `00D`) + `pod` (3 chars) + base62 `serial` (9 chars) + checksum. */
export function makeSalesforceId(prefix: string, pod: string, serial: number): string {
  let digits = '';
  let n = serial;
  for (let i = 0; i < 9; i++) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  const id15 = `${prefix}${pod}${digits}`;
  return id15 + idChecksum(id15);
}

export function isValidId18(id: string): boolean {
  return /^[a-zA-Z0-9]{18}$/.test(id) && idChecksum(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

export function toId15(id: string): string {
  return id.slice(0, 15);
}
