import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // `stripInternal` drops declarations marked `@internal` (the reader's and writer's constructors),
  // so the published types name only the public API, not LogOwner, Segment or Snapshot.
  dts: { compilerOptions: { stripInternal: true } },
  // No source maps: they would double the tarball and point at sources it does not ship.
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  // Gives the CJS build an import.meta.url, which io/mapped-file.ts uses to load the addon.
  shims: true,
  external: ['@node-rs/crc32', 'proper-lockfile'],
})
