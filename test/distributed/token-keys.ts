// Each issuer's own signing key for a distributed run, and what each service process is given:
// identity, invite, media and recording their private keys (CANDOR_SIGNING_KEYS); every verifier the
// identity service's URL (it fetches identity's public keys from its JWKS document and asks it about
// logged-out sessions), and media the invite service's and the recording service's public keys
// inline (CANDOR_INVITE_JWKS, CANDOR_RECORDING_JWKS).
import { generateSigningKey, publicKeysOf } from '@candor/runtime';

export async function tokenKeys() {
  const [identity, invite, media, recording] = [
    await generateSigningKey(),
    await generateSigningKey(),
    await generateSigningKey(),
    await generateSigningKey(),
  ];
  const own: Record<string, string> = {
    identity: JSON.stringify({ keys: [identity] }),
    invite: JSON.stringify({ keys: [invite] }),
    media: JSON.stringify({ keys: [media] }),
    recording: JSON.stringify({ keys: [recording] }),
  };
  return {
    /** the variables of one service, once identity's URL is known (identity itself needs none) */
    envFor(service: string, identityUrl?: string): Record<string, string> {
      return {
        ...(own[service] ? { CANDOR_SIGNING_KEYS: own[service] } : {}),
        ...(identityUrl ? { CANDOR_IDENTITY_URL: identityUrl } : {}),
        ...(service === 'media'
          ? {
              CANDOR_INVITE_JWKS: JSON.stringify(publicKeysOf([invite])),
              CANDOR_RECORDING_JWKS: JSON.stringify(publicKeysOf([recording])),
            }
          : {}),
      };
    },
  };
}
