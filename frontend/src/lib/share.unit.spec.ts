import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inviteMessage, qrCardFileName, shareLinks } from './share.ts';

const share = {
  url: 'https://candor.example/i/abc_DEF-123',
  jobTitle: 'Backend & Data Engineer',
  candidateName: 'Ana López',
  candidateEmail: 'ana+jobs@example.com',
};

test('the message greets the candidate and carries the job and the link', () => {
  const message = inviteMessage(share);
  assert.match(message, /^Hello Ana López,/);
  assert.ok(message.includes('Backend & Data Engineer'));
  assert.ok(message.endsWith(share.url));
  assert.match(inviteMessage({ ...share, candidateName: '  ' }), /^Hello, you are invited/);
});

test('share links encode the message so it arrives whole', () => {
  const links = shareLinks(share);
  assert.ok(
    links.email.startsWith(
      'mailto:ana%2Bjobs@example.com?subject=Your%20interview%20for%20Backend%20%26%20Data%20Engineer&body=',
    ),
  );
  assert.ok(links.whatsapp.startsWith('https://wa.me/?text='));
  assert.ok(links.sms.startsWith('sms:?&body='));
  for (const link of [links.email, links.whatsapp, links.sms]) {
    const body = new URL(link.replace('sms:?&', 'sms:?')).searchParams;
    const text = body.get('body') ?? body.get('text');
    assert.equal(text, inviteMessage(share));
  }
});

test('the QR card is named after the candidate', () => {
  assert.equal(qrCardFileName('Ana López'), 'candor-invite-ana-lopez.png');
  assert.equal(qrCardFileName("  O'Brien, Seán  "), 'candor-invite-o-brien-sean.png');
  assert.equal(qrCardFileName(''), 'candor-invite-candidate.png');
  assert.equal(qrCardFileName('Jan Łukasiewicz'), 'candor-invite-jan-lukasiewicz.png');
  assert.equal(qrCardFileName('Søren Kierkegaard-Ærø'), 'candor-invite-soren-kierkegaard-aero.png');
  assert.equal(qrCardFileName('Straßer Đoković'), 'candor-invite-strasser-dokovic.png');
  assert.equal(qrCardFileName('李雷'), 'candor-invite-李雷.png');
  assert.equal(qrCardFileName('Анна Каренина'), 'candor-invite-анна-каренина.png');
  assert.equal(qrCardFileName('🙂 !!'), 'candor-invite-candidate.png');
  assert.ok(qrCardFileName('x'.repeat(300)).length < 90);
});
