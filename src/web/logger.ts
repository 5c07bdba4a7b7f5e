import { pino, type DestinationStream, type Logger } from 'pino';

/** Header values that are credentials: never written to a log. */
export const REDACTED_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/** The JSON logger for the server and its request log (pino-http); credentials are redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: REDACTED_PATHS };
  return destination ? pino(options, destination) : pino(options);
}
