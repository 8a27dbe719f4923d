package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * Without requests the scheduler places a pod as if it used nothing, and evicts it first. Triggers
 * on each container without a CPU or a memory request that nothing else supplies.
 */
@CheckInfo(
    id = "POD-008",
    title = "Container without CPU or memory request",
    severity = Severity.LOW,
    stride = Stride.DENIAL_OF_SERVICE,
    category = "workload",
    mitre = {"T1499"},
    nsa = {"Network separation and hardening: resource policies"},
    description =
        "Requests are what the scheduler reserves: a container without them is placed on nodes"
            + " with no room for it, gets the BestEffort (or a low) quality of service class and is"
            + " the first evicted under pressure, so a noisy neighbour can take the service down."
            + " Triggered, per container and init container, by resources.requests.cpu or"
            + " resources.requests.memory missing, unless a limit of the same resource implies it,"
            + " the pod sets spec.resources for it, or a LimitRange of the same namespace in the"
            + " input gives containers a default (defaultRequest, default, max or min). Ephemeral"
            + " containers are skipped: they cannot have resources.",
    remediation =
        "Set resources.requests.cpu and resources.requests.memory on every container from"
            + " measured usage, or give the namespace a LimitRange with default requests.")
public final class ResourceRequestsMissing implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Resources.report(
        workload,
        context.inventory(),
        Resources.Kind.REQUESTS,
        sink,
        "the scheduler reserves nothing for it and it is evicted first under pressure");
  }
}
