// Excalidraw lists a CDN copy (esm.sh) after our own URL for every font it registers. The browser checks every
// listed source against the page's `font-src` as soon as the FontFace is created, so that fallback is reported
// as a Content-Security-Policy violation on every board even though the font loads from /excalidraw-assets
// (server/http/security-headers.ts allows no third-party origin). Browser only; idempotent.

const ENTRY = /,\s*(?=url\(|local\()/;

function isSameOrigin(entry: string): boolean {
  const url = /^url\(\s*['"]?([^'")]+)/.exec(entry)?.[1];
  if (!url) return true; // local(…), or something this filter doesn't understand: leave it alone
  try {
    const u = new URL(url, window.location.href);
    return u.origin === window.location.origin || u.protocol === "data:" || u.protocol === "blob:";
  } catch {
    return false;
  }
}

/** Drops cross-origin `url()` sources from FontFace sources given as CSS text (never all of them). */
export function keepFontsSameOrigin(): void {
  const w = window as unknown as { FontFace: typeof FontFace; __quorumSameOriginFonts?: true };
  if (w.__quorumSameOriginFonts) return;
  w.__quorumSameOriginFonts = true;
  const Native = w.FontFace;
  w.FontFace = class extends Native {
    constructor(family: string, source: string | BufferSource, descriptors?: FontFaceDescriptors) {
      const kept = typeof source === "string" ? source.split(ENTRY).filter(isSameOrigin) : [];
      super(family, kept.length > 0 ? kept.join(", ") : source, descriptors);
    }
  };
}
