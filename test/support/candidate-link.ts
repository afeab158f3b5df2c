// A candidate link on a running Candor, made through the recruiter API as a recruiter would: log in,
// create a job, invite a candidate. For suites and benches that need a real `/i/<token>` page.
import { apiPaths, type CommandResult, type CreateInviteResponse } from '@candor/contracts';

export async function newCandidateLink(url: string, login: { email: string; password: string }): Promise<string> {
  const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const response = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { token } = await post<{ token: string }>(apiPaths.identity.logIn, login);
  const job = await post<CommandResult>(
    apiPaths.invite.jobs,
    { title: 'Page weight', questions: [{ text: 'What did you build last?' }, { text: 'What would you change?' }] },
    token,
  );
  const invite = await post<CreateInviteResponse>(
    apiPaths.invite.invites,
    { jobId: job.id, candidateEmail: `weight.${Date.now().toString(36)}@example.com` },
    token,
  );
  return `${url}${invite.link.path}`;
}

/** Waits until the candidate page answers 200: the invite's session is created by a policy a moment later. */
export async function candidatePageReady(link: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    const response = await fetch(link);
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (tries > 40) throw new Error(`the candidate page never opened: ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
