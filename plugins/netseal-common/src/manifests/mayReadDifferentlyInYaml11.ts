// Plain scalars whose meaning may differ between YAML 1.1 (kubectl, Go's yaml.v2) and 1.2:
// yes/no/on/off and y/n booleans, numbers in octal, binary, sexagesimal or with '_', and
// the `<<` merge key. Most numbers and all names fail this cheap test; the rest are parsed
// both ways by findAmbiguousScalars.
const YAML_1_1_BOOLEAN =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER_LIKE = /^[-+]?[0-9.][0-9a-fA-FxXoObB_:.eE+-]*$/;
const PLAIN_DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

/** Whether a plain scalar's text might read differently to YAML 1.1 and YAML 1.2 readers. */
export function mayReadDifferentlyInYaml11(source: string): boolean {
  if (source === '<<') {
    return true;
  }
  // Only short words and things starting like numbers can be either.
  const first = source.charCodeAt(0);
  const startsLikeNumber =
    (first >= 48 && first <= 57) ||
    first === 43 ||
    first === 45 ||
    first === 46;
  if (source.length > 3 && !startsLikeNumber) {
    return false;
  }
  return (
    YAML_1_1_BOOLEAN.test(source) ||
    (NUMBER_LIKE.test(source) && !PLAIN_DECIMAL.test(source))
  );
}
