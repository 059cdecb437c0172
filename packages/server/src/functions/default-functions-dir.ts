/** Where `terapi deploy` looks when given no folder (spec/operations.md "Commands"). */
export const DEFAULT_FUNCTIONS_DIR = './terapi-integrations';
