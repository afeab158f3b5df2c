// Client of the identity service: organisations and recruiter accounts.
import {
  addColleagueResponse,
  apiPaths,
  recruiterView,
  sessionResponse,
  signUpResponse,
  type AddColleagueRequest,
  type AddColleagueResponse,
  type LogInRequest,
  type RecruiterView,
  type SessionResponse,
  type SignUpRequest,
  type SignUpResponse,
} from '@candor/contracts';
import { callService } from './http';

/** `clientAddress`: the browser's, forwarded (X-Forwarded-For) for identity's per-address limits. */
export function signUp(request: SignUpRequest, clientAddress?: string): Promise<SignUpResponse> {
  return callService('identity', signUpResponse, { method: 'POST', path: apiPaths.identity.signUp, body: request, clientAddress });
}

/** Wrong credentials answer 401 (ApiError), like any other failure. */
export function logIn(request: LogInRequest, clientAddress?: string): Promise<SessionResponse> {
  return callService('identity', sessionResponse, { method: 'POST', path: apiPaths.identity.logIn, body: request, clientAddress });
}

/** Revokes the session at the identity service (its deny list): the token stops working everywhere. */
export async function logOut(token: string): Promise<void> {
  // 204, no body: any answer parses
  await callService('identity', { parse: () => undefined }, { method: 'POST', path: apiPaths.identity.logOut, token });
}

export function me(token: string): Promise<RecruiterView> {
  return callService('identity', recruiterView, { path: apiPaths.identity.me, token });
}

/** A colleague in the signed-in recruiter's organisation, with the first password they are given. */
export function addColleague(token: string, request: AddColleagueRequest): Promise<AddColleagueResponse> {
  return callService('identity', addColleagueResponse, {
    method: 'POST',
    path: apiPaths.identity.colleagues,
    body: request,
    token,
  });
}
