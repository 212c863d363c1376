// Many CLI tests run the built command in a child process; on a loaded, shared CI machine
// (load 25 on two cores) starting Node alone can pass jest's 5 s default. A bound, not an
// expectation of speed.
jest.setTimeout(30_000);

export {};
