// Signs in with choice-based authentication (AuthFlow USER_AUTH) using Amplify's
// JavaScript library, aws-amplify v6 (signIn with authFlowType 'USER_AUTH', then
// confirmSignIn), against any Cognito-compatible endpoint, under Node.
//
// Usage: node amplify-userauth.mjs ENDPOINT USER_POOL_ID CLIENT_ID USERNAME [PREFERRED_CHALLENGE [PASSWORD]]
//
// It speaks one line of JSON per step on stdout and reads the answers from stdin, so
// the caller (the Go test) plays the user, reading the codes from the mock pool's
// outbox:
//   - first {"library":"aws-amplify","version":...,"node":...};
//   - after signIn and each confirmSignIn that does not finish:
//     {"step":"CONFIRM_SIGN_IN_WITH_EMAIL_CODE",...,"calls":[...]}, then it reads one
//     line: the challengeResponse for confirmSignIn (a code, a password, or a
//     challenge name such as EMAIL_OTP when the step is
//     CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION); an empty line or end of input
//     stops;
//   - last {"done":true,"ok":true,"tokens":{"idToken","accessToken"},"sub",...} or
//     {"done":true,"ok":false,"code":"CodeMismatchException","message":...}.
// "calls" lists each API call Amplify made since the previous line, with its HTTP
// status and the challenge or error it got back.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

let calls = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const h = (init && init.headers) || {};
  const target = (typeof h.get === 'function' ? h.get('x-amz-target') : h['X-Amz-Target'] || h['x-amz-target']) || '';
  const res = await realFetch(url, init);
  let parsed = {};
  try {
    parsed = JSON.parse(await res.clone().text());
  } catch {
    parsed = {};
  }
  calls.push({
    op: String(target).split('.').pop(),
    status: res.status,
    challenge: parsed.ChallengeName || undefined,
    error: parsed.__type || undefined,
  });
  return res;
};

function emit(obj) {
  process.stdout.write(JSON.stringify({ ...obj, calls }) + '\n');
  calls = [];
}

const pkg = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

const [endpoint, userPoolId, clientId, username, preferredChallenge, password] = process.argv.slice(2);
if (!endpoint || !userPoolId || !clientId || !username) {
  process.stderr.write('usage: node amplify-userauth.mjs ENDPOINT USER_POOL_ID CLIENT_ID USERNAME [PREFERRED_CHALLENGE [PASSWORD]]\n');
  process.exit(2);
}

const { Amplify } = await import('aws-amplify');
const { signIn, confirmSignIn, fetchAuthSession } = await import('aws-amplify/auth');

emit({ library: 'aws-amplify', version: pkg('aws-amplify'), auth: pkg('@aws-amplify/auth'), node: process.version });

// Node has no localStorage: Amplify keeps the tokens in its in-memory fallback.
Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } },
});

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function answer() {
  const { value, done } = await lines.next();
  return done ? '' : value;
}

function finish(result) {
  emit({ done: true, ...result });
  process.exit(0);
}

try {
  const options = { authFlowType: 'USER_AUTH' };
  if (preferredChallenge) options.preferredChallenge = preferredChallenge;
  let out = await signIn({ username, password: password || undefined, options });
  while (!out.isSignedIn) {
    const step = out.nextStep;
    emit({
      step: step.signInStep,
      availableChallenges: step.availableChallenges,
      codeDeliveryDetails: step.codeDeliveryDetails,
    });
    const response = await answer();
    if (response === '') finish({ ok: false, code: 'Stopped', message: step.signInStep });
    out = await confirmSignIn({ challengeResponse: response });
  }
  const session = await fetchAuthSession();
  const id = session.tokens && session.tokens.idToken;
  const access = session.tokens && session.tokens.accessToken;
  finish({
    ok: !!(id && access),
    code: 'SignedIn',
    message: '',
    sub: id ? id.payload.sub : '',
    tokens: { idToken: id ? id.toString() : '', accessToken: access ? access.toString() : '' },
  });
} catch (err) {
  finish({ ok: false, code: (err && err.name) || 'Error', message: (err && err.message) || String(err) });
}
