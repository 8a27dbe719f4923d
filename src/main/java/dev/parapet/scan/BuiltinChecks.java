package dev.parapet.scan;

import dev.parapet.bench.BenchChecks;
import dev.parapet.check.Check;
import dev.parapet.check.CheckMeta;
import dev.parapet.netpol.NetpolChecks;
import dev.parapet.pss.PsaChecks;
import dev.parapet.pss.PssChecks;
import dev.parapet.rbac.RbacChecks;
import dev.parapet.workload.WorkloadChecks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every check parapet ships, joined from each package's explicit list, in id order ({@link
 * CheckMeta#ID_ORDER}).
 */
public final class BuiltinChecks {
  private BuiltinChecks() {}

  public static final List<Check> ALL = join();

  private static List<Check> join() {
    List<Check> all = new ArrayList<>();
    all.addAll(PssChecks.CONTROLS);
    all.addAll(PsaChecks.ALL);
    all.addAll(WorkloadChecks.ALL);
    all.addAll(RbacChecks.ALL);
    all.addAll(NetpolChecks.ALL);
    all.addAll(BenchChecks.ALL);
    all.sort(Comparator.comparing(c -> c.meta().id(), CheckMeta.ID_ORDER));
    return List.copyOf(all);
  }

  /** The check with this id or alias. */
  public static Optional<Check> find(String id) {
    return ALL.stream()
        .filter(
            c ->
                c.meta().id().equalsIgnoreCase(id)
                    || c.meta().aliases().stream().anyMatch(a -> a.equalsIgnoreCase(id)))
        .findFirst();
  }

  public static List<CheckMeta> metas() {
    return ALL.stream().map(Check::meta).toList();
  }
}
