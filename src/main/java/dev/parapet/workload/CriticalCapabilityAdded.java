package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * Some capabilities are the node: ALL, SYS_ADMIN and SYS_MODULE. Triggers on each of them in any
 * container's {@code securityContext.capabilities.add}.
 */
@CheckInfo(
    id = "POD-004",
    title = "Capability added that gives control of the node",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.2.9", "CIS 1.10: 5.2.10"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    overlaps = {"PSS-004", "PSS-018"},
    description =
        "ALL grants every capability; SYS_ADMIN allows mounting file systems and most privileged"
            + " kernel operations, the capability behind the classic escapes (cgroup release_agent,"
            + " mounting the node's disk); SYS_MODULE loads code into the node's kernel. Any of them"
            + " makes a container escape a matter of minutes. Triggered by ALL, SYS_ADMIN or"
            + " SYS_MODULE (any case, with or without the CAP_ prefix, as container runtimes accept"
            + " both) in securityContext.capabilities.add of any container, init and ephemeral ones"
            + " included. Reported at the list item, the field the Pod Security capabilities"
            + " controls report too.",
    remediation =
        "Remove the capability. Workloads that seem to need SYS_ADMIN usually need a narrower"
            + " mechanism: a CSI driver for mounts, a device plugin for devices, FUSE through a"
            + " device plugin, or a node component outside the cluster's workloads.")
public final class CriticalCapabilityAdded implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Capabilities.report(workload, Severity.CRITICAL, sink);
  }
}
