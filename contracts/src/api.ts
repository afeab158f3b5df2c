// HTTP paths of each service. In the embedded mode every service is mounted on one origin; in the
// distributed mode each has its own base URL and the same paths.
export const apiPaths = {
  identity: {
    signUp: '/api/identity/signup',
    logIn: '/api/identity/login',
    me: '/api/identity/me',
  },
  invite: {
    jobs: '/api/invite/jobs',
    job: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}`,
    activateJob: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}/activate`,
    deactivateJob: (jobId: string) => `/api/invite/jobs/${encodeURIComponent(jobId)}/deactivate`,
  },
} as const;

/** Name of the recruiter session cookie the frontend keeps the JWT in. */
export const sessionCookieName = 'candor_session';
