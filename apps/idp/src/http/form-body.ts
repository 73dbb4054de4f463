import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Our pages take form posts (and JSON); nothing else is parsed, so a `text/plain` or multipart
 * body would reach a handler as no body at all. Refuse it up front with 415 and a page.
 */
export function acceptedBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
  // req.is(): null when the request has no body, false for a body of another type.
  if (!empty && req.is(['application/x-www-form-urlencoded', 'application/json']) === false)
    return next(new UnsupportedMediaTypeException());
  next();
}

/** After parsing: handlers always get an object, also for a POST without a body. */
export function bodyObject(req: Request, _res: Response, next: NextFunction): void {
  req.body ??= {};
  next();
}
