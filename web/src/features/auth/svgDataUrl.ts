/**
 * An SVG document as a base64 data URL, so it is shown through <img> (which never runs scripts in an
 * SVG) instead of being injected as markup.
 */
export function svgDataUrl(svg: string): string {
  if (svg.startsWith('data:image/svg+xml')) return svg;
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** A secret grouped in fours for reading aloud or typing by hand: `JBSW Y3DP EHPK 3PXP`. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
