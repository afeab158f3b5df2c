import { escapeHtml, formatExpiry, invitationEmail, type InvitationEmailInput } from './invitation';

const link = 'https://candor.example/i/k1.AAAAAAAAAAAAAAAAAAAAAA.abc_-def';
const input: InvitationEmailInput = {
  candidateName: 'Zoë Ødegaard',
  jobTitle: 'Backend engineer',
  link,
  expiresAt: null,
  reason: 'invited',
};

describe('invitation email', () => {
  it('names the job in the subject and greets the candidate by name', () => {
    const email = invitationEmail(input);
    expect(email.subject).toBe('Your interview for Backend engineer');
    expect(email.text).toMatch(/^Hello Zoë Ødegaard,/);
    expect(email.html).toContain('Hello Zoë Ødegaard,');
  });

  it('greets without a name when none is known', () => {
    const email = invitationEmail({ ...input, candidateName: '' });
    expect(email.text).toMatch(/^Hello,\n/);
    expect(email.html).toContain('>Hello,<');
  });

  it('puts the link in both bodies, as a button and as plain text in the HTML', () => {
    const email = invitationEmail(input);
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.html).toContain(`<a href="${link}"`);
    expect(email.html.split(link).length - 1).toBe(3);
  });

  it('says the link is personal, and when it expires if it does', () => {
    const open = invitationEmail(input);
    expect(open.text).toContain('This link is personal');
    expect(open.text).not.toContain('works until');
    const expiring = invitationEmail({ ...input, expiresAt: '2026-11-21T10:00:00.000Z' });
    expect(expiring.text).toContain('The link works until 21 November 2026 at 10:00 UTC.');
    expect(expiring.html).toContain('21 November 2026 at 10:00 UTC');
  });

  it('escapes every value it puts into the HTML', () => {
    const hostile = invitationEmail({
      ...input,
      candidateName: '<script>alert(1)</script>',
      jobTitle: 'Dev "lead" & <b>boss</b>',
      link: 'https://candor.example/i/x"onmouseover="alert(1)',
    });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).not.toContain('<b>boss</b>');
    expect(hostile.html).not.toContain('"onmouseover');
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile.html).toContain('Dev &quot;lead&quot; &amp; &lt;b&gt;boss&lt;/b&gt;');
    // the text body is not HTML: it keeps the values as they are
    expect(hostile.text).toContain('Dev "lead" & <b>boss</b>');
  });

  it('keeps the subject on one line', () => {
    expect(invitationEmail({ ...input, jobTitle: 'Dev\r\nBcc: someone@evil.example' }).subject).toBe(
      'Your interview for Dev Bcc: someone@evil.example',
    );
  });

  it('tells a re-issued link apart from the first invitation', () => {
    expect(invitationEmail({ ...input, reason: 'link-reissued' }).text).toContain('no longer works');
    expect(invitationEmail(input).text).not.toContain('no longer works');
  });

  it('escapes the five HTML-significant characters and formats odd expiry values safely', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(formatExpiry('not a date')).toBe('not a date');
  });
});
