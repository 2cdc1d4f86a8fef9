// Types for shape-workload.mjs (the stress test imports it; followers in workers and processes too).
import type { Log } from '../../../src/index.js'
export function valueOf(epoch: number, offset: number): Buffer
export function parseValue(buf: Buffer | null): { epoch: number; offset: number } | undefined
export function reached(last: [number, number] | undefined, target: { end: number; epoch: number } | undefined): boolean
export function follow(
  log: Log,
  options: { stopAt: () => { end: number; epoch: number } | undefined; signal?: AbortSignal; state?: { last?: [number, number] } },
): Promise<{ runs: Array<Array<[number, number] | [number, number, number]>>; errors: string[]; delivered: number }>
export function checkRuns(runs: Array<Array<[number, number] | [number, number, number]>>, cuts: number[]): string[]
