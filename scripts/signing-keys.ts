// `npm run keys`: a new signing key for an issuer (identity, invite, media or recording), printed as the two
// values a deployment needs: CANDOR_SIGNING_KEYS for the issuer (private: a secret store only) and
// the public JWKS a verifier may be given inline (CANDOR_IDENTITY_JWKS / CANDOR_INVITE_JWKS / CANDOR_RECORDING_JWKS) —
// verifiers can instead fetch it from the issuer's /.well-known/jwks.json. To rotate, add the new
// key to the issuer's list (see docs/architecture.md, "Keys").
// `npm run -s keys -- --private` prints the private JWKS alone (the value of CANDOR_SIGNING_KEYS),
// for scripts that put it straight into a secret store (deploy/k8s-dev-secrets.sh, deploy/kube-play.sh).
import { generateSigningKey, publicKeysOf } from '@candor/runtime';

void (async () => {
  const key = await generateSigningKey();
  const own = JSON.stringify({ keys: [key] });
  if (process.argv.includes('--private')) {
    process.stdout.write(`${own}\n`);
    return;
  }
  process.stdout.write(`CANDOR_SIGNING_KEYS='${own}'\n`);
  process.stdout.write(`# public (for verifiers, inline): '${JSON.stringify(publicKeysOf([key]))}'\n`);
})();
