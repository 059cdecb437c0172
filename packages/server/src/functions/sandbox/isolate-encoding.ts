// Buffer, TextEncoder, TextDecoder (UTF-8), atob and btoa for the isolate (see isolate-globals.ts), from the
// `buffer` package: the isolate has the language only.
import { Buffer } from 'buffer';

const g = globalThis as Record<string, unknown>;
g.Buffer = Buffer;
g.atob = (s: string) => Buffer.from(String(s), 'base64').toString('latin1');
g.btoa = (s: string) => Buffer.from(String(s), 'latin1').toString('base64');
g.TextEncoder = class TextEncoder {
  readonly encoding = 'utf-8';
  encode(input = ''): Uint8Array {
    return new Uint8Array(Buffer.from(String(input), 'utf8'));
  }
};
g.TextDecoder = class TextDecoder {
  readonly encoding = 'utf-8';
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (!input) return '';
    const bytes = ArrayBuffer.isView(input) ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : Buffer.from(input);
    return bytes.toString('utf8');
  }
};
