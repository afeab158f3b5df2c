// HTTP paths of each service. In the embedded mode every service is mounted on one origin; in the
// distributed mode each has its own base URL and the same paths.
export const apiPaths = {
  identity: {
    signUp: '/api/identity/signup',
    logIn: '/api/identity/login',
    me: '/api/identity/me',
    /** POST with the session as Bearer: the session is revoked (deny list) */
    logOut: '/api/identity/logout',
    /** GET: `{ revoked }` for a session token id (what the other services ask) */
    sessionRevoked: (jti: string) => `/api/identity/sessions/${encodeURIComponent(jti)}/revoked`,
    /** GET: the public keys recruiter sessions are signed with (JWKS) */
    jwks: '/api/identity/.well-known/jwks.json',
    /** POST { name, email, password }: a colleague in the caller's organisation */
    colleagues: '/api/identity/colleagues',
  },
  invite: {
    /** GET: the public keys live tokens are signed with (JWKS) */
    jwks: '/api/invite/.well-known/jwks.json',
    jobs: '/api/invite/jobs',
    job: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}`,
    activateJob: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}/activate`,
    deactivateJob: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}/deactivate`,
    invites: '/api/invite/invites',
    invite: (inviteId: string) => `/api/invite/invites/${encodeURIComponent(inviteId)}`,
    inviteLink: (inviteId: string) => `/api/invite/invites/${encodeURIComponent(inviteId)}/link`,
    revokeInvite: (inviteId: string) => `/api/invite/invites/${encodeURIComponent(inviteId)}/revoke`,
    reissueInvite: (inviteId: string) => `/api/invite/invites/${encodeURIComponent(inviteId)}/reissue`,
    inviteExpiry: (inviteId: string) => `/api/invite/invites/${encodeURIComponent(inviteId)}/expiry`,
    liveTemplates: '/api/invite/live-templates',
    liveTemplate: (templateId: string) => `/api/invite/live-templates/${encodeURIComponent(templateId)}`,
    /** GET ?templateId= ; POST schedules */
    liveInterviews: '/api/invite/live-interviews',
    liveInterview: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}`,
    /** GET: both links as paths (recruiter) */
    liveLinks: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}/links`,
    /** POST { startsAt, timeZone } */
    rescheduleLive: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}/reschedule`,
    cancelLive: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}/cancel`,
    /** POST { role } */
    revokeLiveLink: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}/links/revoke`,
    reissueLiveLink: (id: string) => `/api/invite/live-interviews/${encodeURIComponent(id)}/links/reissue`,
    /** no account: POST { token, role } → live token */
    openLiveLink: '/api/invite/live-links/open',
    /** no account: POST { token, note? } → 204; the candidate declines the interview */
    declineLiveInterview: '/api/invite/live-links/decline',
  },
  session: {
    sessions: '/api/session/sessions',
    session: (sessionId: string) => `/api/session/sessions/${encodeURIComponent(sessionId)}`,
    analysis: (sessionId: string) => `/api/session/sessions/${encodeURIComponent(sessionId)}/analysis`,
    /** candidate side, no account: Authorization: Bearer <link token> */
    candidate: '/api/session/candidate/session',
    candidateStart: '/api/session/candidate/session/start',
    candidateAnswer: (questionId: string) => `/api/session/candidate/session/answers/${encodeURIComponent(questionId)}`,
    candidateSubmit: '/api/session/candidate/session/submit',
    /** GET: every reviewer score of an interview (live or async) and their average */
    review: (interviewId: string) => `/api/session/reviews/${encodeURIComponent(interviewId)}`,
    /** POST { score, note }: the caller's score (replaces their earlier one) */
    reviewScores: (interviewId: string) => `/api/session/reviews/${encodeURIComponent(interviewId)}/scores`,
  },
  notification: {
    settings: '/api/notification/settings',
    deliveries: (inviteId: string) => `/api/notification/invites/${encodeURIComponent(inviteId)}/deliveries`,
    retry: (inviteId: string) => `/api/notification/invites/${encodeURIComponent(inviteId)}/retry`,
    /** the local mailbox of the embedded mode (recruiter session; messages of their organisation) */
    mailbox: '/api/notification/mailbox',
  },
  media: {
    /** GET: the public keys room tokens are signed with (JWKS) */
    jwks: '/api/media/.well-known/jwks.json',
    /** POST, Authorization: Bearer <live token> → room token */
    join: '/api/media/rooms/join',
    /** GET, Authorization: Bearer <live token> → whether the link may enter now (mints nothing) */
    entry: '/api/media/rooms/entry',
    /** POST, Authorization: Bearer <live token>: the equipment test's network check (a probe connection) */
    networkCheck: '/api/media/rooms/network-check',
    /** GET ?templateId= (recruiter) */
    rooms: '/api/media/rooms',
    room: (roomId: string) => `/api/media/rooms/${encodeURIComponent(roomId)}`,
    /** GET: participants, timeline and actual duration of a live interview (recruiter) */
    roomTimeline: (roomId: string) => `/api/media/rooms/${encodeURIComponent(roomId)}/timeline`,
    /** GET: live interviews of the organisation that took place, newest first (recruiter) */
    heldInterviews: '/api/media/held-interviews',
    /** WebSocket signalling; the first message is { type: 'hello', token } */
    signal: '/api/media/signal',
  },
  recording: {
    /** GET: the public keys the recording service's service tokens are signed with (JWKS) */
    jwks: '/api/recording/.well-known/jwks.json',
    /** GET (recruiter): the segments of one live interview */
    interviewRecordings: (roomId: string) => `/api/recording/interviews/${encodeURIComponent(roomId)}/recordings`,
    /** DELETE (recruiter) */
    recording: (recordingId: string) => `/api/recording/recordings/${encodeURIComponent(recordingId)}`,
    /** POST (recruiter) → a short-lived signed playback URL */
    playbackUrl: (recordingId: string) => `/api/recording/recordings/${encodeURIComponent(recordingId)}/playback-url`,
    /** GET ?token= (the signed URL itself; HTTP Range) */
    playback: (recordingId: string) => `/api/recording/playback/${encodeURIComponent(recordingId)}`,
    /** POST { token, pass }: a share viewer's signed playback URLs, once the sharing service vouched for the viewing session */
    sharePlayback: '/api/recording/share-playback',
    /** GET / PUT (recruiter): the organisation's retention period */
    retention: '/api/recording/retention',
  },
} as const;

/** Name of the recruiter session cookie the frontend keeps the JWT in. */
export const sessionCookieName = 'candor_session';

/** Candidate pages live under this path: `/i/<link token>`. Logs mask what follows it. */
export const candidateLinkPrefix = '/i/';
