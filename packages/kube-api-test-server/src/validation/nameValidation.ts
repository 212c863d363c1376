// Messages and patterns follow k8s.io/apimachinery/pkg/util/validation so that errors read
// exactly as a real API server's do.

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelValueFmt = `(${qualifiedNameFmt})?`;

const dns1123Label = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);
const qualifiedName = new RegExp(`^${qualifiedNameFmt}$`);
const labelValue = new RegExp(`^${labelValueFmt}$`);
const ianaServiceName = /^[-a-z0-9]+$/;

/** Errors for a DNS-1123 label (namespace names), empty when valid. */
export function isDns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!dns1123Label.test(value)) {
    errors.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${dns1123LabelFmt}')`,
    );
  }
  return errors;
}

/** Errors for a DNS-1123 subdomain (most object names), empty when valid. */
export function isDns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!dns1123Subdomain.test(value)) {
    errors.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`,
    );
  }
  return errors;
}

/** Errors for a label or annotation key (`prefix/name`), empty when valid. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errors: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) {
      errors.push('prefix part must be non-empty');
    } else {
      errors.push(...isDns1123Subdomain(prefix).map(e => `prefix part ${e}`));
    }
  } else if (parts.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${qualifiedNameFmt}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else if (name.length > 63) {
    errors.push('name part must be no more than 63 characters');
  }
  if (name.length > 0 && !qualifiedName.test(name)) {
    errors.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${qualifiedNameFmt}')`,
    );
  }
  return errors;
}

/** Errors for a label value, empty when valid. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!labelValue.test(value)) {
    errors.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${labelValueFmt}')`,
    );
  }
  return errors;
}

/** Errors for a named port (IANA service name), empty when valid. */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (port.length < 1 || port.length > 15) {
    errors.push('must be no more than 15 characters');
  }
  if (!ianaServiceName.test(port)) {
    errors.push(
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  }
  if (port.includes('--')) {
    errors.push('must not contain consecutive hyphens');
  }
  if (!/[a-z]/.test(port)) {
    errors.push('must contain at least one letter (a-z)');
  }
  if (port.startsWith('-') || port.endsWith('-')) {
    errors.push('must not begin or end with a hyphen');
  }
  return errors;
}
