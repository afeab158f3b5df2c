// Ways a recruiter hands an interview link to a candidate by hand: a short message, drafts for the
// email client, WhatsApp and SMS, and the name of the downloadable QR card.
export interface InviteShare {
  url: string;
  jobTitle: string;
  candidateName: string;
  candidateEmail: string;
}

export function inviteSubject(share: InviteShare): string {
  return `Your interview for ${share.jobTitle}`;
}

export function inviteMessage({ url, jobTitle, candidateName }: InviteShare): string {
  const greeting = candidateName.trim() ? `Hello ${candidateName.trim()},` : 'Hello,';
  return `${greeting} you are invited to a written interview for ${jobTitle}. You can answer in your own time; open this link to start: ${url}`;
}

export interface ShareLinks {
  email: string;
  whatsapp: string;
  sms: string;
}

export function shareLinks(share: InviteShare): ShareLinks {
  const message = inviteMessage(share);
  // the address stays readable: `@` is allowed in a mailto address, the rest is encoded
  const to = encodeURIComponent(share.candidateEmail.trim()).replace(/%40/g, '@');
  return {
    email: `mailto:${to}?subject=${encodeURIComponent(inviteSubject(share))}&body=${encodeURIComponent(message)}`,
    whatsapp: `https://wa.me/?text=${encodeURIComponent(message)}`,
    // `?&body=` rather than `?body=`: the form both iOS and Android accept without a recipient
    sms: `sms:?&body=${encodeURIComponent(message)}`,
  };
}

/** `candor-invite-ana-lopez.png`; a name without letters or digits gives `candor-invite-candidate.png`. */
export function qrCardFileName(candidateName: string): string {
  const slug = candidateName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `candor-invite-${slug || 'candidate'}.png`;
}
