/** The one mapping from HTTP responses and transport failures to client error classes. */
import { describe, expect, it } from 'vitest';
import { isRegistryError, isRetryable } from '../../src/errors.js';
import {
  errorFromFailure,
  errorFromResponse,
  RegistryAbortedError,
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryServerError,
  RegistryTimeoutError,
  RegistryUnreachableError,
} from '../../src/client/errors.js';
import { envelope } from './fixtures.js';

describe('errorFromResponse', () => {
  it.each([
    [400, RegistryRequestError, false],
    [413, RegistryRequestError, false],
    [401, RegistryAuthError, false],
    [403, RegistryAuthError, false],
    [404, RegistryNotFoundError, false],
    [408, RegistryServerError, true],
    [409, RegistryServerError, true],
    [429, RegistryServerError, true],
    [500, RegistryServerError, true],
    [503, RegistryServerError, true],
  ])('maps %i to %s (retryable %s)', (status, cls, retryable) => {
    const err = errorFromResponse(status, envelope('SOME_CODE', 'went wrong', 'rid-7'));
    expect(err).toBeInstanceOf(cls);
    expect(err.status).toBe(status);
    expect(err.code).toBe('SOME_CODE');
    expect(err.message).toBe('went wrong');
    expect(err.requestId).toBe('rid-7');
    expect(err.retryable).toBe(retryable);
    expect(isRetryable(err)).toBe(retryable);
    expect(isRegistryError(err)).toBe(true);
  });

  it('keeps details and the body of the envelope', () => {
    const body = envelope('VALIDATION_FAILED', 'body.port: too big', 'r', { field: 'port' });
    const err = errorFromResponse(400, body);
    expect(err.details).toEqual({ field: 'port' });
    expect(err.body).toEqual(body);
  });

  it('falls back to class codes and the header request id when the body is not an envelope', () => {
    const err = errorFromResponse(502, '<html>bad gateway</html>', 'hdr-id');
    expect(err).toBeInstanceOf(RegistryServerError);
    expect(err.code).toBe('SERVER_ERROR');
    expect(err.message).toBe('registry answered 502');
    expect(err.requestId).toBe('hdr-id');
    expect(errorFromResponse(404, undefined).code).toBe('NOT_FOUND');
    expect(errorFromResponse(401, null).code).toBe('UNAUTHORIZED');
    expect(errorFromResponse(422, {}).code).toBe('BAD_REQUEST');
  });
});

describe('errorFromFailure', () => {
  it('maps a failed fetch to a retryable REGISTRY_UNREACHABLE with the cause', () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const err = errorFromFailure(cause);
    expect(err).toBeInstanceOf(RegistryUnreachableError);
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.status).toBeUndefined();
    expect(err.retryable).toBe(true);
    expect(err.cause).toBe(cause);
  });

  it('maps timeouts (retryable) and aborts (not retryable)', () => {
    const timeout = Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
    expect(errorFromFailure(timeout)).toBeInstanceOf(RegistryTimeoutError);
    expect(errorFromFailure(timeout).retryable).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const aborted = errorFromFailure(new Error('whatever'), controller.signal);
    expect(aborted).toBeInstanceOf(RegistryAbortedError);
    expect(aborted.code).toBe('ABORTED');
    expect(aborted.retryable).toBe(false);
  });
});
