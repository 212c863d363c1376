import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering Backstage's tables, and the first load of a lazily imported page, take
// seconds in jsdom on a loaded, shared CI machine; the defaults (1 s to find an element,
// 5 s per test) fail tests there that pass on a quiet one. These are bounds, not
// expectations of speed.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
