import { checkoutApi } from '../../__fixtures__/networkPolicies';

/**
 * A copy of a valid manifest (the checkout-api fixture) with one field set, or removed
 * when `value` is undefined. `path` is written as in a ValidationProblem, e.g.
 * `spec.ingress[0].ports[1].port`; map keys with dots are out of reach, so set the map.
 */
export function manifestWith(path: string, value: unknown): unknown {
  const manifest: unknown = structuredClone(checkoutApi);
  const steps = path
    .split(/\.|(?=\[)/)
    .map(step => (step.startsWith('[') ? Number(step.slice(1, -1)) : step));
  let holder = manifest as Record<string | number, unknown>;
  for (const step of steps.slice(0, -1)) {
    holder = holder[step] as Record<string | number, unknown>;
  }
  const last = steps[steps.length - 1];
  if (value === undefined) {
    delete holder[last];
  } else {
    holder[last] = value;
  }
  return manifest;
}
