import { LogError } from '../../src/index.js'

/** The `LogError` code `p` rejects with; fails the test if it resolves or rejects with anything else. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}
