package dev.parapet.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.rbac.RbacIndex;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RBAC benchmark's input is exact in its counts, repeatable and clean to read. */
class RbacGeneratorTest {
  private static final RbacGenerator.Spec SMALL =
      new RbacGenerator.Spec(3, 60, 1_000, 2_000, 500, 180, 20);

  @Test
  void writesExactlyTheRequestedCounts() {
    StringBuilder out = new StringBuilder();
    Map<String, Integer> counts = RbacGenerator.write(SMALL, out);
    assertThat(counts).containsEntry("Namespace", 60).containsEntry("ServiceAccount", 500);
    assertThat(counts.get("Role") + counts.get("ClusterRole")).isEqualTo(1_000);
    assertThat(counts.get("RoleBinding") + counts.get("ClusterRoleBinding")).isEqualTo(2_000);
    assertThat(RbacGenerator.list(SMALL)).isEqualTo(out.toString());
  }

  @Test
  void readsWithoutProblemsAndOnlyTheLeftoverBindingsAreBroken() {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read("rbac.yaml", RbacGenerator.list(SMALL).getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    RbacIndex index = RbacIndex.of(Inventory.build(List.of(f)));
    // twelve RoleBindings and three ClusterRoleBindings refer to roles that are gone
    assertThat(index.problems()).hasSize(15);
    assertThat(index.bindings()).hasSize(2_000 - 15);
    assertThat(index.effectiveRules("admin"))
        .hasSizeGreaterThan(index.effectiveRules("edit").size());
  }
}
