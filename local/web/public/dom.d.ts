// Types of the page helpers that TypeScript tests import (the page itself is plain browser JavaScript; this
// file is never served: only .html, .js and .css are).

/** The one duration rule, mirrored from shared/present/text/format.ts formatDuration. */
export declare const duration: (ms: number | undefined | null) => string;
