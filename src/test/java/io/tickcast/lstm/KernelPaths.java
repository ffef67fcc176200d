package io.tickcast.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** The kernel paths this JVM can run, for parameterised tests. */
final class KernelPaths {
  private KernelPaths() {}

  static Stream<Named<Kernels>> available() {
    List<Named<Kernels>> k = new ArrayList<>();
    k.add(Named.of("scalar", VectorSupport.scalar()));
    VectorSupport.vector().ifPresent(v -> k.add(Named.of("vector", v)));
    return k.stream();
  }
}
