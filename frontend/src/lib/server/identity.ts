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

export function signUp(request: SignUpRequest): Promise<SignUpResponse> {
  return callService('identity', signUpResponse, { method: 'POST', path: apiPaths.identity.signUp, body: request });
}

/** Wrong credentials answer 401 (ApiError), like any other failure. */
export function logIn(request: LogInRequest): Promise<SessionResponse> {
  return callService('identity', sessionResponse, { method: 'POST', path: apiPaths.identity.logIn, body: request });
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
