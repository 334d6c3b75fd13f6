#!/usr/bin/env node
// Parse each Mermaid file with the real Mermaid parser (mermaid.parse), no browser needed.
// Usage: node validate-mermaid.mjs FILE.mmd...   Exit 0: all parse; 1: a file does not; 2: usage.
// Needs: npm install mermaid linkedom  (linkedom gives DOMPurify, used by mermaid's sanitiser, a DOM)
import { readFile } from "node:fs/promises";
import { parseHTML } from "linkedom";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate-mermaid.mjs FILE.mmd...");
  process.exit(2);
}
const { window } = parseHTML("<!doctype html><html><head></head><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
// imported after the DOM exists: DOMPurify binds to `window` when its module is first evaluated
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.log(`FAIL ${file}: cannot read: ${error.message}`);
    failed += 1;
    continue;
  }
  try {
    const result = await mermaid.parse(text); // throws on a syntax error (suppressErrors is off)
    console.log(`ok   ${file} (${result.diagramType})`);
  } catch (error) {
    const message = String(error?.message ?? error).split("\n").map((l) => `    ${l}`).join("\n");
    console.log(`FAIL ${file}: ${error?.name ?? "Error"}\n${message}`);
    failed += 1;
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
