const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/**
 * What is wrong with a cluster name that goes into file paths and branch names: a slug of
 * letters, digits, '.', '_' and '-', without `..`, so it can never climb out of a folder or
 * break a Git ref. Empty when the name is safe.
 */
export function clusterNameProblems(value: string): string[] {
  if (value.length > 63) {
    return [`must be no more than 63 characters (it has ${value.length})`];
  }
  if (!CLUSTER_NAME.test(value) || value.includes('..')) {
    return [
      "must be a cluster name of letters, digits, '.', '_' and '-', starting and " +
        "ending with a letter or digit, without '..' (e.g. 'prod-eu-1')",
    ];
  }
  return [];
}
