// Excalidraw loads its fonts from a CDN unless told otherwise, which fails offline and on locked-down networks.
// Copy them from the installed package into public/ (git-ignored; ~14 MB) so the app serves them itself.
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.join(root, "node_modules/@excalidraw/excalidraw/dist/prod/fonts");
const to = path.join(root, "public/excalidraw-assets/fonts");
if (!existsSync(from)) {
  console.warn("excalidraw fonts not found; skipping (is @excalidraw/excalidraw installed?)");
  process.exit(0);
}
if (!existsSync(to)) {
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  console.log("copied Excalidraw fonts to public/excalidraw-assets/");
}
