/**
 * Netseal's backend plugin: cluster access, drift engine, replacement requests and
 * rollouts of sealed NetworkPolicies. Git hosts come as modules
 * (`@netseal/backstage-plugin-netseal-backend-module-github`, `...-module-local-git`).
 *
 * @packageDocumentation
 */

export { netsealPlugin as default } from './plugin';
