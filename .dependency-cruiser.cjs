/**
 * The pipeline reads one way: cli -> scenario -> router/faults -> history -> checks -> report.
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
