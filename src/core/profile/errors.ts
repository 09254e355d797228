/**
 * The one error type for a profile that cannot be used: unreadable, not pprof, corrupt, over a limit, or
 * incompatible with the profiles it is merged with. `message` is a single line that starts with the file name,
 * e.g. `bad.pb.gz: not a pprof profile (truncated varint at byte 1234)`, so a CLI can print it as is.
 */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';

  constructor(
    /** The file (or other source) the profile came from, as the user named it. */
    readonly source: string,
    /** What is wrong, without the file name. */
    readonly reason: string,
  ) {
    super(`${source}: ${oneLine(reason)}`);
  }
}

/** Error messages are printed as one line; a newline in a file name or a decoded string must not break that. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * Thrown inside the decoder, where the file name is not known; `decodeProfile` turns it into a ProfileError.
 * Kept separate so the hot decoding code carries no file name around.
 */
export class MalformedProfile extends Error {
  constructor(
    readonly detail: string,
    /** 'wire': the bytes are not protobuf/pprof; 'invalid': well-formed protobuf whose content breaks pprof rules. */
    readonly kind: 'wire' | 'invalid' = 'wire',
  ) {
    super(detail);
  }

  /** The ProfileError a user sees for this problem in `source`. */
  toProfileError(source: string): ProfileError {
    return new ProfileError(
      source,
      this.kind === 'wire' ? `not a pprof profile (${this.detail})` : `invalid pprof profile: ${this.detail}`,
    );
  }
}
