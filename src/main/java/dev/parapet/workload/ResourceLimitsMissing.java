package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * Without limits a container can take all the CPU and memory of its node. Triggers on each
 * container without a CPU or a memory limit that nothing else supplies.
 */
@CheckInfo(
    id = "POD-007",
    title = "Container without CPU or memory limit",
    severity = Severity.MEDIUM,
    stride = Stride.DENIAL_OF_SERVICE,
    category = "workload",
    mitre = {"T1496", "T1499"},
    nsa = {"Network separation and hardening: resource policies"},
    description =
        "A container without a memory limit can use the node's memory until the kernel's OOM killer"
            + " ends processes of other pods; without a CPU limit a compromised container (a"
            + " cryptominer) or a runaway loop takes every idle core of the node. Triggered, per"
            + " container and init container, by resources.limits.cpu or resources.limits.memory"
            + " missing, unless the pod sets spec.resources.limits for it or a LimitRange of the"
            + " same namespace in the input gives containers a default (default or max) for it."
            + " Ephemeral containers are skipped: they cannot have resources.",
    remediation =
        "Set resources.limits.memory (and resources.limits.cpu where the workload must not burst)"
            + " on every container from measured usage, or give the namespace a LimitRange with"
            + " defaults and a ResourceQuota.")
public final class ResourceLimitsMissing implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Resources.report(
        workload,
        context.inventory(),
        Resources.Kind.LIMITS,
        sink,
        "it may use all of its node's capacity, starving other pods");
  }
}
