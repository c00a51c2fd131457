/** Reads a small multipart predict request (files or text fields `protein`, `ligand`, field `model`) into its JSON shape. */
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { type Request } from 'express';
import { detectFormat } from '@compass/sdk/engine';
import { ServerError } from '../errors.js';
import { closeIfUnread } from '../http/close-unread.js';

/**
 * Collects the `protein` and `ligand` parts (files or text fields, format from the file name or the content) and
 * the text field `model`, refusing more than `maxBytes` in total with PAYLOAD_TOO_LARGE.
 */
export function readPredictMultipart(req: Request, maxBytes: number): Promise<Record<string, unknown>> {
  return new Promise<Record<string, unknown>>((resolve, fail_) => {
    const reject = (e: unknown) => {
      closeIfUnread(req);
      fail_(e);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 2, fields: 8, fileSize: maxBytes, fieldSize: maxBytes },
      });
    } catch (e) {
      reject(new ServerError('VALIDATION_FAILED', 'malformed multipart body', { cause: e }));
      return;
    }
    const parts: Record<string, { name: string | undefined; text: string }> = {};
    const fields: Record<string, string> = {};
    let total = 0;
    let failed: ServerError | undefined;
    const fail = (e: ServerError) => {
      failed ??= e;
    };
    const malformed = (e: unknown) =>
      new ServerError('VALIDATION_FAILED', `malformed multipart body: ${(e as Error).message}`, { cause: e });
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      // A body that ends inside a file part errors this stream too: without a listener that is an uncaught error.
      stream.on('error', (e) => fail(malformed(e)));
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes)
          fail(new ServerError('PAYLOAD_TOO_LARGE', `the structures exceed ${maxBytes} bytes`));
        else chunks.push(c);
      });
      stream.on('limit', () =>
        fail(new ServerError('PAYLOAD_TOO_LARGE', `the structures exceed ${maxBytes} bytes`)),
      );
      stream.on('end', () => {
        if (field === 'protein' || field === 'ligand')
          parts[field] = { name: info.filename, text: Buffer.concat(chunks).toString('utf8') };
      });
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new ServerError('PAYLOAD_TOO_LARGE', `field ${name} is too large`));
      if (name === 'protein' || name === 'ligand') parts[name] = { name: undefined, text: value };
      else fields[name] = value;
    });
    bb.on('error', (e) => reject(failed ?? malformed(e)));
    bb.on('close', () => {
      if (failed) return reject(failed);
      const body: Record<string, unknown> = {};
      for (const role of ['protein', 'ligand'] as const) {
        const part = parts[role];
        if (!part) continue;
        try {
          body[role] = { format: detectFormat(part.name, part.text), text: part.text };
        } catch (e) {
          return reject(
            new ServerError('INVALID_STRUCTURE', `${role}: ${(e as Error).message}`, {
              details: { field: role },
            }),
          );
        }
      }
      if (fields.model) body.model = fields.model;
      resolve(body);
    });
    // A client that aborts mid-body fails the pipeline; busboy's own errors have already rejected above.
    pipeline(req, bb).catch((e: unknown) => reject(failed ?? malformed(e)));
  });
}
