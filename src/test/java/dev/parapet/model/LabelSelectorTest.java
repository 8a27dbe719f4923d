package dev.parapet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  @Test
  void operatorsFollowTheApiServer() {
    LabelSelector notIn =
        new LabelSelector(
            Map.of(), List.of(new LabelSelector.Requirement("a", "NotIn", List.of("x"))));
    assertThat(notIn.matches(Map.of())).isTrue();
    assertThat(notIn.matches(Map.of("a", "x"))).isFalse();
    assertThat(notIn.matches(Map.of("a", "y"))).isTrue();
    LabelSelector exists =
        new LabelSelector(
            Map.of("b", "1"), List.of(new LabelSelector.Requirement("a", "Exists", List.of())));
    assertThat(exists.matches(Map.of("a", "", "b", "1"))).isTrue();
    assertThat(exists.matches(Map.of("a", ""))).isFalse();
    assertThat(new LabelSelector(Map.of(), List.of()).matches(Map.of("q", "r"))).isTrue();
    assertThat(new LabelSelector.Requirement("a", "In", List.of()).invalid()).isPresent();
    assertThat(new LabelSelector.Requirement("a", "Exists", List.of("x")).invalid()).isPresent();
    assertThat(new LabelSelector.Requirement("a", "Equals", List.of("x")).invalid()).isPresent();
  }
}
