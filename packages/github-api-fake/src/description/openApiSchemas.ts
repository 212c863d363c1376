/** A JSON value of a description: a schema, or any part of the document around it. */
export type DescriptionNode = { [key: string]: unknown };

function isNode(value: unknown): value is DescriptionNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The description with OpenAPI 3.0's `nullable` without a `type` (beside `allOf`, `oneOf`
 * or `$ref`, 135 times in GitHub's) written as JSON Schema's `anyOf` with null, which is
 * what it means; Ajv accepts `nullable` only beside a `type`.
 */
export function withJsonSchemaNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withJsonSchemaNullable);
  if (!isNode(value)) return value;
  const copy: DescriptionNode = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = withJsonSchemaNullable(child);
  }
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _nullable, ...rest } = copy;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return copy;
}

/** The node a local `$ref` (`#/components/...`) points at in `document`. */
export function resolveLocalRef(
  document: DescriptionNode,
  ref: string,
): DescriptionNode {
  if (!ref.startsWith('#/')) {
    throw new Error(`only local references are followed, not ${ref}`);
  }
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isNode(node) ? node[key] : undefined;
  }
  if (!isNode(node)) throw new Error(`${ref} points at nothing`);
  return node;
}

/** A JSON pointer's segment, as `$ref` writes it. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The object properties in `data` that its schema does not declare, as JSON pointers.
 * GitHub's schemas leave `additionalProperties` open, so a validator alone accepts any
 * extra field; a fake that sends one GitHub never sends (a pull request list item with
 * `merged`, say) would let code rely on it. Where several branches of `allOf`, `anyOf`
 * or `oneOf` apply, a property declared by any of them is declared; an object whose
 * schema declares no properties, or allows additional ones, is open.
 */
export function undeclaredProperties(
  document: DescriptionNode,
  schema: unknown,
  data: unknown,
  at = '',
): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const branches = schemaBranches(document, schema);
  if (Array.isArray(data)) {
    const items = branches.flatMap(branch =>
      branch.items === undefined ? [] : [branch.items],
    );
    if (items.length === 0) return [];
    return data.flatMap((item, index) =>
      undeclaredProperties(document, { anyOf: items }, item, `${at}/${index}`),
    );
  }
  const declared = new Map<string, unknown[]>();
  let open = false;
  for (const branch of branches) {
    const additional = branch.additionalProperties;
    if (
      (additional !== undefined && additional !== false) ||
      branch.patternProperties !== undefined
    ) {
      open = true;
    }
    if (isNode(branch.properties)) {
      for (const [key, propertySchema] of Object.entries(branch.properties)) {
        declared.set(key, [...(declared.get(key) ?? []), propertySchema]);
      }
    } else if (isOpenObject(branch)) {
      open = true;
    }
  }
  if (declared.size === 0) open = true;
  const found: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    const where = `${at}/${pointerSegment(key)}`;
    const propertySchemas = declared.get(key);
    if (propertySchemas) {
      found.push(
        ...undeclaredProperties(
          document,
          { anyOf: propertySchemas },
          value,
          where,
        ),
      );
    } else if (!open) {
      found.push(where);
    }
  }
  return found;
}

/** `{ type: object }` with nothing declared: any object, as GitHub writes a free-form map. */
function isOpenObject(branch: DescriptionNode): boolean {
  const types = Array.isArray(branch.type) ? branch.type : [branch.type];
  return (
    types.includes('object') &&
    branch.additionalProperties !== false &&
    !['$ref', 'allOf', 'anyOf', 'oneOf'].some(keyword => keyword in branch)
  );
}

/** The schema and every schema it is combined with, `$ref`s followed. */
function schemaBranches(
  document: DescriptionNode,
  schema: unknown,
  seen = new Set<unknown>(),
): DescriptionNode[] {
  if (!isNode(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const branches: DescriptionNode[] = [schema];
  if (typeof schema.$ref === 'string') {
    branches.push(
      ...schemaBranches(document, resolveLocalRef(document, schema.$ref), seen),
    );
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const members = schema[keyword];
    if (Array.isArray(members)) {
      for (const member of members) {
        branches.push(...schemaBranches(document, member, seen));
      }
    }
  }
  return branches;
}
