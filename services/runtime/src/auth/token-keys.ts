// What a composition builds its token modules from: an issuer's own keys (signing, and verifying
// its own tokens with the public halves), a verifier's view of recruiter sessions (identity's public
// keys and its deny list), the media service's view of the recording service's service tokens, and the route that publishes an issuer's public keys.
import type { RequestHandler } from 'express';
import { apiPaths } from '@candor/contracts';
import type { JWK } from 'jose';
import { createRemoteSessionRevocations } from './session-revocations';
import { createServiceTokens, type ServiceTokens } from './service-tokens';
import { createSessionTokens, type SessionTokens } from './session-tokens';
import type { TokenKeys } from './signed-tokens';
import {
  importSigningKeys,
  tokenIssuers,
  verifyingKeys,
  type KeySource,
  type SigningKeys,
  type TokenIssuer,
} from './signing-keys';

/** An issuer's keys for its own kind of token. */
export async function ownTokenKeys(
  issuer: TokenIssuer,
  privateKeys: JWK[],
): Promise<TokenKeys & { signing: SigningKeys }> {
  const signing = await importSigningKeys(issuer, privateKeys);
  return { signing, verifying: verifyingKeys(issuer, signing) };
}

/**
 * Recruiter sessions as every service but identity checks them: identity's public keys (given, or
 * its JWKS document) and its deny list of logged-out sessions, asked over HTTP with a short cache.
 */
export function recruiterSessions(config: {
  CANDOR_IDENTITY_URL: string;
  CANDOR_IDENTITY_JWKS?: KeySource | undefined;
}): SessionTokens {
  const identityUrl = config.CANDOR_IDENTITY_URL.replace(/\/+$/, '');
  const source = config.CANDOR_IDENTITY_JWKS ?? { url: identityUrl + apiPaths.identity.jwks };
  return createSessionTokens(
    { verifying: verifyingKeys(tokenIssuers.identity, source) },
    { revocations: createRemoteSessionRevocations({ identityUrl }) },
  );
}

/**
 * The recording service's service tokens as the media service checks them: its public keys given
 * (CANDOR_RECORDING_JWKS) or its JWKS document under CANDOR_RECORDING_URL; with neither, no key —
 * every service token is refused.
 */
export function recordingServiceTokens(config: {
  CANDOR_RECORDING_URL?: string | undefined;
  CANDOR_RECORDING_JWKS?: KeySource | undefined;
}): ServiceTokens {
  const source: KeySource = config.CANDOR_RECORDING_JWKS ??
    (config.CANDOR_RECORDING_URL
      ? { url: config.CANDOR_RECORDING_URL.replace(/\/+$/, '') + apiPaths.recording.jwks }
      : { jwks: { keys: [] } });
  return createServiceTokens({ verifying: verifyingKeys(tokenIssuers.recording, source) });
}

/** `GET /.well-known/jwks.json` under the service's mount path: its public keys, cacheable briefly. */
export function jwksRoute(signing: SigningKeys): RequestHandler {
  return (_req, res) => {
    res.set('cache-control', 'public, max-age=300');
    res.type('application/jwk-set+json').send(JSON.stringify(signing.jwks));
  };
}
