package dev.parapet.workload;

import dev.parapet.check.Check;
import java.util.List;

/** Every workload hardening check, registered explicitly, in check-id order. */
public final class WorkloadChecks {
  private WorkloadChecks() {}

  public static final List<Check> ALL = List.of();
}
