import { afterEach, describe, expect, it } from 'vitest';
import { firing } from '../../testing/message.js';
import { startSmtp, unQp } from '../testing/smtp.js';
import { emailNotifier } from './index.js';

let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const base = {
  type: 'email' as const,
  host: '127.0.0.1',
  secure: false,
  requireTLS: false,
  from: 'nodetally <alerts@nodetally.test>',
  to: ['ops@nodetally.test'],
  subjectPrefix: '[nodetally]',
};
const quick = { http: { sleep: async () => {}, retries: 2 } };

describe('email over SMTP', () => {
  it('a real SMTP server receives the mail with the subject and the alert text', async () => {
    smtp = await startSmtp();
    const r = await emailNotifier({ ...base, port: smtp.port, user: 'alerts', pass: 'hunter2-hunter2' }).send(
      firing,
      quick,
    );
    expect(r).toMatchObject({ ok: true, type: 'email', status: 250, attempts: 1 });
    expect(r.remote_id).toMatch(/^<.+@nodetally\.test>$/);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail?.user).toBe('alerts');
    expect(mail?.from).toBe('alerts@nodetally.test');
    expect(mail?.to).toEqual(['ops@nodetally.test']);
    expect(mail?.raw).toContain(`Subject: [nodetally] ${firing.title}`);
    expect(mail?.raw).toContain(`X-Nodetally-Alert: ${firing.id}`);
    expect(
      unQp(
        mail?.raw
          .split(/\r\n\r\n/)
          .slice(1)
          .join('\r\n\r\n') ?? '',
      ),
    ).toContain(firing.text);
  });

  it('retries a temporary 451 and gives up at once on a permanent 550', async () => {
    let tries = 0;
    smtp = await startSmtp({
      onRcptTo(address, _session, cb) {
        tries++;
        if (address.address.startsWith('gone'))
          return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        if (tries === 1) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
        cb();
      },
    });
    const ok = await emailNotifier({ ...base, port: smtp.port }).send(firing, quick);
    expect(ok).toMatchObject({ ok: true, attempts: 2 });
    const gone = await emailNotifier({ ...base, port: smtp.port, to: ['gone@nodetally.test'] }).send(
      firing,
      quick,
    );
    expect(gone).toMatchObject({
      ok: false,
      attempts: 1,
      status: 550,
      error: { code: 'NT_ERR_NOTIFY_SMTP' },
    });
  });

  it('a wrong password fails without retrying and without printing it', async () => {
    smtp = await startSmtp();
    const r = await emailNotifier({
      ...base,
      port: smtp.port,
      user: 'alerts',
      pass: 'wrong-password-1',
    }).send(firing, quick);
    expect(r).toMatchObject({ ok: false, attempts: 1 });
    expect(r.error?.message).not.toContain('wrong-password-1');
  });
});
