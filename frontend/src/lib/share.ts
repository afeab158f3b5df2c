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

/** Latin letters that do not decompose into a base letter and a mark (NFKD leaves them whole). */
const latinLetters: Record<string, string> = {
  ł: 'l', đ: 'd', ð: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŀ: 'l', ĸ: 'k', ŋ: 'ng',
};

/**
 * `candor-invite-ana-lopez.png`: Latin letters lose their accents (`Łukasiewicz` → `lukasiewicz`),
 * letters of other scripts stay (`李雷`); a name without letters or digits gives `candor-invite-candidate.png`.
 */
export function qrCardFileName(candidateName: string): string {
  const slug = [
    ...candidateName
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[łđðøßæœþıħŧŀĸŋ]/g, (letter) => latinLetters[letter] ?? letter)
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  ]
    .slice(0, 60)
    .join('')
    .replace(/-+$/, '');
  return `candor-invite-${slug || 'candidate'}.png`;
}
