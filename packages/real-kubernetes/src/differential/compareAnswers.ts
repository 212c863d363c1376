import { isDeepStrictEqual } from 'node:util';
import { Answer } from './answers';

/** A step whose answers differ between the two servers. */
export interface Difference {
  step: string;
  real: Answer;
  testServer: Answer;
}

/** Every step, in scenario order, whose answers are not equal as JSON. */
export function compareAnswers(
  real: Map<string, Answer>,
  testServer: Map<string, Answer>,
): Difference[] {
  return [...real.keys()].flatMap(step =>
    isDeepStrictEqual(real.get(step), testServer.get(step))
      ? []
      : [
          {
            step,
            real: real.get(step) ?? null,
            testServer: testServer.get(step) ?? null,
          },
        ],
  );
}

function shortJson(answer: Answer): string {
  const text = JSON.stringify(answer);
  return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
}

/** The report printed by the suite: the count, then each difference with both answers. */
export function differenceReport(
  differences: Difference[],
  reasons: Record<string, string>,
  stepCount: number,
): string {
  const lines = [
    `differential conformance: ${differences.length} of ${stepCount} steps answer differently on the test server`,
  ];
  for (const difference of differences) {
    lines.push(
      '',
      `- ${difference.step}`,
      `  why: ${
        reasons[difference.step] ?? 'NOT LISTED: fix the test server or list it'
      }`,
      `  real:        ${shortJson(difference.real)}`,
      `  test server: ${shortJson(difference.testServer)}`,
    );
  }
  return lines.join('\n');
}
