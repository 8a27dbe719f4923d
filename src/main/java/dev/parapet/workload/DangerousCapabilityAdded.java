package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * Capabilities that reach other processes, the network or the kernel. Triggers on each of
 * NET_ADMIN, SYS_PTRACE, DAC_READ_SEARCH, BPF, PERFMON, SYS_RAWIO, SYS_BOOT, SYS_TIME, MAC_ADMIN
 * and MAC_OVERRIDE in any container's {@code securityContext.capabilities.add}.
 */
@CheckInfo(
    id = "POD-005",
    title = "Dangerous capability added",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.2.9", "CIS 1.10: 5.2.10"},
    mitre = {"T1611", "T1068", "T1040"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    overlaps = {"PSS-004", "PSS-018"},
    description =
        "These capabilities let a process act beyond its container: NET_ADMIN rewrites interfaces,"
            + " routes and firewall rules; SYS_PTRACE reads and changes other processes' memory;"
            + " DAC_READ_SEARCH bypasses read permissions and opens files by handle (used to read"
            + " the node's files); BPF and PERFMON load kernel programs and trace the kernel;"
            + " SYS_RAWIO reaches hardware and device memory; SYS_BOOT reboots or kexecs the node;"
            + " SYS_TIME sets the clock every container shares; MAC_ADMIN and MAC_OVERRIDE change or"
            + " bypass AppArmor and SELinux. Triggered by each of them (any case, with or without the"
            + " CAP_ prefix) in securityContext.capabilities.add of any container, init and"
            + " ephemeral ones included; the message says what the capability allows. Reported at"
            + " the list item, the field the Pod Security capabilities controls report too.",
    remediation =
        "Remove the capability. If the workload is a node agent that needs it (a CNI plugin, an"
            + " eBPF observability agent), run it in a dedicated namespace with a privileged Pod"
            + " Security level and suppress this finding there with a reason.")
public final class DangerousCapabilityAdded implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Capabilities.report(workload, Severity.HIGH, sink);
  }
}
