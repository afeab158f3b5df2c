// The contract every EmailTransport adapter passes (SMTP against a real server, the local mailbox):
// what a caller sends is what the recipient gets, names and all, and a closed transport refuses.
import type { EmailTransport, OutgoingEmail } from '../src/transport/email-transport';

export interface ReceivedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  calendar?: { method: string; content: string; filename: string | null };
}

export interface TransportFixture {
  transport: EmailTransport;
  /** what arrived at the other end, oldest first */
  received(): Promise<ReceivedEmail[]>;
  stop(): Promise<void>;
}

const longLine = 'Über die Brücke — ' + 'très long mot '.repeat(20);
const message: OutgoingEmail = {
  to: 'zoe.odegaard@example.com',
  subject: 'Your interview for Ingénieur·e backend — 山田さん 🎤',
  text: `Hello Zoë Ødegaard,\n\n${longLine}\n\nhttps://candor.example/i/k1.AAAAAAAAAAAAAAAAAAAAAA.abc_-def\n`,
  html: `<!doctype html><html><body><p>Hello Zoë Ødegaard &amp; 山田,</p><p>${longLine}</p><p><a href="https://candor.example/i/k1.AAAAAAAAAAAAAAAAAAAAAA.abc_-def">Start</a></p></body></html>`,
  headers: { 'Auto-Submitted': 'auto-generated' },
  organisationId: 'org-a',
};

// a small but real VCALENDAR: CRLF lines, a folded line and non-ASCII text must survive the trip
const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Candor//Contract test//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:00000000-0000-4000-8000-000000000000@candor',
  'SEQUENCE:0',
  'DTSTAMP:20261121T100000Z',
  'DTSTART:20261201T150000Z',
  'DTEND:20261201T154500Z',
  'SUMMARY:Entretien — Zoë Ødegaard',
  'DESCRIPTION:Une très longue description qui dépasse soixante-quinze octets e',
  ' t doit donc être pliée.',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

export function emailTransportContract(name: string, open: () => Promise<TransportFixture>): void {
  describe(`${name} (email transport contract)`, () => {
    let fixture: TransportFixture;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.stop();
    });

    it('delivers recipient, subject, text and HTML intact, non-ASCII included', async () => {
      const { messageId } = await fixture.transport.send(message);
      expect(messageId).toMatch(/\S/);
      const [received] = await fixture.received();
      expect(received?.to).toBe(message.to);
      expect(received?.subject).toBe(message.subject);
      expect(received?.text.trimEnd()).toBe(message.text.trimEnd());
      expect(received?.html.trimEnd()).toBe(message.html.trimEnd());
    });

    it('answers a distinct message id per message and delivers each', async () => {
      const first = await fixture.transport.send(message);
      const second = await fixture.transport.send({ ...message, to: 'ana@example.com', subject: 'Second' });
      expect(first.messageId).not.toBe(second.messageId);
      const received = await fixture.received();
      expect(received.map((email) => email.subject).sort()).toEqual(['Second', message.subject].sort());
    });

    it("gives a message key's Message-ID, the same each time that attempt is sent, in the sender's domain", async () => {
      const first = await fixture.transport.send({ ...message, messageKey: 'a1b2c3.1' });
      const repeat = await fixture.transport.send({ ...message, messageKey: 'a1b2c3.1' });
      const retry = await fixture.transport.send({ ...message, messageKey: 'a1b2c3.2' });
      expect(first.messageId).toBe('<a1b2c3.1@candor.test>');
      expect(repeat.messageId).toBe(first.messageId);
      expect(retry.messageId).toBe('<a1b2c3.2@candor.test>');
      expect(await fixture.received()).toHaveLength(3);
    });

    it('carries a calendar invitation intact, with its method and as invite.ics', async () => {
      await fixture.transport.send({ ...message, calendar: { method: 'REQUEST', content: calendar } });
      await fixture.transport.send({
        ...message,
        subject: 'Cancelled',
        calendar: { method: 'CANCEL', content: calendar.replace('METHOD:REQUEST', 'METHOD:CANCEL') },
      });
      await fixture.transport.send({ ...message, subject: 'No calendar' });
      const received = await fixture.received();
      const bySubject = (subject: string) => received.find((email) => email.subject === subject);
      expect(bySubject(message.subject)?.calendar).toMatchObject({ method: 'REQUEST', filename: 'invite.ics' });
      expect(bySubject(message.subject)?.calendar?.content.replace(/\r\n$/, '')).toBe(calendar);
      expect(bySubject('Cancelled')?.calendar?.method).toBe('CANCEL');
      expect(bySubject('Cancelled')?.calendar?.content).toContain('METHOD:CANCEL');
      expect(bySubject('No calendar')?.calendar).toBeUndefined();
    });

    it('refuses to send once closed, and closes twice without complaint', async () => {
      await fixture.transport.close();
      await fixture.transport.close();
      await expect(fixture.transport.send(message)).rejects.toThrow(/closed/);
    });
  });
}
