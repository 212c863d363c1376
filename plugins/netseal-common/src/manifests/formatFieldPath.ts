/** Writes a field path the way problems print it: `spec.ingress[0]`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatFieldPath(steps: ReadonlyArray<string | number>): string {
  let path = '';
  for (const step of steps) {
    if (typeof step === 'number') {
      path += `[${step}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) {
      path += path ? `.${step}` : step;
    } else {
      path += `[${JSON.stringify(step)}]`;
    }
  }
  return path;
}
