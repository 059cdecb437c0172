// Buffer, TextEncoder, TextDecoder (UTF-8), atob and btoa for the isolate (see isolate-globals.ts), from the
// `buffer` package (loaded on first use): the isolate has the language only.
import { lazyGlobal } from './lazy-global.js';

const g = globalThis as Record<string, unknown>;
let loaded: typeof import('buffer').Buffer | undefined;
const buffer = () => (loaded ??= (require('buffer') as typeof import('buffer')).Buffer);
lazyGlobal('Buffer', buffer);
g.atob = (s: string) => buffer().from(String(s), 'base64').toString('latin1');
g.btoa = (s: string) => buffer().from(String(s), 'latin1').toString('base64');
g.TextEncoder = class TextEncoder {
  readonly encoding = 'utf-8';
  encode(input = ''): Uint8Array {
    return new Uint8Array(buffer().from(String(input), 'utf8'));
  }
};
g.TextDecoder = class TextDecoder {
  readonly encoding = 'utf-8';
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (!input) return '';
    const bytes = ArrayBuffer.isView(input) ? buffer().from(input.buffer, input.byteOffset, input.byteLength) : buffer().from(input);
    return bytes.toString('utf8');
  }
};
