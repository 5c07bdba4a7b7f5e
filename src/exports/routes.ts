import { Router, type Response } from 'express';
import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { verdictChart } from '../charts/index.js';
import { validateBackup } from './backup.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import { REPORT_FORMATS, type ExportsService } from './service.js';
import { verdictSummary, type ReportData } from './report-types.js';
import { validateClaimReview, claimReviewsFor } from './claimreview.js';

const formatQuery = z.object({ format: z.enum(REPORT_FORMATS).optional().default('html') });

/** HTML or a download of a report in the asked format. */
function sendReport(res: Response, exportsService: ExportsService, report: ReportData, format: (typeof REPORT_FORMATS)[number], extra: Record<string, unknown> = {}) {
  if (format === 'html') {
    const summary = verdictSummary(report);
    const chart = verdictChart(summary.rows.map((r) => ({ label: r.entry.label, colour: r.entry.colour, count: r.count })));
    res.render('exports/report', { title: `Fact-check: ${report.article.title}`, report, summary, chart, jsonld: claimReviewsFor(report), ...extra });
    return;
  }
  const out = exportsService.render(report, format);
  const name = `claimbench-${report.article.id}${report.publication ? `-v${report.publication.version}` : ''}.${out.ext}`;
  res.type(out.type).attachment(name).send(out.body);
}

export function pages({ services, store }: WebContext): Router {
  const r = Router();

  r.get('/articles/:id/report', requireRole('viewer'), (req, res) => {
    const { format } = parse(formatQuery, req.query);
    const report = services.exports.build(param(req, 'id'));
    sendReport(res, services.exports, report, format, { live: true, gates: services.exports.gates(report.article.id) });
  });

  r.post('/articles/:id/publish', requireRole('editor'), async (req, res) => {
    const articleId = param(req, 'id');
    try {
      const pub = await services.exports.publish(articleId, req.body ?? {}, actorOf(req));
      flash(req, 'success', `Published version ${pub.version}.`);
      res.redirect(`/reports/${articleId}/v/${pub.version}`);
    } catch (err) {
      const details = (err as { details?: { gates?: Array<{ message: string }> } }).details;
      const message = err instanceof Error ? err.message : String(err);
      if (!details?.gates && !(err instanceof Error && 'status' in err)) throw err;
      flash(req, 'error', [message, ...(details?.gates ?? []).map((g) => g.message)].join(' • '));
      res.redirect(`/articles/${articleId}/report`);
    }
  });

  // Published reports are public: they are what leaves the newsroom.
  r.get('/reports/:id', (req, res) => {
    const pub = services.exports.published(param(req, 'id'));
    sendReport(res, services.exports, services.exports.snapshotOf(pub), parse(formatQuery, req.query).format, { live: false, versions: services.exports.publications(pub.articleId) });
  });

  r.get('/reports/:id/v/:version', (req, res) => {
    const version = parse(z.coerce.number().int().positive(), param(req, 'version'));
    const pub = services.exports.published(param(req, 'id'), version);
    sendReport(res, services.exports, services.exports.snapshotOf(pub), parse(formatQuery, req.query).format, { live: false, versions: services.exports.publications(pub.articleId) });
  });

  r.get('/admin/backup', requireRole('admin'), async (_req, res) => {
    res.render('exports/backup', { title: 'Backup and restore', stats: store.stats() });
  });

  r.get('/admin/backup/download', requireRole('admin'), async (_req, res) => {
    res.type('application/json').attachment(`claimbench-backup-${new Date().toISOString().slice(0, 10)}.json`);
    res.send(JSON.stringify(store.snapshot()));
  });

  r.post('/admin/restore', requireRole('admin'), async (req, res) => {
    if (!req.file) throw new BadRequestError('Choose a backup file to restore.');
    const db = validateBackup(req.file.buffer.toString('utf8'));
    await services.backup.restore(db, actorOf(req));
    flash(req, 'success', 'Database restored from the backup.');
    res.redirect('/admin/backup');
  });

  return r;
}

export function api({ services, store }: WebContext): Router {
  const r = Router();

  r.get('/articles/:id/report', requireRole('viewer'), (req, res) => {
    const { format } = parse(formatQuery, req.query);
    sendReport(res, services.exports, services.exports.build(param(req, 'id')), format, { live: true, gates: services.exports.gates(param(req, 'id')) });
  });

  r.get('/claims/:id/claimreview', requireRole('viewer'), (req, res) => {
    const jsonld = services.exports.claimReview(param(req, 'id'));
    res.type('application/ld+json').send(JSON.stringify({ ...jsonld, validation: undefined }));
  });

  r.get('/articles/:id/claimreview', requireRole('viewer'), (req, res) => {
    res.type('application/ld+json').send(JSON.stringify(services.exports.articleClaimReviews(param(req, 'id'))));
  });

  r.get('/articles/:id/claimreview/validation', requireRole('viewer'), (req, res) => {
    const list = services.exports.articleClaimReviews(param(req, 'id'));
    res.json({ reviews: list.map((j) => ({ url: j.url, issues: validateClaimReview(j) })), gates: services.exports.gates(param(req, 'id')) });
  });

  r.post('/articles/:id/publish', requireRole('editor'), async (req, res) => {
    const pub = await services.exports.publish(param(req, 'id'), req.body ?? {}, actorOf(req));
    res.status(201).json({ version: pub.version, url: `${services.exports.reportUrl(pub.articleId)}/v/${pub.version}` });
  });

  r.get('/articles/:id/published', requireRole('viewer'), (req, res) => {
    res.json(services.exports.published(param(req, 'id')));
  });

  r.get('/articles/:id/published/:version', requireRole('viewer'), (req, res) => {
    const version = parse(z.coerce.number().int().positive(), param(req, 'version'));
    res.json(services.exports.published(param(req, 'id'), version));
  });

  r.get('/backup', requireRole('admin'), (_req, res) => {
    res.type('application/json').attachment('claimbench-backup.json').send(JSON.stringify(store.snapshot()));
  });

  r.post('/restore', requireRole('admin'), async (req, res) => {
    const db = validateBackup(JSON.stringify(req.body ?? null));
    await services.backup.restore(db, actorOf(req));
    res.json({ restored: true, records: store.stats().records });
  });

  return r;
}
