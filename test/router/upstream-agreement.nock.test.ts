import { upstreamAgreementSuite } from './support/upstream-agreement.ts';

upstreamAgreementSuite('nock');
