import '@testing-library/jest-dom';

// Rendering Backstage's tables in jsdom takes seconds on a loaded, shared CI machine;
// Jest's 5 s default fails tests there that pass on a quiet one.
jest.setTimeout(30_000);
