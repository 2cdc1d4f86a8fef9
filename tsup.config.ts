import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  // Gives the CJS build an import.meta.url, which io/mapped-file.ts uses to load the addon.
  shims: true,
  external: ['mmap-io', '@node-rs/crc32', 'proper-lockfile'],
})
