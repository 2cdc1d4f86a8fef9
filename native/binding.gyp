{
  "targets": [
    {
      "target_name": "kafka_lite_mmap",
      "sources": ["mmap.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
