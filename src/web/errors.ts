import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import multer from 'multer';
import type {} from 'pino-http';
import { safeNext } from './context.js';
import { AppError, ConflictError, NotFoundError, PayloadTooLargeError, BadRequestError, ForbiddenError } from '../errors.js';

/** Errors raised by libraries, mapped to the app's typed errors. */
function normalise(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeError('The file is larger than the upload limit.');
    return new BadRequestError(`Upload refused: ${err.message}.`, undefined, 'bad_upload');
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as { type?: string; status?: number; code?: string; message?: string };
    if (e.type === 'entity.too.large') return new PayloadTooLargeError('The request body is larger than the limit.');
    if (e.type === 'entity.parse.failed') return new BadRequestError('The request body is not valid JSON.', undefined, 'malformed_json');
    if (e.code === 'EBADCSRFTOKEN' || e.message === 'invalid csrf token') {
      return new ForbiddenError('This form has expired or did not come from claimbench. Reload the page and try again.');
    }
    if (e.code && typeof e.message === 'string' && (e as { name?: string }).name === 'ExtractionError') {
      return new AppError(422, e.code, e.message);
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.message) return new AppError(e.status, 'bad_request', e.message);
  }
  return null;
}

export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || (!!req.accepts(['json', 'html']) && req.accepts(['html', 'json']) === 'json');
}

/** Where the person came from, as a same-site path, for "reload and redo" links. */
function refererPath(req: Request): string {
  try {
    const ref = new URL(req.get('referer') ?? '/', 'http://x');
    return safeNext(ref.pathname + ref.search);
  } catch {
    return '/';
  }
}

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('Page'));

/** The one error handler, registered last: HTML page or JSON body by request; no stack traces to users. */
export function errorHandler(opts: { showStack: boolean }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = normalise(err);
    const status = known?.status ?? 500;
    const code = known?.code ?? 'internal';
    const message = known?.message ?? 'Something went wrong on our side. The error was logged; nothing you sent was lost.';
    if (!known) req.log?.error({ err }, 'unhandled error');
    if (res.headersSent) return;
    if (wantsJson(req)) {
      const body: { error: { code: string; message: string; details?: unknown } } = { error: { code, message } };
      if (known?.details !== undefined) body.error.details = known.details;
      res.status(status).json(body);
      return;
    }
    if (known instanceof ConflictError) {
      res.status(409).render('errors/conflict', { title: 'Someone changed this first', message, current: known.current, submitted: req.body ?? {}, back: refererPath(req) });
      return;
    }
    res.status(status).render('errors/error', {
      title: status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status >= 500 ? 'Server error' : 'That did not work',
      status,
      message,
      stack: opts.showStack && !known && err instanceof Error ? err.stack : null,
    });
  };
}
