/**
 * The one error every decoder of this folder throws for a payload that would decompress to more than
 * its caller allows (the registry turns it into `KLOG_CORRUPT_SEGMENT`, naming the bound). Thrown
 * before the output is allocated wherever the payload declares its size (snappy's preamble, a zstd or
 * LZ4 frame's content size), otherwise as soon as the output reaches the bound.
 */
export class DecompressionBoundError extends Error {
  constructor(
    readonly codec: string,
    readonly bound: number,
    readonly declared: number | undefined,
  ) {
    super(
      `${codec} payload ${declared === undefined ? 'decompresses to more than' : `declares ${declared} bytes, more than`} its bound of ${bound} bytes`,
    )
  }
}
