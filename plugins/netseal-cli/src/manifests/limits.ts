/**
 * Largest manifest file netseal reads. Policy files are kilobytes; anything this big is a
 * mistake or an attack, and is refused from its size alone, before it is read.
 */
export const MAX_MANIFEST_FILE_BYTES = 5 * 1024 * 1024;

/** Human form of {@link MAX_MANIFEST_FILE_BYTES} for messages and help. */
export const MAX_MANIFEST_FILE_SIZE_TEXT = '5 MiB';

/**
 * How many alias dereferences one document may make while it is turned into data. A few
 * anchors are legitimate; "billion laughs" needs many more, and is refused instead of
 * expanded.
 */
export const MAX_ALIAS_COUNT = 100;

/** File name endings read when a directory is named. Files named directly are always read. */
export const MANIFEST_EXTENSIONS: readonly string[] = [
  '.yaml',
  '.yml',
  '.json',
];

/**
 * How deeply flow collections (`[...]`, `{...}`) may nest. A NetworkPolicy nests about ten
 * levels; the parser needs time and memory that grow faster than the nesting, so a small
 * file of brackets could otherwise take minutes and gigabytes.
 */
export const MAX_FLOW_NESTING = 256;
