import { issueResumeSecret, resumeHashOf, resumes } from './resume-secrets';

describe('resume secrets', () => {
  it('are 128 random bits, different each time, kept only as their hash', () => {
    const issued = Array.from({ length: 50 }, () => issueResumeSecret());
    for (const { secret, hash } of issued) {
      expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
      expect(hash).not.toContain(secret);
      expect(hash).toBe(resumeHashOf(secret));
    }
    expect(new Set(issued.map(({ secret }) => secret)).size).toBe(issued.length);
  });

  it("resume only the connection they were issued to", () => {
    const mine = issueResumeSecret();
    const theirs = issueResumeSecret();
    expect(resumes(mine.secret, mine.hash)).toBe(true);
    expect(resumes(theirs.secret, mine.hash)).toBe(false);
    // the hash itself (what the room keeps) is not a secret that resumes
    expect(resumes(mine.hash, mine.hash)).toBe(false);
    expect(resumes(undefined, mine.hash)).toBe(false);
    expect(resumes('', resumeHashOf(''))).toBe(false);
  });
});
