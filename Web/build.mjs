// Bundles src/main.ts (and the generated stubs) into dist/app.js and copies the static files next to it.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const result = await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/app.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2022"],
  sourcemap: false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
for (const file of ["index.html", "app.css"]) {
  await copyFile(new URL(`./static/${file}`, import.meta.url), new URL(file, dist));
}

const bytes = result.metafile.outputs["dist/app.js"].bytes;
console.log(`dist/app.js: ${bytes} bytes`);
