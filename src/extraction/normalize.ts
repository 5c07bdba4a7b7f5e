/**
 * Text normalisation shared by every input format. It only changes characters that carry no words:
 * line endings, exotic spaces and invisible marks, so that offsets into the result mean the same
 * thing whatever the article came in as.
 */

// Zero-width characters, soft hyphens and stray C0 controls: invisible in every reader.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u000c]/g;

export function normalizeText(input: string): string {
  const text = input
    .replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
  return text.trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', copy: '\u00a9', reg: '\u00ae', euro: '\u20ac',
  pound: '\u00a3', laquo: '\u00ab', raquo: '\u00bb', middot: '\u00b7', bull: '\u2022', deg: '\u00b0',
};

/** Decodes the HTML entities that Markdown source may carry ("AT&amp;T", "&#8217;"). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}
