import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering Backstage's tables, and the first load of a lazily imported page, take
// seconds in jsdom on a loaded, shared CI machine (one test file took over two minutes at
// load 15, and 10 s to find an element was not enough there); the defaults (1 s to find
// an element, 5 s per test) fail tests there that pass on a quiet one. These are bounds
// on a hang, not expectations of speed.
configure({ asyncUtilTimeout: 20_000 });
jest.setTimeout(60_000);
