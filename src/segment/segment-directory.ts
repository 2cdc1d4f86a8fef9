/**
 * Listing a log directory's segments: the one place that turns a directory listing into segment
 * base offsets, for the owner's load, views, compaction's swap recovery and read-only opens of
 * directories another program wrote. Reads the directory only; safe from any thread.
 */
import fs from 'node:fs'
import { parseLogFileName } from '../io/file-names.js'

/** The base offsets of the `.log` files among `names` (a directory listing), ascending. */
export function segmentBasesOf(names: readonly string[]): number[] {
  const bases: number[] = []
  for (const name of names) {
    const base = parseLogFileName(name)
    if (base !== undefined) bases.push(base)
  }
  return bases.sort((a, b) => a - b)
}

/** Lists the base offsets of the segments in `dir`, ascending. */
export function listSegmentBases(dir: string): number[] {
  return segmentBasesOf(fs.readdirSync(dir))
}
