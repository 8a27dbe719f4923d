package dev.parapet.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.netpol.Connectivity;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The network benchmark's input is exact in its counts, repeatable and clean to read. */
class NetpolGeneratorTest {
  private static final NetpolGenerator.Spec SMALL = new NetpolGenerator.Spec(3, 30, 120, 400, 700);

  @Test
  void writesExactlyTheRequestedCounts() {
    StringBuilder out = new StringBuilder();
    Map<String, Integer> counts = NetpolGenerator.write(SMALL, out);
    assertThat(counts)
        .containsEntry("Namespace", 30)
        .containsEntry("Pod", 400)
        .containsEntry("NetworkPolicy", 700);
    assertThat(counts.get("Deployment") + counts.get("StatefulSet") + counts.get("DaemonSet"))
        .isEqualTo(120);
    assertThat(counts.get("ReplicaSet")).isGreaterThanOrEqualTo(counts.get("Deployment"));
    assertThat(NetpolGenerator.list(SMALL)).isEqualTo(out.toString());
  }

  @Test
  void readsCleanlyAndPodsGroupUnderTheirWorkloads() {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read("netpol.yaml", NetpolGenerator.list(SMALL).getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    Connectivity c = Connectivity.of(Inventory.build(List.of(f)));
    assertThat(c.problems()).isEmpty();
    assertThat(c.policies()).hasSize(700);
    // pods and ReplicaSets are shown as the Deployment, StatefulSet or DaemonSet owning them
    assertThat(c.groups()).hasSize(120);
    assertThat(c.groups()).noneMatch(g -> g.kind().equals("Pod") || g.kind().equals("ReplicaSet"));
    // ipBlocks cut the outside into ranges, and policies isolate most workloads for ingress
    assertThat(c.externalDestinations()).hasSizeGreaterThan(5);
    assertThat(c.groups().stream().filter(g -> !c.ingressPolicies(g).isEmpty()).count())
        .isGreaterThan(60);
  }
}
