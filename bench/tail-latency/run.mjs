// Placeholder for the append-to-follower latency bench; see README.md in this folder.
console.log('bench/tail-latency: not implemented yet (see bench/tail-latency/README.md)')
