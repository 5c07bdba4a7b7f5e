import { createRequire } from 'node:module';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import type { JSDOM as JSDOMType } from 'jsdom';
import { Marked } from 'marked';

/**
 * The one Markdown renderer: marked (GitHub-flavoured, no raw HTML passthrough worth trusting) followed
 * by DOMPurify on a jsdom window. Every rendered Markdown string reaches a page only through here.
 */
let purify: DOMPurify | null = null;
const marked = new Marked({ gfm: true, breaks: true, async: false });

let JSDOMClass: typeof JSDOMType | null = null;

/** jsdom is loaded on first use, not at start-up: it takes a large share of the start time. */
function jsdom(): typeof JSDOMType {
  if (!JSDOMClass) {
    const mod: { JSDOM: typeof JSDOMType } = createRequire(import.meta.url)('jsdom');
    JSDOMClass = mod.JSDOM;
  }
  return JSDOMClass;
}

function sanitizer(): DOMPurify {
  if (!purify) {
    const JSDOM = jsdom();
    purify = createDOMPurify(new JSDOM('').window);
    // Links open safely: no opener, and only http(s)/mailto survive (DOMPurify drops javascript:).
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:|#|\/)/i.test(href)) node.removeAttribute('href');
        node.setAttribute('rel', 'nofollow noopener noreferrer');
      }
    });
  }
  return purify;
}

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6',
  'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub',
];

export function renderMarkdown(source: string | null | undefined): string {
  if (!source) return '';
  // Headings 1-2 would compete with the page's own structure; demote them.
  const html = marked.parse(source.replace(/^(#{1,2})(?=\s)/gm, '###'), { async: false });
  return sanitizer().sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title', 'align'], ALLOW_DATA_ATTR: false });
}

/** Markdown reduced to plain text (for ClaimReview explanations, CSV cells, summaries). */
export function markdownToText(source: string | null | undefined): string {
  const html = renderMarkdown(source);
  if (!html) return '';
  const JSDOM = jsdom();
  const doc = new JSDOM(`<body>${html}</body>`).window.document;
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}
