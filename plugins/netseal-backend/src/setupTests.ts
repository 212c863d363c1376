// Most backend tests start a router or a whole backend, or spawn git; on a loaded, shared
// CI machine (load 25 on two cores) that alone can pass jest's 5 s default. A bound, not
// an expectation of speed: tests that need longer still set their own.
jest.setTimeout(30_000);

export {};
