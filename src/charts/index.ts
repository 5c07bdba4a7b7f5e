export { verdictChart } from './verdicts.js';
export type { VerdictRow, ChartSize } from './verdicts.js';
export { throughputChart, dailySeries } from './throughput.js';
export type { DayCount } from './throughput.js';
export { agreementChart } from './agreement.js';
export type { AgreementPoint } from './agreement.js';
export type { Chart } from './render.js';
