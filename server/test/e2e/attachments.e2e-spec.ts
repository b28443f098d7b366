import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { UPLOAD_LIMITS } from '@smart-repair/shared';
import type { Response } from 'supertest';
import { newId } from '../../src/database/ids';
import { inTransaction } from '../../src/database/transaction';
import { AttachmentsService } from '../../src/modules/attachments/attachments.service';
import { AttachmentEntity } from '../../src/modules/attachments/entities/attachment.entity';
import { FILE_STORAGE, type FileStorage } from '../../src/modules/attachments/storage/file-storage';
import type { TicketAccess } from '../../src/modules/attachments/ticket-access';
import { AuditEventEntity } from '../../src/modules/audit/audit-event.entity';
import { AuditService } from '../../src/modules/audit/audit.service';
import { Principal } from '../../src/tenancy/principal';
import { createTenant, type TestCommunity, type TestTenant } from '../factories/tenant.factory';
import { amr, html, jpeg, mp3, mp4, png } from '../fixtures/media';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/** Collects a download's bytes whatever its type (supertest only buffers text and images itself). */
function binary(response: Stream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A multipart body written by hand, so a file name reaches the wire exactly as given. */
function multipart(communityId: string, fileName: string, file: Buffer) {
  const boundary = 'raw-boundary-7d1f';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="communityId"\r\n\r\n${communityId}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'content-type: image/png\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under a folder, as paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('attachments: photos, video and voice notes (F1.2, F2.4, R10)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let a: TestCommunity;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    other = await createTenant(t.dataSource);
    a = tenant.a;
    const accounts = {
      resident: a.users.resident.username,
      engineer: a.users.engineer.username,
      admin: a.users.admin.username,
      reviewer: a.users.reviewer.username,
      adminB: tenant.b.users.admin.username,
      residentB: tenant.b.users.resident.username,
      otherHq: other.hq.username,
    };
    for (const [name, account] of Object.entries(accounts))
      tokens[name] = (await login(t, account)).accessToken;
  });
  afterAll(() => t.close());

  const upload = (token: string, file: Buffer, fileName: string, communityId = a.id, contentType?: string) =>
    t
      .http()
      .post('/api/attachments')
      .set(bearer(token))
      .field('communityId', communityId)
      .attach('file', file, contentType === undefined ? fileName : { filename: fileName, contentType });
  const download = (token: string, id: string) =>
    t.http().get(`/api/attachments/${id}`).set(bearer(token)).buffer(true).parse(binary);
  const rowCount = () => t.dataSource.getRepository(AttachmentEntity).count();
  const principalOf = (user: { id: string }, role: 'resident' | 'engineer' | 'admin', community = a) =>
    new Principal(user.id, tenant.organizationId, 'session', [{ role, communityId: community.id }]);

  async function uploaded(token: string, file: Buffer = png(), name = 'p.png', communityId = a.id) {
    const response = await upload(token, file, name, communityId);
    expect(response.status).toBe(201);
    return response.body as { id: string; kind: string; mime: string; size: number; fileName: string };
  }

  function expectError(response: Response, status: number, code: string) {
    // Downloads are read as bytes, so their error bodies arrive unparsed.
    const body = Buffer.isBuffer(response.body) ? JSON.parse(response.body.toString()) : response.body;
    expect({ status: response.status, code: body.code }).toEqual({ status, code });
    expect(typeof body.message).toBe('string');
    expect(typeof body.requestId).toBe('string');
  }

  describe('upload and download', () => {
    it.each([
      ['a JPEG photo', jpeg(640, 480), 'IMG_0001.JPG', 'image', 'image/jpeg', 'IMG_0001.jpg'],
      ['a PNG image', png(32, 32), 'screen.png', 'image', 'image/png', 'screen.png'],
      ['an MP4 video', mp4(), 'clip.mp4', 'video', 'video/mp4', 'clip.mp4'],
      ['an AMR voice note', amr(), 'voice.amr', 'audio', 'audio/amr', 'voice.amr'],
      ['an MP3 voice note', mp3(), '录音.mp3', 'audio', 'audio/mpeg', '录音.mp3'],
    ])(
      'stores %s under our own key and serves it back inline with its type',
      async (_n, file, name, kind, mime, shown) => {
        const response = await upload(tokens.resident!, file, name);
        expect(response.status).toBe(201);
        const id = response.body.id as string;
        expect(response.body).toEqual({
          id,
          kind,
          mime,
          size: file.length,
          fileName: shown,
          purpose: null,
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          url: `/api/attachments/${id}`,
        });

        const row = await t.dataSource.getRepository(AttachmentEntity).findOneByOrFail({ id });
        expect(row).toMatchObject({
          organizationId: tenant.organizationId,
          communityId: a.id,
          uploaderId: a.users.resident.id,
          sha256: createHash('sha256').update(file).digest('hex'),
          ticketId: null,
        });
        expect(row.storageKey).toMatch(new RegExp(`^${a.id}/\\d{4}/\\d{2}/${id}$`));
        expect(readFileSync(join(t.config.uploadDir, row.storageKey)).equals(file)).toBe(true);

        const served = await download(tokens.resident!, id);
        expect(served.status).toBe(200);
        expect(served.headers['content-type']).toBe(mime);
        expect(served.headers['content-length']).toBe(String(file.length));
        expect(served.headers['x-content-type-options']).toBe('nosniff');
        expect(served.headers['cache-control']).toBe('private');
        expect(served.headers['content-disposition']).toBe(
          `inline; filename="${shown.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(shown)}`,
        );
        expect((served.body as Buffer).equals(file)).toBe(true);
      },
    );

    it('records the upload in the audit trail', async () => {
      const { id } = await uploaded(tokens.engineer!);
      const events = await t.dataSource.getRepository(AuditEventEntity).findBy({ targetId: id });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'attachment.upload',
          actorId: a.users.engineer.id,
          communityId: a.id,
        }),
      ]);
    });
  });

  describe('the type comes from the bytes, never from the name (R10)', () => {
    it('serves a PNG sent as x.exe with an executable’s type as image/png', async () => {
      const response = await upload(tokens.resident!, png(), 'x.exe', a.id, 'application/x-msdownload');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ kind: 'image', mime: 'image/png', fileName: 'x.png' });
      const served = await download(tokens.resident!, response.body.id);
      expect(served.headers['content-type']).toBe('image/png');
    });

    it.each([
      ['HTML named photo.jpg', html(), 'photo.jpg'],
      [
        'SVG named icon.png',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        'icon.png',
      ],
      ['a ZIP named clip.mp4', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'clip.mp4'],
      ['a PDF named voice.mp3', Buffer.from('%PDF-1.7\n' + 'x'.repeat(100)), 'voice.mp3'],
      ['a tiny text file', Buffer.from('hi'), 'a.png'],
    ])('refuses %s with 400 FILE_TYPE_NOT_ALLOWED and keeps nothing', async (_name, file, name) => {
      const [files, rows] = [filesUnder(t.config.uploadDir), await rowCount()];
      const response = await upload(tokens.resident!, file, name, a.id, 'image/jpeg');
      expectError(response, 400, 'FILE_TYPE_NOT_ALLOWED');
      expect(filesUnder(t.config.uploadDir)).toEqual(files);
      expect(await rowCount()).toBe(rows);
    });

    it('refuses an image whose size cannot be read', async () => {
      const headerOnly = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
        Buffer.alloc(100),
      ]);
      expectError(await upload(tokens.resident!, headerOnly, 'a.jpg'), 400, 'FILE_TYPE_NOT_ALLOWED');
    });
  });

  describe('size limits (R10)', () => {
    it.each([
      ['an image', png(), UPLOAD_LIMITS.maxBytes.image, 'image'],
      ['a voice note', amr(), UPLOAD_LIMITS.maxBytes.audio, 'audio'],
    ])('refuses %s one byte over its limit with 413 and stores nothing', async (_name, head, limit, kind) => {
      const [files, rows] = [filesUnder(t.config.uploadDir), await rowCount()];
      const file = Buffer.concat([head, Buffer.alloc(limit + 1 - head.length)]);
      const response = await upload(tokens.resident!, file, 'big');
      expectError(response, 413, 'FILE_TOO_LARGE');
      expect(response.body.details).toEqual({ kind, maxBytes: limit });
      expect(filesUnder(t.config.uploadDir)).toEqual(files);
      expect(await rowCount()).toBe(rows);
    });

    it('takes a video larger than an image may be, up to its own limit', async () => {
      const file = Buffer.concat([mp4(), Buffer.alloc(UPLOAD_LIMITS.maxBytes.image + 1)]);
      const response = await upload(tokens.resident!, file, 'long.mp4');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ kind: 'video', size: file.length });
    });

    it('refuses a body announced as larger than any file without reading it', async () => {
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const [files, rows] = [filesUnder(t.config.uploadDir), await rowCount()];
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/attachments',
            headers: {
              ...bearer(tokens.resident!),
              'content-type': 'multipart/form-data; boundary=x',
              'content-length': String(1024 * 1024 * 1024),
            },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode!, body }));
          },
        );
        request.on('error', reject);
        // Only the start of the gigabyte is ever sent: the answer must come without the rest.
        request.write(`--x\r\ncontent-disposition: form-data; name="communityId"\r\n\r\n${a.id}\r\n`);
        setTimeout(() => request.destroy(), 5_000);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'FILE_TOO_LARGE' });
      expect(filesUnder(t.config.uploadDir)).toEqual(files);
      expect(await rowCount()).toBe(rows);
    });

    it.each([
      ['a 20,000 × 20,000 PNG', png(20_000, 20_000)],
      ['a 10,000 × 5,000 JPEG (50 megapixels)', jpeg(10_000, 5_000)],
      ['a PNG one pixel too wide', png(UPLOAD_LIMITS.imageMaxSide + 1, 1)],
    ])('refuses %s as a pixel flood with 400 IMAGE_TOO_LARGE', async (_name, file) => {
      const rows = await rowCount();
      const response = await upload(tokens.resident!, file, 'flood.png');
      expectError(response, 400, 'IMAGE_TOO_LARGE');
      expect(await rowCount()).toBe(rows);
    });

    it('takes an image at the largest allowed size', async () => {
      expect((await upload(tokens.resident!, png(8_000, 5_000), 'big.png')).status).toBe(201);
    });
  });

  describe('names and the form (R10)', () => {
    it('stores a file named ../../etc/passwd under our key and shows a clean name', async () => {
      const before = filesUnder(t.config.uploadDir);
      const { body, contentType } = multipart(a.id, '../../etc/passwd', png());
      const response = await t
        .http()
        .post('/api/attachments')
        .set(bearer(tokens.resident!))
        .set('content-type', contentType)
        .send(body);
      expect(response.status).toBe(201);
      expect(response.body.fileName).toBe('passwd.png');
      const row = await t.dataSource
        .getRepository(AttachmentEntity)
        .findOneByOrFail({ id: response.body.id });
      const added = filesUnder(t.config.uploadDir).filter((file) => !before.includes(file));
      expect(added).toEqual([join(...row.storageKey.split('/'))]);
      expect(row.storageKey).not.toContain('passwd');
      const served = await download(tokens.resident!, response.body.id);
      expect(served.headers['content-disposition']).toBe(
        `inline; filename="passwd.png"; filename*=UTF-8''passwd.png`,
      );
    });

    it('strips control and direction characters from the shown name', async () => {
      const { fileName } = await uploaded(tokens.resident!, png(), 'report\u202Egnp.exe');
      expect(fileName).toBe('reportgnp.png');
    });

    it('answers a JSON body with 415 and the error body', async () => {
      const response = await t
        .http()
        .post('/api/attachments')
        .set(bearer(tokens.resident!))
        .send({ communityId: a.id, file: png().toString('base64') });
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      [
        'no file',
        (r: ReturnType<TestApp['http']>) => r.post('/api/attachments').field('communityId', a.id),
        ['file'],
      ],
      [
        'no communityId',
        (r: ReturnType<TestApp['http']>) => r.post('/api/attachments').attach('file', png(), 'p.png'),
        ['communityId'],
      ],
      [
        'the file before the communityId',
        (r: ReturnType<TestApp['http']>) =>
          r.post('/api/attachments').attach('file', png(), 'p.png').field('communityId', a.id),
        ['communityId'],
      ],
      [
        'a communityId that is not an id',
        (r: ReturnType<TestApp['http']>) =>
          r.post('/api/attachments').field('communityId', 'abc').attach('file', png(), 'p.png'),
        ['communityId'],
      ],
      [
        'the file under another name',
        (r: ReturnType<TestApp['http']>) =>
          r.post('/api/attachments').field('communityId', a.id).attach('photo', png(), 'p.png'),
        ['photo'],
      ],
      [
        'two files',
        (r: ReturnType<TestApp['http']>) =>
          r
            .post('/api/attachments')
            .field('communityId', a.id)
            .attach('file', png(), 'p.png')
            .attach('file', png(), 'q.png'),
        ['form'],
      ],
      [
        'a field after the file',
        (r: ReturnType<TestApp['http']>) =>
          r
            .post('/api/attachments')
            .field('communityId', a.id)
            .attach('file', png(), 'p.png')
            .field('x', 'y'),
        ['form'],
      ],
    ])('answers %s with 400 VALIDATION_FAILED and keeps nothing', async (_name, build, fields) => {
      const [files, rows] = [filesUnder(t.config.uploadDir), await rowCount()];
      const response = await build(t.http()).set(bearer(tokens.resident!));
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(expect.arrayContaining(fields));
      expect(filesUnder(t.config.uploadDir)).toEqual(files);
      expect(await rowCount()).toBe(rows);
    });

    it('still answers a multipart body sent to any other route with 415', async () => {
      const response = await t
        .http()
        .post('/api/locations')
        .set(bearer(tokens.admin!))
        .field('communityId', a.id)
        .field('kind', 'area')
        .field('name', '新区');
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers a multipart body without a boundary, or cut off inside the file, with 400 MALFORMED_BODY', async () => {
      const rows = await rowCount();
      const noBoundary = await t
        .http()
        .post('/api/attachments')
        .set(bearer(tokens.resident!))
        .set('content-type', 'multipart/form-data')
        .send(Buffer.from('whatever'));
      expectError(noBoundary, 400, 'MALFORMED_BODY');
      const { body, contentType } = multipart(a.id, 'p.png', png(32, 32));
      const cut = await t
        .http()
        .post('/api/attachments')
        .set(bearer(tokens.resident!))
        .set('content-type', contentType)
        .send(body.subarray(0, body.length - 40));
      expectError(cut, 400, 'MALFORMED_BODY');
      expect(await rowCount()).toBe(rows);
    });

    it('answers an empty file with 400', async () => {
      expectError(await upload(tokens.resident!, Buffer.alloc(0), 'empty.png'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('tenancy and permission', () => {
    it('answers an upload to a community the caller cannot see with 404, reading nothing into storage', async () => {
      const [files, rows] = [filesUnder(t.config.uploadDir), await rowCount()];
      expectError(await upload(tokens.resident!, png(), 'p.png', tenant.b.id), 404, 'COMMUNITY_NOT_FOUND');
      expectError(await upload(tokens.otherHq!, png(), 'p.png', a.id), 404, 'COMMUNITY_NOT_FOUND');
      expectError(await upload(tokens.resident!, png(), 'p.png', newId()), 404, 'COMMUNITY_NOT_FOUND');
      expect(filesUnder(t.config.uploadDir)).toEqual(files);
      expect(await rowCount()).toBe(rows);
    });

    it('answers a role without attachment.upload with 403', async () => {
      expectError(await upload(tokens.reviewer!, png(), 'p.png'), 403, 'PERMISSION_DENIED');
    });

    it('shows an unclaimed upload to its uploader only: anyone else, other tenants included, gets 404', async () => {
      const { id } = await uploaded(tokens.resident!);
      for (const name of ['engineer', 'admin', 'adminB', 'residentB', 'otherHq']) {
        const response = await download(tokens[name]!, id);
        expect({ name, status: response.status }).toEqual({ name, status: 404 });
        expect(JSON.parse((response.body as Buffer).toString()).code).toBe('ATTACHMENT_NOT_FOUND');
      }
      expect((await download(tokens.resident!, id)).status).toBe(200);
    });
  });

  describe('removal', () => {
    it('lets the uploader remove an unclaimed upload: row and file go, and the change is recorded', async () => {
      const { id } = await uploaded(tokens.resident!);
      const row = await t.dataSource.getRepository(AttachmentEntity).findOneByOrFail({ id });
      const removed = await t.http().delete(`/api/attachments/${id}`).set(bearer(tokens.resident!));
      expect(removed.status).toBe(204);
      expect(existsSync(join(t.config.uploadDir, row.storageKey))).toBe(false);
      expect(await t.dataSource.getRepository(AttachmentEntity).existsBy({ id })).toBe(false);
      expectError(await download(tokens.resident!, id), 404, 'ATTACHMENT_NOT_FOUND');
      const events = await t.dataSource.getRepository(AuditEventEntity).findBy({ targetId: id });
      expect(events.map((event) => event.action).sort()).toEqual(['attachment.delete', 'attachment.upload']);
    });

    it('answers anyone else with 404, and changes nothing', async () => {
      const { id } = await uploaded(tokens.resident!);
      for (const name of ['admin', 'adminB', 'otherHq']) {
        expectError(
          await t.http().delete(`/api/attachments/${id}`).set(bearer(tokens[name]!)),
          404,
          'ATTACHMENT_NOT_FOUND',
        );
      }
      expect((await download(tokens.resident!, id)).status).toBe(200);
    });

    it('refuses to remove a file a ticket holds with 409', async () => {
      const { id } = await uploaded(tokens.resident!);
      await claim(principalOf(a.users.resident, 'resident'), [id], newId());
      expectError(
        await t.http().delete(`/api/attachments/${id}`).set(bearer(tokens.resident!)),
        409,
        'ATTACHMENT_IN_USE',
      );
      expect((await download(tokens.resident!, id)).status).toBe(200);
    });
  });

  const service = () => t.app.get(AttachmentsService);
  const claim = (
    principal: Principal,
    attachmentIds: string[],
    ticketId: string,
    extra: { communityId?: string; kinds?: ('image' | 'video' | 'audio')[] } = {},
  ) =>
    inTransaction(t.dataSource, (manager) =>
      service().claim(manager, principal, {
        attachmentIds,
        ticketId,
        communityId: extra.communityId ?? a.id,
        purpose: 'report',
        kinds: extra.kinds,
      }),
    );

  describe('claims by a ticket', () => {
    it('hands the caller’s uploads to a ticket, in the order given, and lists them for it', async () => {
      const photo = await uploaded(tokens.resident!, jpeg(), 'a.jpg');
      const voice = await uploaded(tokens.resident!, amr(), 'v.amr');
      const ticketId = newId();
      const claimed = await claim(
        principalOf(a.users.resident, 'resident'),
        [voice.id, photo.id, voice.id],
        ticketId,
      );
      expect(claimed.map((view) => [view.id, view.kind, view.purpose])).toEqual([
        [voice.id, 'audio', 'report'],
        [photo.id, 'image', 'report'],
      ]);
      expect((await service().listForTicket(ticketId)).map((view) => view.id)).toEqual([photo.id, voice.id]);
      const events = await t.dataSource.getRepository(AuditEventEntity).findBy({ targetId: ticketId });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'attachment.claim',
          data: { attachmentIds: [voice.id, photo.id], purpose: 'report' },
        }),
      ]);
    });

    it('refuses, naming every offending id, and claims none of them', async () => {
      const mine = await uploaded(tokens.resident!);
      const voice = await uploaded(tokens.resident!, amr(), 'v.amr');
      const someoneElses = await uploaded(tokens.engineer!);
      const otherCommunity = await uploaded(tokens.residentB!, png(), 'p.png', tenant.b.id);
      const taken = await uploaded(tokens.resident!);
      await claim(principalOf(a.users.resident, 'resident'), [taken.id], newId());
      const missing = newId();
      const ticketId = newId();

      const attempt = claim(
        principalOf(a.users.resident, 'resident'),
        [mine.id, voice.id, someoneElses.id, otherCommunity.id, taken.id, missing],
        ticketId,
        { kinds: ['image', 'video'] },
      );
      await expect(attempt).rejects.toMatchObject({
        code: 'ATTACHMENT_INVALID',
        details: { invalid: [voice.id, someoneElses.id, otherCommunity.id, taken.id, missing] },
      });
      expect(await service().listForTicket(ticketId)).toEqual([]);
      // A claim for another community refuses even the caller's own uploads of this one.
      await expect(
        claim(principalOf(a.users.resident, 'resident'), [mine.id], ticketId, { communityId: tenant.b.id }),
      ).rejects.toMatchObject({ code: 'ATTACHMENT_INVALID', details: { invalid: [mine.id] } });
    });

    it('lets exactly one of two tickets claiming one file at once have it', async () => {
      const { id } = await uploaded(tokens.resident!);
      const [first, second] = [newId(), newId()];
      const outcomes = await Promise.allSettled([
        claim(principalOf(a.users.resident, 'resident'), [id], first),
        claim(principalOf(a.users.resident, 'resident'), [id], second),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'ATTACHMENT_INVALID', details: { invalid: [id] } });
      const winner = outcomes[0]!.status === 'fulfilled' ? first : second;
      const row = await t.dataSource.getRepository(AttachmentEntity).findOneByOrFail({ id });
      expect(row.ticketId).toBe(winner);
    });

    it('must run inside the ticket’s transaction', async () => {
      const { id } = await uploaded(tokens.resident!);
      await expect(
        service().claim(t.dataSource.manager, principalOf(a.users.resident, 'resident'), {
          attachmentIds: [id],
          ticketId: newId(),
          communityId: a.id,
          purpose: 'report',
        }),
      ).rejects.toThrow('inside the transaction');
    });

    it('keeps a file claimed by a ticket no one may see from everyone but its uploader', async () => {
      const { id } = await uploaded(tokens.resident!);
      await claim(principalOf(a.users.resident, 'resident'), [id], newId());
      expect((await download(tokens.resident!, id)).status).toBe(200);
      for (const name of ['admin', 'engineer', 'otherHq']) {
        expect((await download(tokens[name]!, id)).status).toBe(404);
      }
    });

    it('without a ticket rule, keeps a claimed file its uploader’s alone', async () => {
      const { id } = await uploaded(tokens.resident!);
      await claim(principalOf(a.users.resident, 'resident'), [id], newId());
      const withoutRule = new AttachmentsService(
        t.dataSource,
        t.app.get(AuditService),
        t.app.get<symbol, FileStorage>(FILE_STORAGE),
      );
      const own = await withoutRule.open(principalOf(a.users.resident, 'resident'), id);
      own.stream.destroy();
      await expect(withoutRule.open(principalOf(a.users.admin, 'admin'), id)).rejects.toMatchObject({
        code: 'ATTACHMENT_NOT_FOUND',
      });
    });

    it('shows a claimed file to whoever the ticket rule lets see the ticket', async () => {
      const { id } = await uploaded(tokens.resident!);
      const ticketId = newId();
      await claim(principalOf(a.users.resident, 'resident'), [id], ticketId);
      const seen: string[] = [];
      const access: TicketAccess = {
        canSee: async (principal, ticket) => {
          seen.push(ticket);
          return principal.userId === a.users.engineer.id && ticket === ticketId;
        },
      };
      const withRule = new AttachmentsService(
        t.dataSource,
        t.app.get(AuditService),
        t.app.get<symbol, FileStorage>(FILE_STORAGE),
        access,
      );
      const opened = await withRule.open(principalOf(a.users.engineer, 'engineer'), id);
      expect(opened).toMatchObject({ mime: 'image/png', size: png().length });
      opened.stream.destroy();
      await expect(withRule.open(principalOf(a.users.admin, 'admin'), id)).rejects.toMatchObject({
        code: 'ATTACHMENT_NOT_FOUND',
      });
      // Seeing the ticket is not owning the file: only the uploader removes, and not once claimed.
      await expect(withRule.remove(principalOf(a.users.engineer, 'engineer'), id)).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      // An unclaimed upload is never asked about.
      const loose = await uploaded(tokens.resident!);
      const asked = seen.length;
      await expect(withRule.open(principalOf(a.users.engineer, 'engineer'), loose.id)).rejects.toMatchObject({
        code: 'ATTACHMENT_NOT_FOUND',
      });
      expect(seen).toHaveLength(asked);
    });
  });

  it('logged no unexpected error along the way: bad uploads are answers, never failures', () => {
    expect(t.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
