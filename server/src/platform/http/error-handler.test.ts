import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { installErrorHandler } from './error-handler.ts';

/** The one error mapping, on a bare Fastify with probe routes (no database needed). */
describe('error handler', () => {
  const app = Fastify({ bodyLimit: 1024 }).withTypeProvider<ZodTypeProvider>();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(app);
    app.post(
      '/probe',
      { schema: { body: z.object({ count: z.number().int(), name: z.string().min(1) }).strict() } },
      async () => ({ ok: true }),
    );
    app.get('/conflict', async () => {
      throw new AppError('conflict', 'That reference already exists', [
        { path: 'reference', message: 'taken' },
      ]);
    });
    app.get('/crash', async () => {
      throw new Error('secret internal detail /srv/karpear/file.ts:12');
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('answers 400 naming every invalid field', async () => {
    const res = await app.inject({ method: 'POST', url: '/probe', payload: { count: 'x' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.count', 'body.name']));
  });

  it('rejects unexpected fields such as __proto__ or agencyId instead of storing them', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"count":1,"name":"a","agencyId":"x","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"count": 1,',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('answers an oversized body with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe',
      payload: { count: 1, name: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe',
      headers: { 'content-type': 'application/x-foo' },
      payload: 'x',
    });
    expect(res.statusCode).toBe(415);
  });

  it('maps AppError to its status, code and issues', async () => {
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      issues: [{ path: 'reference', message: 'taken' }],
    });
  });

  it('hides internal errors: 500 with a code, no message detail, no stack trace', async () => {
    const res = await app.inject({ method: 'GET', url: '/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal');
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toMatch(/\.ts:\d+/);
  });
});
