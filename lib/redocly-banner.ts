// Redocly CLI 2.x prints a boxed "Node.js 20 support is ending" notice on every run under Node 20
// (docs/design/TOOLCHAIN.md): a supported Node for this kit, so not the user's to read each time.
// Whatever shows Redocly's output (lint, the workflows, the release scripts) passes it through here.

/** `text` without Redocly's boxed notice (its lines begin with ╔ ║ ╚). */
export function withoutBanner(text: string): string {
  return text.replace(/^\s*[╔║╚].*\n?/gmu, '').replace(/\n{3,}/g, '\n\n').trim();
}
