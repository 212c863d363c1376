/**
 * Largest manifest text Netseal reads. Policy files are kilobytes; anything this big is a
 * mistake or an attack, and is refused from its size alone, before it is parsed.
 *
 * @public
 */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

/** Human form of {@link MAX_MANIFEST_BYTES} for messages and help. @public */
export const MAX_MANIFEST_SIZE_TEXT = '5 MiB';

/**
 * How many alias dereferences one document may make while it is turned into data. A few
 * anchors are legitimate; "billion laughs" needs many more, and is refused instead of
 * expanded.
 *
 * @public
 */
export const MAX_MANIFEST_ALIASES = 100;

/**
 * How deeply flow collections (`[...]`, `{...}`) may nest. A NetworkPolicy nests about ten
 * levels; the parser needs time and memory that grow faster than the nesting, so a small
 * text of brackets could otherwise take minutes and gigabytes.
 *
 * @public
 */
export const MAX_MANIFEST_FLOW_NESTING = 256;
