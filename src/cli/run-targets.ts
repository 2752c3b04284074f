/**
 * What `brownout run` tests: the reference router (default), one or more `--system` modules, a
 * gateway already running (`--target URL`), or a gateway started fresh per scenario
 * (`--target-cmd`). Each is a `RunTarget`: how to start a backend for it, how to build it, which
 * backends reach it, and how the report names it.
 */
import type { SystemInfo } from '../report/model.ts';
import { defaultBackendsFor, startBackend, unsupportedReason } from '../scenario/backends.ts';
import type { BackendSession, SystemFactory } from '../scenario/run-scenario.ts';
import type { BackendName } from '../scenario/schema.ts';
import type { Scenario } from '../scenario/validate.ts';
import { freshGatewayPerScenario } from '../systems/fresh-gateway.ts';
import { gatewaySystemFactory } from '../systems/gateway.ts';
import { inProcessSystemFactory, systemBackend, unreachableReason } from '../systems/in-process.ts';
import { loadSystemFiles } from '../systems/load-system.ts';
import { readPackageVersion } from '../version.ts';
import { UsageError } from './usage.ts';

type StartBackend = (backend: BackendName, seed: number, providers: string[]) => Promise<BackendSession>;

export interface RunTarget {
  system: SystemInfo;
  factory?: SystemFactory;
  startBackend: StartBackend;
  /** Every scenario on this backend (forced by `--backend`, or by what the target needs). */
  backend?: BackendName;
  /** Property checks need a fresh system per property run. */
  runProperties: boolean;
  unsupported: (scenario: Scenario, backend: BackendName) => string | undefined;
  defaultBackends: (scenario: Scenario) => BackendName[];
  /** What the replay command adds to name this target. */
  replayArgs: string[];
  beforeScenario?: (scenario: Scenario) => void;
  /** Said once before the run. */
  notes: string[];
}

export interface TargetOptions {
  backend?: BackendName;
  system?: string[];
  target?: string;
  targetCmd?: string;
  targetReadyTimeout?: number;
  faultServerPort?: number;
  systemName?: string;
  /** With a gateway: ignore its route headers (judge it from the client's view and the upstream record). */
  blackBox?: boolean;
}

function quote(text: string): string {
  return /^[\w./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The targets a `brownout run` command line names; a bad combination is a `UsageError` (exit 2). */
export async function resolveTargets(options: TargetOptions): Promise<RunTarget[]> {
  const systems = options.system ?? [];
  const chosen = [systems.length > 0, options.target !== undefined, options.targetCmd !== undefined].filter(
    Boolean,
  ).length;
  if (chosen > 1)
    throw new UsageError(
      '--system, --target and --target-cmd each name the system under test; give one of them',
    );
  if ((options.target === undefined) !== (options.faultServerPort === undefined)) {
    throw new UsageError(
      '--target and --fault-server-port go together: the gateway at --target must send its upstream traffic to the fault server on that port',
    );
  }
  if (options.systemName !== undefined && options.target === undefined && options.targetCmd === undefined) {
    throw new UsageError(
      '--system-name names a gateway (--target or --target-cmd); a --system module names itself',
    );
  }
  if (options.blackBox && options.target === undefined && options.targetCmd === undefined)
    throw new UsageError('--black-box judges a gateway (--target or --target-cmd)');
  const blackBoxArg = options.blackBox ? ['--black-box'] : [];
  const fromServer =
    (port?: number): StartBackend =>
    (backend, seed, providers) =>
      startBackend(backend, seed, { providers, ...(port === undefined ? {} : { port }) });
  const common = {
    unsupported: unsupportedReason,
    defaultBackends: defaultBackendsFor,
    notes: [] as string[],
    ...(options.backend ? { backend: options.backend } : {}),
  };

  if (options.targetCmd !== undefined) {
    if (options.backend !== undefined && options.backend !== 'server') {
      throw new UsageError(
        `--target-cmd runs on the server backend (the gateway's upstream is the fault server), not ${options.backend}`,
      );
    }
    const fresh = freshGatewayPerScenario({
      command: options.targetCmd,
      startBackend: fromServer(),
      ...(options.blackBox ? { blackBox: true } : {}),
      ...(options.targetReadyTimeout === undefined ? {} : { readyTimeoutMs: options.targetReadyTimeout }),
    });
    return [
      {
        ...common,
        system: {
          name: options.systemName ?? 'gateway-command',
          kind: 'gateway-command',
          source: options.targetCmd,
        },
        factory: fresh.system,
        startBackend: fresh.startBackend,
        backend: 'server',
        runProperties: false,
        replayArgs: [`--target-cmd ${quote(options.targetCmd)}`, ...blackBoxArg],
        beforeScenario: (scenario) => fresh.forScenario(scenario.source),
        notes: [
          'note: property checks are not run with --target-cmd (each property run needs a fresh system)',
        ],
      },
    ];
  }
  if (options.target !== undefined) {
    return [
      {
        ...common,
        system: { name: options.systemName ?? options.target, kind: 'gateway', source: options.target },
        factory: gatewaySystemFactory(options.target, options.blackBox ? { blackBox: true } : {}),
        startBackend: fromServer(options.faultServerPort),
        backend: 'server',
        runProperties: false,
        replayArgs: [
          `--target ${quote(options.target)}`,
          `--fault-server-port ${options.faultServerPort}`,
          ...blackBoxArg,
        ],
        notes: ['note: property checks are not run with --target (each property run needs a fresh router)'],
      },
    ];
  }
  if (systems.length > 0) {
    const loaded = await loadSystemFiles(systems);
    return loaded.map(({ definition, source }) => {
      const reachable = (backend: BackendName) => unreachableReason(definition, backend) === undefined;
      if (options.backend && !reachable(options.backend)) {
        throw new UsageError(
          `--backend ${options.backend}: ${unreachableReason(definition, options.backend)}`,
        );
      }
      return {
        ...common,
        system: {
          name: definition.name,
          kind: 'in-process' as const,
          source,
          ...(definition.description ? { description: definition.description } : {}),
          ...(definition.versions ? { versions: definition.versions } : {}),
        },
        factory: inProcessSystemFactory(definition),
        startBackend: systemBackend(fromServer()),
        runProperties: true,
        unsupported: (scenario, backend) =>
          unsupportedReason(scenario, backend) ?? unreachableReason(definition, backend),
        // Not MSW by default: with msw 2.15 (@mswjs/interceptors 0.41.9) cancelling a mocked body never
        // settles (mswjs/interceptors#799), and the openai SDK cancels the error body before each retry,
        // so a retried error would hang there and nowhere else. `--backend msw` still runs it.
        defaultBackends: (scenario) =>
          defaultBackendsFor(scenario).filter((b) => b !== 'msw' && reachable(b)),
        replayArgs: [`--system ${quote(source)}`],
      };
    });
  }
  return [
    {
      ...common,
      system: { name: 'brownout-router', kind: 'reference', versions: { brownout: readPackageVersion() } },
      startBackend: fromServer(),
      runProperties: true,
      replayArgs: [],
    },
  ];
}
