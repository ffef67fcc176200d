package io.tickcast.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap and resident memory of this JVM (which holds the broker, the streams application and the
 * benchmark's clients) and of its child processes (the schema registry).
 *
 * @param heapUsedAfterGc heap in use after a full collection: the live data
 * @param heapCommitted heap the JVM has taken from the system
 * @param residentBytes resident set of this process (VmRSS), -1 where /proc is missing
 * @param childrenResidentBytes resident sets of the child processes together, -1 where /proc is missing
 */
record MemoryFigures(long heapUsedAfterGc, long heapCommitted, long heapMax, long residentBytes, long childrenResidentBytes) {

  /** Collects garbage (not inside any timed section), then reads the figures. */
  static MemoryFigures now() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long children = 0;
    for (ProcessHandle child : ProcessHandle.current().children().toList()) {
      long rss = residentBytes(child.pid());
      if (rss < 0) {
        children = -1;
        break;
      }
      children += rss;
    }
    return new MemoryFigures(heap.getUsed(), heap.getCommitted(), heap.getMax(), residentBytes(ProcessHandle.current().pid()), children);
  }

  /** VmRSS of a process from /proc, in bytes; -1 if unreadable. */
  static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  String describe() {
    return String.format("heap %s live after GC (%s committed, %s max); resident %s; registry process %s",
        mb(heapUsedAfterGc), mb(heapCommitted), mb(heapMax), mb(residentBytes), mb(childrenResidentBytes));
  }

  static String mb(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%.0f MB", bytes / 1048576.0);
  }
}
