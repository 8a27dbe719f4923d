package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inputs built to exhaust the stack or the CPU get a clear problem, never an Error. */
class HostileInputTest {
  private static ParsedFile read(String name, String text) {
    return new YamlReader(Limits.DEFAULT).read(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aChainOfAliasesCannotNestDeeperThanTheLimit() {
    StringBuilder sb = new StringBuilder("a0: &a0 [x]\n");
    for (int i = 1; i < 5000; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append("]\n");
    }
    ParsedFile f = read("chain.yaml", sb.toString());
    assertThat(f.documents()).isEmpty();
    assertThat(f.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.level()).isEqualTo(Problem.Level.ERROR);
              assertThat(p.toString())
                  .isEqualTo(
                      "chain.yaml:200:14: alias *a198 nests deeper than 200 levels; document skipped");
            });
  }

  @Test
  void aMapWithHundredsOfThousandsOfKeysIsReadWithItsDuplicateFound() {
    StringBuilder sb =
        new StringBuilder(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{");
    for (int i = 0; i < 200_000; i++) {
      sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    sb.append(",\"k7\":\"again\"}}");
    ParsedFile f = read("big.json", sb.toString());
    // a correctness assertion, not a timing one: the duplicate at the end is found and kept last
    assertThat(f.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("duplicate key \"k7\""));
    MapNode data = ((MapNode) f.documents().get(0).root()).map("data").orElseThrow();
    assertThat(data.entries()).isEqualTo(200_000);
    assertThat(data.string("k7")).contains("again");
  }
}
