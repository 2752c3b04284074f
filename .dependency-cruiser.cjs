/**
 * The pipeline reads one way: cli -> scenario -> systems -> router/faults -> history -> checks -> report.
 * Beside it: gateway (serves the router), load (drives k6), monitor (probes), scorecard (compares reports).
 * These rules keep it so (`npm run lint` runs them): no import circles, and each layer imports
 * nothing from the layers that drive it.
 */
const layer = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: the two modules cannot be read (or loaded) one after the other.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'checks-and-history-are-pure',
      severity: 'error',
      comment:
        'Checks are pure functions over histories: they import nothing that drives traffic or renders.',
      from: { path: anyOf(['checks', 'history']) },
      to: { path: anyOf(['scenario', 'report', 'cli', 'load', 'monitor', 'scorecard', 'gateway']) },
    },
    {
      name: 'router-stands-alone',
      severity: 'error',
      comment: 'The router is the system under test: it knows nothing of faults, scenarios or reports.',
      from: { path: layer('router') },
      to: {
        path: anyOf([
          'faults',
          'scenario',
          'checks',
          'report',
          'cli',
          'gateway',
          'load',
          'monitor',
          'scorecard',
        ]),
      },
    },
    {
      name: 'faults-do-not-drive',
      severity: 'error',
      comment: 'Faults are injected by the scenario runner; they do not reach up into it or past it.',
      from: { path: layer('faults') },
      to: { path: anyOf(['scenario', 'checks', 'report', 'cli', 'load', 'monitor', 'scorecard']) },
    },
    {
      name: 'report-is-fed',
      severity: 'error',
      comment: 'The report layer is fed a judged history; it does not drive a run.',
      from: { path: layer('report') },
      to: { path: anyOf(['scenario', 'cli', 'load', 'monitor', 'scorecard']) },
    },
    {
      name: 'systems-are-driven',
      severity: 'error',
      comment: 'The systems under test are driven by the scenario runner; they do not reach back into it.',
      from: { path: layer('systems') },
      to: { path: anyOf(['scenario', 'checks', 'report', 'cli', 'load', 'monitor', 'scorecard']) },
    },
    {
      name: 'gateway-serves-the-router',
      severity: 'error',
      comment: 'The gateway is the router over HTTP: it knows nothing of faults, scenarios or systems.',
      from: { path: layer('gateway') },
      to: {
        path: anyOf([
          'faults',
          'scenario',
          'systems',
          'checks',
          'report',
          'cli',
          'load',
          'monitor',
          'scorecard',
        ]),
      },
    },
    {
      name: 'monitor-is-not-a-cli',
      severity: 'error',
      comment: 'The monitor is a library the CLI starts; it does not import the CLI or the test runner.',
      from: { path: layer('monitor') },
      to: { path: anyOf(['cli', 'scenario', 'systems', 'load', 'scorecard', 'checks']) },
    },
    {
      name: 'only-the-cli-imports-the-cli',
      severity: 'error',
      comment: 'The CLI is the top of the pipeline: nothing below it imports it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: layer('cli') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
