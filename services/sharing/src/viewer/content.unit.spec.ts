import type { ShareLinkDetails } from '../share-link';
import type { SharedInterview } from '../shared-interview';
import { endedBecause, pageTitleOf, recordingsGone, viewerContentOf, visibleName } from './content';
import { coarseUserAgent } from './user-agent';

const allOff = {
  interviewTitle: false,
  inviterDetails: false,
  scheduledAt: false,
  duration: false,
  interviewerNames: false,
  averageScore: false,
};
const link: ShareLinkDetails = {
  shareLinkId: 'share-1',
  organisationId: 'org-a',
  liveInterviewId: 'live-1',
  linkId: 'l',
  name: 'Client review',
  nameVisibility: 'hidden',
  content: { ...allOff, interviewTitle: true, averageScore: true },
  recordings: 'all',
  expiresAt: '2026-11-28T10:00:00.000Z',
  maxViews: 3,
  createdAt: '2026-11-21T10:00:00.000Z',
};
const interview: SharedInterview = {
  facts: {
    liveInterviewId: 'live-1',
    organisationId: 'org-a',
    organisationName: 'One',
    title: 'Technical interview',
    candidateName: 'Grace Brewster Hopper',
    inviterName: 'Ada',
    startsAt: '2026-12-01T15:00:00.000Z',
    timeZone: 'Europe/Berlin',
    durationMinutes: 45,
    interviewerNames: ['Ada', 'Bob'],
    cancelled: false,
  },
  recordings: [
    { segmentId: 'seg-1', index: 1, durationMs: 60_000, status: 'ready' },
    { segmentId: 'seg-2', index: 2, durationMs: null, status: 'deleted' },
    { segmentId: 'seg-3', index: 3, durationMs: 30_000, status: 'ready' },
  ],
  scores: { r1: 4, r2: 5 },
};

describe('what the viewer is shown', () => {
  it('puts only the switched-on fields in the object at all; a hidden name is absent everywhere', () => {
    const content = viewerContentOf(link, interview);
    expect(Object.keys(content).sort()).toEqual([
      'averageScore',
      'expiresAt',
      'interviewTitle',
      'pageTitle',
      'recordings',
    ]);
    expect(content).toMatchObject({
      interviewTitle: 'Technical interview',
      averageScore: 4.5,
      pageTitle: 'Shared interview',
    });
    expect(JSON.stringify(content)).not.toMatch(/Grace|Hopper|Ada|Bob|Berlin/);
  });
  it('shows every field when all are on, the first name only for "first", and never an email', () => {
    const allOn = Object.fromEntries(Object.keys(allOff).map((key) => [key, true])) as typeof allOff;
    const content = viewerContentOf({ ...link, nameVisibility: 'first', content: allOn }, interview);
    expect(content).toMatchObject({
      candidateName: 'Grace',
      pageTitle: 'Interview with Grace',
      inviter: { name: 'Ada', organisationName: 'One' },
      scheduledAt: { startsAt: '2026-12-01T15:00:00.000Z', timeZone: 'Europe/Berlin' },
      durationMinutes: 45,
      interviewerNames: ['Ada', 'Bob'],
    });
    expect(JSON.stringify(content)).not.toMatch(/Hopper|@/);
    expect(pageTitleOf({ ...link, nameVisibility: 'full' }, interview)).toBe('Interview with Grace Brewster Hopper');
  });
  it('plays the ready recordings the link chose, in order; deleted ones never', () => {
    expect(viewerContentOf(link, interview).recordings.map((r) => r.id)).toEqual(['seg-1', 'seg-3']);
    expect(viewerContentOf({ ...link, recordings: ['seg-3', 'seg-2'] }, interview).recordings.map((r) => r.id)).toEqual(
      ['seg-3'],
    );
  });
  it('ends a link once every recording it showed is deleted', () => {
    expect(recordingsGone(link, interview)).toBe(false);
    expect(recordingsGone({ ...link, recordings: ['seg-2'] }, interview)).toBe(true);
    const allDeleted = {
      ...interview,
      recordings: interview.recordings.map((r) => ({ ...r, status: 'deleted' as const })),
    };
    expect(recordingsGone(link, allDeleted)).toBe(true);
    // an interview with no recording yet ends nothing
    expect(recordingsGone(link, { ...interview, recordings: [] })).toBe(false);
  });
  it('ends a link of a cancelled interview, and says which reason', () => {
    expect(endedBecause(link, interview)).toBeNull();
    expect(endedBecause(link, { ...interview, facts: { ...interview.facts!, cancelled: true } })).toMatch(/cancelled/);
    expect(endedBecause({ ...link, recordings: ['seg-2'] }, interview)).toMatch(/recordings .* deleted/);
  });
  it('cuts names to the visibility', () => {
    expect(visibleName('  Grace  Hopper ', 'first')).toBe('Grace');
    expect(visibleName('Grace Hopper', 'hidden')).toBeUndefined();
  });
});

describe('the coarse user agent', () => {
  it('keeps the browser family and the system, no versions', () => {
    expect(
      coarseUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on macOS');
    expect(
      coarseUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(
      coarseUserAgent(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(
      coarseUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0',
      ),
    ).toBe('Edge on Windows');
    expect(coarseUserAgent('Slackbot-LinkExpanding 1.0')).toBe('Bot or link preview');
    expect(coarseUserAgent(undefined)).toBe('Unknown browser');
  });
});
