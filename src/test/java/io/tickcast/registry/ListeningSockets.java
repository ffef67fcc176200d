package io.tickcast.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets a process listens on, read from Linux's /proc. */
final class ListeningSockets {

  private static final String LISTEN_STATE = "0A";

  private ListeningSockets() {}

  static boolean supported() {
    return Files.isReadable(Path.of("/proc/self/net/tcp"));
  }

  static Set<InetSocketAddress> of(long pid) throws IOException {
    Set<String> socketInodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            socketInodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // fds come and go while we list them
        }
      }
    }
    Set<InetSocketAddress> listening = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] cols = line.trim().split("\\s+");
        if (cols[3].equals(LISTEN_STATE) && socketInodes.contains(cols[9])) {
          listening.add(address(cols[1]));
        }
      }
    }
    return listening;
  }

  /** "0100007F:1F90" or a 32-hex-digit IPv6 address: 32-bit words in host (little-endian) order. */
  private static InetSocketAddress address(String hex) throws IOException {
    String[] parts = hex.split(":");
    String ip = parts[0];
    byte[] bytes = new byte[ip.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(ip.substring(at, at + 2), 16);
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
  }
}
