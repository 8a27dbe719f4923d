package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import java.util.List;

/**
 * Unless a container sets allowPrivilegeEscalation to false, setuid binaries and file capabilities
 * can raise its privileges. Triggers on every container that does not set it to false.
 */
@CheckInfo(
    id = "PSS-014",
    title = "Privilege escalation not disabled",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "restricted/Privilege Escalation",
    cis = {"CIS 1.10: 5.2.6"},
    mitre = {"T1548", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "allowPrivilegeEscalation=false sets no_new_privs on the container's processes, so setuid"
            + " binaries and file capabilities cannot give a process more privileges than its parent."
            + " The default is to allow escalation. Triggered, from version v1.8 of the standard, by"
            + " every container (init and ephemeral included) that does not explicitly set"
            + " securityContext.allowPrivilegeEscalation=false; from v1.25 pods with"
            + " spec.os.name=windows are exempt.",
    remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.")
public final class PrivilegeEscalationAllowed extends Control {
  @Override
  public String controlId() {
    return "allowPrivilegeEscalation";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 8;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(25) && Pods.isWindows(pod)) {
      return;
    }
    for (ContainerView c : pod.containers()) {
      if (Pods.falseAt(c.securityContext(), "allowPrivilegeEscalation").isPresent()) {
        continue;
      }
      String message =
          "allowPrivilegeEscalation != false: "
              + c.describe()
              + " must set securityContext.allowPrivilegeEscalation=false";
      Fix fix =
          Fix.of(
              "disable privilege escalation",
              Patches.set(c.node(), List.of("securityContext", "allowPrivilegeEscalation"), false));
      var explicit = c.securityContext().flatMap(sc -> sc.get("allowPrivilegeEscalation"));
      if (explicit.isPresent()) {
        out.add(Violation.at(controlId(), explicit.get(), message, fix));
      } else {
        out.add(
            Violation.missing(
                controlId(),
                Pods.scAnchor(c),
                c.securityContext().isPresent()
                    ? "allowPrivilegeEscalation"
                    : "securityContext.allowPrivilegeEscalation",
                message,
                fix));
      }
    }
  }
}
