/** The reserved path prefix of the simulator's control API; nothing under it exists on a real Salesforce host. */
export const CONTROL_PREFIX = '/__sim/';
