import { readFileSync } from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  DescriptionNode,
  pointerSegment,
  resolveLocalRef,
  undeclaredProperties,
  withJsonSchemaNullable,
} from './openApiSchemas';
import { correctDescription } from './descriptionCorrections';
import { undescribedStatusReason } from './undescribedStatuses';

/**
 * Which of GitHub's published REST descriptions a host is held to: api.github.com's, or
 * GitHub Enterprise Server's newest that `@octokit/openapi` ships.
 */
export type GithubFlavour = 'api.github.com' | 'ghes-3.19';

/** The flavour of a GitHub integration's `apiBaseUrl`. */
export function githubFlavourOf(apiBaseUrl: string): GithubFlavour {
  return new URL(apiBaseUrl).host === 'api.github.com'
    ? 'api.github.com'
    : 'ghes-3.19';
}

/** The outcome of checking one response against GitHub's description. */
export interface GithubResponseCheck {
  /** `METHOD /path/{template} (operationId)`, or the request's path when GitHub has no such operation. */
  operation: string;
  status: number;
  /**
   * `conforms`: the status is one the operation describes and the body matches its
   * schema. `undescribed-status`: a status GitHub really sends that the description
   * leaves out (see `undescribedStatuses.ts`), whose body matches GitHub's error schema.
   * `violates`: anything else; `problems` says what.
   */
  outcome: 'conforms' | 'undescribed-status' | 'violates';
  problems: string[];
  /** Why GitHub sends the undescribed status. */
  undescribedBecause?: string;
}

interface Operation {
  method: string;
  template: string;
  operationId: string;
  pattern: RegExp;
  /** Segments of the template without a parameter: the most specific template wins. */
  literalSegments: number;
  parameters: number;
  pointer: string;
  responses: DescriptionNode;
}

/** Parameters GitHub lets span several path segments: refs and paths hold slashes. */
const MULTI_SEGMENT_PARAMETERS = new Set(['ref', 'path', 'basehead']);

const DOCUMENT_ID = 'https://netseal.invalid/github-rest-description.json';

function descriptionFile(flavour: GithubFlavour): string {
  return require.resolve(`@octokit/openapi/generated/${flavour}.json`);
}

/** Every object of the document to its JSON pointer, to name a failing schema where it is written. */
function pointersOf(document: DescriptionNode): Map<object, string> {
  const pointers = new Map<object, string>();
  const visit = (node: unknown, pointer: string) => {
    if (typeof node !== 'object' || node === null || pointers.has(node)) {
      return;
    }
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      visit(child, `${pointer}/${pointerSegment(key)}`);
    }
  };
  visit(document.components, '#/components');
  visit(document.paths, '#/paths');
  return pointers;
}

/**
 * GitHub's REST API as its published OpenAPI description (npm `@octokit/openapi`) tells
 * it, for checking the answers a stand-in gives: the operation is found by method and
 * path template, and the body is validated against the response schema of its status
 * with Ajv, as Backstage's own OpenAPI router validates.
 */
export class GithubRestDescription {
  static readonly #loaded = new Map<GithubFlavour, GithubRestDescription>();

  /** The description of `flavour`, read once per process (the files are large). */
  static of(flavour: GithubFlavour): GithubRestDescription {
    let description = this.#loaded.get(flavour);
    if (!description) {
      description = new GithubRestDescription(flavour);
      this.#loaded.set(flavour, description);
    }
    return description;
  }

  readonly flavour: GithubFlavour;
  readonly #document: DescriptionNode;
  readonly #operations: Operation[] = [];
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction>();
  #pointers?: Map<object, string>;

  private constructor(flavour: GithubFlavour) {
    this.flavour = flavour;
    const published = JSON.parse(
      readFileSync(descriptionFile(flavour), 'utf8'),
    ) as DescriptionNode;
    correctDescription(published);
    this.#document = withJsonSchemaNullable(published) as DescriptionNode;
    for (const [template, item] of Object.entries(
      this.#document.paths as Record<string, DescriptionNode>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        const op = operation as DescriptionNode;
        if (typeof op.operationId !== 'string') continue;
        this.#operations.push({
          method: method.toUpperCase(),
          template,
          operationId: op.operationId,
          pattern: new RegExp(
            `^${template
              .split(/(\{[^}]+\})/)
              .map(part => {
                const name = part.match(/^\{([^}]+)\}$/)?.[1];
                if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
                return MULTI_SEGMENT_PARAMETERS.has(name) ? '(.+)' : '([^/]+)';
              })
              .join('')}$`,
          ),
          literalSegments: template
            .split('/')
            .filter(segment => segment !== '' && !segment.includes('{')).length,
          parameters: (template.match(/\{/g) ?? []).length,
          pointer: `#/paths/${pointerSegment(template)}/${method}`,
          responses: op.responses as DescriptionNode,
        });
      }
    }
    this.#ajv = new Ajv({
      // GitHub's description carries OpenAPI's own keywords (example, readOnly, ...).
      strict: false,
      allErrors: true,
      // parentSchema on errors, to name the schema that failed.
      verbose: true,
      validateSchema: false,
    });
    addFormats(this.#ajv);
    this.#ajv.addSchema(this.#document, DOCUMENT_ID);
  }

  /** The operation GitHub serves `method path` with (path below the API's base URL). */
  findOperation(method: string, path: string): Operation | undefined {
    let best: Operation | undefined;
    for (const operation of this.#operations) {
      if (operation.method !== method.toUpperCase()) continue;
      if (!operation.pattern.test(path)) continue;
      // `/commits/{ref}/status` before `/commits/{ref}`; `/compare/{basehead}`
      // before `/compare/{base}...{head}`, which octokit no longer calls.
      if (
        !best ||
        operation.literalSegments > best.literalSegments ||
        (operation.literalSegments === best.literalSegments &&
          operation.parameters < best.parameters)
      ) {
        best = operation;
      }
    }
    return best;
  }

  /**
   * Checks one response: `body` is the parsed JSON, or undefined when the response had
   * no body, or the text when it was not JSON.
   */
  checkResponse(response: {
    method: string;
    path: string;
    status: number;
    contentType: string | null;
    body: unknown;
  }): GithubResponseCheck {
    const { method, path, status } = response;
    const operation = this.findOperation(method, path);
    if (!operation) {
      return {
        operation: `${method} ${path}`,
        status,
        outcome: 'violates',
        problems: [
          `GitHub's description (${this.flavour}) has no operation for ${method} ${path}`,
        ],
      };
    }
    const name = `${operation.method} ${operation.template} (${operation.operationId})`;
    const described = operation.responses[String(status)];
    if (described === undefined) {
      const reason = undescribedStatusReason({
        status,
        operationId: operation.operationId,
        template: operation.template,
        body: response.body,
      });
      if (!reason) {
        return {
          operation: name,
          status,
          outcome: 'violates',
          problems: [
            `status ${status} is not among the statuses GitHub's description gives ${
              operation.operationId
            } (${Object.keys(operation.responses).join(
              ', ',
            )}), nor one GitHub is known to send anyway`,
          ],
        };
      }
      const problems = this.#validate(
        '#/components/schemas/basic-error',
        response,
      );
      return problems.length
        ? { operation: name, status, outcome: 'violates', problems }
        : {
            operation: name,
            status,
            outcome: 'undescribed-status',
            problems: [],
            undescribedBecause: reason,
          };
    }
    let responsePointer = `${operation.pointer}/responses/${status}`;
    let responseObject = described as DescriptionNode;
    if (typeof responseObject.$ref === 'string') {
      responsePointer = responseObject.$ref;
      responseObject = resolveLocalRef(this.#document, responseObject.$ref);
    }
    const content = responseObject.content as DescriptionNode | undefined;
    const json = content?.['application/json'] as DescriptionNode | undefined;
    if (!json?.schema) {
      const problems =
        response.body === undefined
          ? []
          : [`status ${status} of ${operation.operationId} has no body`];
      return {
        operation: name,
        status,
        outcome: problems.length ? 'violates' : 'conforms',
        problems,
      };
    }
    if (!response.contentType?.startsWith('application/json')) {
      return {
        operation: name,
        status,
        outcome: 'violates',
        problems: [
          `status ${status} of ${operation.operationId} is JSON, not ${
            response.contentType ?? 'no content type'
          }`,
        ],
      };
    }
    const problems = this.#validate(
      `${responsePointer}/content/application~1json/schema`,
      response,
    );
    return {
      operation: name,
      status,
      outcome: problems.length ? 'violates' : 'conforms',
      problems,
    };
  }

  #validate(schemaPointer: string, response: { body: unknown }): string[] {
    let validate = this.#validators.get(schemaPointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
      this.#validators.set(schemaPointer, validate);
    }
    if (!validate(response.body)) {
      this.#pointers ??= pointersOf(this.#document);
      const pointers = this.#pointers;
      return (validate.errors ?? []).map(error => {
        const schema = pointers.get(error.parentSchema as object);
        return `${error.instancePath || '/'} ${error.message} (schema ${
          schema ? `${schema}/${error.keyword}` : error.schemaPath
        })`;
      });
    }
    return undeclaredProperties(
      this.#document,
      resolveLocalRef(this.#document, schemaPointer),
      response.body,
    ).map(
      pointer =>
        `${pointer} is not a property GitHub's description declares there`,
    );
  }
}
