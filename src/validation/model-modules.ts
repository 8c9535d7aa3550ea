/**
 * Loads the module of a kind's model (`kubernetes-models/apps/v1/Deployment`) by its id. In the
 * library this is a plain `require`; the bundled bin (scripts/bundle.js) swaps this file for a
 * static map of the kinds the installation can render, so the bundle holds their validators and
 * needs no `node_modules` for them (other kinds still fall back to `require`).
 */
export function requireModel(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id);
}
