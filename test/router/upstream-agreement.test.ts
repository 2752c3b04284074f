import { upstreamAgreementSuite } from './support/upstream-agreement.ts';

// MSW, the fault server and MockAgent share a process; nock has its own file (it shares MSW's interceptor).
upstreamAgreementSuite('msw');
upstreamAgreementSuite('server');
upstreamAgreementSuite('mock-agent');
