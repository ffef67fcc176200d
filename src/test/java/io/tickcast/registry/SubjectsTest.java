package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectsTest {

  @Test
  void valueSubjectIsTopicWithValueSuffix() {
    assertThat(Subjects.value("ticks")).isEqualTo("ticks-value");
    assertThat(Subjects.of("ticks", false)).isEqualTo("ticks-value");
  }

  @Test
  void keySubjectIsTopicWithKeySuffix() {
    assertThat(Subjects.key("ticks")).isEqualTo("ticks-key");
    assertThat(Subjects.of("ticks", true)).isEqualTo("ticks-key");
  }

  @Test
  void emptyTopicIsRejected() {
    assertThatThrownBy(() -> Subjects.value("")).isInstanceOf(IllegalArgumentException.class);
  }
}
