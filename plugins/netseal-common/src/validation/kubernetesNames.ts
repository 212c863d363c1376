/*
 * The name syntaxes of k8s.io/apimachinery/pkg/util/validation (validation.go). Each
 * function returns what is wrong, empty when the value is valid. Lengths are checked
 * before any pattern, so a hostile megabyte-long value costs one comparison.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label: namespaces. */
export function dns1123LabelProblems(value: string): string[] {
  if (value.length > 63) {
    return [`must be no more than 63 characters (it has ${value.length})`];
  }
  return DNS1123_LABEL.test(value)
    ? []
    : [
        "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', " +
          "starting and ending with a letter or digit (e.g. 'my-name' or '123-abc')",
      ];
}

/** IsDNS1123Subdomain: object names, and the prefix of label keys. */
export function dns1123SubdomainProblems(value: string): string[] {
  if (value.length > 253) {
    return [`must be no more than 253 characters (it has ${value.length})`];
  }
  return DNS1123_SUBDOMAIN.test(value)
    ? []
    : [
        "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', " +
          "starting and ending with a letter or digit (e.g. 'example.com')",
      ];
}

/** IsQualifiedName: label keys and annotation keys, `[prefix/]name`. */
export function qualifiedNameProblems(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      "must be a name with at most one '/', optionally prefixed by a DNS subdomain " +
        "(e.g. 'app' or 'app.kubernetes.io/name')",
    ];
  }
  const problems: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') {
      problems.push("prefix before '/' must not be empty");
    } else {
      problems.push(
        ...dns1123SubdomainProblems(prefix).map(problem => `prefix ${problem}`),
      );
    }
  }
  if (name === '') {
    problems.push('name part must not be empty');
  } else if (name.length > 63) {
    problems.push(
      `name part must be no more than 63 characters (it has ${name.length})`,
    );
  } else if (!QUALIFIED_NAME_PART.test(name)) {
    problems.push(
      "name part must consist of letters, digits, '-', '_' or '.', " +
        "and start and end with a letter or digit (e.g. 'MyName', 'my.name' or '123-abc')",
    );
  }
  return problems;
}

/** IsValidLabelValue: label values and selector values; the empty string is valid. */
export function labelValueProblems(value: string): string[] {
  if (value.length > 63) {
    return [`must be no more than 63 characters (it has ${value.length})`];
  }
  return LABEL_VALUE.test(value)
    ? []
    : [
        "must be empty or consist of letters, digits, '-', '_' or '.', " +
          "and start and end with a letter or digit (e.g. 'MyValue', 'my_value' or '12345')",
      ];
}

/** IsValidPortName: IANA_SVC_NAME, the name of a container port. */
export function portNameProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length === 0 || value.length > 15) {
    problems.push(`must be 1 to 15 characters (it has ${value.length})`);
  }
  if (value.length > 0 && value.length <= 15) {
    if (!/^[-a-z0-9]+$/.test(value)) {
      problems.push("must contain only lowercase letters, digits and '-'");
    }
    if (value.includes('--')) {
      problems.push("must not contain consecutive hyphens ('--')");
    }
    if (!/[a-z]/.test(value)) {
      problems.push('must contain at least one letter (a-z)');
    }
    if (value.startsWith('-') || value.endsWith('-')) {
      problems.push("must not begin or end with '-'");
    }
  }
  return problems;
}
