/** Why an article could not be fetched or read. `code` is stable and machine-readable; `message` is for people. */
export type ExtractionErrorCode =
  | 'url_invalid'
  | 'url_scheme'
  | 'url_private'
  | 'dns'
  | 'timeout'
  | 'too_large'
  | 'http_status'
  | 'too_many_redirects'
  | 'network'
  | 'content_type';

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
