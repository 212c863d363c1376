// Loaded before each test file while Stryker runs (stryker.config.mjs). A property that
// fails under a mutant fails at once instead of shrinking its counterexample, which on two
// busy cores can outlast Stryker's timeout; and a fixed seed makes two runs score alike.
require('fast-check').configureGlobal({ seed: 17, endOnFailure: true });
