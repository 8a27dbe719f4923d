package dev.parapet.check;

import dev.parapet.model.Inventory;
import java.util.List;

/**
 * What a check may read: the inventory and the user's settings.
 *
 * @param inventory every object read
 * @param pssVersion Pod Security Standards version to evaluate, {@code latest} or {@code v1.N}
 * @param pssLevel level the PSS checks hold workloads to: baseline or restricted
 * @param allowedRegistries image registries that are trusted; empty means any
 */
public record CheckContext(
    Inventory inventory, String pssVersion, String pssLevel, List<String> allowedRegistries) {
  public CheckContext {
    allowedRegistries = List.copyOf(allowedRegistries);
  }

  public static CheckContext of(Inventory inventory) {
    return new CheckContext(inventory, "latest", "restricted", List.of());
  }
}
