import { z } from 'zod';
import type { Config } from '../config.js';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnprocessableError, found } from '../errors.js';
import { extractClaims, fetchArticle, guessFormat } from '../extraction/index.js';
import { newId, type Store } from '../storage/index.js';
import { ARTICLE_FORMATS, type ArticleFormat, type ArticleRecord, type ClaimRecord } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';
import { httpUrl } from '../sources/urls.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const importCommand = z.object({
  title: optionalText(300),
  outlet: optionalText(120),
  url: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(httpUrl.optional()),
  publishedAt: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.iso.date().or(z.iso.datetime({ offset: true })).optional()),
  body: z.string().refine((b) => b.trim().length > 0, 'The article is empty: paste its text or choose a file.'),
  format: z.enum(ARTICLE_FORMATS).optional(),
  fileName: z.string().optional(),
});
export type ImportCommand = z.input<typeof importCommand>;

export const updateArticleCommand = z.object({
  version: z.coerce.number().int().positive(),
  title: z.string().trim().min(1).max(300).optional(),
  outlet: optionalText(120),
  url: importCommand.shape.url,
  publishedAt: importCommand.shape.publishedAt,
});

/** Called after an import commits, e.g. to link claims to earlier fact-checks. */
export type ImportListener = (article: ArticleRecord, claims: ClaimRecord[], actor: Actor) => Promise<void> | void;

export class ArticlesService {
  private readonly listeners: ImportListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly config: Config,
  ) {}

  onImport(listener: ImportListener): void {
    this.listeners.push(listener);
  }

  list(): ArticleRecord[] {
    return Array.from(this.store.all('articles')).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): ArticleRecord | undefined {
    return this.store.get('articles', id);
  }

  require(id: string): ArticleRecord {
    return found(this.get(id), 'Article');
  }

  /** The article's claims in reading order. */
  claims(articleId: string): ClaimRecord[] {
    return this.store.find('claims', 'articleId', articleId).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Imports an article: normalises it, splits it into claim candidates, stores both in one transaction. */
  async import(input: ImportCommand, actor: Actor): Promise<{ article: ArticleRecord; claims: ClaimRecord[] }> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot import articles.');
    const cmd = parse(importCommand, input);
    const bytes = Buffer.byteLength(cmd.body);
    if (bytes > this.config.maxArticleBytes) {
      throw new PayloadTooLargeError(`The article is ${bytes} bytes; the limit is ${this.config.maxArticleBytes} bytes.`);
    }
    const format: ArticleFormat = cmd.format ?? guessFormat(cmd.fileName, cmd.body);
    const extracted = extractClaims(cmd.body, { format, url: cmd.url });
    if (extracted.text.trim() === '') throw new UnprocessableError('No article text was found in that input.', undefined, 'empty_article');
    const now = new Date().toISOString();
    const result = await this.store.transact((tx) => {
      const article: ArticleRecord = {
        id: newId('art'),
        title: cmd.title ?? extracted.title ?? firstWords(extracted.text),
        outlet: cmd.outlet ?? null,
        url: cmd.url ?? null,
        publishedAt: cmd.publishedAt ?? null,
        format,
        text: extracted.text,
        clutter: extracted.clutter,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      tx.insert('articles', article);
      tx.audit({
        actor, entity: 'article', entityId: article.id, action: 'import', before: null,
        after: { title: article.title, outlet: article.outlet, url: article.url, format, chars: article.text.length, claims: extracted.claims.length },
      });
      const claims = extracted.claims.map((c) => {
        const claim: ClaimRecord = {
          id: newId('clm'), articleId: article.id, text: c.text, start: c.start, end: c.end, score: c.score,
          reasons: c.reasons, type: c.type, speaker: c.speaker, status: 'new', origin: 'extracted',
          verdict: null, rationale: null, verdictBy: null, verdictAt: null,
          createdAt: now, updatedAt: now, updatedBy: actor.id, version: 1,
        };
        return tx.insert('claims', claim);
      });
      return { article, claims };
    });
    // The import is committed: a failing follow-up (claim matching) must not turn it into an error
    // that invites a retry and a duplicate article.
    for (const listener of this.listeners) {
      try {
        await listener(result.article, result.claims, actor);
      } catch (err) {
        process.emitWarning(`after importing ${result.article.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return result;
  }

  /** Fetches a page and imports it. Private addresses are refused unless the config allows them. */
  async importUrl(input: Omit<ImportCommand, 'body'> & { url: string }, actor: Actor) {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot import articles.');
    const url = parse(httpUrl, input.url);
    const page = await fetchArticle(url, {
      timeoutMs: this.config.fetchTimeoutMs,
      maxBytes: this.config.maxArticleBytes,
      allowPrivate: this.config.allowPrivateUrls,
    });
    return this.import({ ...input, url: page.finalUrl, body: page.body, format: input.format ?? page.format }, actor);
  }

  async update(id: string, input: z.input<typeof updateArticleCommand>, actor: Actor): Promise<ArticleRecord> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can change article details.');
    const cmd = parse(updateArticleCommand, input);
    return this.store.transact((tx) => {
      const a = tx.get('articles', id);
      if (!a) throw new NotFoundError('Article');
      if (a.version !== cmd.version) throw new ConflictError('This article was changed by someone else since you loaded it.', a);
      const next: ArticleRecord = {
        ...a,
        title: cmd.title ?? a.title,
        outlet: cmd.outlet ?? a.outlet,
        url: cmd.url ?? a.url,
        publishedAt: cmd.publishedAt ?? a.publishedAt,
        updatedAt: new Date().toISOString(),
        version: a.version + 1,
      };
      tx.replace('articles', next);
      const { text: _t, clutter: _c, ...beforeMeta } = a;
      const { text: _t2, clutter: _c2, ...afterMeta } = next;
      tx.audit({ actor, entity: 'article', entityId: id, action: 'update', before: beforeMeta, after: afterMeta });
      return next;
    });
  }
}

function firstWords(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 90 ? `${line.slice(0, 87).replace(/\s+\S*$/, '')}…` : line || 'Untitled article';
}
