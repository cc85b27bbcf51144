/**
 * The hidden line that marks our pull request comment, shared by the renderer that writes
 * it and the code that finds the comment again. Versioned, so a later format can still
 * recognise (and replace) comments written by this one.
 */
export const MARKER = '<!-- headroom:comment:v1 -->';

export function hasMarker(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.includes(MARKER);
}
