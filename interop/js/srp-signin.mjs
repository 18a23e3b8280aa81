// Signs in with SRP (USER_SRP_AUTH) using the reference JavaScript client,
// amazon-cognito-identity-js, against any Cognito-compatible endpoint, and prints one line
// of JSON: {"ok", "code", "message", "tokens"?, "calls"}.
//
// Usage: node srp-signin.mjs ENDPOINT USER_POOL_ID CLIENT_ID USERNAME PASSWORD
// or the environment variables COGNITO_ENDPOINT, USER_POOL_ID, CLIENT_ID, USERNAME,
// PASSWORD (arguments win). "calls" lists each API call the client made, with its HTTP status
// and the challenge or error it got back, so a caller can check that an unknown user was
// answered with a PASSWORD_VERIFIER challenge before the failure.

const calls = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const target = (init && init.headers && (init.headers['X-Amz-Target'] || init.headers['x-amz-target'])) || '';
  const res = await realFetch(url, init);
  const body = await res.clone().text();
  let parsed = {};
  try {
    parsed = JSON.parse(body);
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

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = await import('amazon-cognito-identity-js');

const argv = process.argv.slice(2);
const env = process.env;
const [endpoint, userPoolId, clientId, username, password] = [
  argv[0] || env.COGNITO_ENDPOINT,
  argv[1] || env.USER_POOL_ID,
  argv[2] || env.CLIENT_ID,
  argv[3] || env.USERNAME,
  argv[4] ?? env.PASSWORD,
];

function done(result) {
  process.stdout.write(JSON.stringify({ ...result, calls }) + '\n');
  process.exit(0);
}

if (!endpoint || !userPoolId || !clientId || !username || password === undefined) {
  process.stderr.write('usage: node srp-signin.mjs ENDPOINT USER_POOL_ID CLIENT_ID USERNAME PASSWORD\n');
  process.exit(2);
}

const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });
const user = new CognitoUser({ Username: username, Pool: pool });
user.setAuthenticationFlowType('USER_SRP_AUTH');
const details = new AuthenticationDetails({ Username: username, Password: password });

const nextStep = (name) => () => done({ ok: false, code: 'NextStep', message: name });

user.authenticateUser(details, {
  onSuccess(session) {
    done({
      ok: true,
      code: 'SignedIn',
      message: '',
      tokens: {
        idToken: session.getIdToken().getJwtToken(),
        accessToken: session.getAccessToken().getJwtToken(),
        refreshToken: session.getRefreshToken().getToken(),
      },
    });
  },
  onFailure(err) {
    done({ ok: false, code: (err && err.code) || (err && err.name) || 'Error', message: (err && err.message) || String(err) });
  },
  newPasswordRequired: nextStep('NEW_PASSWORD_REQUIRED'),
  mfaRequired: nextStep('SMS_MFA'),
  totpRequired: nextStep('SOFTWARE_TOKEN_MFA'),
  selectMFAType: nextStep('SELECT_MFA_TYPE'),
  mfaSetup: nextStep('MFA_SETUP'),
  customChallenge: nextStep('CUSTOM_CHALLENGE'),
});
