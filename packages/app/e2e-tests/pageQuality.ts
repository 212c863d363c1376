import AxeBuilder from '@axe-core/playwright';
import { ConsoleMessage, expect, Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA: what axe-core can check automatically. */
const WCAG_A_AND_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now (a drawer or dialog open included) and expects
 * no violation of WCAG A and AA. A failure lists each rule with the elements it found.
 */
export async function expectNoAccessibilityViolations(
  page: Page,
  what: string,
) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(WCAG_A_AND_AA)
    .analyze();
  expect(
    violations.map(
      violation =>
        `${violation.id} (${violation.help}) on ${violation.nodes
          .map(node => node.target.join(' '))
          .join(', ')}`,
    ),
    `axe-core on ${what}`,
  ).toEqual([]);
}

// The first frame of a React warning's component stack that names a source file: the
// component whose render the warning is about.
const FIRST_LOCATED_FRAME = /^\s*at \S+ \((\S+?)\)/m;

const NETSEAL_SOURCE = /\/plugins\/netseal\/|@netseal\//;

/**
 * Whether a console message is a warning or error of Netseal's own making, as opposed
 * to Backstage's or a library's (React's deprecation notices about material-table, for
 * instance, which every Backstage table logs):
 * - a React warning about one of Netseal's components;
 * - material-table's warnings, on pages where every table is Netseal's (they name no
 *   component);
 * - Backstage's warnings about one of Netseal's extensions (`entity-content:netseal`);
 * - a failed call to Netseal's API.
 */
export function isNetsealProblem(
  message: ConsoleMessage,
  options: { everyTableIsNetseals: boolean },
): boolean {
  if (message.type() !== 'warning' && message.type() !== 'error') {
    return false;
  }
  const text = message.text();
  if (text.startsWith('Warning: ')) {
    const frame = FIRST_LOCATED_FRAME.exec(text);
    return frame !== null && NETSEAL_SOURCE.test(frame[1]);
  }
  if (/material table|rows to have an unique id/.test(text)) {
    return options.everyTableIsNetseals;
  }
  if (/Extension '[^']*netseal[^']*'/.test(text)) {
    return true;
  }
  return (
    text.startsWith('Failed to load resource') &&
    message.location().url.includes('/api/netseal/')
  );
}

/**
 * Records, from now on, every console warning and error of Netseal's own on the page.
 * Start it after signing in and before opening a Netseal page: the sign-in lands on the
 * catalog, whose own table warns as well. On a page that also shows other plugins'
 * tables (an entity's overview), pass `everyTableIsNetseals: false`.
 */
export function watchConsoleForNetseal(
  page: Page,
  options = { everyTableIsNetseals: true },
) {
  const problems: string[] = [];
  const listener = (message: ConsoleMessage) => {
    if (isNetsealProblem(message, options)) {
      problems.push(`${message.type()}: ${message.text().slice(0, 2000)}`);
    }
  };
  page.on('console', listener);
  return {
    /** Expects no such warning or error so far. */
    expectNone(what: string) {
      expect(problems, `Netseal's console warnings on ${what}`).toEqual([]);
    },
    stop() {
      page.off('console', listener);
    },
  };
}
