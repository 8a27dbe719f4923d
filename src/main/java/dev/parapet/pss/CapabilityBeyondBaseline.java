package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Set;

/**
 * Adding capabilities beyond the container runtime's default set widens what a compromised process
 * may do to the kernel. Triggers on each entry of {@code securityContext.capabilities.add} outside
 * the baseline set.
 */
@CheckInfo(
    id = "PSS-004",
    title = "Capability added beyond the baseline set",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/Capabilities",
    cis = {"CIS 1.10: 5.2.9"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "The baseline level allows adding only the capabilities container runtimes grant by default"
            + " (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,"
            + " SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Anything else, such as SYS_ADMIN,"
            + " NET_ADMIN or SYS_PTRACE, hands the process kernel powers that are the usual first step"
            + " of a container escape. Triggered by each other entry of"
            + " securityContext.capabilities.add, in any container. Names must match exactly: a"
            + " CAP_ prefix or lower case is not in the allowed set.",
    remediation =
        "Remove the capability from securityContext.capabilities.add; if the process truly needs it,"
            + " isolate the workload in a namespace with a privileged Pod Security level and document"
            + " why.")
public final class CapabilityBeyondBaseline extends Control {
  static final Set<String> BASELINE_ALLOWED =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  @Override
  public String controlId() {
    return "capabilities_baseline";
  }

  @Override
  public Level level() {
    return Level.BASELINE;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    for (ContainerView c : pod.containers()) {
      c.securityContext()
          .flatMap(sc -> sc.map("capabilities"))
          .flatMap(caps -> caps.seq("add"))
          .ifPresent(
              add -> {
                for (Node item : add.items()) {
                  String cap = item instanceof ScalarNode s ? s.value() : "";
                  if (!BASELINE_ALLOWED.contains(cap)) {
                    out.add(
                        Violation.at(
                            controlId(),
                            item,
                            "non-default capabilities: "
                                + c.describe()
                                + " must not include \""
                                + cap
                                + "\" in securityContext.capabilities.add",
                            Fix.of(
                                "drop the added capability " + cap,
                                Fix.Op.remove(item.pointer()))));
                  }
                }
              });
    }
  }
}
