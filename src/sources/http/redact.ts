/** URLs as they may appear in messages and logs: never with a user name, password or token in them. */

const SECRET_PARAM = /token|key|secret|password|passwd|auth|signature|sig$|credential/i;

/** The URL without user info, with secret-looking query parameter values replaced by `REDACTED`. */
export function redactUrl(url: URL | string): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '<invalid URL>';
  }
  u.username = '';
  u.password = '';
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) u.searchParams.set(name, 'REDACTED');
  }
  return u.toString();
}

/** Removes every occurrence of each secret from text a server sent back (an error page may echo a header). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a header value is replaced whole before the token inside it.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= 4) out = out.split(s).join('***');
  }
  return out;
}
