import { renderMarkdown } from '../markdown/index.js';
import type { ReadView } from '../storage/index.js';
import type { ClaimStatus, ClaimType, ScaleEntry } from '../storage/records.js';

const STATUS: Record<ClaimStatus, string> = { new: 'New', in_review: 'In review', checked: 'Checked', dismissed: 'Dismissed' };
const TYPES: Record<ClaimType, string> = {
  quantity: 'Quantity',
  correlation_causation: 'Correlation or causation',
  law_rule: 'Law or rule',
  prediction: 'Prediction',
  personal_experience: 'Personal experience',
  other: 'Other claim',
  not_a_claim: 'Not a claim',
};

/** Functions templates call. Everything they return is escaped by `<%=` except `md()`, which is sanitized HTML. */
export function viewHelpers(view: ReadView) {
  return {
    md: renderMarkdown,
    statusLabel: (s: ClaimStatus) => STATUS[s] ?? s,
    typeLabel: (t: ClaimType) => TYPES[t] ?? t,
    verdictOf: (key: string | null): ScaleEntry | null => (key ? (view.settings.scale.find((e) => e.key === key) ?? { key, label: key, rank: null, value: null, colour: '#868e96' }) : null),
    scale: () => view.settings.scale,
    userLabel: (id: string | null) => (!id || id === 'system' ? 'claimbench' : (view.get('users', id)?.displayName ?? 'unknown user')),
    date: (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : ''),
    dateTime: (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : ''),
    pct: (x: number | null | undefined, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`),
    num: (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits)),
    orgName: () => view.settings.organization.name,
  };
}
