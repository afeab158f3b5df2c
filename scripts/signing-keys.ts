// `npm run keys`: a new signing key for an issuer (identity, invite, media or recording), printed as the two
// values a deployment needs: CANDOR_SIGNING_KEYS for the issuer (private: a secret store only) and
// the public JWKS a verifier may be given inline (CANDOR_IDENTITY_JWKS / CANDOR_INVITE_JWKS / CANDOR_RECORDING_JWKS) —
// verifiers can instead fetch it from the issuer's /.well-known/jwks.json. To rotate, add the new
// key to the issuer's list (see docs/architecture.md, "Keys").
import { generateSigningKey, publicKeysOf } from '@candor/runtime';

void (async () => {
  const key = await generateSigningKey();
  process.stdout.write(`CANDOR_SIGNING_KEYS='${JSON.stringify({ keys: [key] })}'\n`);
  process.stdout.write(`# public (for verifiers, inline): '${JSON.stringify(publicKeysOf([key]))}'\n`);
})();
