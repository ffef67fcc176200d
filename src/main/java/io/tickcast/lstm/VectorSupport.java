package io.tickcast.lstm;

import java.util.Optional;

/**
 * Chooses the kernels once per JVM: the Vector API ones when the {@code jdk.incubator.vector}
 * module was added at launch ({@code java --add-modules jdk.incubator.vector ...}), plain Java
 * otherwise. As in Lucene, the vector classes are loaded only after the module has been found, so
 * a JVM without it never tries to link them.
 *
 * <p>The system property {@code tickcast.lstm.scalar=true} forces the plain-Java path.
 */
public final class VectorSupport {
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  static final String FORCE_SCALAR_PROPERTY = "tickcast.lstm.scalar";

  private static final Optional<Kernels> VECTOR = loadVectorKernels();
  private static final Kernels ACTIVE =
      Boolean.getBoolean(FORCE_SCALAR_PROPERTY) ? ScalarKernels.INSTANCE : VECTOR.orElse(ScalarKernels.INSTANCE);

  private VectorSupport() {}

  /**
   * The active path in one line for startup logs: {@code "vector (jdk.incubator.vector, 16 float
   * lanes)"} or {@code "scalar"}.
   */
  public static String activePath() {
    return ACTIVE.description();
  }

  static Kernels kernels() {
    return ACTIVE;
  }

  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The vector kernels, if this JVM can run them (whether or not they are the active path). */
  static Optional<Kernels> vector() {
    return VECTOR;
  }

  private static Optional<Kernels> loadVectorKernels() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<?> c = Class.forName("io.tickcast.lstm.VectorKernels");
      Kernels k = (Kernels) c.getDeclaredConstructor().newInstance();
      // A species of one or two lanes would only add overhead to the scalar code.
      int lanes = (Integer) c.getDeclaredMethod("lanes").invoke(null);
      return lanes >= 4 ? Optional.of(k) : Optional.empty();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return Optional.empty();
    }
  }
}
