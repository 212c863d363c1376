import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first load of a lazily imported page takes seconds in jsdom on a loaded, shared
// CI machine; these are bounds, not expectations of speed.
configure({ asyncUtilTimeout: 20_000 });
jest.setTimeout(60_000);
