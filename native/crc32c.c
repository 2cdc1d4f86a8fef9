/*
 * crc32c(bytes, previous) -> CRC-32C (Castagnoli) of a Uint8Array (a Buffer is one), continuing from
 * `previous` (the CRC of the bytes before; 0 to start), as an unsigned 32-bit number. The same
 * function as src/format/crc32c-js.ts, computed with the SSE4.2 `crc32` instruction.
 *
 * Only x86-64 CPUs with SSE4.2 get it: the module's init asks the CPU (cpuid) and defines `crc32c`
 * only there, so elsewhere the export is absent and src/format/crc32c.ts uses the next
 * implementation. The instructions are enabled per function (`target` attributes), not for the
 * whole file: the rest of the addon stays at the x86-64 baseline, and nothing runs them unless
 * cpuid said the CPU has them.
 *
 * Speed: one `crc32` instruction takes 8 bytes but its result is needed by the next one three cycles
 * later, so one chain of them runs at about a third of what the CPU can do. Three independent
 * chains ("lanes") over three adjacent blocks keep it busy; the three CRCs are then joined.
 * Joining uses linearity: the raw CRC register (before the final inversion) of A followed by B is
 * shift(crcA, |B|) xor crcB, where shift(c, n) appends n zero bytes: c * x^(8n) mod P. For the two
 * block lengths used, that multiplication is one carry-less multiply (PCLMULQDQ) by a constant and
 * one `crc32` to reduce it (below). CPUs with SSE4.2 but no PCLMULQDQ (none made since 2010) take
 * one lane.
 *
 * Pure computation over memory the caller owns for the call's duration: no allocation, no state,
 * safe from any thread.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#include <wmmintrin.h>

/* Bytes per lane: 3 lanes of LONG while at least 3 * LONG bytes remain, then of SHORT. */
#define LONG 8192
#define SHORT 256

/*
 * x^(8n - 33) mod P, bit-reflected, for n = LONG and n = SHORT. Why 8n - 33: with bit-reflected
 * 32-bit values a and k, the carry-less product is x * a * k as a 64-bit reflected value, and
 * `crc32` of a 64-bit value v from register 0 is v * x^32 mod P; so the two together give
 * a * k * x^33, which is a * x^(8n) when k = x^(8n - 33). Computed by shifting x^0 (0x80000000) right
 * 8n - 33 times, folding in the reflected polynomial 0x82F63B78 at each carry; the unit test
 * test/unit/format/crc32c-addon.test.ts holds the result equal to the JavaScript CRC across both
 * block lengths and every split.
 */
#define K_LONG 0x54a86326u
#define K_SHORT 0xb9e02b86u

__attribute__((target("sse4.2"))) static uint64_t one_lane(uint64_t crc, const uint8_t* p, size_t n) {
  while (n >= 8) {
    uint64_t v;
    memcpy(&v, p, 8); /* unaligned load */
    crc = _mm_crc32_u64(crc, v);
    p += 8;
    n -= 8;
  }
  uint32_t c = (uint32_t)crc;
  while (n-- > 0) c = _mm_crc32_u8(c, *p++);
  return c;
}

/* crc * x^(8n) mod P for the lane length whose constant is k (see K_LONG). */
__attribute__((target("sse4.2,pclmul"))) static uint64_t shift(uint64_t crc, uint32_t k) {
  __m128i product = _mm_clmulepi64_si128(_mm_cvtsi32_si128((int)(uint32_t)crc), _mm_cvtsi32_si128((int)k), 0);
  return _mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(product));
}

/* Three lanes of `lane` bytes each over p[0, 3 * lane), from the raw register crc. */
__attribute__((target("sse4.2,pclmul"))) static uint64_t three_lanes(uint64_t crc, const uint8_t* p, size_t lane,
                                                                    uint32_t k) {
  uint64_t a = crc, b = 0, c = 0;
  const uint8_t* end = p + lane;
  for (; p < end; p += 8) {
    uint64_t x, y, z;
    memcpy(&x, p, 8);
    memcpy(&y, p + lane, 8);
    memcpy(&z, p + 2 * lane, 8);
    a = _mm_crc32_u64(a, x);
    b = _mm_crc32_u64(b, y);
    c = _mm_crc32_u64(c, z);
  }
  return shift(shift(a, k) ^ b, k) ^ c;
}

__attribute__((target("sse4.2,pclmul"))) static uint32_t crc_lanes(uint32_t previous, const uint8_t* p, size_t n) {
  uint64_t crc = (uint32_t)~previous;
  while (n >= 3 * LONG) {
    crc = three_lanes(crc, p, LONG, K_LONG);
    p += 3 * LONG;
    n -= 3 * LONG;
  }
  while (n >= 3 * SHORT) {
    crc = three_lanes(crc, p, SHORT, K_SHORT);
    p += 3 * SHORT;
    n -= 3 * SHORT;
  }
  return ~(uint32_t)one_lane(crc, p, n);
}

__attribute__((target("sse4.2"))) static uint32_t crc_one_lane(uint32_t previous, const uint8_t* p, size_t n) {
  return ~(uint32_t)one_lane((uint32_t)~previous, p, n);
}

typedef uint32_t (*crc_fn)(uint32_t, const uint8_t*, size_t);

/*
 * The implementation this CPU runs. Shared by every thread that loads the addon: each one's init
 * stores the same pointer (the CPU does not change), and calls only read it; relaxed atomics make
 * those concurrent stores and loads well-defined without ordering anything else.
 */
static crc_fn crc_impl;

/* Chooses the implementation this CPU can run: 1 if there is one, 0 if none (no SSE4.2). */
static int choose(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_SSE4_2)) return 0;
  __atomic_store_n(&crc_impl, (ecx & bit_PCLMUL) ? crc_lanes : crc_one_lane, __ATOMIC_RELAXED);
  return 1;
}

static napi_value crc32c(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_typedarray_type type;
  size_t length;
  void* data;
  uint32_t previous = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok || type != napi_uint8_array ||
      (argc >= 2 && napi_get_value_uint32(env, argv[1], &previous) != napi_ok)) {
    napi_throw_type_error(env, NULL, "crc32c(bytes: Uint8Array, previous?: number)");
    return NULL;
  }
  napi_value result;
  napi_create_uint32(env, length == 0 ? previous : __atomic_load_n(&crc_impl, __ATOMIC_RELAXED)(previous, (const uint8_t*)data, length), &result);
  return result;
}

/* Adds `crc32c` to the addon's exports where the CPU can run it (called by mmap.c's init). */
void define_crc32c(napi_env env, napi_value exports) {
  if (!choose()) return;
  napi_property_descriptor prop = { "crc32c", NULL, crc32c, NULL, NULL, NULL, napi_enumerable, NULL };
  napi_define_properties(env, exports, 1, &prop);
}

#else

void define_crc32c(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
}

#endif
