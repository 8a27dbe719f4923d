package dev.parapet.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parapet.check.Stride;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThreatCatalogueTest {
  private static final String GOOD =
      """
      threats:
        - id: T-WL-E-1
          component: workloads
          stride: elevation-of-privilege
          title: container escape
          description: a privileged container is root on its node
          decidedBy: [PSS-003, CE_PRIV_MOUNT, bench:1.2.1]
          needs: [workloads]
          mitigations: [drop privileged]
      """;

  private static ThreatCatalogue parse(String yaml) {
    return ThreatCatalogue.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsDecidersByTheirShape() {
    Threat t = parse(GOOD).threats().get(0);
    assertThat(t.checks()).containsExactly("PSS-003");
    assertThat(t.techniques()).containsExactly("CE_PRIV_MOUNT");
    assertThat(t.benchEntries()).containsExactly("1.2.1");
    assertThat(t.needs()).containsExactly(Need.WORKLOADS);
    assertThat(t.line()).isEqualTo(2);
  }

  @Test
  void unknownCheckIdIsAnErrorAtItsLine() {
    assertThatThrownBy(() -> parse(GOOD.replace("PSS-003", "PSS-999")))
        .hasMessage("t.yaml:7: unknown check id 'PSS-999' in T-WL-E-1");
  }

  @Test
  void unknownTechniqueIsAnErrorAtItsLine() {
    assertThatThrownBy(() -> parse(GOOD.replace("CE_PRIV_MOUNT", "CE_TELEPORT")))
        .hasMessage("t.yaml:7: unknown technique 'CE_TELEPORT' in T-WL-E-1");
  }

  @Test
  void unknownBenchmarkEntryNeedAndStrideLetterAreErrors() {
    assertThatThrownBy(() -> parse(GOOD.replace("bench:1.2.1", "bench:9.9")))
        .hasMessage("t.yaml:7: unknown benchmark entry '9.9' in T-WL-E-1");
    assertThatThrownBy(() -> parse(GOOD.replace("[workloads]", "[mainframe]")))
        .hasMessage("t.yaml:8: unknown need 'mainframe'");
    assertThatThrownBy(() -> parse(GOOD.replace("T-WL-E-1", "T-WL-S-1")))
        .hasMessageStartingWith("t.yaml:2: T-WL-S-1: its letter does not match");
    assertThatThrownBy(() -> parse(GOOD.replace("    title:", "    titel:")))
        .hasMessage("t.yaml:5: unknown key 'titel'");
  }

  @Test
  void theShippedCatalogueCoversEveryComponentAndStrideCategory() {
    ThreatCatalogue c = ThreatCatalogue.shipped();
    assertThat(c.threats()).hasSizeGreaterThanOrEqualTo(40);
    for (String component : ThreatCatalogue.COMPONENTS) {
      assertThat(c.threats()).as(component).anyMatch(t -> t.component().equals(component));
    }
    for (String component : Set.of("kube-apiserver", "workloads")) {
      Set<Stride> seen = EnumSet.noneOf(Stride.class);
      c.threats().stream()
          .filter(t -> t.component().equals(component))
          .forEach(t -> seen.add(t.stride()));
      assertThat(seen).as(component).containsExactlyInAnyOrder(Stride.values());
    }
  }
}
