{
  "targets": [
    {
      "target_name": "kafka_lite_mmap",
      "sources": ["mmap.c", "crc32c.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
