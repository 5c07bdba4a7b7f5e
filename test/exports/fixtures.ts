/** Builders for report data; each test calls them to get its own fresh copy. */
import type { ReportClaim, ReportData, ReportSource } from '../../src/exports/report-types.js';
import type { ScaleEntry } from '../../src/storage/records.js';

export function makeScale(): ScaleEntry[] {
  return [
    { key: 'true', label: 'True', rank: 1, value: 1, colour: '#2a9d55' },
    { key: 'mostly-true', label: 'Mostly true', rank: 2, value: 0.75, colour: '#8ac926' },
    { key: 'half-true', label: 'Half true', rank: 3, value: 0.5, colour: '#ffca3a' },
    { key: 'mostly-false', label: 'Mostly false', rank: 4, value: 0.25, colour: '#f4a261' },
    { key: 'false', label: 'False', rank: 5, value: 0, colour: '#d62828' },
    { key: 'unverifiable', label: 'Unverifiable', rank: null, value: null, colour: '#888888' },
  ];
}

export function entry(key: string): ScaleEntry {
  const found = makeScale().find((e) => e.key === key);
  if (!found) throw new Error(`no scale entry ${key}`);
  return found;
}

export function makeSource(overrides: Partial<ReportSource> = {}): ReportSource {
  return {
    url: 'https://stats.example.gov/unemployment-2024',
    title: 'Labour market statistics, May 2024',
    publisher: 'National Statistics Office',
    date: '2024-05-14',
    stance: 'refutes',
    quote: 'The unemployment rate was 4.1%.',
    note: null,
    ...overrides,
  };
}

export function makeClaim(overrides: Partial<ReportClaim> = {}): ReportClaim {
  return {
    id: 'cl_1',
    text: 'Unemployment has doubled since 2020.',
    speaker: 'Jane Minister',
    type: 'quantity',
    score: 0.91,
    status: 'checked',
    verdict: entry('false'),
    rationale: 'Official figures show unemployment **fell** from 5.2% to 4.1%. The claim compares different measures. Later years are not covered.',
    verdictBy: 'alice',
    verdictAt: '2024-05-20T10:00:00.000Z',
    sources: [makeSource()],
    ...overrides,
  };
}

export function makeReport(overrides: Partial<ReportData> = {}): ReportData {
  return {
    organization: { name: 'Example Checks', url: 'https://checks.example.org' },
    article: {
      id: 'ar_1',
      title: 'Minister defends jobs record',
      outlet: 'The Daily Example',
      url: 'https://news.example.com/2024/05/jobs',
      publishedAt: '2024-05-18T08:30:00.000Z',
    },
    reportUrl: 'https://checks.example.org/reports/ar_1',
    generatedAt: '2024-05-21T09:00:00.000Z',
    publication: {
      version: 1,
      datePublished: '2024-05-21T09:00:00.000Z',
      dateModified: '2024-05-22T12:00:00.000Z',
      correction: null,
    },
    scale: makeScale(),
    claims: [makeClaim()],
    ...overrides,
  };
}
