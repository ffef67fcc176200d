package io.tickcast.lstm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Named tensors in insertion order, like a PyTorch {@code state_dict}. Mutable and not
 * thread-safe: it is a container for import and export, not a model.
 */
public final class StateDict {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /** The tensors in insertion order (read-only view). */
  public Map<String, Tensor> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The tensor of that name, or {@code null} when there is none. */
  public Tensor get(String name) {
    return tensors.get(name);
  }

  /** Adds or replaces a tensor; returns this for chaining. */
  public StateDict put(String name, Tensor tensor) {
    tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
    return this;
  }

  /** Removes a tensor if present; returns this for chaining. */
  public StateDict remove(String name) {
    tensors.remove(name);
    return this;
  }

  public int size() {
    return tensors.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDict s && tensors.equals(s.tensors);
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  @Override
  public String toString() {
    return "StateDict" + tensors;
  }
}
