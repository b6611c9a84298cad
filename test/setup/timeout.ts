// Real PostgreSQL, a whole Nest app, sockets: a hook that starts an app took > 5 s (jest's
// default) on a loaded 2-core CI machine, and once > 30 s (surface.e2e-spec's first app start,
// in a 40-minute full run with both cores busy; 2.5 s when run alone). A hang still fails,
// after 60 s; suites that need longer call jest.setTimeout themselves. (jest's `testTimeout` is
// a global option that a project entry in jest.config.js does not honour, so every layer sets it
// here; unit specs run simulators over real sockets, and a loaded machine slows them past 5 s too.)
jest.setTimeout(60_000);
