// Each issuer's own signing key for a distributed run, and what each service process is given:
// identity, invite and media their private keys (CANDOR_SIGNING_KEYS); every verifier the identity
// service's URL (it fetches identity's public keys from its JWKS document and asks it about
// logged-out sessions), and media the invite service's public keys inline (CANDOR_INVITE_JWKS).
import { generateSigningKey, publicKeysOf } from '@candor/runtime';

export async function tokenKeys() {
  const [identity, invite, media] = [await generateSigningKey(), await generateSigningKey(), await generateSigningKey()];
  const own: Record<string, string> = {
    identity: JSON.stringify({ keys: [identity] }),
    invite: JSON.stringify({ keys: [invite] }),
    media: JSON.stringify({ keys: [media] }),
  };
  return {
    /** the variables of one service, once identity's URL is known (identity itself needs none) */
    envFor(service: string, identityUrl?: string): Record<string, string> {
      return {
        ...(own[service] ? { CANDOR_SIGNING_KEYS: own[service] } : {}),
        ...(identityUrl ? { CANDOR_IDENTITY_URL: identityUrl } : {}),
        ...(service === 'media' ? { CANDOR_INVITE_JWKS: JSON.stringify(publicKeysOf([invite])) } : {}),
      };
    },
  };
}
