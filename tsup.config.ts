import { defineConfig, type Options } from 'tsup'

const common: Options = {
  // No source maps: they would double the tarball and point at sources it does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  splitting: false,
  // Gives the CJS build an import.meta.url, which io/mapped-file.ts uses to load the addon.
  shims: true,
  external: ['@node-rs/crc32', 'proper-lockfile'],
}

export default defineConfig([
  {
    ...common,
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    // `stripInternal` drops declarations marked `@internal` (the reader's and writer's constructors),
    // so the published types name only the public API, not LogOwner, Segment or Snapshot.
    dts: { compilerOptions: { stripInternal: true } },
  },
  {
    // The `kafka-lite-log` command (package `bin`): ESM only, no types.
    ...common,
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
  },
])
