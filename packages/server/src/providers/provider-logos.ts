// Each provider's logo, `<providers dir>/<folder>/logos/<provider>.svg` beside its catalog.yaml, read once at
// start-up. Served by name from this map, so a request can only ever reach a file listed here.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROVIDERS_DIR } from './provider-catalog.js';

export interface ProviderLogo {
  svg: Buffer;
  /** A strong validator (RFC 9110 §8.8.3): the content's hash. */
  etag: string;
}

export class ProviderLogos {
  private constructor(private readonly logos: ReadonlyMap<string, ProviderLogo>) {}

  static load(dir = DEFAULT_PROVIDERS_DIR): ProviderLogos {
    const logos = new Map<string, ProviderLogo>();
    for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const logoDir = join(dir, folder.name, 'logos');
      if (!existsSync(logoDir)) continue;
      for (const file of readdirSync(logoDir).filter((f) => /^[a-zA-Z0-9_-]+\.svg$/.test(f))) {
        const svg = readFileSync(join(logoDir, file));
        logos.set(file.slice(0, -'.svg'.length), { svg, etag: `"${createHash('sha256').update(svg).digest('base64url').slice(0, 22)}"` });
      }
    }
    return new ProviderLogos(logos);
  }

  get(provider: string): ProviderLogo | undefined {
    return this.logos.get(provider);
  }

  names(): string[] {
    return [...this.logos.keys()];
  }
}
