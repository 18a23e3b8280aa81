// Times the client-side SRP math of one USER_SRP_AUTH login as the reference JavaScript client,
// amazon-cognito-identity-js (pinned in package-lock.json), does it, with no network:
//
//   new AuthenticationHelper(poolName)   -> random a (1024 bits) and A = g^a mod N
//   getLargeAValue                        -> A (already computed by the constructor)
//   getPasswordAuthenticationKey(...)     -> u, x, S = (B - k*g^x)^(a+u*x), HKDF
//   HMAC-SHA256 over poolName | userId | secretBlock | timestamp  (PASSWORD_CLAIM_SIGNATURE)
//
// The server's B, salt and secret block are fixed, taken from the "basic" vector in
// testdata/srp/vectors.json. Before timing, the script checks that the library reproduces that
// vector's signature from its fixed a, so the timed code is the code that computes a real login.
//
// Usage: node srp-js.mjs [LOGINS] [VECTORS_JSON]
// Prints one line of JSON: {"logins", "warmup", "totalMs", "msPerLogin", "node", "library"}.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { Sha256 } = require('@aws-crypto/sha256-js');
const libVersion = require('amazon-cognito-identity-js/package.json').version;

const logins = Math.max(1, parseInt(process.argv[2] ?? '50', 10) || 50);
const vectorsPath = process.argv[3] ?? join(here, '..', 'testdata', 'srp', 'vectors.json');
const vector = JSON.parse(readFileSync(vectorsPath, 'utf8')).find((v) => v.name === 'basic');
if (!vector) {
  process.stderr.write(`srp-js: no "basic" vector in ${vectorsPath}\n`);
  process.exit(2);
}
const inp = vector.input;

// promisify the library's node-style callbacks
const call = (fn) => new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

// oneLogin is the client math of one login, as CognitoUser.authenticateUserDefaultAuth runs it.
async function oneLogin(fixedSmallA) {
  const helper = new AuthenticationHelper(inp.poolName);
  if (fixedSmallA) {
    // only for the correctness check: replace the random a with the vector's and recompute A
    helper.smallAValue = new BigInteger(fixedSmallA, 16);
    helper.largeAValue = undefined;
  }
  await call((cb) => helper.getLargeAValue(cb));
  const serverB = new BigInteger(inp.srpB, 16);
  const salt = new BigInteger(inp.salt, 16);
  const hkdf = await call((cb) => helper.getPasswordAuthenticationKey(inp.userIdForSrp, inp.password, serverB, salt, cb));
  const msg = Buffer.concat([
    Buffer.from(inp.poolName, 'utf8'),
    Buffer.from(inp.userIdForSrp, 'utf8'),
    Buffer.from(inp.secretBlock, 'base64'),
    Buffer.from(inp.timestamp, 'utf8'),
  ]);
  const mac = new Sha256(hkdf);
  mac.update(msg);
  return Buffer.from(mac.digestSync()).toString('base64');
}

const check = await oneLogin(inp.smallA);
if (check !== vector.expected.passwordClaimSignature) {
  process.stderr.write(`srp-js: the library did not reproduce the vector's signature (${check})\n`);
  process.exit(1);
}

const warmup = Math.min(5, logins);
for (let i = 0; i < warmup; i++) await oneLogin();
const t0 = process.hrtime.bigint();
for (let i = 0; i < logins; i++) await oneLogin();
const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(
  JSON.stringify({ logins, warmup, totalMs, msPerLogin: totalMs / logins, node: process.version, library: `amazon-cognito-identity-js ${libVersion}` }) + '\n',
);
