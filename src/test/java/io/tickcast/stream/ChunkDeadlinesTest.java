package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkDeadlinesTest {
  @Test
  void onlyChunksOpenedByTheBoundAreDueAndClosedOrReopenedOnesAreSkipped() {
    ChunkDeadlines d = new ChunkDeadlines();
    d.track("A", 0, 1_000);
    d.track("A", 0, 1_000); // the same chunk ticking again: tracked once
    d.track("B", 4, 2_000);
    d.track("C", 1, 2_400);
    d.closed("B"); // closed by its size before it was due
    d.track("B", 5, 2_500);
    List<String> due = new ArrayList<>();
    d.takeDue(2_450, due);
    assertThat(due).containsExactly("A", "C");
    assertThat(d.openChunks()).isEqualTo(1);
    due.clear();
    d.takeDue(2_450, due);
    assertThat(due).isEmpty();
    d.takeDue(2_500, due);
    assertThat(due).containsExactly("B");
    assertThat(d.openChunks()).isZero();
  }
}
