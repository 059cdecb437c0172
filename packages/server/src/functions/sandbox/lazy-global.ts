// A global of the isolate that loads its library on first use (esbuild runs a bundled CommonJS module when it is
// first required, not when the prelude runs), then stays a plain writable value.

export function lazyGlobal(name: string, load: () => unknown): void {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: false,
    get() {
      const value = load();
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
    },
  });
}
