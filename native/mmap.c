/*
 * kafka_lite_mmap: the smallest binding @kafka-lite/log needs to map sealed files read-only.
 *
 * Exports (Node-API, ABI-stable across Node versions, no dependencies):
 *   map(fd, length)   -> Buffer over mmap(NULL, length, PROT_READ, MAP_SHARED, fd, 0), advised
 *                        MADV_RANDOM (index lookups jump around). The Buffer owns the mapping: it is
 *                        munmapped when the Buffer is garbage collected. Throws on failure with the
 *                        errno name in `code`.
 *   dontneed(buffer)  -> madvise(MADV_DONTNEED) over the whole mapping: the kernel may drop its pages
 *                        at once (the file is unchanged; a later touch faults them back in).
 *   release(buffer)   -> unmaps now instead of at garbage collection: detaches the Buffer's
 *                        ArrayBuffer, which drops V8's reference to the mapping, so the finalizer
 *                        above runs munmap at once. Every view of the mapping becomes empty (length
 *                        0), so a stale view reads nothing instead of faulting. Returns false when the
 *                        ArrayBuffer cannot be detached (the mapping then waits for the collector).
 *
 * Only src/io/mapped-file.ts loads this module; it falls back to reading files into memory when the
 * addon is missing, so nothing here is required for correctness.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

static napi_value throw_errno(napi_env env, int err, const char* call) {
  char msg[128];
  const char* name = err == ENOMEM ? "ENOMEM" : err == EACCES ? "EACCES" : err == EBADF ? "EBADF"
                   : err == EINVAL ? "EINVAL" : err == ENODEV ? "ENODEV" : "EIO";
  strcpy(msg, call);
  strcat(msg, ": ");
  strncat(msg, strerror(err), sizeof(msg) - strlen(msg) - 1);
  napi_throw_error(env, name, msg);
  return NULL;
}

static void unmap(napi_env env, void* data, void* hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value map(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) {
    napi_throw_type_error(env, NULL, "map(fd, length)");
    return NULL;
  }
  int32_t fd;
  int64_t length;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int64(env, argv[1], &length) != napi_ok ||
      fd < 0 || length <= 0) {
    napi_throw_type_error(env, NULL, "map(fd, length): fd >= 0 and length > 0 must be integers");
    return NULL;
  }
  void* addr = mmap(NULL, (size_t)length, PROT_READ, MAP_SHARED, fd, 0);
  if (addr == MAP_FAILED) return throw_errno(env, errno, "mmap");
  madvise(addr, (size_t)length, MADV_RANDOM);
  napi_value buffer;
  if (napi_create_external_buffer(env, (size_t)length, addr, unmap, (void*)(uintptr_t)length, &buffer) != napi_ok) {
    munmap(addr, (size_t)length);
    napi_throw_error(env, "EIO", "cannot wrap the mapping in a Buffer");
    return NULL;
  }
  return buffer;
}

static napi_value dontneed(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void* data;
  size_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_buffer_info(env, argv[0], &data, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "dontneed(buffer)");
    return NULL;
  }
  if (length > 0 && madvise(data, length, MADV_DONTNEED) != 0) return throw_errno(env, errno, "madvise");
  return NULL;
}

static napi_value release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value arraybuffer;
  bool detached = false;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_typedarray_info(env, argv[0], NULL, NULL, NULL, &arraybuffer, NULL) != napi_ok) {
    napi_throw_type_error(env, NULL, "release(buffer)");
    return NULL;
  }
  if (napi_is_detached_arraybuffer(env, arraybuffer, &detached) == napi_ok && !detached) {
    detached = napi_detach_arraybuffer(env, arraybuffer) == napi_ok;
  }
  napi_get_boolean(env, detached, &result);
  return result;
}

/* native/crc32c.c: adds `crc32c` where the CPU has SSE4.2. */
void define_crc32c(napi_env env, napi_value exports);

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "map", NULL, map, NULL, NULL, NULL, napi_enumerable, NULL },
    { "dontneed", NULL, dontneed, NULL, NULL, NULL, napi_enumerable, NULL },
    { "release", NULL, release, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  define_crc32c(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
