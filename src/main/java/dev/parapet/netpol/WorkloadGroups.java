package dev.parapet.netpol;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The workload behind each pod group, found as {@link Connectivity} names groups. */
final class WorkloadGroups {
  private WorkloadGroups() {}

  /** The first workload of each group display name, {@code namespace/name[Kind]}. */
  static Map<String, Workload> workloads(Inventory inventory) {
    return inventory.derived(
        WorkloadGroups.class,
        inv -> {
          Map<String, Workload> out = new LinkedHashMap<>();
          for (Workload w : inv.workloads()) {
            K8sObject o = w.object();
            if (o.kind().equals("PodTemplate")) {
              continue;
            }
            String owner = o.name();
            String kind = o.kind();
            if (kind.equals("Pod")) {
              Optional<MapNode> ref =
                  o.metadata()
                      .flatMap(m -> m.seq("ownerReferences"))
                      .flatMap(
                          s ->
                              s.length() > 0 && s.get(0) instanceof MapNode m
                                  ? Optional.of(m)
                                  : Optional.empty());
              if (ref.isPresent()) {
                owner = ref.get().string("name").orElse(owner);
                kind = ref.get().string("kind").orElse(kind);
              }
            }
            out.putIfAbsent(o.effectiveNamespace() + "/" + owner + "[" + kind + "]", w);
          }
          return Map.copyOf(out);
        });
  }
}
