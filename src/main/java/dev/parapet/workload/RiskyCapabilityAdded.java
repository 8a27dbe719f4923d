package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * Capabilities that weaken the isolation between the pod and its neighbours without handing over
 * the node. Triggers on each of NET_RAW, SETFCAP, SYS_RESOURCE, SYSLOG, AUDIT_CONTROL, AUDIT_READ,
 * LINUX_IMMUTABLE, IPC_OWNER, IPC_LOCK, SYS_NICE and CHECKPOINT_RESTORE in any container's {@code
 * securityContext.capabilities.add}.
 */
@CheckInfo(
    id = "POD-006",
    title = "Capability added that weakens isolation",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "workload",
    cis = {"CIS 1.10: 5.2.8", "CIS 1.10: 5.2.9"},
    mitre = {"T1040"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    overlaps = {"PSS-004", "PSS-018"},
    description =
        "Adding these capabilities is rarely needed and each widens what a compromised process can"
            + " do to its neighbours: NET_RAW spoofs ARP and DNS answers to other pods of the node;"
            + " SETFCAP puts capabilities on executables; SYS_RESOURCE overrides limits and quotas;"
            + " SYSLOG reads the kernel log and its addresses; AUDIT_CONTROL and AUDIT_READ change"
            + " or read the node's audit trail; LINUX_IMMUTABLE clears append-only flags; IPC_OWNER"
            + " and IPC_LOCK bypass System V IPC permissions and lock memory; SYS_NICE starves"
            + " neighbours; CHECKPOINT_RESTORE reads other processes' memory maps. Some of them are"
            + " in the container runtimes' default set, so adding them explicitly mostly matters"
            + " where the pod also drops ALL. Triggered by each of them (any case, with or without"
            + " the CAP_ prefix) in securityContext.capabilities.add of any container, init and"
            + " ephemeral ones included. Reported at the list item, the field the Pod Security"
            + " capabilities controls report too.",
    remediation =
        "Remove the capability; drop ALL and add back only what the process is shown to need"
            + " (NET_BIND_SERVICE for ports below 1024).")
public final class RiskyCapabilityAdded implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Capabilities.report(workload, Severity.MEDIUM, sink);
  }
}
