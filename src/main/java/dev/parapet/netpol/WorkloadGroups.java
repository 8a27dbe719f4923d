package dev.parapet.netpol;

import dev.parapet.model.Inventory;
import dev.parapet.model.Workload;
import java.util.Map;

/** The workload behind each pod group, found as {@link Connectivity} names groups. */
final class WorkloadGroups {
  private WorkloadGroups() {}

  /**
   * The workload shown for each group display name, {@code namespace/name[Kind]}: the controller's
   * own object when the input has it, else its first pod (see {@link PodGrouping}).
   */
  static Map<String, Workload> workloads(Inventory inventory) {
    return Connectivity.of(inventory).workloads();
  }
}
