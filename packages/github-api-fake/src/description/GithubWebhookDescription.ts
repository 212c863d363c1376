import { readFileSync } from 'node:fs';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DescriptionNode, undeclaredProperties } from './openApiSchemas';
import type { GithubFlavour } from './GithubRestDescription';

/** The outcome of checking one webhook payload against GitHub's webhook description. */
export interface GithubWebhookCheck {
  /** `<event>.<action>`, as the description names the webhook (`pull-request-closed`) after it. */
  operation: string;
  outcome: 'conforms' | 'violates';
  problems: string[];
}

const DOCUMENT_ID = 'https://netseal.invalid/github-webhooks-description.json';

/**
 * GitHub's webhooks as their published description (npm `@octokit/openapi-webhooks`)
 * tells them: one OpenAPI 3.1 document whose `webhooks` name each event and action
 * (`pull-request-closed`) and give the payload's schema, validated with Ajv's JSON
 * Schema 2020-12 dialect, which OpenAPI 3.1 uses.
 */
export class GithubWebhookDescription {
  static readonly #loaded = new Map<GithubFlavour, GithubWebhookDescription>();

  /** The description of `flavour`, read once per process. */
  static of(flavour: GithubFlavour): GithubWebhookDescription {
    let description = this.#loaded.get(flavour);
    if (!description) {
      description = new GithubWebhookDescription(flavour);
      this.#loaded.set(flavour, description);
    }
    return description;
  }

  readonly flavour: GithubFlavour;
  readonly #document: DescriptionNode;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  private constructor(flavour: GithubFlavour) {
    this.flavour = flavour;
    this.#document = JSON.parse(
      readFileSync(
        require.resolve(`@octokit/openapi-webhooks/generated/${flavour}.json`),
        'utf8',
      ),
    ) as DescriptionNode;
    this.#ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      validateSchema: false,
    });
    addFormats(this.#ajv);
    this.#ajv.addSchema(this.#document, DOCUMENT_ID);
  }

  /** Checks the payload GitHub would deliver for `event` (the `x-github-event` header). */
  checkPayload(event: string, payload: unknown): GithubWebhookCheck {
    const action = (payload as { action?: unknown } | null)?.action;
    const name = [event, ...(typeof action === 'string' ? [action] : [])]
      .join('-')
      .replace(/_/g, '-');
    const operation = `${event}${
      typeof action === 'string' ? `.${action}` : ''
    }`;
    const webhooks = this.#document.webhooks as Record<string, DescriptionNode>;
    const post = webhooks[name]?.post as DescriptionNode | undefined;
    if (!post) {
      return {
        operation,
        outcome: 'violates',
        problems: [
          `GitHub's webhook description (${this.flavour}) has no webhook ${name}`,
        ],
      };
    }
    const schemaPointer = `#/webhooks/${name}/post/requestBody/content/application~1json/schema`;
    let validate = this.#validators.get(schemaPointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
      this.#validators.set(schemaPointer, validate);
    }
    const problems = validate(payload)
      ? undeclaredProperties(
          this.#document,
          (
            ((post.requestBody as DescriptionNode).content as DescriptionNode)[
              'application/json'
            ] as DescriptionNode
          ).schema,
          payload,
        ).map(
          pointer =>
            `${pointer} is not a property GitHub's webhook description declares there`,
        )
      : (validate.errors ?? []).map(
          error =>
            `${error.instancePath || '/'} ${error.message} (schema ${
              error.schemaPath
            })`,
        );
    return {
      operation,
      outcome: problems.length ? 'violates' : 'conforms',
      problems,
    };
  }
}
