import { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError, BadRequestError } from '../errors.js';
import { guessFormat } from '../extraction/index.js';
import { actorOf, flash, param, redirectAfterPost, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import { segments } from './view-model.js';
import { ARTICLE_FORMATS } from '../storage/records.js';
import type { ImportCommand } from './service.js';
import { claimSummary } from '../claims/presenter.js';

const UPLOAD_TYPES = /\.(txt|text|md|markdown|html?|xhtml)$/i;

const formatField = z.enum(ARTICLE_FORMATS, { message: 'Unknown format: use text, markdown or html.' }).optional();
const selectionForm = z.object({ start: z.coerce.number().int(), end: z.coerce.number().int() });

/** The uploaded files of a form, checked: text files of the accepted kinds only. */
function uploadedFiles(req: Request): Array<{ name: string; text: string }> {
  const files = Array.isArray(req.files) ? req.files : [];
  return files.map((f) => {
    if (!UPLOAD_TYPES.test(f.originalname)) throw new BadRequestError(`${f.originalname}: upload .txt, .md or .html files.`, undefined, 'bad_upload');
    const text = f.buffer.toString('utf8');
    if (text.includes('\u0000')) throw new BadRequestError(`${f.originalname}: that file is not text.`, undefined, 'bad_upload');
    return { name: f.originalname, text };
  });
}

/** The import form's fields, with an uploaded file taking the place of the pasted body. */
function importInput(req: Request, file?: { name: string; text: string }): ImportCommand & { fetchUrl?: string } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  const input: ImportCommand & { fetchUrl?: string } = {
    title: str('title'), outlet: str('outlet'), url: str('url'), publishedAt: str('publishedAt'),
    body: str('body') ?? '', format: parse(formatField, str('format') || undefined),
  };
  if (file) {
    input.body = file.text;
    input.fileName = file.name;
    input.format ??= guessFormat(file.name, file.text);
  }
  if (!input.body.trim() && str('fetch') === 'yes' && input.url) input.fetchUrl = input.url;
  return input;
}

export function pages({ services }: WebContext): Router {
  const r = Router();

  r.get('/articles', requireRole('viewer'), (_req, res) => res.redirect('/'));

  r.get('/articles/new', requireRole('reviewer'), (_req, res) => {
    res.render('articles/new', { title: 'Import an article', values: {}, error: null });
  });

  r.post('/articles', requireRole('reviewer'), async (req, res) => {
    let input = importInput(req);
    try {
      const files = uploadedFiles(req);
      if (files.length > 1) {
        // Bulk import: each file its own article; one bad file does not stop the others.
        const done: string[] = [];
        const failed: string[] = [];
        for (const file of files) {
          try {
            const { claims } = await services.articles.import({ ...importInput(req, file), title: undefined }, actorOf(req));
            done.push(`${file.name} (${claims.length} claims)`);
          } catch (err) {
            if (!(err instanceof AppError) || err.status >= 500) throw err;
            failed.push(`${file.name}: ${err.message}`);
          }
        }
        flash(req, done.length ? 'success' : 'error', `Imported ${done.length} of ${files.length} files: ${done.join(', ') || 'none'}.`);
        if (failed.length) flash(req, 'error', `Not imported: ${failed.join(' · ')}`);
        return redirectAfterPost(req, res, '/');
      }
      if (files[0]) input = importInput(req, files[0]);
      const { article, claims } = input.fetchUrl
        ? await services.articles.importUrl({ ...input, url: input.fetchUrl }, actorOf(req))
        : await services.articles.import(input, actorOf(req));
      const worthy = claims.filter((c) => c.score >= 0.5).length;
      flash(req, 'success', `Imported “${article.title}”: ${claims.length} claim candidates, ${worthy} check-worthy.`);
      redirectAfterPost(req, res, `/articles/${article.id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status).render('articles/new', { title: 'Import an article', values: { ...input, body: input.body }, error: err.message });
    }
  });

  r.get('/articles/:id', requireRole('viewer'), (req, res) => {
    const article = services.articles.require(param(req, 'id'));
    const claims = services.articles.claims(article.id);
    const filter = typeof req.query.show === 'string' ? req.query.show : 'all';
    const listed = claims.filter((c) =>
      filter === 'worthy' ? c.score >= 0.5 && c.status !== 'dismissed' : filter === 'open' ? c.status === 'new' || c.status === 'in_review' : true,
    );
    res.render('articles/show', {
      title: article.title,
      article,
      claims,
      listed,
      filter,
      segments: segments(article.text, claims, article.clutter),
      progress: services.reviews.articleProgress(article.id),
      publications: services.exports.publications(article.id),
      reviewers: services.users.list().filter((u) => u.active && u.role !== 'viewer'),
    });
  });

  r.post('/articles/:id/edit', requireRole('editor'), async (req, res) => {
    const article = await services.articles.update(param(req, 'id'), req.body ?? {}, actorOf(req));
    flash(req, 'success', 'Article details saved.');
    res.redirect(`/articles/${article.id}`);
  });

  r.post('/articles/:id/claims', requireRole('reviewer'), async (req, res) => {
    const { start, end } = parse(selectionForm, req.body);
    const claim = await services.claims.addFromSelection(param(req, 'id'), start, end, actorOf(req));
    flash(req, 'success', 'Claim added from your selection.');
    res.redirect(`/articles/${claim.articleId}#claim-${claim.id}`);
  });

  return r;
}

export function api({ services }: WebContext): Router {
  const r = Router();
  const apiImport = z.object({
    title: z.string().optional(), outlet: z.string().optional(), url: z.string().optional(), publishedAt: z.string().optional(),
    body: z.string().optional(), format: formatField,
  });

  r.post('/articles', requireRole('reviewer'), async (req, res) => {
    const input = parse(apiImport, req.body ?? {});
    const actor = actorOf(req);
    const format = input.format;
    const result =
      input.body === undefined && input.url
        ? await services.articles.importUrl({ ...input, format, url: input.url }, actor)
        : await services.articles.import({ ...input, format, body: input.body ?? '' }, actor);
    res.status(201).json({ ...result.article, claims: result.claims });
  });

  r.get('/articles', requireRole('viewer'), (_req, res) => {
    res.json({
      articles: services.articles.list().map(({ text: _text, clutter: _clutter, ...meta }) => ({ ...meta, progress: services.reviews.articleProgress(meta.id) })),
    });
  });

  r.patch('/articles/:id', requireRole('editor'), async (req, res) => {
    const { text: _text, clutter: _clutter, ...meta } = await services.articles.update(param(req, 'id'), req.body ?? {}, actorOf(req));
    res.json(meta);
  });

  r.get('/articles/:id', requireRole('viewer'), (req, res) => {
    const article = services.articles.require(param(req, 'id'));
    res.json({ ...article, claims: services.articles.claims(article.id).map((c) => claimSummary(c, services)) });
  });

  return r;
}
