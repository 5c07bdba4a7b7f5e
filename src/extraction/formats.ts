/**
 * Turning Markdown and HTML into the plain text that claims point into. Both produce paragraphs
 * separated by a blank line and list items on lines of their own, so the sentence scanner treats
 * every block as its own unit.
 */
import { createRequire } from 'node:module';
import type { JSDOM } from 'jsdom';
import type { Readability } from '@mozilla/readability';
import { Lexer, type Token, type Tokens } from 'marked';
import type { ArticleFormat } from '../storage/records.js';
import { decodeEntities, normalizeText } from './normalize.js';

export interface Rendered {
  title: string | null;
  text: string;
}

/** Picks the input format from a file name, then from the content, defaulting to plain text. */
export function guessFormat(fileName?: string, content?: string): ArticleFormat {
  const name = (fileName ?? '').toLowerCase();
  if (/\.(md|markdown|mdown|mkd)$/.test(name)) return 'markdown';
  if (/\.(html?|xhtml)$/.test(name)) return 'html';
  if (/\.(txt|text)$/.test(name)) return 'text';
  const head = (content ?? '').slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || /<html[\s>]/.test(head)) return 'html';
  return 'text';
}

// ---------------------------------------------------------------- Markdown

function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const t of tokens) out += inlineToken(t);
  return out;
}

function inlineToken(t: Token): string {
  switch (t.type) {
    case 'text':
    case 'strong':
    case 'em':
    case 'del':
    case 'link': {
      const withChildren = t as Tokens.Text | Tokens.Strong | Tokens.Em | Tokens.Del | Tokens.Link;
      if (withChildren.tokens && withChildren.tokens.length > 0) return inlineText(withChildren.tokens);
      return decodeEntities(withChildren.text);
    }
    case 'escape':
      return (t as Tokens.Escape).text;
    case 'codespan':
      return decodeEntities((t as Tokens.Codespan).text);
    case 'br':
      return '\n';
    case 'image':
    case 'html':
      return '';
    default:
      return 'text' in t && typeof t.text === 'string' ? decodeEntities(t.text) : '';
  }
}

function blockText(tokens: Token[], out: string[], state: { title: string | null }): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading': {
        const text = inlineText((t as Tokens.Heading).tokens).trim();
        if (state.title === null && text) state.title = text;
        if (text) out.push(text);
        break;
      }
      case 'paragraph': {
        const text = inlineText((t as Tokens.Paragraph).tokens).trim();
        if (text) out.push(text);
        break;
      }
      case 'text': {
        const tt = t as Tokens.Text;
        const text = (tt.tokens ? inlineText(tt.tokens) : decodeEntities(tt.text)).trim();
        if (text) out.push(text);
        break;
      }
      case 'list': {
        const lines: string[] = [];
        for (const item of (t as Tokens.List).items) {
          const inner: string[] = [];
          blockText(item.tokens, inner, state);
          const line = inner.join('\n').trim();
          if (line) lines.push(line);
        }
        if (lines.length) out.push(lines.join('\n'));
        break;
      }
      case 'blockquote':
        blockText((t as Tokens.Blockquote).tokens, out, state);
        break;
      case 'code':
        if ((t as Tokens.Code).text.trim()) out.push((t as Tokens.Code).text);
        break;
      case 'table': {
        const table = t as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) => row.map((cell) => inlineText(cell.tokens).trim()).join('\t'));
        out.push(rows.join('\n'));
        break;
      }
      case 'html': {
        const text = stripTags((t as Tokens.HTML).text).trim();
        if (text) out.push(text);
        break;
      }
      default:
        break;
    }
  }
}

export function markdownToText(markdown: string): Rendered {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  const out: string[] = [];
  const state: { title: string | null } = { title: null };
  blockText(tokens, out, state);
  return { title: state.title, text: normalizeText(out.join('\n\n')) };
}

// ---------------------------------------------------------------- HTML

/** Text of an inline HTML snippet inside Markdown: tags removed, script and style bodies dropped. */
function stripTags(html: string): string {
  let out = '';
  let i = 0;
  const lower = html.toLowerCase();
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const gt = html.indexOf('>', lt);
    if (gt < 0) break;
    const tag = /^<\s*(script|style)\b/.exec(lower.slice(lt, gt + 1));
    if (tag?.[1]) {
      const close = lower.indexOf(`</${tag[1]}`, gt);
      const closeEnd = close < 0 ? -1 : html.indexOf('>', close);
      i = closeEnd < 0 ? html.length : closeEnd + 1;
    } else i = gt + 1;
  }
  return decodeEntities(out);
}

type JsdomCtor = typeof JSDOM;
type ReadabilityCtor = typeof Readability;

/**
 * The whole DOM side of HTML import: drop furniture, let Readability find the article, turn blocks
 * into paragraphs.
 */
function domPipeline(html: string, url: string | null, JSDOMClass: JsdomCtor, ReadabilityClass: ReadabilityCtor): { title: string | null; text: string } {
  const DROP = [
    'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed', 'form', 'button', 'select',
    'input', 'nav', 'footer', 'aside', '[role="navigation"]', '[role="contentinfo"]', '[role="banner"]',
    '[role="complementary"]', '[aria-hidden="true"]', '[hidden]',
  ].join(',');
  // Class or id fragments of page furniture: cookie banners, share bars, newsletter boxes, related links.
  const FURNITURE = /(^|[\s_-])(cookie|consent|gdpr|newsletter|subscribe|subscription|signup|sign-up|related|share|sharing|social|promo|advert|ads?|sponsor|banner|popup|modal|paywall|comments?|outbrain|taboola|recirc|more-stories|read-more|breadcrumbs?|tags|byline|credit|author-bio|site-header|site-footer|masthead|toolbar)([\s_-]|$)/i;
  const PHOTO_CREDIT = /\b(photo|photograph|image|picture)s?\s*(credit)?\s*[:©]|\b(getty images|ap photo|afp|reuters|shutterstock|epa|alamy)\b|©/i;
  const BLOCK = new Set([
    'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE',
    'PRE', 'TABLE', 'TR', 'FIGURE', 'FIGCAPTION', 'DL', 'DT', 'DD', 'HR', 'ADDRESS', 'DETAILS', 'SUMMARY',
  ]);
  const KEEP = new Set(['BODY', 'HTML', 'MAIN', 'ARTICLE']);

  const strip = (root: Element): void => {
    for (const el of Array.from(root.querySelectorAll(DROP))) el.remove();
    for (const el of Array.from(root.querySelectorAll('[class],[id]'))) {
      if (!el.isConnected || KEEP.has(el.tagName)) continue;
      if (FURNITURE.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)) el.remove();
    }
    for (const cap of Array.from(root.querySelectorAll('figcaption'))) {
      if (PHOTO_CREDIT.test(cap.textContent ?? '')) cap.remove();
    }
  };
  const textOf = (root: Node): string => {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === 3) {
        parts.push((node.nodeValue ?? '').replace(/[ \t\r\n\f]+/g, ' '));
        return;
      }
      if (node.nodeType !== 1) return;
      const tag = (node as Element).tagName;
      if (tag === 'BR') {
        parts.push('\n');
        return;
      }
      if (tag === 'IMG' || tag === 'PICTURE' || tag === 'VIDEO' || tag === 'AUDIO') return;
      const block = BLOCK.has(tag);
      const sep = tag === 'LI' || tag === 'TR' || tag === 'DT' || tag === 'DD' ? '\n' : '\n\n';
      if (block) parts.push(sep);
      for (const child of Array.from(node.childNodes)) walk(child);
      if (tag === 'TD' || tag === 'TH') parts.push('\t');
      if (block) parts.push(sep);
    };
    walk(root);
    return parts.join('').split('\n').map((line) => line.trim()).join('\n');
  };

  let dom: JSDOM;
  try {
    dom = new JSDOMClass(html, url ? { url } : {});
  } catch {
    dom = new JSDOMClass(html);
  }
  const doc = dom.window.document;
  const docTitle = doc.querySelector('h1')?.textContent?.trim() || doc.title.trim() || null;
  strip(doc.documentElement);
  let text = '';
  let title: string | null = null;
  try {
    const article = new ReadabilityClass(doc.cloneNode(true) as Document, { charThreshold: 100 }).parse();
    if (article?.content) {
      const frag = new JSDOMClass(`<body>${article.content}</body>`);
      strip(frag.window.document.body);
      text = textOf(frag.window.document.body);
      frag.window.close();
      title = article.title?.trim() || null;
    }
  } catch {
    text = '';
  }
  if (!text.trim()) text = textOf(doc.body ?? doc.documentElement);
  dom.window.close();
  const best = docTitle && title && title.includes(docTitle) ? docTitle : (title ?? docTitle);
  return { title: best, text };
}

interface DomLibraries {
  JSDOM: JsdomCtor;
  Readability: ReadabilityCtor;
}
let libraries: DomLibraries | undefined;

/** jsdom and Readability are loaded on the first HTML import: they are heavy, and start-up time matters. */
function loadLibraries(): DomLibraries {
  if (!libraries) {
    const load = createRequire(import.meta.url);
    const jsdom: { JSDOM: JsdomCtor } = load('jsdom');
    const readability: { Readability: ReadabilityCtor } = load('@mozilla/readability');
    libraries = { JSDOM: jsdom.JSDOM, Readability: readability.Readability };
  }
  return libraries;
}

function runDomPipeline(html: string, url: string | null): { title: string | null; text: string } {
  const libs = loadLibraries();
  return domPipeline(html, url, libs.JSDOM, libs.Readability);
}

export function htmlToText(html: string, url?: string): Rendered {
  const { title, text } = runDomPipeline(html, url ?? null);
  return { title: title ? normalizeText(title) : null, text: normalizeText(text) };
}
