// The `terapi` package's public exports: the function authoring SDK (spec/operations.md "Functions").
export * from './functions/sdk/index.js';
