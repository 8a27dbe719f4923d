package dev.parapet.graph;

import dev.parapet.model.Inventory;
import java.util.List;

/** Builds the attack graph of an inventory, once per inventory. */
public final class AttackGraphs {
  private AttackGraphs() {}

  /** Every builder, in the order they run. */
  static final List<GraphBuilder> BUILDERS =
      List.of(new EntryPoints(), new Workloads(), new RbacTechniques(), new NetworkTechniques());

  public static AttackGraph of(Inventory inventory) {
    return inventory.derived(
        AttackGraphs.class,
        inv -> {
          AttackGraph.Builder g = AttackGraph.builder(Techniques.shipped());
          for (GraphBuilder b : BUILDERS) {
            b.build(inv, g);
          }
          return g.build();
        });
  }
}
